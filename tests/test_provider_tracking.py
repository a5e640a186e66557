"""Tracking, refills and cancels with two providers: each order is followed, refilled and cancelled on the panel
that holds it, status calls are batched per provider, and one provider's trouble stays its own.

Two in-process sandbox panels share one clock: `main` finishes orders in 70 s, `backup` in 610 s, so after a
sync each order's state says which panel it was asked of. Both number their orders from the same start, so the
same panel order ID is held by an order on each.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from types import SimpleNamespace

import pytest
from telegram.ext import ApplicationBuilder

from bot import jobs
from bot.config import Settings
from bot.panel import NewOrder, PanelClient, PanelUnavailable
from bot.panel.sandbox import ManualClock, SandboxPanel
from bot.shop.capabilities import PanelAction
from bot.shop.my_orders import Note, OrderAct, Why
from bot.shop.shop import Shop
from bot.store import OrderRepo, OrderState
from bot.store.settings import ShopSettingsRepo
from tests.conftest import eventually
from tests.harness import db_of, orders_of, sandbox_client

SERVICE = "1"  # Facebook views: refill and cancel; 1 000 units end Completed


@pytest.fixture
async def world(tmp_path):
    clock = ManualClock()
    panels = {
        "main": SandboxPanel(key="k", clock=clock, pending_seconds=10, progress_seconds=60),
        "backup": SandboxPanel(key="kb", clock=clock, pending_seconds=10, progress_seconds=600),
    }
    clients = {name: sandbox_client(panel) for name, panel in panels.items()}
    settings = Settings(
        _env_file=None,
        database_path=tmp_path / "db.sqlite3",
        providers={"backup": {}},
        sync_flag_after=3,
        status_sync_seconds=0.05,  # for the tests that run the jobs on PTB's job queue
        outbox_poll_seconds=3600,
    )
    shop = await Shop.open(settings, clients["main"], clients={"backup": clients["backup"]})
    await shop.catalog.sync()
    await shop.customers.register(1, None, "A")
    yield SimpleNamespace(shop=shop, clock=clock, panels=panels, clients=clients)
    await shop.close()


async def placed_on(shop: Shop, client: PanelClient, provider: str, count: int, tag: str = "") -> list[int]:
    """`count` orders added straight on `provider`'s panel and stored as the shop's, Pending there."""
    repo = OrderRepo(db_of(shop))
    ids = []
    for number in range(count):
        link = f"https://facebook.com/p/{provider}{tag}/{number}"
        panel_id = await client.add(NewOrder(SERVICE, link, 1000))
        order_id = await repo.create(
            token=f"{provider}{tag}-{number}",
            user_id=1,
            service_id=SERVICE,
            link=link,
            quantity=1000,
            extras={},
            price=Decimal(100),
            cost=Decimal(3),
            currency="VND",
            provider=provider,
        )
        await repo.set_state(order_id, OrderState.PENDING, panel_order_id=panel_id)
        ids.append(order_id)
    return ids


def states(orders: dict, ids: list[int]) -> set[str]:
    return {orders[order_id].state for order_id in ids}


async def all_orders(shop: Shop) -> dict:
    rows = await db_of(shop).fetch_all("SELECT id FROM orders")
    return await orders_of(shop).many([row["id"] for row in rows])


async def all_orders_in(shop: Shop, ids: list[int]) -> set[str]:
    return states(await all_orders(shop), ids)


async def test_150_orders_on_two_providers_take_three_status_calls_and_follow_their_own_panel(world):
    shop, panels = world.shop, world.panels
    on_main = await placed_on(shop, world.clients["main"], "main", 110)
    on_backup = await placed_on(shop, world.clients["backup"], "backup", 40)
    world.clock.advance(100)  # main: Completed; backup: In progress
    report = await shop.tracking.sync_orders()

    main_calls, backup_calls = panels["main"].actions("status"), panels["backup"].actions("status")
    assert len(main_calls) + len(backup_calls) == 3 == -(-110 // 100) + -(-40 // 100)
    assert sorted(len(c["orders"].split(",")) for c in main_calls) == [10, 100]
    assert [len(c["orders"].split(",")) for c in backup_calls] == [40]
    assert report.tracked == 150 and len(report.changes) == 150 and report.failed == {}
    orders = await all_orders(shop)
    assert states(orders, on_main) == {"completed"} and states(orders, on_backup) == {"in_progress"}

    shared = {orders[i].panel_order_id for i in on_main} & {orders[i].panel_order_id for i in on_backup}
    assert len(shared) == 40, "both panels numbered these orders alike"
    for panel_id in shared:
        mine, theirs = (
            await orders_of(shop).by_panel_id(panel_id, "main"),
            await orders_of(shop).by_panel_id(panel_id, "backup"),
        )
        assert (mine.state, theirs.state) == ("completed", "in_progress"), "each its own panel's answer"

    world.clock.advance(600)
    await shop.tracking.sync_orders()
    assert len(panels["main"].actions("status")) == 2, "main's orders are final: not asked again"
    assert len(panels["backup"].actions("status")) == 2
    assert states(await all_orders(shop), on_backup) == {"completed"}


async def test_a_provider_down_keeps_its_orders_as_they_were_while_the_other_moves(world):
    shop, panels = world.shop, world.panels
    on_main = await placed_on(shop, world.clients["main"], "main", 3)
    on_backup = await placed_on(shop, world.clients["backup"], "backup", 3)
    panels["backup"].set_profiles("garbage", garbage_every=1)
    world.clock.advance(30)
    report = await shop.tracking.sync_orders()
    assert list(report.failed) == ["backup"]
    orders = await all_orders(shop)
    assert states(orders, on_main) == {"in_progress"} and states(orders, on_backup) == {"pending"}
    assert {orders[i].sync_errors for i in on_backup} == {0}, "an outage is no error of any one order"
    assert await shop.outbox.pending_count() == 3, "only main's customers are told of a change"

    panels["backup"].set_profiles()
    report = await shop.tracking.sync_orders()
    assert report.failed == {} and states(await all_orders(shop), on_backup) == {"in_progress"}


async def test_the_status_job_backs_off_a_broken_provider_alone(world):
    shop, panels = world.shop, world.panels
    first = await placed_on(shop, world.clients["main"], "main", 2)
    await placed_on(shop, world.clients["backup"], "backup", 2)
    panels["backup"].set_profiles("garbage", garbage_every=1)
    syncs = {name: jobs.StatusSync(name, jobs.Backoff(base=600)) for name in ("main", "backup")}
    application = SimpleNamespace(bot_data={"shop": shop})

    async def tick() -> None:  # each provider's job, as the job queue runs them
        for sync in syncs.values():
            await jobs.sync_statuses(SimpleNamespace(job=SimpleNamespace(data=sync), application=application))

    world.clock.advance(30)
    await tick()
    assert (syncs["main"].backoff.ready(), syncs["backup"].backoff.ready()) == (True, False)
    asked_backup = len(panels["backup"].actions("status"))

    later = await placed_on(shop, world.clients["main"], "main", 2, tag="later")
    world.clock.advance(30)
    await tick()  # backup still backing off: main is synced all the same
    orders = await all_orders(shop)
    assert states(orders, first) == {"in_progress"} and states(orders, later) == {"in_progress"}
    assert len(panels["backup"].actions("status")) == asked_backup, "the broken provider waits out its backoff"


async def test_a_panel_failing_only_on_refill_status_keeps_its_orders_tracked_every_run(world, monkeypatch, caplog):
    """Refill status going wrong is logged; it does not back off the provider's order tracking."""
    shop = world.shop
    first = await placed_on(shop, world.clients["main"], "main", 2)

    async def refill_status_down(provider: str | None, failed: dict) -> None:
        failed[provider or "main"] = PanelUnavailable("refill status down")

    monkeypatch.setattr(shop.refills, "sync", refill_status_down)
    sync = jobs.StatusSync("main", jobs.Backoff(base=600))
    context = SimpleNamespace(job=SimpleNamespace(data=sync), application=SimpleNamespace(bot_data={"shop": shop}))
    world.clock.advance(30)
    await jobs.sync_statuses(context)
    assert sync.backoff.ready(), "the next run syncs main's orders as usual"
    assert states(await all_orders(shop), first) == {"in_progress"}
    assert "refill status sync: provider main: " in caplog.text


async def test_a_provider_whose_panel_hangs_holds_up_no_other_providers_status_sync(world):
    """The jobs as PTB's job queue runs them: backup's `status` call hangs (no answer, no timeout yet), and
    main's orders still move at main's next ticks; once backup answers again, its orders catch up."""
    shop, panels = world.shop, world.panels
    on_main = await placed_on(shop, world.clients["main"], "main", 2)
    on_backup = await placed_on(shop, world.clients["backup"], "backup", 2)
    panels["backup"].hang("status")

    async def nothing(*args: object) -> int:
        return 0

    application = ApplicationBuilder().token("1:TEST").build()
    application.bot_data.update(shop=shop, notifier=SimpleNamespace(drain=nothing))
    jobs.schedule(application)
    world.clock.advance(30)  # main and backup: In progress
    await application.job_queue.start()
    try:
        await eventually(lambda: panels["backup"].hanging, equals=1)
        await eventually(lambda: all_orders_in(shop, on_main), equals={"in_progress"})
        world.clock.advance(100)  # main: Completed; backup's panel still silent
        await eventually(lambda: all_orders_in(shop, on_main), equals={"completed"})
        assert await all_orders_in(shop, on_backup) == {"pending"}, "backup's orders wait for its answer"

        panels["backup"].release()
        await eventually(lambda: all_orders_in(shop, on_backup), equals={"in_progress"})
    finally:
        panels["backup"].release()
        await application.job_queue.stop(wait=True)


async def test_refresh_refill_and_cancel_reach_the_provider_that_holds_the_order(world):
    shop, panels = world.shop, world.panels
    [main_done] = await placed_on(shop, world.clients["main"], "main", 1)
    [backup_done] = await placed_on(shop, world.clients["backup"], "backup", 1)
    world.clock.advance(100)
    await shop.tracking.sync_orders()
    before = {name: len(panel.actions("status")) for name, panel in panels.items()}
    world.clock.advance(600)
    view = await shop.my_orders.view(1, backup_done, OrderAct.REFRESH)
    assert view.order.state == "completed"
    assert len(panels["backup"].actions("status")) == before["backup"] + 1
    assert len(panels["main"].actions("status")) == before["main"], "main was not asked about it"

    view = await shop.my_orders.view(1, backup_done, OrderAct.REFILL)
    assert view.note is Note.REFILL_SENT
    assert len(panels["backup"].actions("refill")) == 1 and panels["main"].actions("refill") == []
    assert panels["backup"].actions("refill")[0]["order"] == view.order.panel_order_id
    view = await shop.my_orders.view(1, main_done, OrderAct.REFILL)
    assert view.note is Note.REFILL_SENT and len(panels["main"].actions("refill")) == 1

    assert await shop.refills.sync() == 0  # both refills asked of their own panel (their IDs are alike too)
    assert [len(panel.actions("refill_status")) for panel in panels.values()] == [1, 1]

    [pending] = await placed_on(shop, world.clients["backup"], "backup", 1, tag="cancel")
    assert await shop.tracking.cancel(await orders_of(shop).get(pending)) is True
    assert len(panels["backup"].actions("cancel")) == 1 and panels["main"].actions("cancel") == []
    await shop.tracking.sync_orders()
    assert (await orders_of(shop).get(pending)).state == "canceled"


async def test_refill_all_calls_each_provider_for_its_own_orders(world):
    shop, panels = world.shop, world.panels
    await placed_on(shop, world.clients["main"], "main", 150)
    await placed_on(shop, world.clients["backup"], "backup", 30)
    world.clock.advance(700)
    await shop.tracking.sync_orders()
    result = await shop.my_orders.refill_all(1)
    assert (result.eligible, result.accepted, result.panel_busy) == (180, 180, False)
    assert sorted(len(c["orders"].split(",")) for c in panels["main"].actions("refill")) == [50, 100]
    assert [len(c["orders"].split(",")) for c in panels["backup"].actions("refill")] == [30]


async def test_a_provider_without_refills_does_not_hide_refills_on_the_other(world):
    shop, panels = world.shop, world.panels
    panels["backup"].set_profiles("no_refill")
    [main_done] = await placed_on(shop, world.clients["main"], "main", 1)
    [backup_done, backup_other] = await placed_on(shop, world.clients["backup"], "backup", 2)
    world.clock.advance(700)
    await shop.tracking.sync_orders()

    view = await shop.my_orders.view(1, backup_done, OrderAct.REFILL)
    assert (view.note, view.why, view.can_refill) == (Note.REFILL_REFUSED, Why.NO_REFILLS, False)
    assert await shop.capabilities.lacking("backup") == {PanelAction.REFILL}
    assert await shop.capabilities.lacking("main") == frozenset()
    settings = ShopSettingsRepo(db_of(shop))
    assert await settings.get("panel_lacks:refill:backup") is not None
    assert await settings.get("panel_lacks:refill") is None, "main's own key says nothing of backup"

    assert not (await shop.my_orders.view(1, backup_other)).can_refill, "gone from every order of backup"
    assert (await shop.my_orders.view(1, main_done)).can_refill, "still offered on main"
    assert (await shop.my_orders.page(1, 0, 10)).any_refillable
    result = await shop.my_orders.refill_all(1)
    assert (result.eligible, result.accepted, result.no_refills) == (1, 1, False)
    assert len(panels["backup"].actions("refill")) == 1, "backup was asked once, then no more"


async def test_main_keeps_what_it_learned_under_its_old_key(world):
    """A database of the one-panel version knows main lacks cancel: still known, and backup is not affected."""
    shop = world.shop
    await ShopSettingsRepo(db_of(shop)).set("panel_lacks:cancel", "2999-01-01T00:00:00+00:00")
    assert await shop.capabilities.lacking("main") == {PanelAction.CANCEL}
    assert await shop.capabilities.lacking("backup") == frozenset()


async def test_orders_of_a_provider_no_longer_configured_keep_their_state_and_are_logged_once(world, caplog):
    shop = world.shop
    [gone] = await placed_on(shop, world.clients["backup"], "old", 1)  # a provider since removed from settings
    [main] = await placed_on(shop, world.clients["main"], "main", 1)
    world.clock.advance(30)
    with caplog.at_level(logging.WARNING, logger="bot.shop.tracking"):
        for _ in range(2):
            report = await shop.tracking.sync_orders()
            assert report.tracked == 1 and report.failed == {}
        for provider in ("main", "backup"):  # the status jobs' runs, one per provider
            assert (await shop.tracking.sync_orders(provider)).failed == {}
    told = [r for r in caplog.records if "provider old is not configured" in r.getMessage()]
    assert len(told) == 1, "logged once a run, however many providers' syncs run"
    assert (await orders_of(shop).get(gone)).state == "pending" and (await orders_of(shop).get(main)).state == (
        "in_progress"
    )
    view = await shop.my_orders.view(1, gone, OrderAct.REFRESH)
    assert view.note is Note.REFRESH_FAILED and view.order.state == "pending" and not view.can_cancel
