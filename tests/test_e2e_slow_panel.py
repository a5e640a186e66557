"""End to end: a panel that hangs never freezes a customer. The status sync hangs on it and holds every
background connection; a Refresh still comes back within PANEL_INTERACTIVE_TIMEOUT with the last known
state and "the provider is slow", and the customer's next press is answered at once."""

from __future__ import annotations

import time

from bot.store import OrderState
from tests.conftest import eventually
from tests.harness import orders_of
from tests.ordering_steps import fund, place

HANGING = dict(
    panel_interactive_timeout=0.3,
    panel_max_concurrency=1,  # the hanging sync holds the one background connection
    panel_read_timeout=30,  # the sync's call would hang this long: the test releases it first
    status_sync_seconds=0.1,
)


async def test_a_refresh_on_a_hanging_panel_shows_the_last_known_state_and_the_next_press_is_prompt(launch):
    async with launch(**HANGING) as running:
        sandbox = running.sandbox
        sandbox.pending_seconds, sandbox.progress_seconds = 3600, 3600  # the order stays Pending
        dao = running.user(7101)
        await fund(running, 7101, "100000")
        order_id = await place(dao, "1000")
        dao.press(f"Follow order #{order_id}")
        detail = await dao.expect(f"Order #{order_id}\nService:")
        assert "Status: Pending" in detail.text
        sandbox.hang()
        try:
            await eventually(lambda: sandbox.hanging >= 1)  # the status sync is waiting on the panel

            started = time.monotonic()
            dao.press("Refresh", detail)
            slow = await dao.expect("slow to answer", timeout=3)
            assert time.monotonic() - started < 2, "within the interactive timeout, not the sync's 30 s"
            assert "Status: Pending" in slow.text and "this is the last known status" in slow.text
            assert sandbox.hanging >= 2, "the sync is still hanging, and so is the Refresh's unanswered call"
            assert (await orders_of(running.shop).get(order_id)).state is OrderState.PENDING

            started = time.monotonic()
            dao.press("My orders", slow)
            await dao.expect("Your orders", timeout=2)
            dao.send("/start")
            await dao.expect("What would you like to do?", timeout=2)
            assert time.monotonic() - started < 2
        finally:
            sandbox.release()
        await eventually(lambda: sandbox.hanging, equals=0)


async def test_an_admin_asking_the_panel_balance_of_a_hanging_panel_gets_the_last_known_one(launch):
    async with launch(admin_ids="9101", **HANGING) as running:
        boss = running.user(9101, "Boss")
        boss.send("/pbalance")
        fresh = await boss.expect("Panel balance")
        assert "slow" not in fresh.text
        running.sandbox.hang("balance")
        try:
            boss.send("/pbalance")
            stale = await boss.expect("Last known: the panel is slow to answer", timeout=3)
            assert stale.text.split("\n")[0] == fresh.text.split("\n")[0]
        finally:
            running.sandbox.release()
