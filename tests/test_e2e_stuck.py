"""End to end: an order that takes longer than usual is flagged once to the admin group, and its customer
sees that it is being watched."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from bot.panel.sandbox import ManualClock
from tests.conftest import eventually
from tests.harness import orders_of
from tests.ordering_steps import fund, place

GROUP = -100778
HOUR = 3600
ADMIN = dict(
    admin_ids="9001",
    admin_chat_id=GROUP,
    status_sync_seconds=3600,
    outbox_poll_seconds=0.05,
    push_chat_interval=0.05,
    push_group_interval=0.05,
    stuck_default_hours=2,
    stuck_factor=3,
)


@pytest.fixture(autouse=True)
def fresh_admin_group(fake_telegram):
    with fake_telegram.lock:
        fake_telegram.chats.pop(GROUP, None)


def late_notices(fake) -> list[str]:
    return [m.text for m in fake.messages(GROUP) if "taking longer than usual" in m.text]


async def test_a_stuck_order_is_flagged_once_and_the_customer_sees_it_is_watched(launch, fake_telegram):
    async with launch(**ADMIN) as running:
        clock = ManualClock(start=time.time())  # the sandbox and the shop's timing move together
        running.sandbox.clock = clock
        running.sandbox.pending_seconds, running.sandbox.progress_seconds = 10, 1000 * HOUR  # never ends
        running.shop.tracking.timing.clock = lambda: datetime.fromtimestamp(clock(), UTC)
        gina = running.user(5011)
        await fund(running, 5011, "100000")
        order_id = await place(gina, "1000")
        placed_at = datetime.fromisoformat((await orders_of(running.shop).get(order_id)).created_at).timestamp()
        clock.advance(placed_at + 1 - clock())  # the clock starts at the second the order was placed
        clock.advance(5 * HOUR)  # typical 2 h (the default: no completed orders yet) × 3 = 6 h
        await running.shop.tracking.sync_orders()
        gina.press(f"Follow order #{order_id}")
        detail = await gina.expect(f"Order #{order_id}\nService:")
        assert "Taking longer than usual" not in detail.text

        clock.advance(2 * HOUR)
        for _ in range(3):
            await running.shop.tracking.sync_orders()
        await eventually(lambda: len(late_notices(fake_telegram)) == 1)
        [notice] = late_notices(fake_telegram)
        assert f"Order #{order_id}" in notice and "7h 0m since it was placed, typical 2h 0m" in notice

        gina.press("Refresh", detail)
        refreshed = await gina.expect("Taking longer than usual")
        assert "we are keeping an eye on it" in refreshed.text and f"Order #{order_id}" in refreshed.text

        boss = running.user(9001, "Boss")
        boss.send(f"/order {order_id}")
        reply = await boss.expect("Typical time")
        assert "Typical time: 2h 0m (default) · so far: 7h 0m · late after 6h 0m ⏳ late" in reply.text

        for _ in range(2):
            await running.shop.tracking.sync_orders()
        await eventually(lambda: running.shop.outbox.pending_count(), equals=0)
        assert len(late_notices(fake_telegram)) == 1, "flagged once"
