"""Applying what the panel says about an order: its state, progress, and the refund it may bring.

A final state is applied once: Canceled refunds what was paid; Partial refunds the
undelivered share of the shop's price (never more than was paid, never negative),
under one ledger key per order so that no sync, however often it runs, refunds twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from bot.panel import OrderState, OrderStatus, PanelClient, PanelError
from bot.shop.pricing import quantum
from bot.store import Database, LedgerRepo, Order, OrderRepo
from bot.store.orders import FINAL_STATES

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StatusChange:
    order_id: int
    user_id: int
    old_state: str
    new_state: str
    refund: Decimal


def partial_refund(order: Order, remains: int | None, paid: Decimal) -> Decimal | None:
    """The undelivered share of the shop's price; None when `remains` is unknown (admins decide)."""
    if remains is None or order.quantity <= 0:
        return None
    undelivered = min(max(remains, 0), order.quantity)
    share = (order.price * undelivered / order.quantity).quantize(quantum(order.currency), rounding=ROUND_FLOOR)
    return min(max(share, Decimal(0)), paid)


class Tracking:
    def __init__(self, db: Database, panel: PanelClient):
        self.db = db
        self.panel = panel
        self.orders = OrderRepo(db)

    async def apply(self, order_id: int, status: OrderStatus) -> StatusChange | None:
        """Store the panel's view of an order; returns the change, or None if nothing moved."""
        async with self.db.transaction() as tx:
            order = await OrderRepo.by_id(tx, order_id)
            if order is None or order.state in FINAL_STATES:
                return None
            new_state = status.state.value
            moved = (new_state, status.status_raw, status.remains, status.start_count) != (
                order.state, order.panel_status, order.remains, order.start_count)
            if not moved:
                return None
            await OrderRepo.set_panel_status(tx, order_id, state=new_state, panel_status=status.status_raw,
                                             start_count=status.start_count, remains=status.remains,
                                             charge=status.charge)
            refund = await self._refund(tx, order, status)
        return StatusChange(order_id, order.user_id, order.state, new_state, refund)

    @staticmethod
    async def _refund(tx, order: Order, status: OrderStatus) -> Decimal:
        paid = await LedgerRepo.order_net(tx, order.id)
        if status.state is OrderState.CANCELED:
            amount = paid
        elif status.state is OrderState.PARTIAL:
            amount = partial_refund(order, status.remains, paid)
            if amount is None:
                log.warning("order #%s is Partial without a usable remains: no automatic refund", order.id)
                return Decimal(0)
        else:
            return Decimal(0)
        if amount <= 0:
            return Decimal(0)
        applied = await LedgerRepo.add(tx, user_id=order.user_id, amount=amount, kind="refund",
                                       key=f"order:{order.id}:refund", order_id=order.id,
                                       reason=f"Order #{order.id} {status.state.value}")
        return amount if applied else Decimal(0)

    async def refresh(self, order: Order) -> StatusChange | None:
        """Ask the panel about one order now (the Refresh button); panel trouble changes nothing."""
        if order.panel_order_id is None or order.state in FINAL_STATES:
            return None
        try:
            status = await self.panel.status(order.panel_order_id)
        except PanelError as error:
            log.info("refresh of order #%s failed: %s", order.id, error)
            raise
        return await self.apply(order.id, status)
