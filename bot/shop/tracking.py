"""Following orders on the panel: batched status sync, refunds, and the events customers are told.

A final state is applied once: Canceled refunds what was paid; Partial refunds the
undelivered share of the shop's price (never more than was paid, never negative),
under one ledger key per order. Each change of state is queued for the customer in
the same transaction that stores it, under a key per order and state, so that no
sync, however often it runs over the same change, refunds or tells twice.

Progress comes from facts only: `remains` "0", "" or missing while the order is still in motion is no
progress report (kept as unknown), never a delivery. A status word the bot does not know is counted per
order and told to the admins once after `unknown_after` syncs in a row; it never refunds or completes
anything. An order still in motion after its service's typical time × factor is flagged once (`Timing`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_FLOOR, Decimal

from bot.panel import ErrorKind, OrderStatus, PanelClient, PanelRefused
from bot.panel import OrderState as PanelOrderState
from bot.shop.capabilities import Capabilities, PanelAction
from bot.shop.messages import AdminNotice, OrderStatusPush
from bot.shop.notices import AdminNotices
from bot.shop.ordering import order_values
from bot.shop.outbox import queue
from bot.shop.pricing import quantum
from bot.shop.timing import Expectation, Timing, compact, is_moving
from bot.store import Connection, Database, LedgerRepo, Order, OrderRepo, OrderState
from bot.store.database import Transaction
from bot.store.orders import FINAL_STATES

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StatusChange:
    order_id: int
    user_id: int
    old_state: OrderState
    new_state: OrderState
    refund: Decimal


@dataclass
class SyncReport:
    tracked: int = 0
    changes: list[StatusChange] = field(default_factory=list)
    errors: int = 0
    flagged: list[int] = field(default_factory=list)  # orders the panel keeps failing to report on
    unknown: list[int] = field(default_factory=list)  # orders told to the admins for an unknown status word
    late: list[int] = field(default_factory=list)  # orders told to the admins as taking longer than usual


def reported_remains(status: OrderStatus) -> int | None:
    """`remains` as a fact: None when missing, or when "0" comes while the order is still in motion."""
    if status.remains is None or (status.remains == 0 and not status.state.is_final):
        return None
    return status.remains


def partial_refund(order: Order, remains: int | None, paid: Decimal) -> Decimal | None:
    """The undelivered share of the shop's price; None when `remains` is unknown (admins decide)."""
    if remains is None or order.quantity <= 0:
        return None
    undelivered = min(max(remains, 0), order.quantity)
    share = (order.price * undelivered / order.quantity).quantize(quantum(order.currency), rounding=ROUND_FLOOR)
    return min(max(share, Decimal(0)), paid)


def status_event(order: Order, status: OrderStatus, refund: Decimal) -> OrderStatusPush:
    """What the customer is told about a change: plain data, worded by the Telegram layer."""
    reported = reported_remains(status)
    remains = reported if reported is not None else order.remains
    delivered = None if remains is None else order.quantity - min(max(remains, 0), order.quantity)
    return OrderStatusPush(
        order_id=order.id,
        service=order.service_name,
        state=OrderState(status.state.value),
        status_raw=status.status_raw,
        quantity=order.quantity,
        delivered=delivered,
        refund=refund,
        currency=order.currency,
    )


class Tracking:
    def __init__(
        self,
        db: Database,
        panel: PanelClient,
        notices: AdminNotices,
        flag_after: int = 5,
        *,
        capabilities: Capabilities,
        unknown_after: int = 3,
        timing: Timing | None = None,
        interactive: PanelClient | None = None,
    ) -> None:
        """`interactive`: the client for a customer's Refresh and Cancel (short timeout, its own connections)."""
        self.db = db
        self.panel = panel
        self.interactive = interactive or panel
        self.notices = notices
        self.capabilities = capabilities
        self.flag_after = flag_after
        self.unknown_after = unknown_after
        self.timing = timing or Timing()
        self.orders = OrderRepo(db)

    async def sync_orders(self) -> SyncReport:
        """One pass over every order still in motion: `status` 100 IDs a call, each answer applied as it comes.

        A panel outage raises (the job backs off); what was applied before it stays, nothing is guessed."""
        tracked = await self.orders.tracked()
        report = SyncReport(tracked=len(tracked))
        if not tracked:
            return report
        by_panel_id = {order.panel_order_id: order for order in tracked if order.panel_order_id is not None}
        async for answers in self.panel.status_batches(by_panel_id):
            async with self.db.transaction() as tx:  # one answer of up to 100 orders, while others are in flight
                for panel_id, result in answers.items():
                    order = by_panel_id[panel_id]
                    if isinstance(result, PanelRefused):
                        report.errors += 1
                        if await self._count_error(tx, order, result):
                            report.flagged.append(order.id)
                        continue
                    if result.state is PanelOrderState.UNKNOWN and await self._count_unknown(tx, order, result):
                        report.unknown.append(order.id)
                    change = await self._apply(tx, order, result)
                    if change is not None:
                        report.changes.append(change)
        final = {change.order_id for change in report.changes if change.new_state in FINAL_STATES}
        report.late = await self._flag_late([o for o in tracked if o.id not in final and o.late_at is None])
        if report.changes or report.flagged or report.unknown or report.late:
            log.info(
                "status sync: %d tracked, %d changed, %d errors, flagged %s, unknown status %s, late %s",
                report.tracked,
                len(report.changes),
                report.errors,
                report.flagged,
                report.unknown,
                report.late,
            )
        return report

    async def apply(self, order_id: int, status: OrderStatus) -> StatusChange | None:
        """Store the panel's view of one order (the Refresh button, tests)."""
        async with self.db.transaction() as tx:
            order = await OrderRepo(tx).get(order_id)
            if order is None:
                return None
            return await self._apply(tx, order, status)

    async def refresh(self, order: Order) -> StatusChange | None:
        """Ask the panel about one order now; panel trouble raises and changes nothing."""
        if order.panel_order_id is None or order.state in FINAL_STATES:
            return None
        return await self.apply(order.id, await self.interactive.status(order.panel_order_id))

    async def cancel(self, order: Order) -> bool | PanelRefused:
        """Ask the panel to cancel; the refund follows when the sync sees Canceled. A panel without `cancel`
        answers with a refusal of kind UNSUPPORTED, and is not asked again until the re-check."""
        if order.panel_order_id is None:
            return PanelRefused("not placed", ErrorKind.ORDER_NOT_FOUND)
        if not await self.capabilities.supports(PanelAction.CANCEL):
            return PanelRefused("the panel has no cancel action", ErrorKind.UNSUPPORTED)
        try:
            result = await self.interactive.cancel([order.panel_order_id])
        except PanelRefused as refused:
            if refused.kind is not ErrorKind.UNSUPPORTED:
                raise
            await self.capabilities.learned_unsupported(PanelAction.CANCEL, refused.text)
            return refused
        await self.capabilities.learned_supported(PanelAction.CANCEL)
        return result.get(order.panel_order_id, PanelRefused("no answer for this order", ErrorKind.UNKNOWN))

    async def _apply(self, tx: Transaction, order: Order, status: OrderStatus) -> StatusChange | None:
        new_state = OrderState(status.state.value)
        if order.state in FINAL_STATES:
            return None
        if status.state is not PanelOrderState.UNKNOWN and order.unknown_syncs:
            await OrderRepo(tx).reset_unknown_status(order.id)
        remains = reported_remains(status)
        known = (  # a number the panel did not give keeps the stored one (the store coalesces)
            remains if remains is not None else order.remains,
            status.start_count if status.start_count is not None else order.start_count,
        )
        if (new_state, status.status_raw, *known) == (
            order.state,
            order.panel_status,
            order.remains,
            order.start_count,
        ):
            return None
        stored = await OrderRepo(tx).set_panel_status(
            order.id,
            state=new_state,
            panel_status=status.status_raw,
            start_count=status.start_count,
            remains=remains,
            charge=status.charge,
        )
        if not stored:  # turned final meanwhile (a Refresh): applied once already
            return None
        refund = await self._refund(tx, order, status)
        if new_state is OrderState.FAILED and order.state is not OrderState.FAILED:
            await self._tell(tx, order, f"failed:{order.id}", "admin.failed", error=status.status_raw)
        if new_state != order.state or (
            order.panel_status is not None and status.status_raw.lower() != order.panel_status.lower()
        ):
            await queue(
                tx,
                order.user_id,
                status_event(order, status, refund),
                key=f"order:{order.id}:status:{new_state}:{status.status_raw.lower()}",
            )
        return StatusChange(order.id, order.user_id, order.state, new_state, refund)

    async def _refund(self, tx: Transaction, order: Order, status: OrderStatus) -> Decimal:
        if status.state not in (PanelOrderState.CANCELED, PanelOrderState.PARTIAL):
            return Decimal(0)
        paid = await LedgerRepo(tx).order_net(order.id)
        amount = paid if status.state is PanelOrderState.CANCELED else partial_refund(order, status.remains, paid)
        if amount is None:
            log.warning("order #%s is Partial without a usable remains: no automatic refund", order.id)
            await self._tell(tx, order, f"partial-unknown:{order.id}", "admin.partial_unknown")
            return Decimal(0)
        if amount <= 0:
            return Decimal(0)
        applied = await LedgerRepo(tx).add(
            user_id=order.user_id,
            amount=amount,
            kind="refund",
            key=f"order:{order.id}:refund",
            order_id=order.id,
            reason=f"Order #{order.id} {status.state.value}",
        )
        return amount if applied else Decimal(0)

    async def _count_unknown(self, tx: Transaction, order: Order, status: OrderStatus) -> bool:
        """One more sync in a row with a status word the bot does not know; True when the admins are told."""
        count = await OrderRepo(tx).count_unknown_status(order.id)
        if count != self.unknown_after:
            return False
        log.warning(
            "order #%s: the panel answered the unknown status %r %d times in a row", order.id, status.status_raw, count
        )
        word = " ".join(status.status_raw.lower().split())[:40]
        await self._tell(
            tx,
            order,
            f"unknown-status:{order.id}:{word}",
            "admin.unknown_status",
            status=status.status_raw,
            count=count,
        )
        return True

    async def _flag_late(self, orders: list[Order]) -> list[int]:
        """Tell the admins, once per order, about orders in motion for longer than typical × factor."""
        flagged: list[int] = []
        expectations: dict[str, Expectation] = {}
        now: datetime = self.timing.clock()
        for order in orders:
            if not is_moving(order):
                continue
            if order.service_id not in expectations:
                expectations[order.service_id] = await self.timing.expectation(self.db, order.service_id)
            timing = self.timing.assess(order, expectations[order.service_id], now)
            if not timing.late:
                continue
            async with self.db.transaction() as tx:
                if not await OrderRepo(tx).mark_late(order.id):
                    continue
                expected = timing.expectation
                await self._tell(
                    tx,
                    order,
                    f"late:{order.id}",
                    "admin.late",
                    elapsed=compact(timing.elapsed),
                    typical=compact(expected.typical),
                    samples=expected.samples,
                )
            log.warning("order #%s: %s since it was placed, typical %s", order.id, timing.elapsed, expected.typical)
            flagged.append(order.id)
        return flagged

    async def _count_error(self, tx: Transaction, order: Order, error: PanelRefused) -> bool:
        """One more sync in a row without news; True when this reaches the flagging threshold."""
        count = await OrderRepo(tx).count_sync_error(order.id, error.text)
        if count == self.flag_after:
            log.warning("order #%s: the panel answered %r %d times in a row", order.id, error.text, count)
            await self._tell(tx, order, f"flagged:{order.id}", "admin.flagged", error=error.text, count=count)
            return True
        return False

    async def _tell(self, tx: Connection, order: Order, key: str, text: str, **values: object) -> None:
        """A problem with one order, for the admins: the order as notices show it, and what is wrong (once per key)."""
        await self.notices.send(tx, "problems", key, AdminNotice(text, {**order_values(order), **values}))
