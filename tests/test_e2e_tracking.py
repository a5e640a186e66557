"""End to end: orders followed on the panel, pushed to the chat, refunded once; refills; cancel; the outbox."""

from __future__ import annotations

import asyncio
from decimal import Decimal

from bot.panel.sandbox import ManualClock
from tests.conftest import eventually
from tests.ordering_steps import fund, place

FAST = dict(status_sync_seconds=3600, outbox_poll_seconds=0.05, push_chat_interval=0.05)
LIKES = "#7 Facebook post likes"


def pushes(user, order_id: int) -> list[str]:
    return [m.text for m in user.chat if m.text.startswith(f"📦 Order #{order_id} —")]


async def test_an_order_progresses_and_each_change_is_pushed_once(launch):
    async with launch(**FAST) as running:
        clock = ManualClock()
        running.sandbox.clock = clock
        running.sandbox.pending_seconds, running.sandbox.progress_seconds = 10, 60
        alice = running.user(5001)
        await fund(running, 5001, "100000")
        order_id = await place(alice, "1000")
        await running.shop.tracking.sync_orders()
        clock.advance(40)
        for _ in range(2):
            await running.shop.tracking.sync_orders()
        await eventually(lambda: len(pushes(alice, order_id)) == 1)
        assert "In progress" in pushes(alice, order_id)[0] and " / 1,000" in pushes(alice, order_id)[0]
        clock.advance(100)
        for _ in range(3):
            await running.shop.tracking.sync_orders()
        await eventually(lambda: len(pushes(alice, order_id)) == 2)
        assert "Completed, 1,000 / 1,000" in pushes(alice, order_id)[1]
        await eventually(_outbox_empty(running))  # every push the syncs queued has been sent
        assert len(pushes(alice, order_id)) == 2, "no change is told twice"
        alice.press("View order")
        detail = await alice.expect(f"Order #{order_id}\nService:")
        assert "Status: Completed" in detail.text


async def test_partial_and_canceled_refund_exactly_once_however_often_the_sync_runs(launch):
    async with launch(**FAST) as running:
        bob = running.user(5002)
        await fund(running, 5002, "100000")
        partial = await place(bob, "1007")  # the sandbox ends units ending in 7 Partial, a third undelivered
        canceled = await place(bob, "1013")  # and units ending in 13 Canceled
        after_charges = Decimal(100000) - Decimal(23564) - Decimal(23705)
        assert await running.shop.customers.balance(5002) == after_charges
        await asyncio.gather(*(running.shop.tracking.sync_orders() for _ in range(3)))
        await running.shop.tracking.sync_orders()
        # Partial: 23 564 × 335 / 1007 = 7 839.05… → 7 839; Canceled: all 23 705 back.
        assert await running.shop.customers.balance(5002) == after_charges + Decimal(7839) + Decimal(23705)
        await eventually(lambda: len(pushes(bob, partial)) == 1 and len(pushes(bob, canceled)) == 1)
        assert "Partial, 672 / 1,007" in pushes(bob, partial)[0] and "7,839 VND is back" in pushes(bob, partial)[0]
        assert "Canceled" in pushes(bob, canceled)[0] and "23,705 VND is back" in pushes(bob, canceled)[0]
        refunds = [e for e in await running.shop.wallet.history(5002, 20) if e.kind == "refund"]
        assert len(refunds) == 2


async def test_refill_completed_and_rejected_are_pushed(launch):
    async with launch(**FAST) as running:
        carl = running.user(5003)
        await fund(running, 5003, "1000000")
        good = await place(carl, "1000")
        bad = await place(carl, "1003")  # the sandbox rejects refills of units ending in 3
        await running.shop.tracking.sync_orders()
        await eventually(lambda: len(pushes(carl, good)) == 1 and len(pushes(carl, bad)) == 1)
        for order_id in (good, bad):
            carl.press_data(f"ord:{order_id}")
            detail = await carl.expect(f"Order #{order_id}\nService:")
            carl.press("Refill", detail)
            done = await carl.expect("Refill requested")
            assert not any(b["text"][2:] == "Refill" for b in done.buttons), "cooldown: no second refill"
        assert len(running.sandbox.actions("refill")) == 2
        await running.shop.refills.sync()
        await carl.expect(f"refill of order #{good} is completed")
        await carl.expect(f"refill of order #{bad} was not accepted")
        assert await running.shop.refills.sync() == 0, "a result is told once"


async def test_refill_all_eligible_uses_one_batch_call(launch):
    async with launch(**FAST) as running:
        dina = running.user(5004)
        await fund(running, 5004, "1000000")
        for quantity in ("1000", "1100", "1200"):
            await place(dina, quantity)
        await running.shop.tracking.sync_orders()
        await eventually(lambda: len([m for m in dina.chat if m.text.startswith("📦 Order #")]) == 3)
        dina.send("/start")
        await dina.expect("What would you like to do?")
        dina.press("My orders")
        await dina.expect("Your orders")
        dina.press("Refill all eligible")
        await dina.expect("Refill requested for 3 orders")
        [call] = running.sandbox.actions("refill")
        assert len(call["orders"].split(",")) == 3


async def test_cancel_a_pending_order_and_the_refund_follows(launch):
    async with launch(**FAST) as running:
        running.sandbox.pending_seconds = 3600
        running.sandbox.set_profiles("standard")  # the seed dialect does not say which services can be canceled
        await running.shop.catalog.sync()
        eve = running.user(5005)
        await fund(running, 5005, "100000")
        order_id = await place(eve, "1000", service="#1 Facebook views")
        eve.press(f"Follow order #{order_id}")
        detail = await eve.expect(f"Order #{order_id}\nService:")
        eve.press("Cancel order", detail)
        await eve.expect("Cancellation requested")
        await running.shop.tracking.sync_orders()
        await eventually(lambda: len(pushes(eve, order_id)) == 1)
        assert "Canceled" in pushes(eve, order_id)[0] and "4 VND is back" in pushes(eve, order_id)[0]
        assert await running.shop.customers.balance(5005) == Decimal(100000)


async def test_the_outbox_survives_a_restart(launch):
    async with launch(status_sync_seconds=3600, outbox_poll_seconds=3600) as running:
        bot = running.bot
        fay = running.user(5006)
        await fund(running, 5006, "100000")
        order_id = await place(fay, "1000")
        await running.shop.tracking.sync_orders()
        assert await running.shop.outbox.pending_count() == 1
    assert not pushes(fay, order_id)
    async with launch(bot=bot, **FAST) as restarted:
        fay = restarted.user(5006)
        await eventually(lambda: len(pushes(fay, order_id)) == 1)
        await eventually(_outbox_empty(restarted))
        assert len(pushes(fay, order_id)) == 1


async def test_a_customer_who_blocked_the_bot_is_marked_and_skipped(launch, fake_telegram):
    async with launch(**FAST) as running:
        gil = running.user(5007)
        await fund(running, 5007, "1000000")
        first = await place(gil, "1000")
        second = await place(gil, "1100")
        before = len(fake_telegram.calls)
        fake_telegram.blocked.add(5007)
        try:
            await running.shop.tracking.sync_orders()
            user = await eventually(_blocked(running, 5007))
            assert user.is_blocked
            await eventually(_outbox_empty(running))  # marked blocked first, then the chat's queue dropped
            tries = [p for _, m, p in fake_telegram.calls[before:] if m == "sendMessage" and p.get("chat_id") == "5007"]
            assert len(tries) == 1, "one 403, then the rest of the queue is dropped, not tried"
            assert await running.shop.outbox.pending_count() == 0
            assert not pushes(gil, first) and not pushes(gil, second)
        finally:
            fake_telegram.blocked.discard(5007)


def _blocked(running, user_id):
    async def check():
        user = await running.shop.customers.get(user_id)
        return user if user and user.is_blocked else None

    return check


def _outbox_empty(running):
    async def check():
        return await running.shop.outbox.pending_count() == 0

    return check
