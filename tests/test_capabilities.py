"""A panel without `refill`, `refill_status` or `cancel`: the shop learns it, stops asking and offering it,
tells the admins once, remembers it across a restart and asks again after the re-check interval."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from urllib.parse import parse_qsl

import httpx
import pytest

from bot.config import Settings
from bot.panel import ErrorKind, PanelClient, PanelRefused
from bot.panel.sandbox import SANDBOX_URL, ManualClock, SandboxPanel, SandboxTransport
from bot.shop.capabilities import PanelAction
from bot.shop.drafts import Draft
from bot.shop.my_orders import Note, OrderAct, Why
from bot.shop.shop import Shop
from bot.store import RefillState
from bot.store.outbox import OutboxRepo
from bot.store.refills import RefillRepo
from tests.harness import db_of, place_now

ADMIN_CHAT = -100777
NO_SUCH_ACTION = "This action is Invalid"


class LackingTransport(httpx.AsyncBaseTransport):
    """The sandbox, except that the actions in `lacking` get a whole-call error, as panels without them answer."""

    def __init__(self, inner: SandboxTransport) -> None:
        self.inner = inner
        self.lacking: dict[str, str] = {}  # action -> the error text the whole call gets
        self.asked: list[str] = []  # the lacking actions asked for

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        action = dict(parse_qsl((await request.aread()).decode())).get("action", "")
        if action in self.lacking:
            self.asked.append(action)
            return httpx.Response(200, json={"error": self.lacking[action]})
        return await self.inner.handle_async_request(request)


class Client(PanelClient):
    """Classifies "This action is Invalid" as UNSUPPORTED, in case the client in this tree does not yet."""

    def _judge(self, action, response, *, write):
        try:
            return super()._judge(action, response, write=write)
        except PanelRefused as refused:
            if refused.text == NO_SUCH_ACTION and refused.kind is not ErrorKind.UNSUPPORTED:
                raise PanelRefused(refused.text, ErrorKind.UNSUPPORTED) from None
            raise


class Now:
    """The capabilities' clock, moved by hand."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 12, 1, 12, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, hours: float) -> None:
        self.moment += timedelta(hours=hours)


async def open_shop(tmp_path, sandbox: SandboxPanel, transport: LackingTransport, now: Now) -> Shop:
    client = Client(SANDBOX_URL, "k", transport=transport, read_retries=0)
    settings = Settings(_env_file=None, database_path=tmp_path / "db.sqlite3", admin_chat_id=ADMIN_CHAT)
    shop = await Shop.open(settings, client)
    shop.capabilities.clock = now
    return shop


@pytest.fixture
async def world(tmp_path):
    clock = ManualClock()
    sandbox = SandboxPanel(key="k", clock=clock, pending_seconds=10, progress_seconds=60)
    sandbox.set_profiles("standard")  # says which services can be canceled
    transport = LackingTransport(SandboxTransport(sandbox))
    now = Now()
    shop = await open_shop(tmp_path, sandbox, transport, now)
    await shop.catalog.sync()
    await shop.customers.register(1, None, "A")
    await shop.wallet.apply(1, Decimal(10**9), "deposit", "d1")
    world = {"shop": shop, "sandbox": sandbox, "clock": clock, "transport": transport, "now": now, "path": tmp_path}
    yield world
    await world["shop"].close()


async def completed_order(shop: Shop, clock: ManualClock, number: int = 1) -> int:
    """A Completed order of a refillable, cancellable service (Facebook views)."""
    placed = await place_now(shop, 1, Draft("1", link=f"https://facebook.com/p/{number}", quantity=1000))
    clock.advance(200)
    await shop.tracking.sync_orders()
    return placed.order.id


async def notices(shop: Shop) -> list[str]:
    return [m.payload["key"] for m in await OutboxRepo(db_of(shop)).due(1000) if m.chat_id == ADMIN_CHAT]


async def test_a_panel_without_refills_hides_the_buttons_and_the_admins_hear_once(world):
    shop, transport, now = world["shop"], world["transport"], world["now"]
    first = await completed_order(shop, world["clock"], 1)
    await completed_order(shop, world["clock"], 2)
    assert (await shop.my_orders.view(1, first)).can_refill
    assert (await shop.my_orders.page(1, 0, 10)).any_refillable
    transport.lacking["refill"] = NO_SUCH_ACTION

    view = await shop.my_orders.view(1, first, OrderAct.REFILL)
    assert (view.note, view.why, view.can_refill) == (Note.REFILL_REFUSED, Why.NO_REFILLS, False)
    assert not (await shop.my_orders.page(1, 0, 10)).any_refillable, "no Refill all eligible"
    result = await shop.my_orders.refill_all(1)
    assert result.no_refills and result.accepted == 0
    assert await RefillRepo(db_of(shop)).latest_for(first) is None
    again = await shop.my_orders.view(1, first, OrderAct.REFILL)  # a stale button
    assert (again.note, again.why, again.can_refill) == (Note.REFILL_REFUSED, Why.NO_REFILLS, False)
    assert transport.asked == ["refill"], "asked once, then no more"
    assert (await notices(shop)).count("admin.unsupported") == 1
    assert await shop.capabilities.lacking() == {PanelAction.REFILL}

    now.advance(23)
    assert not (await shop.my_orders.view(1, first)).can_refill
    now.advance(1)  # the re-check: offered again, and the panel asked again
    assert (await shop.my_orders.view(1, first)).can_refill
    view = await shop.my_orders.view(1, first, OrderAct.REFILL)
    assert (view.why, view.can_refill) == (Why.NO_REFILLS, False)
    assert transport.asked == ["refill", "refill"]
    assert (await notices(shop)).count("admin.unsupported") == 1, "known already: not told again"

    now.advance(24)
    del transport.lacking["refill"]  # the panel has refills now
    view = await shop.my_orders.view(1, first, OrderAct.REFILL)
    assert view.note is Note.REFILL_SENT and await shop.capabilities.lacking() == frozenset()


async def test_refill_all_learns_it_from_the_many_orders_call(world):
    shop, transport = world["shop"], world["transport"]
    for number in (1, 2):
        await completed_order(shop, world["clock"], number)
    transport.lacking["refill"] = NO_SUCH_ACTION
    result = await shop.my_orders.refill_all(1)
    assert (result.eligible, result.accepted, result.no_refills) == (2, 0, True)
    assert not (await shop.my_orders.page(1, 0, 10)).any_refillable
    assert (await shop.my_orders.refill_all(1)).no_refills
    assert transport.asked == ["refill"]


async def test_a_panel_without_refill_status_leaves_refills_open_and_is_asked_after_the_recheck(world):
    shop, transport, now = world["shop"], world["transport"], world["now"]
    order_id = await completed_order(shop, world["clock"])
    assert (await shop.my_orders.view(1, order_id, OrderAct.REFILL)).note is Note.REFILL_SENT
    transport.lacking["refill_status"] = NO_SUCH_ACTION
    world["clock"].advance(10_000)

    for _ in range(3):
        assert await shop.refills.sync() == 0
    refill = await RefillRepo(db_of(shop)).latest_for(order_id)
    assert refill.state == RefillState.PENDING, "left as it was, never rejected"
    assert transport.asked == ["refill_status"], "not asked again before the re-check"
    assert (await notices(shop)).count("admin.unsupported") == 1

    now.advance(24)
    await shop.refills.sync()
    assert transport.asked == ["refill_status"] * 2
    assert (await RefillRepo(db_of(shop)).latest_for(order_id)).state == RefillState.PENDING

    now.advance(24)
    del transport.lacking["refill_status"]
    assert await shop.refills.sync() == 1, "the panel answers again: the refill is followed"
    assert (await RefillRepo(db_of(shop)).latest_for(order_id)).state == RefillState.COMPLETED
    assert await shop.capabilities.lacking() == frozenset()


async def test_a_whole_call_refill_not_found_rejects_no_refill(world):
    shop, transport = world["shop"], world["transport"]
    orders = [await completed_order(shop, world["clock"], number) for number in (1, 2)]
    assert (await shop.my_orders.refill_all(1)).accepted == 2
    transport.lacking["refill_status"] = "Refill not found"  # one answer for both refills
    assert await shop.refills.sync() == 0
    for order_id in orders:
        assert (await RefillRepo(db_of(shop)).latest_for(order_id)).state == RefillState.PENDING
    assert await shop.capabilities.lacking() == frozenset(), "not a missing action either"


async def test_a_panel_without_cancel_hides_the_button(world):
    shop, transport = world["shop"], world["transport"]
    placed = await place_now(shop, 1, Draft("1", link="https://facebook.com/p/9", quantity=1000))
    assert (await shop.my_orders.view(1, placed.order.id)).can_cancel
    transport.lacking["cancel"] = NO_SUCH_ACTION
    view = await shop.my_orders.view(1, placed.order.id, OrderAct.CANCEL)
    assert (view.note, view.why, view.can_cancel) == (Note.CANCEL_REFUSED, Why.NO_CANCEL, False)
    assert (await shop.tracking.cancel(placed.order)).kind is ErrorKind.UNSUPPORTED
    assert transport.asked == ["cancel"]
    assert (await notices(shop)).count("admin.unsupported") == 1


async def test_what_was_learned_survives_a_restart(world):
    shop, transport, now = world["shop"], world["transport"], world["now"]
    order_id = await completed_order(shop, world["clock"])
    transport.lacking["refill"] = NO_SUCH_ACTION
    await shop.my_orders.view(1, order_id, OrderAct.REFILL)
    await shop.close()

    world["shop"] = shop = await open_shop(world["path"], world["sandbox"], transport, now)
    assert not (await shop.my_orders.view(1, order_id)).can_refill
    assert await shop.capabilities.lacking() == {PanelAction.REFILL}
    assert (await notices(shop)).count("admin.unsupported") == 1
    now.advance(24)
    assert (await shop.my_orders.view(1, order_id)).can_refill
