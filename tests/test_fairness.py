"""Nobody waits behind somebody else's backlog: an admin's flood of updates leaves the customers' updates
free to run, and a job whose run hangs is skipped (not stacked) until that run ends."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from telegram import Chat, Message, Update, User
from telegram.ext import ApplicationBuilder

from bot import jobs
from bot.config import Settings
from bot.panel import NewOrder, PanelClient, PanelUnavailable
from bot.panel.sandbox import SANDBOX_URL, SandboxPanel, SandboxTransport
from bot.telegram.updates import PerUserSequential
from tests.conftest import eventually


def update_from(user_id: int, update_id: int) -> Update:
    user = User(user_id, f"user {user_id}", is_bot=False)
    message = Message(update_id, datetime.now(UTC), Chat(user_id, Chat.PRIVATE), from_user=user, text="/stats")
    return Update(update_id, message=message)


async def test_a_flood_of_one_admins_updates_never_delays_a_customer():
    processor = PerUserSequential(max_concurrent_updates=4)
    handled: list[tuple[int, int]] = []
    admin_may_go_on = asyncio.Event()

    async def handle(user_id: int, number: int) -> None:
        if user_id == 1:
            await admin_may_go_on.wait()  # a long /broadcast, and 49 more commands behind it
        handled.append((user_id, number))

    flood = [asyncio.create_task(processor.process_update(update_from(1, n), handle(1, n))) for n in range(50)]
    await eventually(lambda: processor.running, equals=1)  # the admin's first; the other 49 hold no slot
    customers = [
        asyncio.create_task(processor.process_update(update_from(2 + n, 100 + n), handle(2 + n, 0))) for n in range(3)
    ]
    await asyncio.wait_for(asyncio.gather(*customers), timeout=2)
    assert handled == [(2, 0), (3, 0), (4, 0)]

    admin_may_go_on.set()
    await asyncio.wait_for(asyncio.gather(*flood), timeout=2)
    assert [number for user, number in handled if user == 1] == list(range(50)), "one user's updates in order"


async def test_a_hanging_status_sync_is_skipped_not_stacked_and_runs_again_when_it_ends(caplog):
    caplog.set_level(logging.WARNING, logger="apscheduler")
    runs = SimpleNamespace(started=0, running=0, most=0)
    sync_may_end = asyncio.Event()

    async def sync_orders(provider=None) -> SimpleNamespace:
        runs.started += 1
        runs.running += 1
        runs.most = max(runs.most, runs.running)
        try:
            if runs.started == 1:
                await sync_may_end.wait()  # the panel hangs
        finally:
            runs.running -= 1
        return SimpleNamespace(failed={})

    async def nothing(*args: object) -> int:
        return 0

    settings = Settings(_env_file=None, status_sync_seconds=0.05, outbox_poll_seconds=3600)
    shop = SimpleNamespace(
        settings=settings,
        tracking=SimpleNamespace(sync_orders=sync_orders),
        refills=SimpleNamespace(sync=nothing),
    )
    application = ApplicationBuilder().token("1:TEST").build()
    application.bot_data.update(shop=shop, notifier=SimpleNamespace(drain=lambda bot: nothing()))
    jobs.schedule(application)
    for job in application.job_queue.jobs():  # catalog, status, balance, outbox: none ever overlaps itself
        assert (job.job.max_instances, job.job.coalesce) == (1, True), job.name
    await application.job_queue.start()
    try:
        skipped = lambda: caplog.text.count("maximum number of running instances reached")  # noqa: E731
        await eventually(lambda: skipped() >= 5)  # five ticks went by while the first run hung
        assert (runs.started, runs.running) == (1, 1), "skipped, not started and not queued"
        sync_may_end.set()
        await eventually(lambda: runs.started >= 3)  # the next ticks run as usual, one at a time
        assert runs.most == 1
    finally:
        await application.job_queue.stop(wait=False)


async def test_a_lane_of_the_panel_client_neither_waits_for_the_others_slots_nor_cuts_placement_short():
    sandbox = SandboxPanel(key="k", pending_seconds=3600, progress_seconds=3600)
    background = PanelClient(SANDBOX_URL, "k", transport=SandboxTransport(sandbox), read_timeout=30, max_concurrency=1)
    lane = background.lane(read_timeout=0.2, read_retries=0, wait_timeout=0.2)
    placed = await lane.add(NewOrder("1", "https://facebook.com/p/1", 1000))
    sandbox.hang("status", "add")
    try:
        sync = asyncio.create_task(background.statuses([placed]))  # holds the background client's one slot
        await eventually(lambda: sandbox.hanging, equals=1)
        assert (await lane.balance()).amount > 0, "the lane has its own slots"
        with pytest.raises(PanelUnavailable) as slow:
            await lane.status(placed)
        assert slow.value.timed_out, "told apart from a broken panel: the customer reads 'slow'"

        placing = asyncio.create_task(lane.add(NewOrder("1", "https://facebook.com/p/2", 1000)))
        done, _ = await asyncio.wait([placing], timeout=0.5)
        assert not done, "placing keeps the full read timeout (a timeout there makes an order uncertain)"
        sandbox.release()
        assert await placing
        assert placed in await sync
    finally:
        sandbox.release()
        await lane.aclose()
        await background.aclose()
