"""Placing orders: what each service type asks for, the exact price, and placement exactly once.

Placement: the local order and its charge are written in one transaction *before*
`add` is called, keyed by a token minted for the summary card the customer
confirmed. A second Confirm finds the token used. A refusal, or a request that
never left, refunds in the same transaction that marks the order refused. A
request that may have reached the panel leaves the order *uncertain* with the
money held, for an admin to settle; it is never sent again.
"""

from __future__ import annotations

import enum
import logging
import secrets
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from bot.config import Settings
from bot.panel import ErrorKind, NewOrder, PanelClient, PanelOutcomeUnknown, PanelRefused, PanelUnavailable
from bot.shop.alerts import BalanceWatch
from bot.shop.catalog import ORDERABLE_TYPES
from bot.shop.inputs import InputError, parse_lines, parse_link, parse_quantity
from bot.shop.notices import AdminNotices
from bot.shop.pricing import PriceList
from bot.store import Database, LedgerRepo, Order, OrderRepo, OrderState, StoredService
from bot.store.catalog import CatalogRepo

log = logging.getLogger(__name__)

LINK, QUANTITY, LIST, SUGGEST, SEARCH, COMMENTS = "link", "quantity", "list", "suggest", "search", "comments"
LIST_STEPS = (LIST, SUGGEST, SEARCH, COMMENTS)
OPTIONAL_STEPS = (SUGGEST, SEARCH)  # at least one of the two

_STEPS = {
    "Package": (LINK,),
    "Custom Comments": (LINK, COMMENTS),
    "Special (1DG)": (LINK, QUANTITY, LIST),
    "Special 1 (1DG)": (LINK, QUANTITY, SUGGEST, SEARCH),
}


def steps_for(service_type: str) -> tuple[str, ...]:
    """What the customer is asked for, in order; everything else orderable is link + quantity."""
    return _STEPS.get(service_type, (LINK, QUANTITY))


@dataclass
class Draft:
    """An order being put together; stored in the conversation's user_data as plain JSON."""

    service_id: str
    link: str | None = None
    quantity: int | None = None
    lists: dict[str, list[str]] = field(default_factory=dict)
    token: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Draft:
        return cls(**data)

    def units(self, service: StoredService) -> int:
        """What is charged: comment lines, one package, or the quantity."""
        if service.type == "Custom Comments":
            return len(self.lists.get(COMMENTS, []))
        if service.type == "Package":
            return 1
        return self.quantity or 0

    def panel_order(self, service: StoredService) -> NewOrder:
        quantity = self.quantity if QUANTITY in steps_for(service.type) else None
        extras = {name: "\n".join(lines) for name, lines in self.lists.items() if lines}
        return NewOrder(service.id, self.link or "", quantity, extras)


@dataclass(frozen=True)
class Quote:
    service: StoredService
    units: int
    price: Decimal
    balance: Decimal
    exempt: bool
    currency: str

    @property
    def after(self) -> Decimal:
        return self.balance if self.exempt else self.balance - self.price

    @property
    def shortfall(self) -> Decimal:
        return Decimal(0) if self.exempt else max(Decimal(0), self.price - self.balance)


class Outcome(enum.StrEnum):
    PLACED = "placed"
    ALREADY = "already"  # this summary card was confirmed before
    REFUSED = "refused"  # the panel said no; refunded
    NOT_SENT = "not_sent"  # the panel could not be reached; refunded
    UNCERTAIN = "uncertain"  # may exist on the panel; money held for an admin to settle
    NO_FUNDS = "no_funds"  # the wallet does not cover it; nothing written
    PANEL_SHORT = "panel_short"  # the panel's last known balance does not cover it: not sent, not charged
    GONE = "gone"  # the service was disabled or vanished meanwhile


@dataclass(frozen=True)
class Placement:
    outcome: Outcome
    order: Order | None = None
    error: PanelRefused | None = None
    shortfall: Decimal = Decimal(0)


class Ordering:
    def __init__(
        self,
        settings: Settings,
        db: Database,
        panel: PanelClient,
        catalog: CatalogRepo,
        notices: AdminNotices,
        watch: BalanceWatch,
    ):
        self.settings = settings
        self.db = db
        self.panel = panel
        self.catalog = catalog
        self.notices = notices
        self.watch = watch
        self.orders = OrderRepo(db)
        self.ledger = LedgerRepo(db)

    async def orderable(self, service_id: str) -> StoredService | None:
        """The service if a customer may order it now (on the panel, enabled, a type we take)."""
        service = await self.catalog.service(service_id)
        if service is None or not service.is_available or service.type not in ORDERABLE_TYPES:
            return None
        return service

    async def search(self, text: str, limit: int = 8) -> list[StoredService]:
        """A typed service ID, or part of a name."""
        text = text.strip().lstrip("#")
        if text.isdigit():
            found = await self.orderable(text)
            if found:
                return [found]
        return await self.catalog.search(text, ORDERABLE_TYPES, limit)

    def accept(self, draft: Draft, step: str, text: str, service: StoredService, platform: str | None) -> None:
        """Check what was typed for `step` and put it in the draft; InputError leaves the draft unchanged."""
        if step == LINK:
            draft.link = parse_link(text, platform)
        elif step == QUANTITY:
            draft.quantity = parse_quantity(text, service.min_quantity, service.max_quantity)
        elif step in LIST_STEPS:
            lines = parse_lines(text, self.settings.list_max_lines, self.settings.list_max_line_length)
            if step == COMMENTS and not service.min_quantity <= len(lines) <= service.max_quantity:
                raise InputError(
                    "input.comments_range",
                    {"min": service.min_quantity, "max": service.max_quantity, "count": len(lines)},
                )
            draft.lists[step] = lines
        else:
            raise ValueError(f"unknown step {step!r}")

    def skip(self, draft: Draft, step: str) -> None:
        """Leave an optional list out; of suggest and search, at least one is needed."""
        if step not in OPTIONAL_STEPS:
            raise InputError("input.not_optional")
        if step == SEARCH and not draft.lists.get(SUGGEST):
            raise InputError("input.suggest_or_search")
        draft.lists.pop(step, None)

    async def quote(
        self,
        user_id: int,
        draft: Draft,
        service: StoredService,
        prices: PriceList,
        category_markup: Decimal | None,
        is_admin: bool,
    ) -> Quote:
        """The exact price and the wallet after; mints the token this summary card is confirmed with."""
        units = draft.units(service)
        draft.token = secrets.token_urlsafe(9)
        return Quote(
            service=service,
            units=units,
            price=prices.price(service, units, category_markup),
            balance=await self.ledger.balance(user_id),
            exempt=self._exempt(is_admin),
            currency=prices.currency,
        )

    def _exempt(self, is_admin: bool) -> bool:
        return is_admin and self.settings.admins_order_free

    async def place(
        self, user_id: int, draft: Draft, prices: PriceList, category_markup: Decimal | None, is_admin: bool
    ) -> Placement:
        """Place the draft once. See the module docstring for what happens when."""
        if not draft.token:
            raise ValueError("a draft is placed only from a summary card")
        service = await self.orderable(draft.service_id)
        if service is not None and await self._panel_short(draft, service, prices):
            return Placement(Outcome.PANEL_SHORT)
        async with self.db.transaction() as tx:
            existing = await OrderRepo(tx).by_token(draft.token)
            if existing is not None:
                return Placement(Outcome.ALREADY, existing)
            if service is None:
                return Placement(Outcome.GONE)
            units = draft.units(service)
            price = prices.price(service, units, category_markup)
            exempt = self._exempt(is_admin)
            balance = await LedgerRepo(tx).balance(user_id)
            if not exempt and balance < price:
                return Placement(Outcome.NO_FUNDS, shortfall=price - balance)
            order_id = await OrderRepo(tx).create(
                token=draft.token,
                user_id=user_id,
                service_id=service.id,
                link=draft.link or "",
                quantity=units,
                extras=draft.panel_order(service).extra,
                price=price,
                cost=prices.cost(service, units),
                currency=prices.currency,
            )
            if not exempt:
                await LedgerRepo(tx).add(
                    user_id=user_id,
                    amount=-price,
                    kind="charge",
                    key=f"order:{order_id}:charge",
                    reason=f"Order #{order_id}",
                    order_id=order_id,
                )
        return await self._send(order_id, user_id, draft.panel_order(service))

    async def _panel_short(self, draft: Draft, service: StoredService, prices: PriceList) -> bool:
        """The panel's last known balance cannot pay for this order: tell the admins, send nothing."""
        known = await self.watch.last_known()
        cost = prices.cost(service, draft.units(service))
        if known is None or known >= cost:
            return False
        await self.watch.check()  # the operator may have topped up since: ask once more before refusing
        known = await self.watch.last_known()
        if known is None or known >= cost:
            return False
        async with self.db.transaction() as tx:
            if await OrderRepo(tx).by_token(draft.token):
                return False  # placed before: the caller says so
            await self.notices.enqueue(
                tx,
                "balance",
                f"panel-short:{draft.token}",
                "admin.panel_short",
                {"service": service.title, "cost": str(cost), "balance": str(known)},
            )
        return True

    async def _send(self, order_id: int, user_id: int, new_order: NewOrder) -> Placement:
        try:
            panel_order_id = await self.panel.add(new_order)
        except PanelRefused as refused:
            log.info("order #%s refused by the panel: %s", order_id, refused.kind)
            await self._refuse(order_id, user_id, refused.text)
            if refused.kind is ErrorKind.INSUFFICIENT_FUNDS:
                await self.watch.check()
            return Placement(Outcome.REFUSED, await self.orders.get(order_id), error=refused)
        except PanelUnavailable as error:
            log.warning("order #%s not sent, the panel is unreachable: %s", order_id, error.reason)
            await self._refuse(order_id, user_id, f"panel unreachable: {error.reason}")
            return Placement(Outcome.NOT_SENT, await self.orders.get(order_id))
        except PanelOutcomeUnknown as error:
            log.warning("order #%s is uncertain: %s", order_id, error.reason)
            async with self.db.transaction() as tx:
                await OrderRepo(tx).set_state(order_id, OrderState.UNCERTAIN, error=error.reason)
                await self._notice(
                    tx,
                    order_id,
                    "problems",
                    "admin.uncertain",
                    buttons=[
                        [("admin.btn_placed", f"unc:{order_id}:placed")],
                        [("admin.btn_not_placed", f"unc:{order_id}:failed")],
                    ],
                )
            return Placement(Outcome.UNCERTAIN, await self.orders.get(order_id))
        async with self.db.transaction() as tx:
            await OrderRepo(tx).set_state(order_id, OrderState.PENDING, panel_order_id=panel_order_id)
            await self._notice(tx, order_id, "orders", "admin.new_order")
        log.info("order #%s placed as panel order %s", order_id, panel_order_id)
        return Placement(Outcome.PLACED, await self.orders.get(order_id))

    async def _refuse(self, order_id: int, user_id: int, reason: str) -> None:
        """Mark the order refused and give back what was paid, in one transaction; the admins are told."""
        async with self.db.transaction() as tx:
            await OrderRepo(tx).set_state(order_id, OrderState.REFUSED, error=reason)
            await refund_paid(tx, order_id, user_id, f"Order #{order_id} not placed")
            await self._notice(tx, order_id, "problems", "admin.refused")

    async def _notice(self, tx, order_id: int, topic: str, text: str, buttons=None) -> None:
        order = await OrderRepo(tx).get(order_id)
        await self.notices.enqueue(tx, topic, f"{text}:{order_id}", text, order_values(order), buttons)

    async def recover_interrupted(self) -> list[Order]:
        """Orders a crash left in *placing* may or may not exist on the panel: they become uncertain."""
        stuck = await self.orders.in_state(OrderState.PLACING)
        for order in stuck:
            async with self.db.transaction() as tx:
                await OrderRepo(tx).set_state(order.id, OrderState.UNCERTAIN, error="interrupted while placing")
            log.warning("order #%s was interrupted while placing: now uncertain", order.id)
        return stuck


async def refund_paid(tx, order_id: int, user_id: int, reason: str) -> Decimal:
    """Give back what was paid for an order and not yet refunded, under the order's one refund key."""
    paid = await LedgerRepo(tx).order_net(order_id)
    if paid <= 0:
        return Decimal(0)
    applied = await LedgerRepo(tx).add(
        user_id=user_id,
        amount=paid,
        kind="refund",
        key=f"order:{order_id}:refund",
        reason=reason,
        order_id=order_id,
    )
    return paid if applied else Decimal(0)


def order_values(order: Order) -> dict:
    """An order as an admin notice shows it."""
    return {
        "id": order.id,
        "user": order.user_id,
        "service": order.service_name,
        "quantity": order.quantity,
        "price": str(order.price),
        "currency": order.currency,
        "link": order.link,
        "panel_id": order.panel_order_id or "",
        "error": order.error or "",
        "state": order.state,
    }
