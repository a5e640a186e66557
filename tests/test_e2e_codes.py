"""Promo and gift codes, end to end: admins make them with /code, customers redeem a gift under Balance and take a
discount on the summary card; limits hold when customers ask at the same instant, and wrong tries slow one down.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from bot.shop.codes import CodeProblem, Gift, Refused
from bot.shop.drafts import Draft
from bot.shop.ordering import Outcome, Refusal
from bot.shop.quotes import Card
from bot.store import LedgerRepo, OrderState
from bot.store.admin import AdminRepo
from tests.harness import RunningBot, db_of, orders_of
from tests.ordering_steps import answer, fund, open_service

ADMIN = 9001
LIKES = "#7 Facebook post likes"  # 23 400 VND per 1000 in the shop


async def _admin_says(running: RunningBot, text: str, reply: str) -> str:
    boss = running.user(ADMIN, "Boss")
    boss.send(text)
    return (await boss.expect(reply)).text


async def _entries(running: RunningBot, user_id: int, kind: str) -> list:
    return [e for e in await LedgerRepo(db_of(running.shop)).history(user_id, 50) if e.kind == kind]


async def _card(running: RunningBot, user_id: int):
    user = running.user(user_id)
    await open_service(user, "Facebook", LIKES)
    await answer(user, "https://facebook.com/p/1", "How many?")
    return user, await answer(user, "1000", "Check your order")


async def test_a_gift_code_from_balance_is_credited_once(launch):
    async with launch(admin_ids=str(ADMIN)) as running:
        await _admin_says(running, "/code new Welcome50 gift 50000 uses 10", "Created")
        await running.shop.customers.register(4301, None, "Ann")
        ann = running.user(4301)
        ann.send("/start")
        await ann.expect("What would you like to do?")
        ann.press("Balance")
        await ann.expect("Your wallet")
        ann.press("Redeem a code")
        await ann.expect("Send your gift code")
        ann.send("  welcome50 ")  # any case, spaces around
        credited = await ann.expect("added to your wallet")
        assert "WELCOME50" in credited.text and "50,000 VND" in credited.text
        [gift] = await _entries(running, 4301, "gift")
        assert gift.amount == Decimal(50000) and gift.key == "code:WELCOME50:user:4301"

        ann.press("Balance")
        await ann.expect("Your wallet")
        ann.press("Redeem a code")
        await ann.expect("Send your gift code")
        ann.send("WELCOME50")
        await ann.expect("You have already used code WELCOME50")
        assert len(await _entries(running, 4301, "gift")) == 1
        assert await running.shop.wallet.balance(4301) == Decimal(50000)
        shown = await _admin_says(running, "/code show welcome50", "Used by")
        assert "used 1/10" in shown and "4301" in shown and "Total given: 50,000 VND" in shown


async def test_editing_a_code_sent_at_a_prompt_does_not_enter_it_again(launch):
    """Telegram sends an edit as an `edited_message`: at the gift and the discount prompts it is not a new try."""
    async with launch(admin_ids=str(ADMIN)) as running:
        await _admin_says(running, "/code new Edit50 gift 50000", "Created")
        await _admin_says(running, "/code new EditSale discount 20", "Created")
        await fund(running, 4309, "100000")
        cat, card = await _card(running, 4309)
        cat.press("Have a code?", card)
        await cat.expect("Send your discount code")
        wrong = cat.send("EDITSAL")
        await cat.expect("There is no code")
        cat.edit(wrong, "EDITSALE")  # not applied: the customer sends it again if they mean it
        cat.send("/start")  # handled after the edit
        await cat.expect("What would you like to do?")
        assert not [m for m in cat.chat if "EDITSALE" in m.text], "the edit was applied as a code"
        cat.press("Balance")
        await cat.expect("Your wallet")
        cat.press("Redeem a code")
        await cat.expect("Send your gift code")
        typo = cat.send("EDIT5")
        await cat.expect("There is no code")
        cat.edit(typo, "EDIT50")
        cat.send("EDIT50")  # handled after the edit: the first time the code is entered
        await cat.expect("added to your wallet")
        assert len(await _entries(running, 4309, "gift")) == 1
        assert await running.shop.wallet.balance(4309) == Decimal(150000)
        uses = await db_of(running.shop).fetch_all("SELECT code FROM code_uses WHERE user_id = 4309")
        assert [row["code"] for row in uses] == ["EDIT50"]


async def test_a_discount_code_on_the_card_is_what_confirm_charges(launch):
    async with launch(admin_ids=str(ADMIN)) as running:
        await _admin_says(running, "/code new SALE20 discount 20 service 7", "Created")
        await fund(running, 4302, "100000")
        bea, card = await _card(running, 4302)
        assert "Price: 23,400 VND" in card.text
        bea.press("Have a code?", card)
        await bea.expect("Send your discount code")
        bea.send("sale20")
        discounted = await bea.expect("applied")
        assert "23,400 VND → 18,720 VND" in discounted.text and "SALE20" in discounted.text
        assert "Wallet: 100,000 VND → 81,280 VND" in discounted.text

        bea.press("Confirm", discounted)
        placed = await bea.expect("is placed")
        assert "Paid: 18,720 VND" in placed.text
        [charge] = await _entries(running, 4302, "charge")
        assert charge.amount == Decimal(-18720)
        [order] = await orders_of(running.shop).for_user(4302, 0, 10)
        assert order.price == Decimal(18720)
        shown = await _admin_says(running, "/code show SALE20", "Used by")
        assert f"order #{order.id}" in shown and "Total given: 4,680 VND" in shown


async def test_a_discount_for_another_service_is_not_applied(launch):
    async with launch(admin_ids=str(ADMIN)) as running:
        await _admin_says(running, "/code new OTHER10 discount 10 service 8", "Created")
        await _admin_says(running, "/code new GIFTY gift 1000", "Created")
        await fund(running, 4303, "100000")
        cal, card = await _card(running, 4303)
        cal.press("Have a code?", card)
        await cal.expect("Send your discount code")
        cal.send("other10")
        await cal.expect("Code OTHER10 does not apply to this service")
        cal.send("gifty")
        await cal.expect("is a gift code: redeem it under Balance")
        cal.press("Back")
        again = await cal.expect("Check your order")
        assert "Price: 23,400 VND" in again.text
        cal.press("Confirm", again)
        await cal.expect("is placed")
        assert [e.amount for e in await _entries(running, 4303, "charge")] == [Decimal(-23400)]


async def test_a_code_turned_off_after_the_card_gives_a_new_card_without_it(launch):
    async with launch(admin_ids=str(ADMIN)) as running:
        await _admin_says(running, "/code new HALF discount 50", "Created")
        await fund(running, 4304, "100000")
        dan, card = await _card(running, 4304)
        dan.press("Have a code?", card)
        await dan.expect("Send your discount code")
        dan.send("half")
        discounted = await dan.expect("applied")
        assert "23,400 VND → 11,700 VND" in discounted.text
        await _admin_says(running, "/code off half", "is off")

        dan.press("Confirm", discounted)
        again = await dan.expect("no longer active")
        assert "Nothing was charged" in again.text and "Price: 23,400 VND" in again.text
        assert await _entries(running, 4304, "charge") == [] and running.sandbox.actions("add") == []
        dan.press("Confirm", again)
        await dan.expect("is placed")
        assert [e.amount for e in await _entries(running, 4304, "charge")] == [Decimal(-23400)]


async def test_wrong_tries_slow_a_customer_down_even_for_a_good_code(launch):
    async with launch(admin_ids=str(ADMIN)) as running:
        await _admin_says(running, "/code new REAL gift 5000", "Created")
        await running.shop.customers.register(4305, None, "Eve")
        eve = running.user(4305)
        eve.send("/start")
        await eve.expect("What would you like to do?")
        eve.press("Balance")
        await eve.expect("Your wallet")
        eve.press("Redeem a code")
        await eve.expect("Send your gift code")
        for guess in ("AAAA", "BBBB", "CCCC", "DDDD", "EEEE"):
            eve.send(guess)
            await eve.expect(f"There is no code “{guess}”")
        eve.send("REAL")
        await eve.expect("Please wait 10 min")
        assert await running.shop.wallet.balance(4305) == 0

        later = datetime.now(UTC) + timedelta(minutes=10, seconds=1)  # the oldest wrong try has left the window
        assert isinstance(await running.shop.codes.redeem_gift(4305, "real", later), Gift)
        assert await running.shop.wallet.balance(4305) == Decimal(5000)


async def test_the_slow_down_is_stored_and_counts_tries_across_gift_and_discount(shop_bot):
    shop = shop_bot.shop
    await fund(shop_bot, 4306, "100000")
    now = datetime.now(UTC)
    for n in range(4):
        refused = await shop.codes.redeem_gift(4306, f"NOPE{n}", now + timedelta(seconds=n))
        assert isinstance(refused, Refused) and refused.problem is CodeProblem.UNKNOWN
    draft = Draft("7", link="https://facebook.com/p/s", quantity=1000)
    assert (await shop.ordering.with_code(4306, draft, "NOPE9")).problem is CodeProblem.UNKNOWN  # the fifth
    slowed = await shop.codes.redeem_gift(4306, "NOPE5", now + timedelta(minutes=1))
    assert isinstance(slowed, Refused) and slowed.problem is CodeProblem.SLOWED and slowed.wait_minutes == 9
    tries = await db_of(shop).fetch_all("SELECT * FROM code_tries WHERE user_id = 4306")
    assert len(tries) == 5  # in the database: a restart does not reset them; the slowed try is not counted


async def test_a_gift_with_one_use_left_redeemed_by_two_at_once_is_given_once(shop_bot):
    shop = shop_bot.shop
    await shop.code_desk.create(ADMIN, ["LAST", "gift", "20000", "uses", "1"], "VND", await shop.timezone())
    for user_id in (4311, 4312):
        await shop.customers.register(user_id, None, "Customer")
    results = await asyncio.gather(shop.codes.redeem_gift(4311, "last"), shop.codes.redeem_gift(4312, "LAST"))
    assert sorted(type(r).__name__ for r in results) == ["Gift", "Refused"]
    [refused] = [r for r in results if isinstance(r, Refused)]
    assert refused.problem is CodeProblem.USED_UP
    balances = [await shop.wallet.balance(u) for u in (4311, 4312)]
    assert sorted(balances) == [Decimal(0), Decimal(20000)]


async def test_the_same_customer_redeeming_twice_at_once_gets_it_once(shop_bot):
    shop = shop_bot.shop
    await shop.code_desk.create(ADMIN, ["TWICE", "gift", "30000"], "VND", await shop.timezone())
    await shop.customers.register(4313, None, "Customer")
    results = await asyncio.gather(*(shop.codes.redeem_gift(4313, "twice") for _ in range(3)))
    assert sum(isinstance(r, Gift) for r in results) == 1
    assert all(r.problem is CodeProblem.ALREADY for r in results if isinstance(r, Refused))
    assert await shop.wallet.balance(4313) == Decimal(30000)


async def test_a_discount_with_one_use_left_confirmed_by_two_at_once_is_charged_once(shop_bot):
    shop = shop_bot.shop
    await shop.code_desk.create(ADMIN, ["ONCE", "discount", "25", "uses", "1"], "VND", await shop.timezone())
    cards = []
    for user_id in (4321, 4322):
        await fund(shop_bot, user_id, "100000")
        card = await shop.ordering.with_code(
            user_id, Draft("7", link="https://facebook.com/p/o", quantity=1000), "once"
        )
        assert isinstance(card, Card) and card.quote.total == Decimal(17550) and card.quote.before == Decimal(23400)
        cards.append(card)
    placed = await asyncio.gather(*(shop.ordering.place(c.quote.user_id, c.quote.id) for c in cards))
    outcomes = sorted((p.outcome, p.refusal) for p in placed)
    assert outcomes == [(Outcome.PLACED, None), (Outcome.REFUSED, Refusal.CODE_LOST)]
    [lost] = [p for p in placed if p.refusal is Refusal.CODE_LOST]
    assert lost.card is not None and lost.card.quote.total == Decimal(23400) and lost.card.quote.code is None
    assert lost.card.dropped is not None and lost.card.dropped.problem is CodeProblem.USED_UP
    charges = [e.amount for u in (4321, 4322) for e in await _entries(shop_bot, u, "charge")]
    assert charges == [Decimal(-17550)]
    again = await shop.ordering.place(lost.card.quote.user_id, lost.card.quote.id)  # the new card: full price
    assert again.outcome is Outcome.PLACED and again.order is not None and again.order.price == Decimal(23400)


@pytest.mark.parametrize(
    "command, reply",
    [
        ("/code new X1 gift 5000", "can't be a code"),
        ("/code new GOOD coupon 5", "not a kind of code"),
        ("/code new GOOD gift -5", "not a valid amount"),
        ("/code new GOOD gift 12.5", "finer than VND allows"),
        ("/code new GOOD discount 0", "not a percent"),
        ("/code new GOOD discount 101", "not a percent"),
        ("/code new GOOD discount 10 uses 0", "not a number of uses"),
        ("/code new GOOD discount 10 until 2030-02-30", "not a date"),
        ("/code new GOOD discount 10 until 2001-01-01", "has passed already"),
        ("/code new GOOD discount 10 service 99999", "No service"),
        ("/code new GOOD discount 10 category 99999", "No category"),
        ("/code new GOOD gift 5000 service 7", "takes no service or category"),
        ("/code new GOOD discount 10 uses 3 uses 4", "given twice"),
        ("/code new GOOD discount 10 forever yes", "not an option"),
        ("/code new GOOD discount 10 uses", "Usage: /code"),
        ("/code new TAKEN gift 9999", "exists already"),
        ("/code off NOSUCH", "No code"),
        ("/code show NOSUCH", "No code"),
        ("/code", "Usage: /code"),
    ],
)
async def test_a_bad_code_command_is_refused_and_changes_nothing(launch, command, reply):
    async with launch(admin_ids=str(ADMIN)) as running:
        await _admin_says(running, "/code new TAKEN gift 5000", "Created")
        log_before = await AdminRepo(db_of(running.shop)).recent_log(50)
        await _admin_says(running, command, reply)
        listed = await _admin_says(running, "/code list", "Codes")
        assert "TAKEN" in listed and "gift 5,000 VND" in listed and "GOOD" not in listed
        assert await AdminRepo(db_of(running.shop)).recent_log(50) == log_before


async def test_an_uncertain_order_settled_not_placed_gives_its_discount_use_back(shop_bot):
    """The admin's "Not placed" refunds the order and, like an automatic refusal, frees the code's use: the
    customer bought nothing, so the code (here its only use) may be used again."""
    shop = shop_bot.shop
    await shop.code_desk.create(ADMIN, ["ONLYONE", "discount", "10", "uses", "1"], "VND", await shop.timezone())
    await fund(shop_bot, 4401, "100000")
    card = await shop.ordering.with_code(4401, Draft("7", link="https://facebook.com/p/u", quantity=1000), "onlyone")
    assert isinstance(card, Card) and card.quote.code == "ONLYONE"
    placed = await shop.ordering.place(4401, card.quote.id)
    assert placed.outcome is Outcome.PLACED and placed.order is not None
    order_id = placed.order.id
    await orders_of(shop).set_state(order_id, OrderState.UNCERTAIN, error="timeout")  # as a timeout leaves it
    await shop.desk.resolve(ADMIN, order_id, None)
    assert await shop.wallet.balance(4401) == Decimal(100000)
    assert await db_of(shop).fetch_all("SELECT * FROM code_uses WHERE order_id = ?", (order_id,)) == []
    again = await shop.ordering.with_code(4401, Draft("7", link="https://facebook.com/p/u", quantity=1000), "ONLYONE")
    assert isinstance(again, Card) and again.quote.code == "ONLYONE", "the code's one use is free again"
