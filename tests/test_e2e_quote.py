"""End to end: the price on the summary card is the price Confirm charges.

When anything behind the price moves between the card and Confirm (a markup, the panel's rate after a
sync, the card's age) nothing is charged: the customer gets a new card saying so and confirms again.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from bot.shop.drafts import Draft
from bot.shop.ordering import Outcome, Refusal
from bot.store import LedgerRepo
from tests.conftest import eventually
from tests.fakes.telegram_server import FakeUser
from tests.harness import RunningBot, db_of, orders_of
from tests.ordering_steps import answer, fund, open_service

LIKES = "#7 Facebook post likes"  # 18 000 VND per 1000 on the panel; +30 % = 23 400 in the shop
ADMIN = 9001


async def _card(running: RunningBot, user: FakeUser, quantity: str = "1000"):
    await open_service(user, "Facebook", LIKES)
    await answer(user, f"https://facebook.com/p/{quantity}", "How many?")
    return await answer(user, quantity, "Check your order")


async def _admin_says(running: RunningBot, text: str, reply: str) -> None:
    boss = running.user(ADMIN, "Boss")
    boss.send(text)
    await boss.expect(reply)


async def _charges(running: RunningBot, user_id: int) -> list[Decimal]:
    history = await LedgerRepo(db_of(running.shop)).history(user_id, 50)
    return [entry.amount for entry in history if entry.kind == "charge"]


async def test_a_markup_raised_after_the_card_asks_again_and_then_charges_the_new_price(launch):
    async with launch(admin_ids=str(ADMIN)) as running:
        await fund(running, 4101, "100000")
        ann = running.user(4101)
        card = await _card(running, ann)
        assert "Price: 23,400 VND" in card.text
        await _admin_says(running, "/markup 100", "Saved")

        ann.press("Confirm", card)
        again = await ann.expect("price changed")
        assert "23,400 VND → 36,000 VND" in again.text and "Price: 36,000 VND" in again.text
        assert "Nothing was charged" in again.text
        assert running.sandbox.actions("add") == [] and await _charges(running, 4101) == []
        assert await running.shop.wallet.balance(4101) == Decimal(100000)

        ann.press("Confirm", again)
        placed = await ann.expect("is placed")
        assert "Paid: 36,000 VND" in placed.text
        [order] = await orders_of(running.shop).for_user(4101, 0, 10)
        assert order.price == Decimal(36000) and await _charges(running, 4101) == [Decimal(-36000)]
        assert await running.shop.wallet.balance(4101) == Decimal(64000)
        assert len(running.sandbox.actions("add")) == 1


async def test_a_price_that_went_down_is_confirmed_too_and_charged_exactly(launch):
    async with launch(admin_ids=str(ADMIN)) as running:
        await fund(running, 4102, "100000")
        bea = running.user(4102)
        card = await _card(running, bea)
        await _admin_says(running, "/markup service 7 5", "Saved")

        bea.press("Confirm", card)
        again = await bea.expect("price changed")
        assert "23,400 VND → 18,900 VND" in again.text
        assert running.sandbox.actions("add") == [] and await _charges(running, 4102) == []
        bea.press("Confirm", again)
        await bea.expect("is placed")
        assert await _charges(running, 4102) == [Decimal(-18900)]


async def test_the_panel_rate_changing_at_a_sync_asks_again(launch):
    async with launch(admin_ids=str(ADMIN)) as running:
        await fund(running, 4103, "100000")
        cal = running.user(4103)
        card = await _card(running, cal)
        running.sandbox.edit_service(7, rate="20000")
        await running.shop.catalog.sync()

        cal.press("Confirm", card)
        again = await cal.expect("price changed")
        assert "23,400 VND → 26,000 VND" in again.text
        cal.press("Confirm", again)
        await cal.expect("is placed")
        assert await _charges(running, 4103) == [Decimal(-26000)]


async def test_an_expired_card_is_quoted_again_before_anything_is_charged(launch):
    async with launch(quote_minutes=0.001) as running:  # a card holds its price for 60 ms here
        await fund(running, 4104, "100000")
        dan = running.user(4104)
        card = await _card(running, dan)
        quote_id = running.app.user_data[4104].order.quote_id
        card_quote = await running.shop.pricing.stored(quote_id, 4104)
        assert card_quote is not None
        await eventually(lambda: card_quote.expired(datetime.now(UTC)))

        running.settings.quote_minutes = 15  # the new card holds long enough to be confirmed here
        dan.press("Confirm", card)
        again = await dan.expect("checked again")
        assert "Price: 23,400 VND" in again.text and "Nothing was charged" in again.text
        assert running.sandbox.actions("add") == [] and await _charges(running, 4104) == []
        dan.press("Confirm", again)
        await dan.expect("is placed")
        assert await _charges(running, 4104) == [Decimal(-23400)]


async def test_a_service_switched_off_after_the_card_charges_nothing(launch):
    async with launch(admin_ids=str(ADMIN)) as running:
        await fund(running, 4105, "100000")
        eve = running.user(4105)
        card = await _card(running, eve)
        await _admin_says(running, "/service 7 off", "#7")

        eve.press("Confirm", card)
        gone = await eve.expect("Choose a category")
        assert "That service is no longer available" in gone.text
        assert running.sandbox.actions("add") == [] and await _charges(running, 4105) == []
        assert await orders_of(running.shop).count_for_user(4105) == 0
        assert running.app.user_data[4105].order is None


async def test_the_charge_the_order_and_the_quote_are_the_same_amount(shop_bot):
    shop = shop_bot.shop
    await fund(shop_bot, 4106, "1000000")
    card = await shop.ordering.quote(4106, Draft("7", link="https://facebook.com/p/x", quantity=777))
    assert card is not None
    placed = await shop.ordering.place(4106, card.quote.id)
    assert placed.outcome is Outcome.PLACED and placed.order is not None
    [charge] = await _charges(shop_bot, 4106)
    assert placed.order.price == card.quote.total == -charge
    assert str(card.quote.total) == "18182"  # 23 400 × 777 / 1000 = 18 181.8, rounded up
    again = await shop.ordering.place(4106, card.quote.id)
    assert again.outcome is Outcome.ALREADY and await _charges(shop_bot, 4106) == [charge]


async def test_a_card_of_someone_else_places_nothing(shop_bot):
    shop = shop_bot.shop
    await fund(shop_bot, 4107, "100000")
    await fund(shop_bot, 4108, "100000")
    card = await shop.ordering.quote(4107, Draft("7", link="https://facebook.com/p/y", quantity=1000))
    assert card is not None
    stolen = await shop.ordering.place(4108, card.quote.id)
    assert stolen.outcome is Outcome.REFUSED and stolen.refusal is Refusal.UNKNOWN_CARD
    assert await _charges(shop_bot, 4108) == [] and shop_bot.sandbox.actions("add") == []
