"""End to end: the New order conversation, money, exactly-once placement, My orders.

The real bot talks to the fake Telegram server and to the sandbox panel over HTTP;
the tests read the chat as the customer sees it and check the panel and the wallet."""

from __future__ import annotations

from decimal import Decimal

from bot.shop.drafts import Draft
from tests.conftest import eventually
from tests.harness import orders_of, place_now
from tests.ordering_steps import answer, fund, open_service

LIKES = "#7 Facebook post likes"  # 18 000 VND per 1000 on the panel; +30 % = 23 400 in the shop


async def test_happy_path_from_menu_to_a_completed_order(shop_bot):
    alice = shop_bot.user(4001)
    await fund(shop_bot, 4001, "100000")
    await open_service(alice, "Facebook", LIKES)
    await answer(alice, "https://facebook.com/alice/posts/1", "How many?")
    card = await answer(alice, "1,000", "Check your order")
    assert "Price: 23,400 VND" in card.text and "Wallet: 100,000 VND → 76,600 VND" in card.text
    assert "Quantity: 1,000" in card.text and "https://facebook.com/alice/posts/1" in card.text

    alice.press("Confirm")
    placed = await alice.expect("is placed")
    assert "Order #1 is placed" in placed.text
    [sent] = shop_bot.sandbox.actions("add")
    assert (sent["service"], sent["link"], sent["quantity"]) == ("7", "https://facebook.com/alice/posts/1", "1000")
    assert await shop_bot.shop.customers.balance(4001) == Decimal(76600)

    alice.press("Follow order #1")
    detail = await alice.expect("Order #1")
    assert "Status: Pending" in detail.text
    alice.press("Refresh")
    refreshed = await alice.expect("Status: Completed")
    assert "Progress: 1,000 / 1,000" in refreshed.text
    alice.press("My orders")
    listing = await alice.expect("Your orders")
    assert listing.buttons[0]["text"].startswith("#1 · Facebook post likes | Refill 30 days · Completed")


async def test_bad_inputs_get_a_clear_message_and_the_same_question(launch):
    async with launch(category_platforms="Facebook=facebook") as running:
        bob = running.user(4002)
        await fund(running, 4002, "100000")
        await open_service(bob, "Facebook", LIKES)
        for link, error in [
            ("not a link", "doesn't look like a link"),
            ("ftp://facebook.com/x", "like a link"),
            ("https://" + "a" * 2050 + ".com", "too long"),
            ("https://www.tiktok.com/@bob/video/1", "needs a Facebook link"),
        ]:
            reply = await answer(bob, link, error)
            assert "Send the Facebook link" in reply.text, "the same question again"
        await answer(bob, "https://m.facebook.com/bob/posts/2", "How many?")
        for quantity, error in [
            ("lots", "whole number from 50 to 50,000"),
            ("2.5", "whole number"),
            ("10", "between 50 and 50,000"),
            ("50001", "between 50 and 50,000"),
            ("9" * 300, "whole number"),
        ]:
            reply = await answer(bob, quantity, error)
            assert "How many?" in reply.text
        assert await orders_of(running.shop).count_for_user(4002) == 0
        assert await running.shop.customers.balance(4002) == Decimal(100000)
        assert running.sandbox.actions("add") == []


async def test_each_service_type_asks_for_what_it_needs(shop_bot):
    carol = shop_bot.user(4003)
    await fund(shop_bot, 4003, "10000000")
    # Special 1 (1DG): suggest and/or search, at least one.
    await open_service(carol, "Youtube", "#3 Youtube views [suggest]")
    await answer(carol, "https://youtube.com/watch?v=abc", "How many?")
    await answer(carol, "100", "suggested videos")
    carol.press("Skip")
    await carol.expect("search keywords")
    carol.press("Skip")
    await carol.expect("at least one of the two lists")
    card = await answer(carol, "funny cats\ncat videos", "Check your order")
    assert "Search keywords: 2 lines" in card.text
    carol.press("Confirm")
    await carol.expect("is placed")
    sent = shop_bot.sandbox.actions("add")[-1]
    assert sent["search"] == "funny cats\ncat videos" and "suggest" not in sent

    # Custom Comments: the lines are the quantity, within min–max.
    await open_service(carol, "Facebook", "#6 Facebook comments")
    await answer(carol, "https://facebook.com/p/9", "Send the comments")
    await answer(carol, "  \n \n", "list is empty")
    card = await answer(carol, "Great!\nLove it\nWow", "Check your order")
    assert "Quantity: 3" in card.text and "Comments: 3 lines" in card.text
    carol.press("Confirm")
    await carol.expect("is placed")
    assert shop_bot.sandbox.actions("add")[-1]["comments"] == "Great!\nLove it\nWow"

    # Package: the link only; one package is charged.
    await open_service(carol, "Facebook", "#5 Facebook page likes package")
    card = await answer(carol, "https://facebook.com/mypage", "Check your order")
    assert "Quantity: 1" in card.text and "Price: 195,000 VND" in card.text
    carol.press("Confirm")
    await carol.expect("is placed")
    assert "quantity" not in shop_bot.sandbox.actions("add")[-1]

    # Special (1DG): a list.
    await open_service(carol, "Youtube", "#4 Youtube views [list]")
    await answer(carol, "https://youtu.be/xyz", "How many?")
    await answer(carol, "100", "suggested videos or search keywords")
    await answer(carol, "one\ntwo", "Check your order")
    carol.press("Confirm")
    await carol.expect("is placed")
    assert shop_bot.sandbox.actions("add")[-1]["list"] == "one\ntwo"


async def test_back_works_at_every_step_and_cancel_ends_it(shop_bot):
    dan = shop_bot.user(4004)
    await fund(shop_bot, 4004, "100000")
    await open_service(dan, "Facebook", LIKES)
    await answer(dan, "https://facebook.com/p/1", "How many?")
    await answer(dan, "100", "Check your order")
    dan.press("Back")
    await dan.expect("How many?")
    dan.press("Back")
    await dan.expect("Send the link")
    dan.press("Back")
    await dan.expect("Choose a service")
    dan.press("Back")
    await dan.expect("Choose a category")
    dan.press("Facebook")
    await dan.expect("Choose a service")
    dan.press(LIKES)
    await dan.expect("Send the link")
    dan.press("Cancel")
    await dan.expect("Order cancelled")

    await open_service(dan, "Facebook", LIKES)
    dan.send("/cancel")
    await dan.expect("Order cancelled")
    dan.send("https://facebook.com/p/1")  # no conversation now: nothing happens to it
    assert await orders_of(shop_bot.shop).count_for_user(4004) == 0
    assert await shop_bot.shop.customers.balance(4004) == Decimal(100000)


async def test_double_confirm_places_one_panel_order(shop_bot):
    erin = shop_bot.user(4005)
    await fund(shop_bot, 4005, "100000")
    await open_service(erin, "Facebook", LIKES)
    await answer(erin, "https://facebook.com/p/2", "How many?")
    card = await answer(erin, "1000", "Check your order")
    confirm = card.button("Confirm")["callback_data"]
    erin.press_data(confirm, card)
    erin.press_data(confirm, card)
    placed = await erin.expect("is placed")
    number = placed.text.split("#")[1].split()[0]
    await eventually(lambda: erin.toasts, equals=[f"Order #{number} is already placed."])
    erin.press_data(confirm, card)  # again and again: a toast each time, never a new message
    await eventually(lambda: len(erin.toasts), equals=2)
    assert sum("already placed" in text for text in erin.fresh()) == 0
    assert len(shop_bot.sandbox.actions("add")) == 1
    assert await orders_of(shop_bot.shop).count_for_user(4005) == 1
    assert await shop_bot.shop.customers.balance(4005) == Decimal(100000 - 23400)


async def test_panel_refusal_refunds_and_explains(shop_bot):
    fay = shop_bot.user(4006)
    await fund(shop_bot, 4006, "100000")
    shop_bot.sandbox.set_balance("0")  # the operator's panel account is empty
    await open_service(fay, "Facebook", LIKES)
    await answer(fay, "https://facebook.com/p/3", "How many?")
    await answer(fay, "1000", "Check your order")
    fay.press("Confirm")
    reply = await fay.expect("temporarily unavailable")
    assert "23,400 VND is back in your wallet" in reply.text
    assert "funds" not in reply.text.lower() and "balance" not in reply.text.lower()
    assert await shop_bot.shop.customers.balance(4006) == Decimal(100000)
    [order] = await orders_of(shop_bot.shop).for_user(4006, 0, 10)
    assert order.state == "refused" and order.error == "Not enough funds on balance"

    shop_bot.sandbox.set_balance("5000000")
    shop_bot.sandbox.edit_service(7, min=500)  # the panel's limits moved since the last sync
    await open_service(fay, "Facebook", LIKES)
    await answer(fay, "https://facebook.com/p/3", "How many?")
    await answer(fay, "100", "Check your order")
    fay.press("Confirm")
    reply = await fay.expect("did not accept")
    assert "Quantity less than minimal 500" in reply.text
    assert await shop_bot.shop.customers.balance(4006) == Decimal(100000)


async def test_timeout_after_sending_leaves_the_order_uncertain_and_never_resends(launch):
    async with launch(panel_read_timeout=0.5) as running:
        gus = running.user(4007)
        await fund(running, 4007, "100000")
        await open_service(gus, "Facebook", LIKES)
        await answer(gus, "https://facebook.com/p/4", "How many?")
        card = await answer(gus, "1000", "Check your order")
        running.sandbox.set_profiles("lost_add")
        confirm = card.button("Confirm")["callback_data"]
        gus.press_data(confirm, card)
        reply = await gus.expect("being checked", timeout=10)
        assert "held safely" in reply.text
        gus.press_data(confirm, card)  # the same button again, from a client that still shows it
        await eventually(lambda: [text for text in gus.toasts if "already placed" in text] != [])
        assert len(running.sandbox.actions("add")) == 1 and len(running.sandbox.state.orders) == 1
        [order] = await orders_of(running.shop).for_user(4007, 0, 10)
        assert order.state == "uncertain" and order.panel_order_id is None
        assert await running.shop.customers.balance(4007) == Decimal(100000 - 23400), "the money stays held"


async def test_a_conversation_survives_a_restart(launch, fake_telegram):
    async with launch() as running:
        bot = running.bot
        hana = running.user(4008)
        await fund(running, 4008, "100000")
        await open_service(hana, "Facebook", LIKES)
        await answer(hana, "https://facebook.com/p/5", "How many?")
    async with launch(bot=bot) as restarted:
        hana = restarted.user(4008)
        card = await answer(hana, "2000", "Check your order")
        assert "https://facebook.com/p/5" in card.text and "Price: 46,800 VND" in card.text
        hana.press("Confirm")
        await hana.expect("is placed")


async def test_forged_and_stale_buttons_reveal_nothing(shop_bot):
    ivan, judy = shop_bot.user(4009, "Ivan"), shop_bot.user(4010, "Judy")
    await fund(shop_bot, 4009, "100000")
    await open_service(ivan, "Facebook", LIKES)
    await answer(ivan, "https://facebook.com/ivan/1", "How many?")
    await answer(ivan, "1000", "Check your order")
    ivan.press("Confirm")
    await ivan.expect("is placed")

    judy.send("/start")
    await judy.expect("What would you like to do?")
    judy.press_data("ord:1")
    await eventually(lambda: judy.toasts, equals=["Order not found."])
    assert all("ivan" not in m.text for m in judy.chat)
    judy.press_data("ok:forgedtoken")
    await eventually(lambda: len(judy.toasts) == 2 and "expired" in judy.toasts[-1])
    judy.press_data("svc:9999")
    gone = await judy.expect("That service is no longer available")
    assert "Choose a category" in gone.text and len(judy.toasts) == 2
    judy.press_data("weird:payload")
    await judy.expect("What would you like to do?")
    assert len(shop_bot.sandbox.actions("add")) == 1


async def test_insufficient_balance_says_by_how_much_and_places_nothing(launch):
    async with launch(payment_instructions="Transfer to ACB 123456, note your Telegram ID") as running:
        kim = running.user(4011)
        await fund(running, 4011, "20000")
        await open_service(kim, "Facebook", LIKES)
        await answer(kim, "https://facebook.com/p/6", "How many?")
        card = await answer(kim, "1000", "Check your order")
        assert "short by 3,400 VND" in card.text
        assert not any("Confirm" in b["text"] for b in card.buttons)
        kim.press("Add funds")
        reply = await kim.expect("Transfer to ACB 123456")
        assert "Add funds" in reply.text
        kim.press_data(f"ok:{running.app.user_data[4011].order.quote_id}", card)
        await kim.expect("short by 3,400 VND")
        assert running.sandbox.actions("add") == [] and await orders_of(running.shop).count_for_user(4011) == 0


async def test_a_service_disabled_while_choosing_is_said_so(shop_bot):
    leo = shop_bot.user(4012)
    await fund(shop_bot, 4012, "100000")
    await open_service(leo, "Facebook", LIKES)
    shop_bot.sandbox.edit_service(7, enabled=False)
    await shop_bot.shop.catalog.sync()
    await answer(leo, "https://facebook.com/p/7", "no longer available")
    await leo.expect("Choose a category")
    assert shop_bot.sandbox.actions("add") == []


async def test_typing_a_service_number_or_name_finds_it(shop_bot):
    mia = shop_bot.user(4013)
    mia.send("/start")
    await mia.expect("What would you like to do?")
    mia.press("New order")
    await mia.expect("Choose a category")
    results = await answer(mia, "subscribers", "Services matching")
    assert results.buttons[0]["text"].startswith("#15 Youtube subscribers")
    await answer(mia, "#12", "Send the link")
    mia.send("/cancel")
    await mia.expect("Order cancelled")


async def test_an_idle_conversation_ends_politely(launch):
    async with launch(order_timeout_minutes=0.02) as running:
        noa = running.user(4014)
        await open_service(noa, "Facebook", LIKES)
        await noa.expect("put aside", timeout=10)
        assert running.app.user_data[4014].order is None


async def test_long_lists_are_paginated(shop_bot):
    from bot.panel.sandbox.catalog import SandboxService

    for number in range(40, 51):  # eleven more Tiktok services: 16 in all, two pages of 8
        shop_bot.sandbox.services[number] = SandboxService(
            number, f"Tiktok extra {number}", "Default", "Tiktok", Decimal(1000), 10, 1000, False
        )
    await shop_bot.shop.catalog.sync()
    olga = shop_bot.user(4015)
    olga.send("/start")
    await olga.expect("What would you like to do?")
    olga.press("New order")
    categories = await olga.expect("Choose a category")
    tiktok = categories.button("Tiktok (16)")["callback_data"]
    olga.press("Tiktok (16)")
    first = await olga.expect("Choose a service")
    assert (
        any(b["text"] == "Page 1/2" for b in first.buttons)
        and len([b for b in first.buttons if b["text"].startswith("#")]) == 8
    )
    olga.press("▶️")
    second = await olga.expect("Choose a service")
    assert any(b["text"] == "Page 2/2" for b in second.buttons)
    assert [b["text"] for b in second.buttons if b["text"].startswith("#")][-1].startswith("#50 Tiktok extra 50")
    olga.press("◀️")
    await olga.expect("Choose a service")
    olga.press_data(tiktok.replace(":0", ":99"))  # a stale page number lands on the last page
    last = await olga.expect("Choose a service")
    assert any(b["text"] == "Page 2/2" for b in last.buttons)


async def test_list_limits(launch):
    async with launch(list_max_lines=3, list_max_line_length=20) as running:
        pia = running.user(4016)
        await fund(running, 4016, "1000000")
        await open_service(pia, "Facebook", "#6 Facebook comments")
        await answer(pia, "https://facebook.com/p/8", "Send the comments")
        await answer(pia, "a\nb\nc\nd", "That is 4 lines; at most 3 please.")
        await answer(pia, "this comment is far too long for the limit", "at most 20 characters per line")
        card = await answer(pia, "a\nb", "Check your order")
        assert "Comments: 2 lines" in card.text


async def test_my_orders_are_paginated_newest_first(shop_bot):
    await fund(shop_bot, 4017, "10000000")
    for number in range(10):
        draft = Draft("7", link=f"https://facebook.com/p/{number}", quantity=100)
        placed = await place_now(shop_bot.shop, 4017, draft)
        assert placed.outcome.value == "placed"
    quinn = shop_bot.user(4017)
    quinn.send("/start")
    await quinn.expect("What would you like to do?")
    quinn.press("My orders")
    listing = await quinn.expect("Your orders")
    orders = [b["text"] for b in listing.buttons if b["text"].startswith("#")]
    assert orders[0].startswith("#10 ") and orders[-1].startswith("#3 ") and len(orders) == 8
    quinn.press("▶️")
    listing = await quinn.expect("Your orders")
    assert [b["text"][:3] for b in listing.buttons if b["text"].startswith("#")] == ["#2 ", "#1 "]
