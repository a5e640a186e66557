"""Tracking without Telegram: batching, per-order errors, outages, refill windows; the notifier's failures."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from decimal import Decimal

import pytest
from telegram.error import BadRequest, NetworkError, RetryAfter

from bot.config import Settings
from bot.jobs import Backoff
from bot.panel import PanelClient, PanelError, PanelUnavailable
from bot.panel.sandbox import SANDBOX_URL, ManualClock, SandboxPanel, SandboxTransport
from bot.shop import tracking
from bot.shop.drafts import Draft
from bot.shop.messages import BroadcastText
from bot.shop.refills import refill_window
from bot.shop.shop import Shop
from bot.store import OrderRepo
from bot.telegram.notifier import Notifier
from tests.harness import db_of, orders_of, place_now


@pytest.fixture
async def shop(tmp_path):
    clock = ManualClock()
    panel = SandboxPanel(key="k", clock=clock, pending_seconds=10, progress_seconds=60)
    client = PanelClient(SANDBOX_URL, "k", transport=SandboxTransport(panel), read_retries=0)
    settings = Settings(_env_file=None, database_path=tmp_path / "db.sqlite3", sync_flag_after=3)
    shop = await Shop.open(settings, client)
    shop.sandbox, shop.clock = panel, clock
    await shop.catalog.sync()
    await shop.customers.register(1, None, "A")
    await shop.wallet.apply(1, Decimal(10**9), "deposit", "d1")
    yield shop
    await shop.close()


async def place_many(shop, count: int) -> None:
    for number in range(count):
        draft = Draft("7", link=f"https://facebook.com/p/{number}", quantity=100)
        assert (await place_now(shop, 1, draft)).order.panel_order_id


async def test_one_status_call_per_100_orders(shop):
    await place_many(shop, 250)
    shop.clock.advance(30)
    report = await shop.tracking.sync_orders()
    calls = shop.sandbox.actions("status")
    assert len(calls) == 3 and sorted(len(c["orders"].split(",")) for c in calls) == [50, 100, 100]
    assert report.tracked == 250 and len(report.changes) == 250
    shop.clock.advance(100)
    await shop.tracking.sync_orders()
    assert await orders_of(shop).tracked() == [], "all completed: nothing left to follow"
    await shop.tracking.sync_orders()
    assert len(shop.sandbox.actions("status")) == 6, "nothing to follow: no call"


async def test_a_sync_reads_each_batch_once_and_writes_only_the_orders_that_changed(shop):
    await place_many(shop, 250)
    await shop.tracking.sync_orders()  # the first of a run also looks, once, for orders of providers gone
    shop.clock.advance(30)
    async with db_of(shop).traced() as statements:
        report = await shop.tracking.sync_orders()
    assert len(report.changes) == 250
    reads = [s for s in statements if s.startswith("SELECT")]
    assert len(reads) <= 1 + 3 + 1, "the due orders, one read per batch of 100, the typical times"
    updates = [s for s in statements if "UPDATE orders" in s]
    assert len(updates) == 3, "one statement per batch writes its statuses"
    written = [int(order_id) for update in updates for order_id in re.findall(r"\((\d+), '\w+', ", update)]
    assert sorted(written) == list(range(1, 251)), "each changed order written once"
    assert len([s for s in statements if s == "BEGIN IMMEDIATE"]) == 1, "one transaction per 500 orders"
    async with db_of(shop).traced() as statements:
        await shop.tracking.sync_orders()  # the panel says the same again
    assert [s for s in statements if s.startswith(("UPDATE", "INSERT", "DELETE"))] == [], "nothing changed"


async def test_an_order_the_panel_forgot_is_flagged_and_the_batch_goes_on(shop):
    await place_many(shop, 3)
    del shop.sandbox.state.orders[1002]
    shop.clock.advance(30)
    flagged = []
    for _ in range(4):
        flagged += (await shop.tracking.sync_orders()).flagged
    assert flagged == [2], "flagged once, when the third error in a row comes"
    states = {o.id: o.state for o in await orders_of(shop).tracked()}
    assert states == {1: "in_progress", 2: "pending", 3: "in_progress"}


async def test_an_outage_changes_nothing(shop):
    await place_many(shop, 2)
    shop.clock.advance(200)
    shop.sandbox.set_profiles("garbage", garbage_every=1)
    report = await shop.tracking.sync_orders()
    assert isinstance(report.failed["main"], PanelError) and report.changes == []
    assert {o.state for o in await orders_of(shop).tracked()} == {"pending"}
    assert await shop.outbox.pending_count() == 0


class FailsAfter:
    """The panel answers `answers` status calls, then goes down in the middle of the sync."""

    def __init__(self, panel: PanelClient, answers: int) -> None:
        self.panel, self.answers = panel, answers

    async def status_batches(self, order_ids):
        taken = 0
        async for answer in self.panel.status_batches(order_ids):
            if taken == self.answers:
                raise PanelUnavailable("the panel went down")
            taken += 1
            yield answer


async def test_an_outage_mid_sync_keeps_what_was_taken_and_the_next_sync_finishes_once(shop):
    await place_many(shop, 250)
    shop.clock.advance(200)  # every order is Completed on the panel
    panel = shop.tracking.panels["main"]
    shop.tracking.panels["main"] = FailsAfter(panel, answers=1)
    assert "main" in (await shop.tracking.sync_orders()).failed
    states = [o.state for o in await orders_of(shop).tracked()]
    written = 250 - len(states)
    assert 0 < written <= 100 and set(states) == {"pending"}, "the orders of the one answer taken were written"
    assert await shop.outbox.pending_count() == written, "and their customers told, once each"

    shop.tracking.panels["main"] = panel
    report = await shop.tracking.sync_orders()
    assert len(report.changes) == 250 - written and await orders_of(shop).tracked() == []
    assert await shop.outbox.pending_count() == 250, "one push per order over both syncs"


async def test_a_failed_write_is_logged_when_the_panel_then_fails_too(shop, monkeypatch, caplog):
    """The panel's outage is what the job sees; the database error of the batch before it is not hidden."""
    await place_many(shop, 150)
    shop.clock.advance(200)
    monkeypatch.setattr(tracking, "WRITE_GROUP", 1)  # a transaction per answer of 100

    async def disk_full(self, statuses):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(OrderRepo, "store_statuses", disk_full)
    shop.tracking.panels["main"] = FailsAfter(shop.tracking.panels["main"], answers=1)
    assert "main" in (await shop.tracking.sync_orders()).failed
    assert any("could not be written" in r.getMessage() and r.exc_info for r in caplog.records)
    assert len(await orders_of(shop).tracked()) == 150, "the failed batch rolled back: nothing half-written"


async def test_orders_read_on_the_database_inside_its_own_transaction_fail_loudly(shop):
    db = db_of(shop)
    async with db.transaction():
        with pytest.raises(RuntimeError, match="inside a transaction"):
            async with asyncio.timeout(5):  # in this task: the check is about the task holding the transaction
                await OrderRepo(db).many([1, 2])


async def test_unknown_statuses_are_stored_as_they_came_and_stay_tracked(shop):
    from bot.panel import OrderState, OrderStatus

    await place_many(shop, 1)
    change = await shop.tracking.apply(1, OrderStatus("Teleporting", OrderState.UNKNOWN, remains=50))
    assert change.new_state == "unknown"
    [order] = await orders_of(shop).tracked()
    assert order.panel_status == "Teleporting" and order.remains == 50


async def test_failed_and_partial_without_remains_alert_the_admins_once(tmp_path):
    from bot.panel import OrderState, OrderStatus
    from bot.store.outbox import OutboxRepo

    panel = SandboxPanel(key="k", pending_seconds=0, progress_seconds=0)
    client = PanelClient(SANDBOX_URL, "k", transport=SandboxTransport(panel))
    shop = await Shop.open(Settings(_env_file=None, database_path=tmp_path / "db.sqlite3", admin_chat_id=-1009), client)
    await shop.catalog.sync()
    await shop.customers.register(1, None, "A")
    await shop.wallet.apply(1, Decimal(10**6), "deposit", "d")
    for number in (1, 2):
        draft = Draft("7", link=f"https://facebook.com/p/{number}", quantity=100)
        await place_now(shop, 1, draft)
    for _ in range(2):
        await shop.tracking.apply(1, OrderStatus("Fail", OrderState.FAILED))
        await shop.tracking.apply(2, OrderStatus("Partial", OrderState.PARTIAL, remains=None))
    kinds = [m.payload["key"] for m in await OutboxRepo(db_of(shop)).due(100) if m.chat_id == -1009]
    assert kinds.count("admin.failed") == 1 and kinds.count("admin.partial_unknown") == 1
    assert (await orders_of(shop).get(1)).state == "failed" and await shop.customers.balance(1) < Decimal(10**6)
    await shop.close()


@pytest.mark.parametrize(
    "name, days, refillable",
    [
        ("Likes | Refill 30 days", 30, True),
        ("Followers R60", 60, True),
        ("Members [Refill: 7d]", 7, True),
        ("Views | No refill", 0, False),
        ("Thành viên | Bảo hành 15 ngày", 15, True),
        ("Follow | Không bảo hành", 0, False),
        ("Followers | Lifetime", None, True),
        ("Plain views", None, True),
    ],
)
def test_refill_window_from_the_name(name, days, refillable):
    window = refill_window(name)
    assert (window.days, window.refillable) == (days, refillable)
    assert refill_window(name, admin_days=3).days == 3, "an admin's window wins"


def test_backoff_doubles_within_a_ceiling():
    backoff = Backoff(base=10, ceiling=35)
    assert backoff.ready()
    assert [backoff.failed() for _ in range(4)] == [10, 20, 35, 35]
    assert not backoff.ready()
    backoff.succeeded()
    assert backoff.ready() and backoff.failures == 0


class FlakyBot:
    """A Bot whose send_message fails as told, then succeeds."""

    def __init__(self, *errors):
        self.errors = list(errors)
        self.sent = []

    async def send_message(self, chat_id, text, **kwargs):
        if self.errors:
            raise self.errors.pop(0)
        self.sent.append((chat_id, text))


async def test_notifier_retry_after_postpones_without_counting_an_attempt(shop):
    await shop.outbox.queue(1, BroadcastText("hello"), "k1")
    notifier = Notifier(shop.outbox, chat_interval=0)
    bot = FlakyBot(RetryAfter(0))
    report = await notifier.drain(bot)
    assert report.postponed == 1 and bot.sent == []
    report = await notifier.drain(bot)
    assert report.sent == 1 and bot.sent == [(1, "hello")]


async def test_notifier_drops_after_a_few_failures_and_on_bad_requests(shop, caplog):
    await shop.outbox.queue(1, BroadcastText("flaky"), "k2")
    await shop.outbox.queue(2, BroadcastText("bad"), "k3")
    notifier = Notifier(shop.outbox, chat_interval=0, max_attempts=2)
    bot = FlakyBot(NetworkError("down"), BadRequest("chat not found"), NetworkError("down again"))
    await notifier.drain(bot)
    await db_of(shop).execute("UPDATE outbox SET not_before = '2000-01-01'")
    report = await notifier.drain(bot)
    assert report.dropped == 1 and await shop.outbox.pending_count() == 0 and bot.sent == []
    assert "failed 2 times" in caplog.text


async def test_notifier_paces_groups_slower_than_private_chats(shop):
    for number in range(3):
        await shop.outbox.queue(-100500, BroadcastText(f"notice {number}"), f"g{number}")
        await shop.outbox.queue(1, BroadcastText(f"push {number}"), f"p{number}")
    notifier = Notifier(shop.outbox, chat_interval=0.05, group_interval=10)
    bot = FlakyBot()
    for _ in range(3):
        await notifier.drain(bot)
        await asyncio.sleep(0.06)
    assert [text for chat, text in bot.sent if chat == 1] == ["push 0", "push 1", "push 2"]
    assert [text for chat, text in bot.sent if chat < 0] == ["notice 0"], "the group waits its 10 s"
