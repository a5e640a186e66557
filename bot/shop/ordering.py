"""New order, from the customer's input to an order on a panel: checked, quoted, placed exactly once.

Placement: Confirm carries the ID of the quote its card showed. The order and its charge are written
in one transaction *before* `add` is called, with the quote's ID as the order's unique token and the
quote's total as the charge: a second Confirm finds the token used, and the customer pays exactly what
the card said, whichever provider serves it. If the price behind the quote changed, or the card expired,
nothing is written and a new quote is returned for a new card.

Discount codes: a card may carry one (`with_code`); every re-quote applies it again, checked as it stands. If it
no longer applies at Confirm (used up, turned off, expired) nothing is charged and a new card without it is shown
(`Refusal.CODE_LOST`). Its use is counted in the charging transaction after one more check there, so the last use
of a code, confirmed by two customers at once, goes to one of them; the other gets the new card.

The order walks its service's route (`failover.Route`): the primary, then the fallbacks. Before each `add`
the order names the provider it is sent to. A refusal that clearly means "not placed there"
(`FAILOVER_REFUSALS`), or a request that certainly never left, is recorded and the next leg is tried; any
other refusal ends the walk. A request that may have reached the panel leaves the order *uncertain* on that
provider with the money held, for an admin to settle; it is never sent again, there or anywhere else.
When every leg refused, the order is refused and refunded in one transaction. When no leg could be
tried at all (balances, a disabled provider, fallbacks dearer than the price), nothing is written or charged.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal

from bot.config import Settings
from bot.panel import ErrorKind, NewOrder, PanelOutcomeUnknown, PanelRefused, PanelUnavailable
from bot.shop.alerts import BalanceWatch
from bot.shop.catalog import ORDERABLE_TYPES, as_service_number
from bot.shop.codes import Codes, Discount, Refused
from bot.shop.drafts import OPTIONAL_FIELDS, Ask, Draft
from bot.shop.failover import Leg, Route
from bot.shop.inputs import InputError, parse_lines, parse_link, parse_quantity
from bot.shop.messages import AdminNotice, Settle, SettleOrder, UncertainPush
from bot.shop.notices import AdminNotices, person
from bot.shop.outbox import queue
from bot.shop.pricing import quantum
from bot.shop.providers import Providers
from bot.shop.quotes import Card, Offer, Pricing, Quote
from bot.shop.staff import Staff
from bot.store import (
    CatalogRepo,
    Connection,
    Database,
    LedgerRepo,
    Order,
    OrderRepo,
    OrderState,
    ShopSettingsRepo,
    StoredService,
)
from bot.store.admin import AdminRepo
from bot.store.codes import CodeRepo
from bot.store.routes import AttemptOutcome, AttemptRepo

log = logging.getLogger(__name__)


class Outcome(enum.StrEnum):
    PLACED = "placed"
    ALREADY = "already"  # this card was confirmed before: the order it placed
    UNCERTAIN = "uncertain"  # may exist on the panel; money held for an admin to settle
    REFUSED = "refused"  # nothing placed, nothing kept: see `Refusal`


class Refusal(enum.StrEnum):
    """Why Confirm placed nothing. Every one of them leaves the wallet as it was (or refunded in full)."""

    NO_FUNDS = "no_funds"  # the wallet does not cover the quote; nothing written
    PRICE_CHANGED = "price_changed"  # the price moved since the card: a new card to confirm
    EXPIRED = "expired"  # the card is older than QUOTE_MINUTES: a new card to confirm
    UNAVAILABLE = "unavailable"  # the service was switched off or removed
    UNKNOWN_CARD = "unknown_card"  # not a card this customer was shown
    PANEL_SHORT = "panel_short"  # no provider of the route can take it now (balance, …): not sent, not charged
    LINK_REJECTED = "link_rejected"  # a panel refused the link (and no other placed it); refunded
    QUANTITY_REJECTED = "quantity_rejected"  # a panel refused the quantity (and no other placed it); refunded
    PANEL_REFUSED = "panel_refused"  # the panels refused for other reasons; refunded
    NOT_SENT = "not_sent"  # no panel could be reached; refunded
    MAINTENANCE = "maintenance"
    BANNED = "banned"
    CODE_LOST = "code_lost"  # the card's discount code no longer applies: a new card without it


@dataclass(frozen=True)
class Placement:
    outcome: Outcome
    order: Order | None = None
    refusal: Refusal | None = None
    card: Card | None = None  # the new card (price changed, expired) or the card as it stands (no funds)
    previous: Quote | None = None  # the quote that was confirmed, when a new card replaces it
    panel_text: str | None = None  # the panel's words, where they help the customer (link, quantity)

    @property
    def shortfall(self) -> Decimal:
        return self.card.shortfall if self.card else Decimal(0)


# The refusals after which the next leg of the route is tried: each clearly means "this panel did not place it,
# and another may" (its account cannot pay, its service or key is off, its limits or link rules differ, it has no
# such action, it is throttling us). Any other refusal ends the walk, refunded: words we cannot read may hide a
# placed order, and a duplicate link means an order on that link is running there already, so another panel
# would deliver to it twice.
FAILOVER_REFUSALS = frozenset(
    {
        ErrorKind.INSUFFICIENT_FUNDS,
        ErrorKind.INVALID_SERVICE,
        ErrorKind.INVALID_QUANTITY,
        ErrorKind.INVALID_LINK,
        ErrorKind.UNSUPPORTED,
        ErrorKind.INVALID_API_KEY,
        ErrorKind.RATE_LIMITED,
    }
)
_PANEL_REFUSALS = {ErrorKind.INVALID_LINK: Refusal.LINK_REJECTED, ErrorKind.INVALID_QUANTITY: Refusal.QUANTITY_REJECTED}
# When every leg failed, the customer hears the most telling reason: what they can fix (link, quantity) first,
# then a panel's refusal, then "could not be reached".
_TELLING = (Refusal.LINK_REJECTED, Refusal.QUANTITY_REJECTED, Refusal.PANEL_REFUSED, Refusal.NOT_SENT)
_DETAIL_CHARS = 200  # of a panel's words kept on an attempt


@dataclass(frozen=True)
class Miss:
    """A leg that placed nothing, so the next may be tried: what came of it, and what the customer would hear."""

    leg: Leg
    outcome: AttemptOutcome
    detail: str
    refusal: Refusal = Refusal.NOT_SENT
    panel_text: str | None = None  # the panel's words, when they help the customer (link, quantity)
    last: bool = False  # a refusal not in FAILOVER_REFUSALS: no further leg is tried


def telling(misses: list[Miss]) -> Miss | None:
    """The miss whose reason the customer hears when no leg placed the order (see `_TELLING`)."""
    for refusal in _TELLING:
        for miss in misses:
            if miss.leg.tried and miss.refusal is refusal:
                return miss
    return None


class Ordering:
    def __init__(
        self,
        settings: Settings,
        db: Database,
        providers: Providers,
        pricing: Pricing,
        notices: AdminNotices,
        watch: BalanceWatch,
        staff: Staff,
        codes: Codes,
    ):
        self.settings = settings
        self.codes = codes
        self.staff = staff
        self.db = db
        self.providers = providers
        self.pricing = pricing
        self.notices = notices
        self.watch = watch
        self.route = Route(db, providers, pricing, watch, notices, settings.panel_interactive_timeout)

    # --- choosing and describing --------------------------------------------------------------------------

    async def _service(self, service_id: str) -> StoredService | None:
        """The service if a customer may order it now (on the panel, enabled, a type we take)."""
        service = await CatalogRepo(self.db).service(service_id)
        if service is None or not service.is_available or service.type not in ORDERABLE_TYPES:
            return None
        return service

    async def offer(self, service_id: str) -> Offer | None:
        """The service with its shop price, if a customer may order it now."""
        service = await self._service(service_id)
        return (await self.pricing.offers([service]))[0] if service else None

    async def search(self, text: str, limit: int = 8) -> list[Offer]:
        """A typed service number, or part of a name."""
        text = text.strip().lstrip("#")
        number = as_service_number(text)
        if number is not None:
            found = await self._service(number)
            if found:
                return await self.pricing.offers([found])
        return await self.pricing.offers(await CatalogRepo(self.db).search(text, ORDERABLE_TYPES, limit))

    # --- the customer's answers ----------------------------------------------------------------------------

    async def accept(self, draft: Draft, step: Ask, text: str) -> Offer | None:
        """Check what was typed for `step` and put it in the draft; InputError leaves the draft unchanged.
        None: the service can no longer be ordered."""
        offer = await self.offer(draft.service_id)
        if offer is None:
            return None
        if step is Ask.LINK:
            draft.link = parse_link(text, offer.platform)
        elif step is Ask.QUANTITY:
            draft.quantity = parse_quantity(text, offer.min_quantity, offer.max_quantity)
        else:
            lines = parse_lines(text, self.settings.list_max_lines, self.settings.list_max_line_length)
            if step is Ask.COMMENTS and not offer.min_quantity <= len(lines) <= offer.max_quantity:
                raise InputError(
                    "input.comments_range", {"min": offer.min_quantity, "max": offer.max_quantity, "count": len(lines)}
                )
            draft.lists[step.value] = lines
        return offer

    def skip(self, draft: Draft, step: Ask) -> None:
        """Leave an optional list out; of suggest and search, at least one is needed."""
        if step not in OPTIONAL_FIELDS:
            raise InputError("input.not_optional")
        if step is Ask.SEARCH and not draft.lists.get(Ask.SUGGEST.value):
            raise InputError("input.suggest_or_search")
        draft.lists.pop(step.value, None)

    # --- the summary card and Confirm ----------------------------------------------------------------------

    async def quote(self, user_id: int, draft: Draft) -> Card | None:
        """The summary card: a binding quote for the draft, and the wallet. None: the service is gone. The draft's
        discount code is applied if it still applies; if not, the card is without it and says why (`dropped`)."""
        service = await self._service(draft.service_id)
        if service is None:
            return None
        now = datetime.now(UTC)
        discount = await self._discount(user_id, draft.code, service, now)
        quote, offer = await self.pricing.price(user_id, service, draft, now, _applied(discount))
        await self.pricing.keep(quote)
        return await self._card(user_id, quote, offer, _lost(discount))

    async def with_code(self, user_id: int, draft: Draft, text: str) -> Card | Refused | None:
        """*Have a code?*: the code typed on the summary card. A card with the discount (the draft keeps the code
        for later cards), or why the code gives nothing (a wrong try, see `bot.shop.codes`). None: service gone."""
        service = await self._service(draft.service_id)
        if service is None:
            return None
        found = await self.codes.try_discount(user_id, text, service)
        if isinstance(found, Refused):
            return found
        draft.code = found.code
        return await self.quote(user_id, draft)

    async def _discount(
        self, user_id: int, code: str | None, service: StoredService, now: datetime
    ) -> Discount | Refused | None:
        """The discount a card's code gives now (None: no code)."""
        return await self.codes.discount(self.db, user_id, code, service, now) if code else None

    async def _card(self, user_id: int, quote: Quote, offer: Offer, dropped: Refused | None = None) -> Card:
        balance = await LedgerRepo(self.db).balance(user_id)
        return Card(quote, offer, balance, self._exempt(user_id), dropped)

    def _exempt(self, user_id: int) -> bool:
        return self.staff.is_admin(user_id) and self.settings.admins_order_free

    async def placed_by(self, quote_id: str, user_id: int) -> Order | None:
        """The order a card placed, if it placed one (an old Confirm pressed again)."""
        return await OrderRepo(self.db).by_token_for_user(quote_id, user_id)

    async def place(self, user_id: int, quote_id: str, now: datetime | None = None) -> Placement:
        """Place the order the card `quote_id` showed, at its price, once. See the module docstring."""
        now = now or datetime.now(UTC)
        existing = await OrderRepo(self.db).by_token_for_user(quote_id, user_id)
        if existing is not None:
            return Placement(Outcome.ALREADY, existing)
        quote = await self.pricing.stored(quote_id, user_id)
        if quote is None:
            return _refused(Refusal.UNKNOWN_CARD)
        barred = await self._barred(user_id)
        if barred is not None:
            return _refused(barred)
        service = await self._service(quote.service_id)
        if service is None:
            return _refused(Refusal.UNAVAILABLE, previous=quote)
        discount = await self._discount(user_id, quote.code, service, now)
        current, offer = await self.pricing.price(user_id, service, quote.draft, now, _applied(discount))
        if isinstance(discount, Refused):
            await self.pricing.keep(current)
            return _refused(Refusal.CODE_LOST, card=await self._card(user_id, current, offer, discount), previous=quote)
        if not current.same_price(quote) or quote.expired(now):
            await self.pricing.keep(current)
            why = Refusal.PRICE_CHANGED if not current.same_price(quote) else Refusal.EXPIRED
            return _refused(why, card=await self._card(user_id, current, offer), previous=quote)
        legs = await self.route.legs(service, quote)
        if not any(leg.tried for leg in legs):
            return await self._nowhere(quote, service, legs)
        return await self._charge_and_send(user_id, quote, service, offer, legs)

    async def _barred(self, user_id: int) -> Refusal | None:
        """Banned customers never order; in maintenance only admins do."""
        if await AdminRepo(self.db).is_banned(user_id):
            return Refusal.BANNED
        maintenance = await ShopSettingsRepo(self.db).get("maintenance") == "on"
        if maintenance and not self.staff.is_admin(user_id):
            return Refusal.MAINTENANCE
        return None

    async def _charge_and_send(
        self, user_id: int, quote: Quote, service: StoredService, offer: Offer, legs: list[Leg]
    ) -> Placement:
        """Write the order and its charge (the quote's total, exactly), then walk the route with it."""
        written = await self._write_order(user_id, quote, service, offer, legs)
        if isinstance(written, Placement):
            return written
        if isinstance(written, Refused):
            return await self._code_lost(user_id, quote, service, written)
        return await self._walk(written, user_id, quote.draft.panel_order(service.type), legs)

    async def _write_order(
        self, user_id: int, quote: Quote, service: StoredService, offer: Offer, legs: list[Leg]
    ) -> int | Placement | Refused:
        """The order, its charge and its code's use, in one transaction: the order's number; the order this card
        placed before, or no funds (a Placement); or why the card's code no longer applies (nothing written)."""
        exempt = self._exempt(user_id)
        async with self.db.transaction() as tx:
            orders, ledger = OrderRepo(tx), LedgerRepo(tx)
            existing = await orders.by_token_for_user(quote.id, user_id)
            if existing is not None:
                return Placement(Outcome.ALREADY, existing)
            balance = await ledger.balance(user_id)
            if not exempt and balance < quote.total:
                return _refused(Refusal.NO_FUNDS, card=Card(quote, offer, balance, exempt))
            if quote.code is not None:  # checked again here: the last use goes to one order only
                lost = await self.codes.discount(tx, user_id, quote.code, service, datetime.now(UTC))
                if isinstance(lost, Refused):
                    return lost
            new_order = quote.draft.panel_order(service.type)
            first = next(leg for leg in legs if leg.tried)
            order_id = await orders.create(
                token=quote.id,
                user_id=user_id,
                service_id=service.id,
                link=quote.draft.link or "",
                quantity=quote.units,
                extras=new_order.extra,
                price=quote.total,
                cost=first.cost,
                currency=quote.currency,
                provider=first.provider,
                provider_service_id=first.service_id,
            )
            if not exempt:
                await ledger.add(
                    user_id=user_id,
                    amount=-quote.total,
                    kind="charge",
                    key=f"order:{order_id}:charge",
                    reason=f"Order #{order_id}",
                    order_id=order_id,
                )
            if quote.code is not None and not exempt:  # an admin ordering free leaves the code's uses alone
                await self.codes.count_use(tx, user_id, quote.code, order_id, quote.before - quote.total)
        return order_id

    async def _code_lost(self, user_id: int, quote: Quote, service: StoredService, why: Refused) -> Placement:
        """The card's code went (its last use to someone else, turned off, expired): a new card without it."""
        draft = replace(quote.draft, code=None)
        current, offer = await self.pricing.price(user_id, service, draft, datetime.now(UTC))
        await self.pricing.keep(current)
        return _refused(Refusal.CODE_LOST, card=await self._card(user_id, current, offer, why), previous=quote)

    async def _nowhere(self, quote: Quote, service: StoredService, legs: list[Leg]) -> Placement:
        """No leg can take the order now: nothing is written or charged. Short of funds where it would go: the
        admins are told (a fallback too dear was told when judged; a disabled provider was an admin's choice)."""
        short = next((leg for leg in legs if leg.skip is AttemptOutcome.SKIPPED_BALANCE), None)
        if short is not None:
            values = {"service": service.title, "cost": str(short.cost), "balance": str(short.balance)}
            async with self.db.transaction() as tx:
                await self.notices.send(
                    tx, "balance", f"panel-short:{quote.id}", AdminNotice("admin.panel_short", values)
                )
        return _refused(Refusal.PANEL_SHORT)

    async def _walk(self, order_id: int, user_id: int, new_order: NewOrder, legs: list[Leg]) -> Placement:
        """Try the legs in order until one places the order or may have; every leg is recorded on the order."""
        misses: list[Miss] = []
        for leg in legs:
            if leg.skip is not None:
                await AttemptRepo(self.db).record(order_id, leg.provider, leg.service_id, leg.skip, leg.detail)
                misses.append(Miss(leg, leg.skip, leg.detail))
                continue
            sent = await self._send(order_id, leg, replace(new_order, service_id=leg.service_id), misses)
            if isinstance(sent, Placement):
                return sent
            misses.append(sent)
            if sent.last:
                break
        return await self._refuse_all(order_id, user_id, misses)

    async def _send(self, order_id: int, leg: Leg, new_order: NewOrder, before: list[Miss]) -> Placement | Miss:
        """One leg: the order names it, then `add` goes to its provider. A Miss lets the walk go on."""
        await OrderRepo(self.db).send_to(order_id, leg.provider, leg.service_id, leg.cost)
        try:
            panel_order_id = await self.providers[leg.provider].placing.add(new_order)
        except PanelRefused as refused:
            return await self._refused_by(order_id, leg, refused)
        except PanelUnavailable as error:
            log.warning("order #%s not sent, %s is unreachable: %s", order_id, leg.provider, error.reason)
            return await self._missed(order_id, Miss(leg, AttemptOutcome.NOT_SENT, f"unreachable: {error.reason}"))
        except PanelOutcomeUnknown as error:
            log.warning("order #%s is uncertain on %s: %s", order_id, leg.provider, error.reason)
            async with self.db.transaction() as tx:
                await AttemptRepo(tx).record(
                    order_id, leg.provider, leg.service_id, AttemptOutcome.UNCERTAIN, error.reason
                )
                await self._hold(tx, order_id, error.reason)
            return Placement(Outcome.UNCERTAIN, await OrderRepo(self.db).get(order_id))
        return await self._placed(order_id, leg, panel_order_id, before)

    async def _refused_by(self, order_id: int, leg: Leg, refused: PanelRefused) -> Miss:
        """A definite "not placed", the last leg tried unless its kind is one of `FAILOVER_REFUSALS`; a refusal for
        funds makes the balance watch look at that provider now."""
        log.info("order #%s refused by %s: %s", order_id, leg.provider, refused.kind)
        why = _PANEL_REFUSALS.get(refused.kind, Refusal.PANEL_REFUSED)
        text = refused.text if why is not Refusal.PANEL_REFUSED else None
        last = refused.kind not in FAILOVER_REFUSALS
        miss = await self._missed(order_id, Miss(leg, AttemptOutcome.REFUSED, refused.text, why, text, last))
        if refused.kind is ErrorKind.INSUFFICIENT_FUNDS:  # asked as a person waits: the next leg is not held up
            interactive = self.providers[leg.provider].interactive
            within = self.settings.panel_interactive_timeout
            await self.watch.check(provider=leg.provider, panel=interactive, within=within)
        return miss

    async def _missed(self, order_id: int, miss: Miss) -> Miss:
        leg = miss.leg
        await AttemptRepo(self.db).record(order_id, leg.provider, leg.service_id, miss.outcome, _short(miss.detail))
        return miss

    async def _placed(self, order_id: int, leg: Leg, panel_order_id: str, before: list[Miss]) -> Placement:
        """Placed on `leg`: where, at what cost and its panel's ID in one transaction; the admins are told the
        provider, the margin and, after a failover, why the legs before it did not take it."""
        async with self.db.transaction() as tx:
            orders = OrderRepo(tx)
            await orders.send_to(order_id, leg.provider, leg.service_id, leg.cost)
            await orders.set_state(order_id, OrderState.PENDING, panel_order_id=panel_order_id)
            await AttemptRepo(tx).record(order_id, leg.provider, leg.service_id, AttemptOutcome.PLACED, panel_order_id)
            order = await orders.get(order_id)
            assert order is not None  # written before the walk; orders are never deleted
            extra = self._placed_values(order, leg, before)
            await self._notice(tx, order_id, "orders", "admin.new_order_at", extra=extra)
        log.info("order #%s placed on %s as panel order %s", order_id, leg.provider, panel_order_id)
        return Placement(Outcome.PLACED, await OrderRepo(self.db).get(order_id))

    def _placed_values(self, order: Order, leg: Leg, before: list[Miss]) -> dict[str, object]:
        """The new-order notice's extras: the margin in the shop's currency and the legs before it (where it went
        is the order's own `provider_service`)."""
        return {
            "margin": str(margin(order, self.providers[leg.provider].to_shop(leg.cost))),
            "tried": [[m.leg.ref, m.outcome.value, _short(m.detail)] for m in before],
        }

    async def _refuse_all(self, order_id: int, user_id: int, misses: list[Miss]) -> Placement:
        """No leg placed it: refused and refunded once, with the most telling reason."""
        told = telling(misses)
        await self._refuse(order_id, user_id, _short(told.detail) if told else "not placed")
        refusal = told.refusal if told else Refusal.NOT_SENT
        order = await OrderRepo(self.db).get(order_id)
        return Placement(Outcome.REFUSED, order, refusal=refusal, panel_text=told.panel_text if told else None)

    async def _refuse(self, order_id: int, user_id: int, reason: str) -> None:
        """Mark the order refused and give back what was paid, in one transaction; the admins are told."""
        async with self.db.transaction() as tx:
            await OrderRepo(tx).set_state(order_id, OrderState.REFUSED, error=reason)
            await undo_unplaced(tx, order_id, user_id)
            await self._notice(tx, order_id, "problems", "admin.refused")

    async def _hold(self, tx: Connection, order_id: int, reason: str) -> None:
        """The order may exist on the panel: it becomes uncertain and the admins get Placed / Not placed."""
        await OrderRepo(tx).set_state(order_id, OrderState.UNCERTAIN, error=reason)
        actions = (SettleOrder(order_id, Settle.PLACED), SettleOrder(order_id, Settle.FAILED))
        await self._notice(tx, order_id, "problems", "admin.uncertain", actions)

    async def _notice(
        self,
        tx: Connection,
        order_id: int,
        topic: str,
        text: str,
        actions: tuple[SettleOrder, ...] = (),
        extra: dict[str, object] | None = None,
    ) -> None:
        order = await OrderRepo(tx).get(order_id)
        if order is not None:
            values = order_values(order) | (extra or {}) | await person(tx, order.user_id)
            notice = AdminNotice(text, values, actions)
            await self.notices.send(tx, topic, f"{text}:{order_id}", notice)

    async def recover_interrupted(self) -> list[Order]:
        """Orders a crash left in *placing* may or may not exist on the panel: they become uncertain, the
        admins get the same notice as after a timeout, and the customer is told the order is being checked."""
        stuck = await OrderRepo(self.db).in_state(OrderState.PLACING)
        for order in stuck:
            async with self.db.transaction() as tx:
                reason = "interrupted while placing"
                await AttemptRepo(tx).record(
                    order.id, order.provider, order.provider_service_id, AttemptOutcome.UNCERTAIN, reason
                )
                await self._hold(tx, order.id, reason)
                await queue(tx, order.user_id, UncertainPush(order.id), key=f"uncertain:{order.id}")
            log.warning("order #%s was interrupted while placing: now uncertain", order.id)
        return stuck


def _applied(discount: Discount | Refused | None) -> Discount | None:
    return discount if isinstance(discount, Discount) else None


def _lost(discount: Discount | Refused | None) -> Refused | None:
    return discount if isinstance(discount, Refused) else None


def _refused(why: Refusal, card: Card | None = None, previous: Quote | None = None) -> Placement:
    return Placement(Outcome.REFUSED, refusal=why, card=card, previous=previous)


def margin(order: Order, shop_cost: Decimal) -> Decimal:
    """What the shop keeps of an order: its price less its cost in the shop's currency, to the currency's unit."""
    return (order.price - shop_cost).quantize(quantum(order.currency))


def _short(text: str) -> str:
    """A panel's words as an attempt keeps them: one line, not too long."""
    return " ".join(text.split())[:_DETAIL_CHARS]


async def undo_unplaced(tx: Connection, order_id: int, user_id: int) -> Decimal:
    """An order no panel took (refused, or settled "not placed" by an admin): what was paid comes back, and a
    discount code used on it may be used again. Every such path goes through here, so none forgets a part."""
    await CodeRepo(tx).give_back(order_id)
    return await refund_paid(tx, order_id, user_id, f"Order #{order_id} not placed")


async def refund_paid(tx: Connection, order_id: int, user_id: int, reason: str) -> Decimal:
    """Give back what was paid for an order and not yet refunded, under the order's one refund key."""
    ledger = LedgerRepo(tx)
    paid = await ledger.order_net(order_id)
    if paid <= 0:
        return Decimal(0)
    applied = await ledger.add(
        user_id=user_id, amount=paid, kind="refund", key=f"order:{order_id}:refund", reason=reason, order_id=order_id
    )
    return paid if applied else Decimal(0)


def order_values(order: Order) -> dict[str, object]:
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
        "provider": order.provider,
        "provider_service": f"{order.provider}:{order.provider_service_id}",  # as admins write it (/route)
        "error": order.error or "",
        "state": order.state,
    }
