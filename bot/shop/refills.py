"""Refills: who may ask (window, cooldown), asking the provider that holds the order, and following the answers.

The refill window comes from the service's name the way panels write it ("Refill 30
days", "R30", "Lifetime", "No refill", "Bảo hành 30 ngày", "Không bảo hành") unless
an admin set one; no window known means no limit. Completed and Partial orders of
refillable services may ask once per cooldown.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol, TypeVar

from bot.panel import ErrorKind, PanelClient, PanelError, PanelRefused, RefillStatus
from bot.panel import RefillState as PanelRefillState
from bot.shop.capabilities import Capabilities, PanelAction
from bot.shop.messages import RefillPush
from bot.shop.outbox import Queued, queue_many
from bot.store import CatalogRepo, Database, Order, OrderState, RefillState, StoredService
from bot.store.refills import FINAL, Refill, RefillRepo

log = logging.getLogger(__name__)
REFILLS_PER_CALL = 100  # the panel's many-orders refill takes up to 100 orders a call

REFILLABLE_STATES = frozenset({OrderState.COMPLETED, OrderState.PARTIAL})
_NO_REFILL = re.compile(r"\b(no\s*refill|non[\s-]*refill|không\s*bảo\s*hành|ko\s*bh|no\s*warranty)\b", re.I)
_DAYS = re.compile(
    r"(?:refill|bảo\s*hành|bh|warranty|guarantee)\s*:?\s*(\d{1,4})\s*(?:days?|d|ngày)\b"
    r"|(\d{1,4})\s*(?:days?|d|ngày)\s*(?:refill|bảo\s*hành|warranty|guarantee)"
    r"|\bR(\d{1,4})\b",
    re.I,
)


@dataclass(frozen=True)
class RefillWindow:
    days: int | None  # None: no limit known
    refillable: bool = True


def refill_window(name: str, admin_days: int | None = None) -> RefillWindow:
    """The window in days from an admin's setting or the service's name."""
    if admin_days is not None:
        return RefillWindow(admin_days, admin_days > 0)
    if _NO_REFILL.search(name):
        return RefillWindow(0, False)
    match = _DAYS.search(name)
    if match:
        days = int(next(group for group in match.groups() if group))
        return RefillWindow(days, days > 0)
    return RefillWindow(None, True)  # "Lifetime", or nothing said: no limit


def _parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# What a panel says of one refill that ends it as Rejected; any other refusal (rate limit, bad key, no such
# action, a text we do not know) leaves the refill open: its status is unknown, not rejected.
_REJECTING = frozenset({ErrorKind.REFILL_NOT_FOUND, ErrorKind.NOT_ELIGIBLE})


def _no_refills() -> PanelRefused:
    return PanelRefused("the panel has no refill action", ErrorKind.UNSUPPORTED)


def _inside_window(
    order: Deliverable, service: StoredService | None, windows: Mapping[str, RefillWindow], now: datetime
) -> bool:
    """A service with refills whose window (if it has one) has not closed since the order finished."""
    if service is None or not service.can_refill:
        return False
    window = windows[order.service_id]
    if not window.refillable:
        return False
    return window.days is None or not order.final_at or now - _parse_time(order.final_at) <= timedelta(window.days)


class Deliverable(Protocol):
    """What deciding on and asking for a refill needs of an order (an `Order`, or a `DoneOrder` of a list)."""

    @property
    def id(self) -> int: ...

    @property
    def service_id(self) -> str: ...

    @property
    def state(self) -> OrderState: ...

    @property
    def panel_order_id(self) -> str | None: ...

    @property
    def final_at(self) -> str | None: ...

    @property
    def provider(self) -> str: ...


AnyOrder = TypeVar("AnyOrder", bound=Deliverable)


@dataclass
class RefillRequests:
    """What "Refill all" got: each order's refill ID or refusal, and the providers that could not be asked (their
    orders are not in `results`)."""

    results: dict[int, str | PanelRefused] = field(default_factory=dict)
    failed: dict[str, PanelError] = field(default_factory=dict)


class _Held(Protocol):
    @property
    def provider(self) -> str: ...


Held = TypeVar("Held", bound=_Held)


def _by_provider(items: Iterable[Held]) -> dict[str, list[Held]]:
    """Orders (or refills) grouped by the provider that holds them, in their order."""
    grouped: dict[str, list[Held]] = {}
    for item in items:
        grouped.setdefault(item.provider, []).append(item)
    return grouped


class Refills:
    def __init__(
        self,
        db: Database,
        panels: Mapping[str, PanelClient],
        capabilities: Capabilities,
        cooldown_hours: float = 24.0,
        interactive: Mapping[str, PanelClient] | None = None,
    ):
        """`panels`: each enabled provider's client for the jobs (refill statuses), by name; `interactive`: its
        client for a customer's refill requests (short timeout, its own connections). Refills go to the provider
        that holds the order; an order of a provider not among them is offered none."""
        self.db = db
        self.panels = dict(panels)
        self.interactive = dict(interactive or panels)
        self.capabilities = capabilities
        self.cooldown = timedelta(hours=cooldown_hours)
        self.repo = RefillRepo(db)

    async def can_refill(self, order: Order, service: StoredService | None, now: datetime | None = None) -> bool:
        """The Refill button of one order (the rule is `refillable`'s)."""
        services = {order.service_id: service} if service is not None else {}
        return bool(await self.refillable([order], services, now))

    async def refillable(
        self,
        orders: Sequence[AnyOrder],
        services: Mapping[str, StoredService] | None = None,
        now: datetime | None = None,
    ) -> list[AnyOrder]:
        """The orders a Refill would be offered for: a refillable service, a done order, inside the window, past
        the cooldown, and held by an enabled provider not known to lack `refill`.

        One order or a customer's thousands cost the same few queries: the services (unless given) in one, each
        provider's capability in one, the latest refill of every candidate in one."""
        now = now or datetime.now(UTC)
        candidates = [
            o
            for o in orders
            if o.state in REFILLABLE_STATES and o.panel_order_id is not None and o.provider in self.interactive
        ]
        if not candidates:
            return []
        if services is None:
            services = await CatalogRepo(self.db).services({o.service_id for o in candidates})
        windows = {sid: refill_window(service.name, service.refill_days) for sid, service in services.items()}
        candidates = [o for o in candidates if _inside_window(o, services.get(o.service_id), windows, now)]
        if not candidates:
            return []
        refilling = await self.capabilities.supporting(PanelAction.REFILL, {o.provider for o in candidates})
        candidates = [o for o in candidates if o.provider in refilling]
        if not candidates:
            return []
        latest = await self.repo.latest_of({o.id for o in candidates})
        return [
            o for o in candidates if o.id not in latest or now - _parse_time(latest[o.id].created_at) >= self.cooldown
        ]

    async def lack_refills(self, orders: Sequence[Deliverable]) -> bool:
        """Some of these orders are held by enabled providers, and every one of those lacks `refill`: "this
        provider does not offer refills" is what the customer is to hear."""
        held = {o.provider for o in orders if o.provider in self.interactive}
        return bool(held) and not await self.capabilities.supporting(PanelAction.REFILL, held)

    async def request(self, order: Order) -> str | PanelRefused:
        """Ask the provider that holds the order for a refill of it; the panel's refusal comes back as it is (kind
        UNSUPPORTED when that panel has no refills at all)."""
        if order.panel_order_id is None:
            return PanelRefused("not placed", ErrorKind.ORDER_NOT_FOUND)
        panel = self.interactive.get(order.provider)
        if panel is None or not await self.capabilities.supports(PanelAction.REFILL, order.provider):
            return _no_refills()
        try:
            refill_id = await panel.refill(order.panel_order_id)
        except PanelRefused as refused:
            if refused.kind is ErrorKind.UNSUPPORTED:
                await self.capabilities.learned_unsupported(PanelAction.REFILL, refused.text, order.provider)
            return refused
        await self.repo.create(order.id, refill_id)
        await self.capabilities.learned_supported(PanelAction.REFILL, order.provider)
        return refill_id

    async def request_many(self, orders: Sequence[Deliverable]) -> RefillRequests:
        """ "Refill all eligible": each provider's orders in its many-orders `refill` call, 100 a call; a panel
        without refills answers every order it holds with a refusal of kind UNSUPPORTED.

        Each call's refills are recorded before the next call is sent: when a later call fails, the refills the
        panel already took keep their cooldown and are never asked for twice. A provider failing (`failed`) stops
        only its own calls."""
        asked = RefillRequests()
        for provider, held in _by_provider(o for o in orders if o.panel_order_id is not None).items():
            try:
                asked.results |= await self._request_of(provider, held)
            except PanelError as error:
                asked.failed[provider] = error
        return asked

    async def _request_of(self, provider: str, orders: list[Deliverable]) -> dict[int, str | PanelRefused]:
        """One provider's share of "Refill all" (see `request_many`); a failure after the first call raises."""
        by_panel_id = {order.panel_order_id: order for order in orders if order.panel_order_id is not None}
        panel = self.interactive.get(provider)
        if panel is None or not await self.capabilities.supports(PanelAction.REFILL, provider):
            return dict.fromkeys((order.id for order in by_panel_id.values()), _no_refills())
        results: dict[int, str | PanelRefused] = {}
        told_supported = False
        panel_ids = list(by_panel_id)
        for start in range(0, len(panel_ids), REFILLS_PER_CALL):
            try:
                answers = await panel.refills(panel_ids[start : start + REFILLS_PER_CALL])
            except PanelRefused as refused:
                if refused.kind is not ErrorKind.UNSUPPORTED or results:
                    raise
                await self.capabilities.learned_unsupported(PanelAction.REFILL, refused.text, provider)
                return dict.fromkeys((order.id for order in by_panel_id.values()), refused)
            part = {by_panel_id[panel_id].id: answer for panel_id, answer in answers.items()}
            accepted = [(order_id, answer) for order_id, answer in part.items() if not isinstance(answer, PanelRefused)]
            await self.repo.create_many(accepted)
            if accepted and not told_supported:
                await self.capabilities.learned_supported(PanelAction.REFILL, provider)
                told_supported = True
            results |= part
        return results

    async def sync(self, provider: str | None = None, failed: dict[str, PanelError] | None = None) -> int:
        """Follow open refills with `refill_status`, 100 a call, each asked of the provider that holds its order;
        final results are queued for the customer. How many turned final.

        A panel without `refill_status` leaves its refills as they are, and is not asked again until the
        re-check; an error for the whole call never rejects a refill. A provider down leaves its refills open
        and is noted in `failed` (the others are still asked); `provider`: only that provider's refills (its own
        job's run); None: every enabled provider's."""
        open_refills = [
            r for r in await self.repo.open() if r.provider in self.panels and provider in (None, r.provider)
        ]
        finished = 0
        for held_by, refills in _by_provider(open_refills).items():
            try:
                finished += await self._sync_of(held_by, refills)
            except PanelError as error:
                if failed is None:
                    raise
                failed[held_by] = error
        return finished

    async def _sync_of(self, provider: str, open_refills: list[Refill]) -> int:
        """One provider's open refills (see `sync`); an outage raises, changing nothing."""
        if not await self.capabilities.supports(PanelAction.REFILL_STATUS, provider):
            return 0
        by_panel_id = {refill.panel_refill_id: refill for refill in open_refills if refill.panel_refill_id is not None}
        try:
            answers = await self.panels[provider].refill_statuses(by_panel_id)
        except PanelRefused as refused:
            if refused.kind is ErrorKind.UNSUPPORTED:
                await self.capabilities.learned_unsupported(PanelAction.REFILL_STATUS, refused.text, provider)
            else:  # one error for the whole call says nothing about any one refill: ask again next time
                log.warning(
                    "refill status: provider %s refused the whole call (%s); refills left open", provider, refused.kind
                )
            return 0
        finished = 0
        answered = list(answers.items())
        for start in range(0, len(answered), 100):  # one transaction per 100: one read, one write, one queueing
            finished += await self._apply_answers(dict(answered[start : start + 100]), by_panel_id)
        unsupported = [a for a in answers.values() if isinstance(a, PanelRefused) and a.kind is ErrorKind.UNSUPPORTED]
        if unsupported:
            await self.capabilities.learned_unsupported(PanelAction.REFILL_STATUS, unsupported[0].text, provider)
        elif any(not isinstance(answer, PanelRefused) for answer in answers.values()):
            await self.capabilities.learned_supported(PanelAction.REFILL_STATUS, provider)
        return finished

    async def _apply_answers(
        self, answers: dict[str, RefillStatus | PanelRefused], by_panel_id: dict[str, Refill]
    ) -> int:
        """The panel's answers for up to 100 refills, read fresh in one transaction; only changed refills are
        written, and final ones queued for the customer once (key per refill and state). How many turned final."""
        async with self.db.transaction() as tx:
            fresh = await RefillRepo(tx).many([by_panel_id[panel_id].id for panel_id in answers])
            changes: list[tuple[int, RefillState, str, str | None]] = []
            pushes: list[Queued] = []
            for panel_id, answer in answers.items():
                refill = fresh.get(by_panel_id[panel_id].id)
                if refill is None or refill.state in FINAL:
                    continue  # final meanwhile: applied once already
                if isinstance(answer, PanelRefused):
                    if answer.kind not in _REJECTING:
                        log.info(
                            "refill #%s: the panel answered %r (%s); left open", refill.id, answer.text, answer.kind
                        )
                        continue
                    state, raw, error = RefillState.REJECTED, answer.text, answer.text
                elif answer.state is PanelRefillState.UNKNOWN or answer.state.value == refill.state:
                    continue
                else:
                    state, raw, error = RefillState(answer.state.value), answer.status_raw, None
                changes.append((refill.id, state, raw, error))
                if state in FINAL:
                    key = f"refill:{refill.id}:{state}"
                    pushes.append(Queued(refill.user_id, RefillPush(refill.order_id, state, raw), key))
            await RefillRepo(tx).set_states(changes)
            await queue_many(tx, pushes)
        return len(pushes)
