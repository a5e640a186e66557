"""End to end: a customer never meets a dead end — top-ups from the card, hints, receipts, times, Order again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.telegram.i18n import when
from tests.conftest import eventually
from tests.harness import orders_of
from tests.ordering_steps import answer, fund, open_service, place

LIKES = "#7 Facebook post likes"  # 23 400 VND per 1000 in the shop


async def test_add_funds_from_the_card_returns_to_the_card_with_the_new_balance(launch):
    async with launch(stars_enabled=True, stars_rate=100) as running:
        kim = running.user(7001)
        await fund(running, 7001, "20000")
        await open_service(kim, "Facebook", LIKES)
        await answer(kim, "https://facebook.com/p/6", "How many?")
        card = await answer(kim, "1000", "Check your order")
        assert "short by 3,400 VND" in card.text and "Wallet: 20,000 VND\n" in card.text + "\n"
        assert "→" not in card.text, "no negative wallet after"
        await answer(kim, "5", "tap Add funds, or Back")  # a number typed on the card
        kim.press("Add funds")
        await kim.expect("Choose how you would like to add funds")
        kim.press("Add funds")  # by request, from the top-up screen
        await kim.expect("How much would you like to add?")
        again = await answer(kim, "50000", "Check your order")
        assert "Request #1" in "".join(kim.fresh())
        assert "short by 3,400 VND" in again.text, "not credited until an admin approves"
        await running.shop.deposits.decide(1, 1, True, "VND")
        kim.press("Add funds", again)
        covered = await kim.expect("now covers this order")
        assert "Wallet: 70,000 VND → 46,600 VND" in covered.text
        kim.press("Confirm", covered)
        receipt = await kim.expect("is placed")
        assert "Wallet now: 46,600 VND" in receipt.text and "Paid: 23,400 VND" in receipt.text
        assert "Quantity: 1,000" in receipt.text and "https://facebook.com/p/6" in receipt.text


async def test_free_text_gets_a_hint_and_the_menu_and_the_card_says_what_it_expects(shop_bot):
    lan = shop_bot.user(7002, "Lan", "vi")
    lan.send("xin chào")
    hint = await lan.expect("Mình làm việc qua các nút")
    assert any(b["text"] == "🛒 Đặt đơn mới" for b in hint.buttons) or hint.buttons
    ann = shop_bot.user(7003)
    await fund(shop_bot, 7003, "100000")
    await open_service(ann, "Facebook", LIKES)
    await answer(ann, "https://facebook.com/p/1", "How many?")
    await answer(ann, "1000", "Check your order")
    card = await answer(ann, "1000", "tap Confirm to place it, or Back")
    assert "Check your order" in card.text
    assert await orders_of(shop_bot.shop).count_for_user(7003) == 0


async def test_no_way_to_pay_says_so_and_support_is_a_button(launch):
    async with launch(deposit_requests=False) as running:
        bob = running.user(7004)
        await fund(running, 7004, "1000")
        await open_service(bob, "Facebook", LIKES)
        await answer(bob, "https://facebook.com/p/2", "How many?")
        await answer(bob, "1000", "Check your order")
        bob.press("Add funds")
        said = await bob.expect("has not set up payments yet")
        assert "support" not in said.text.lower() and not said.buttons
    async with launch(deposit_requests=False, support_contact="@shop_help") as running:
        cat = running.user(7005)
        await fund(running, 7005, "1000")
        await open_service(cat, "Facebook", LIKES)
        await answer(cat, "https://facebook.com/p/3", "How many?")
        await answer(cat, "1000", "Check your order")
        cat.press("Add funds")
        said = await cat.expect("Contact support")
        assert said.buttons[0]["url"] == "https://t.me/shop_help"


def test_times_are_shown_in_the_shops_zone_with_today_and_yesterday():
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    now = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)  # 17:00 in Vietnam
    assert when("2026-12-01T07:05:00+00:00", zone, "en", now) == "today 14:05"
    assert when((now - timedelta(days=1)).isoformat(), zone, "vi", now) == "hôm qua 17:00"
    assert when("2026-11-20T20:00:00+00:00", zone, "en", now) == "2026-11-21 03:00"


async def test_the_order_detail_shows_the_shop_time_and_refresh_with_no_change_says_so(launch):
    async with launch(status_sync_seconds=3600) as running:
        dao = running.user(7006)
        await fund(running, 7006, "100000")
        order_id = await place(dao, "1000")
        order = await orders_of(running.shop).get(order_id)
        local = datetime.fromisoformat(order.created_at).astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
        dao.press(f"Follow order #{order_id}")
        detail = await dao.expect(f"Order #{order_id}\nService:")
        assert f"Placed: today {local:%H:%M}" in detail.text or "Placed: yesterday" in detail.text
        assert "Count when started" in detail.text and "Refill: 30 days" in detail.text
        dao.press("Refresh", detail)
        moved = await dao.expect("Status: Completed")
        assert "No change" not in moved.text
        dao.press("Refresh", moved)
        await dao.expect("No change since")


async def test_order_again_opens_the_link_question_for_the_same_service(shop_bot):
    eve = shop_bot.user(7007)
    await fund(shop_bot, 7007, "100000")
    await place(eve, "1000")
    receipt = eve.last_with_buttons()
    eve.press("Order again", receipt)
    asked = await eve.expect("Send the")
    assert "#7 Facebook post likes" in asked.text
    await answer(eve, "https://facebook.com/p/again", "How many?")
    card = await answer(eve, "2000", "Check your order")
    assert "https://facebook.com/p/again" in card.text and "Quantity: 2,000" in card.text
    assert "is placed" in receipt.text, "the receipt stays"
    assert await shop_bot.shop.wallet.balance(7007) == Decimal(76600)
    await eventually(lambda: eve.last().text == card.text)
