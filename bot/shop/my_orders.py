"""My orders: a customer's orders as their screens show them, and what they may ask of one.

Every call takes the customer's ID and looks the order up *for them*: a forged or stale button
finds nothing and reveals nothing. Panel trouble never escapes as an exception: it comes back as a
`Note` the screen words.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import timedelta

from bot.panel import ErrorKind, PanelError, PanelRefused
from bot.shop.capabilities import Capabilities, PanelAction
from bot.shop.refills import Refills, refill_window
from bot.shop.timing import is_moving
from bot.shop.tracking import Tracking
from bot.store import CatalogRepo, Database, Order, OrderRepo, OrderState, StoredService
from bot.store.orders import DoneOrder


class OrderAct(enum.StrEnum):
    VIEW = "view"
    REFRESH = "refresh"
    REFILL = "refill"
    CANCEL = "cancel"


class Note(enum.StrEnum):
    """What became of the customer's request, for the line under the order."""

    REFILL_SENT = "refill_sent"
    REFILL_REFUSED = "refill_refused"
    CANCEL_SENT = "cancel_sent"
    CANCEL_REFUSED = "cancel_refused"
    REFRESH_FAILED = "refresh_failed"
    PANEL_BUSY = "panel_busy"
    PANEL_SLOW = "panel_slow"  # the panel did not answer in time: the last known state, nothing changed


class Why(enum.StrEnum):
    """Why the panel said no, in words a customer can use."""

    NOT_ELIGIBLE = "not_eligible"
    ORDER_NOT_FOUND = "order_not_found"
    RATE_LIMITED = "rate_limited"
    NO_REFILLS = "no_refills"  # the provider does not offer refills at all
    NO_CANCEL = "no_cancel"  # the provider does not offer cancellation at all
    OTHER = "other"


_WHY = {
    ErrorKind.NOT_ELIGIBLE: Why.NOT_ELIGIBLE,
    ErrorKind.ORDER_NOT_FOUND: Why.ORDER_NOT_FOUND,
    ErrorKind.RATE_LIMITED: Why.RATE_LIMITED,
}


@dataclass(frozen=True)
class OrderView:
    order: Order
    can_refill: bool
    can_cancel: bool
    note: Note | None = None
    why: Why | None = None
    expected: timedelta | None = None  # the service's typical time to Completed, while the order is in motion
    late: bool = False  # in motion for longer than usual: the customer is told it is being watched
    unchanged_since: str | None = None  # Refresh found nothing new: the last time the shop had heard (ISO)
    refill_days: int | None = None  # the service's refill window in days, when known


@dataclass(frozen=True)
class OrdersPage:
    orders: list[Order]
    number: int  # from 0
    pages: int
    any_refillable: bool


@dataclass(frozen=True)
class RefillAllResult:
    eligible: int
    accepted: int
    panel_busy: bool = False
    no_refills: bool = False  # the provider does not offer refills


class MyOrders:
    def __init__(self, db: Database, tracking: Tracking, refills: Refills, capabilities: Capabilities):
        self.db = db
        self.tracking = tracking
        self.refills = refills
        self.capabilities = capabilities

    async def page(self, user_id: int, number: int, size: int) -> OrdersPage:
        """One page of the customer's orders, newest first; a page past the end shows the last one."""
        orders = OrderRepo(self.db)
        total = await orders.count_for_user(user_id)
        pages = max(1, -(-total // size))
        number = min(max(number, 0), pages - 1)
        found = await orders.for_user(user_id, number * size, size) if total else []
        return OrdersPage(found, number, pages, bool(await self._refillable(user_id)))

    async def view(self, user_id: int, order_id: int, act: OrderAct = OrderAct.VIEW) -> OrderView | None:
        """The order (None if it is not this customer's), after doing what `act` asks."""
        orders = OrderRepo(self.db)
        order = await orders.get_for_user(order_id, user_id)
        if order is None:
            return None
        service = await CatalogRepo(self.db).service(order.service_id)
        before = order
        note, why = await self._act(order, service, act)
        order = await orders.get_for_user(order_id, user_id) or order
        timing = await self.tracking.timing.of(self.db, order)
        unchanged = act is OrderAct.REFRESH and note is None and _progress(before) == _progress(order)
        window = refill_window(service.name, service.refill_days) if service and service.can_refill else None
        return OrderView(
            order,
            await self.refills.can_refill(order, service),
            await self._can_cancel(order, service),
            note,
            why,
            expected=timing.expectation.typical if is_moving(order) else None,
            late=timing.late,
            unchanged_since=(before.updated_at or before.created_at) if unchanged else None,
            refill_days=window.days if window and window.refillable else None,
        )

    async def typical_time(self, service_id: str) -> timedelta | None:
        """How long the service's orders usually take, once learned from its own completed orders."""
        expectation = await self.tracking.timing.expectation(self.db, service_id)
        return expectation.typical if expectation.learned else None

    async def _act(self, order: Order, service: StoredService | None, act: OrderAct) -> tuple[Note | None, Why | None]:
        try:
            if act is OrderAct.REFRESH:
                await self.tracking.refresh(order)
            elif act is OrderAct.REFILL and not await self.capabilities.supports(PanelAction.REFILL, order.provider):
                return Note.REFILL_REFUSED, Why.NO_REFILLS  # a button from before we learned it
            elif act is OrderAct.REFILL and await self.refills.can_refill(order, service):
                refill = await self.refills.request(order)
                return _answer(refill, Note.REFILL_SENT, Note.REFILL_REFUSED, Why.NO_REFILLS)
            elif act is OrderAct.CANCEL and not await self.capabilities.supports(PanelAction.CANCEL, order.provider):
                return Note.CANCEL_REFUSED, Why.NO_CANCEL
            elif act is OrderAct.CANCEL and await self._can_cancel(order, service):
                return _answer(await self.tracking.cancel(order), Note.CANCEL_SENT, Note.CANCEL_REFUSED, Why.NO_CANCEL)
        except PanelError as error:
            if error.timed_out:
                return Note.PANEL_SLOW, None
            return (Note.REFRESH_FAILED if act is OrderAct.REFRESH else Note.PANEL_BUSY), None
        return None, None

    async def refill_all(self, user_id: int) -> RefillAllResult:
        """ "Refill all eligible": the customer's eligible orders, each provider's in its many-orders `refill`
        call. A provider down makes it "busy" (the refills the others took stand, and are counted)."""
        done = await OrderRepo(self.db).done_for_user(user_id)
        eligible = await self.refills.refillable(done)
        if not eligible:
            return RefillAllResult(0, 0, no_refills=await self.refills.lack_refills(done))
        asked = await self.refills.request_many(eligible)
        results = asked.results
        accepted = sum(1 for r in results.values() if not isinstance(r, PanelRefused))
        no_refills = any(isinstance(r, PanelRefused) and r.kind is ErrorKind.UNSUPPORTED for r in results.values())
        return RefillAllResult(
            len(eligible), accepted, panel_busy=bool(asked.failed), no_refills=no_refills and not accepted
        )

    async def _refillable(self, user_id: int) -> list[DoneOrder]:
        """The customer's orders a Refill would be offered for (none of a provider without refills): the same
        few queries for 3 or 3 000 finished orders."""
        return await self.refills.refillable(await OrderRepo(self.db).done_for_user(user_id))

    async def _can_cancel(self, order: Order, service: StoredService | None) -> bool:
        """The Cancel button: a cancellable service, a pending order, held by an enabled provider not known to
        lack `cancel`."""
        return (
            service is not None
            and service.can_cancel
            and order.state is OrderState.PENDING
            and order.panel_order_id is not None
            and self.tracking.serves(order.provider)
            and await self.capabilities.supports(PanelAction.CANCEL, order.provider)
        )


def _progress(order: Order) -> tuple[object, ...]:
    """What a customer sees move on an order."""
    return (order.state, order.panel_status, order.remains, order.start_count)


def _answer(result: object, done: Note, refused: Note, unsupported: Why) -> tuple[Note, Why | None]:
    if isinstance(result, PanelRefused):
        return refused, unsupported if result.kind is ErrorKind.UNSUPPORTED else _WHY.get(result.kind, Why.OTHER)
    return done, None
