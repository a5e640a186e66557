"""Tracking from facts: progress only from numbers the panel gave, unknown status words, stuck orders."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from bot.config import Settings
from bot.panel import OrderState, OrderStatus, PanelClient
from bot.panel.sandbox import SANDBOX_URL, ManualClock, SandboxPanel, SandboxTransport
from bot.shop.drafts import Draft
from bot.shop.shop import Shop
from bot.shop.tracking import partial_refund
from bot.store.outbox import OutboxRepo
from tests.harness import db_of, orders_of, place_now

GROUP = -1009
HOUR = 3600


@pytest.fixture
async def shop(tmp_path):
    # The shop's clock and the sandbox's move together. Orders are stamped with the wall clock, to the second:
    # starting a whole second a little ahead keeps "placed N hours ago" from reading N hours less a moment.
    clock = ManualClock(start=float(int(time.time()) + 5))
    panel = SandboxPanel(key="k", clock=clock, pending_seconds=10, progress_seconds=60)
    client = PanelClient(SANDBOX_URL, "k", transport=SandboxTransport(panel), read_retries=0)
    settings = Settings(_env_file=None, database_path=tmp_path / "db.sqlite3", admin_chat_id=GROUP)
    shop = await Shop.open(settings, client)
    shop.tracking.timing.clock = lambda: datetime.fromtimestamp(clock(), UTC)
    shop.sandbox, shop.clock = panel, clock
    await shop.catalog.sync()
    await shop.customers.register(1, None, "A")
    await shop.wallet.apply(1, Decimal(10**9), "deposit", "d1")
    yield shop
    await shop.close()


async def place(shop, number: int = 1, quantity: int = 100, service: str = "7") -> int:
    draft = Draft(service, link=f"https://facebook.com/p/{number}", quantity=quantity)
    placed = await place_now(shop, 1, draft)
    assert placed.order.panel_order_id
    return placed.order.id


async def notices(shop, key: str) -> list[dict]:
    return [
        m.payload for m in await OutboxRepo(db_of(shop)).due(1000) if m.chat_id == GROUP and m.payload["key"] == key
    ]


async def pushes(shop) -> list[dict]:
    return [m.payload for m in await OutboxRepo(db_of(shop)).due(1000) if m.kind == "order_status"]


# --- progress only from facts ------------------------------------------------------------------------------


@pytest.mark.parametrize("remains", [0, None])
async def test_remains_zero_or_missing_while_in_motion_is_no_progress(shop, remains):
    order_id = await place(shop)
    for word, state in (("Pending", "pending"), ("Processing", "in_progress"), ("In progress", "in_progress")):
        await shop.tracking.apply(order_id, OrderStatus(word, OrderState(state), remains=remains))
        order = await orders_of(shop).get(order_id)
        assert order.state == state and order.remains is None and order.delivered is None
    assert [p["delivered"] for p in await pushes(shop)] == [None, None], "statuses without a delivered count"
    view = await shop.my_orders.view(1, order_id)
    assert view.order.delivered is None


async def test_a_known_count_is_kept_when_a_later_answer_says_zero_in_progress(shop):
    order_id = await place(shop)
    await shop.tracking.apply(order_id, OrderStatus("In progress", OrderState.IN_PROGRESS, remains=40))
    await shop.tracking.apply(order_id, OrderStatus("Processing", OrderState.IN_PROGRESS, remains=0))
    order = await orders_of(shop).get(order_id)
    assert order.remains == 40 and order.delivered == 60


async def test_the_sandbox_unknown_remains_while_in_progress_is_no_progress(shop):
    shop.sandbox.set_profiles("status_spelling")  # "In progress" with remains "Unknown"
    order_id = await place(shop)
    shop.clock.advance(30)
    await shop.tracking.sync_orders()
    order = await orders_of(shop).get(order_id)
    assert order.state == "in_progress" and order.delivered is None


async def test_completed_with_remains_zero_is_delivered(shop):
    order_id = await place(shop)
    await shop.tracking.apply(order_id, OrderStatus("In progress", OrderState.IN_PROGRESS, remains=0))
    await shop.tracking.apply(order_id, OrderStatus("Completed", OrderState.COMPLETED, remains=0))
    assert (await orders_of(shop).get(order_id)).delivered == 100


async def test_partial_refunds_only_from_a_number(shop):
    order_id = await place(shop)
    order = await orders_of(shop).get(order_id)
    assert partial_refund(order, None, order.price) is None
    assert partial_refund(order, 25, order.price) == (order.price / 4).quantize(Decimal(1), rounding="ROUND_FLOOR")
    balance = await shop.customers.balance(1)
    await shop.tracking.apply(order_id, OrderStatus("In progress", OrderState.IN_PROGRESS, remains=0))
    await shop.tracking.apply(order_id, OrderStatus("Partial", OrderState.PARTIAL, remains=None))
    assert await shop.customers.balance(1) == balance, "Partial without remains: no refund on a guess"
    assert len(await notices(shop, "admin.partial_unknown")) == 1


# --- unknown status words ----------------------------------------------------------------------------------


def answer_with(monkeypatch, panel: SandboxPanel, word: str) -> None:
    """The sandbox answers `word` for every order (a panel with its own vocabulary)."""
    monkeypatch.setattr(panel, "_progress", lambda order, now: (word, 0, order.units // 2))


async def test_an_unknown_status_is_told_once_after_three_syncs_and_nothing_is_guessed(shop, monkeypatch):
    order_id = await place(shop)
    balance = await shop.customers.balance(1)
    answer_with(monkeypatch, shop.sandbox, "Teleporting")
    reports = [await shop.tracking.sync_orders() for _ in range(5)]
    assert [r.unknown for r in reports] == [[], [], [order_id], [], []]
    [notice] = await notices(shop, "admin.unknown_status")
    assert notice["values"]["status"] == "Teleporting" and notice["values"]["count"] == 3
    order = await orders_of(shop).get(order_id)
    assert order.state == "unknown" and order.final_at is None and order.unknown_syncs == 5
    assert await shop.customers.balance(1) == balance, "never refunded on a guess"
    assert [o.id for o in await orders_of(shop).tracked()] == [order_id], "still followed"


async def test_an_order_without_news_for_a_day_is_polled_less_often_and_the_admins_are_told_once(shop, monkeypatch):
    order_id, other = await place(shop, 1), await place(shop, 2)
    panel_id = (await orders_of(shop).get(order_id)).panel_order_id
    known = shop.sandbox._progress
    monkeypatch.setattr(  # an empty status word for one order, sync after sync; the other moves on as usual
        shop.sandbox, "_progress", lambda o, now: ("", 0, None) if str(o.id) == panel_id else known(o, now)
    )

    async def sync_after(seconds: float) -> list[str]:
        """Sync `seconds` later; the orders asked about."""
        shop.clock.advance(seconds)
        before = len(shop.sandbox.actions("status"))
        await shop.tracking.sync_orders()
        return [i for call in shop.sandbox.actions("status")[before:] for i in call["orders"].split(",")]

    assert panel_id in await sync_after(60)
    assert panel_id in await sync_after(24 * HOUR + 1), "a day without news: polled this once more, then less often"
    assert await notices(shop, "admin.silent") != []
    waits = []
    for _ in range(12):  # a sync every minute: the order comes up after 2, 4, 8 … minutes, then once an hour
        minutes = 0
        while True:
            minutes += 1
            if panel_id in await sync_after(60):
                break
        waits.append(minutes)
    assert waits[:6] == [2, 4, 8, 16, 32, 60] and set(waits[6:]) == {60}
    [notice] = await notices(shop, "admin.silent")
    assert notice["values"]["id"] == order_id, "told once, for this order only"
    assert (await orders_of(shop).get(other)).silent_since is None, "the other order was never silent"

    monkeypatch.setattr(shop.sandbox, "_progress", lambda o, now: ("In progress", 0, 50))  # news: every sync again
    while panel_id not in await sync_after(60):
        pass
    assert panel_id in await sync_after(60) and panel_id in await sync_after(60)
    order = await orders_of(shop).get(order_id)
    assert order.silent_since is None and order.poll_backoff == 0 and order.state == "in_progress"


async def test_final_orders_are_never_polled(shop):
    order_id = await place(shop)
    shop.clock.advance(200)
    await shop.tracking.sync_orders()
    assert (await orders_of(shop).get(order_id)).state == "completed"
    before = len(shop.sandbox.actions("status"))
    await shop.tracking.sync_orders()
    assert len(shop.sandbox.actions("status")) == before and await orders_of(shop).tracked() == []


async def test_a_known_status_resets_the_count_and_an_empty_word_counts_too(shop, monkeypatch):
    order_id = await place(shop)
    answer_with(monkeypatch, shop.sandbox, "Teleporting")
    for _ in range(2):
        await shop.tracking.sync_orders()
    monkeypatch.undo()
    shop.clock.advance(30)
    await shop.tracking.sync_orders()
    assert (await orders_of(shop).get(order_id)).unknown_syncs == 0, "a known status resets the count"
    answer_with(monkeypatch, shop.sandbox, "Teleporting")
    for _ in range(2):
        await shop.tracking.sync_orders()
    assert await notices(shop, "admin.unknown_status") == [], "two in a row, twice, is not three in a row"
    answer_with(monkeypatch, shop.sandbox, "")
    await shop.tracking.sync_orders()  # the third unknown answer in a row: an empty word is unknown too
    [notice] = await notices(shop, "admin.unknown_status")
    assert notice["values"]["status"] == "" and (await orders_of(shop).get(order_id)).state == "unknown"


# --- stuck orders ------------------------------------------------------------------------------------------


async def test_an_order_past_the_default_times_factor_is_flagged_once_and_shown_late(shop):
    shop.sandbox.progress_seconds = 1000 * HOUR  # stays In progress
    order_id = await place(shop)
    shop.clock.advance(71 * HOUR)  # default 24 h × 3 = 72 h
    assert (await shop.tracking.sync_orders()).late == []
    view = await shop.my_orders.view(1, order_id)
    assert view.expected == timedelta(hours=24) and not view.late
    shop.clock.advance(2 * HOUR)
    assert (await shop.tracking.sync_orders()).late == [order_id]
    assert (await shop.tracking.sync_orders()).late == [], "flagged once"
    [notice] = await notices(shop, "admin.late")
    assert notice["values"]["id"] == order_id and notice["values"]["typical"] == "1d 0h"
    assert notice["values"]["elapsed"] == "3d 1h"
    view = await shop.my_orders.view(1, order_id)
    assert view.late and view.expected == timedelta(hours=24)
    admin = await shop.desk.order_view(str(order_id))
    assert admin.timing.late and admin.timing.elapsed >= timedelta(hours=73)
    assert not admin.timing.expectation.learned


async def test_the_typical_time_is_the_median_of_the_service_s_completed_orders(shop):
    done = [await place(shop, number) for number in range(1, 4)]
    shop.clock.advance(100)
    await shop.tracking.sync_orders()
    db = db_of(shop)
    for order_id, hours in zip(done, (1, 2, 10), strict=True):  # how long each took
        order = await orders_of(shop).get(order_id)
        assert order.state == "completed"
        created = datetime.fromisoformat(order.final_at) - timedelta(hours=hours)
        await db.execute("UPDATE orders SET created_at = ? WHERE id = ?", (created.isoformat(), order_id))
    expectation = await shop.tracking.timing.expectation(db, "7")
    assert expectation.typical == timedelta(hours=2) and expectation.samples == 3 and expectation.learned
    assert expectation.late_after == timedelta(hours=6)
    other = await shop.tracking.timing.expectation(db, "1")
    assert other.typical == timedelta(hours=24) and not other.learned, "another service: the default"

    shop.sandbox.progress_seconds = 1000 * HOUR
    slow = await place(shop, 9)
    shop.clock.advance(5 * HOUR)
    assert (await shop.tracking.sync_orders()).late == []
    shop.clock.advance(2 * HOUR)
    assert (await shop.tracking.sync_orders()).late == [slow]
    admin = await shop.desk.order_view(f"#{slow}")
    assert admin.timing.expectation.typical == timedelta(hours=2) and admin.timing.late


async def test_a_final_order_is_never_late(shop):
    order_id = await place(shop)
    shop.clock.advance(100 * HOUR)
    report = await shop.tracking.sync_orders()  # completes in this very sync
    assert report.late == [] and await notices(shop, "admin.late") == []
    view = await shop.my_orders.view(1, order_id)
    assert view.order.state == "completed" and not view.late and view.expected is None


async def test_the_typical_time_query_uses_an_index(shop):
    async with db_of(shop).traced() as statements:
        await orders_of(shop).completion_times_many(["7"], 20)
    [query] = [statement for statement in statements if statement.startswith("SELECT")]
    plan = await db_of(shop).fetch_all(f"EXPLAIN QUERY PLAN {query}")
    details = " ".join(row["detail"] for row in plan)
    assert "orders_completed" in details and "TEMP B-TREE" not in details


def test_a_push_without_progress_shows_no_delivered_count():
    from bot.shop.messages import OrderStatusPush
    from bot.telegram.pushes import render

    push = OrderStatusPush(1, "Likes", "in_progress", "In progress", 1000, None, Decimal(0), "VND")
    rendered = render(push, "en")
    assert rendered is not None and "In progress</b>, — / 1,000" in rendered[0]
