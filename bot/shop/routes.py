"""Routes: which provider services may serve a shop service, in which order (`/route`).

A shop service is sent to its primary first, then to its fallbacks in order. Only an admin links a fallback:
the shop suggests candidates from the other providers' catalogs (same type, a range that takes every quantity
the shop service takes, a similar name) but never adds one by itself. A fallback whose cost, in the shop's
currency, is above the shop price is shown as skipped (placement does not send it there).

Range rule: a fallback whose min/max shares no quantity with the shop service's is refused (it could never serve
an order); one that covers only part of it is added with a warning — an order outside its range is refused by
that panel, which is a definite "not placed", so the next stop is tried and nothing is ever placed twice. Real
panels' ranges of the same service differ a little, and refusing those would leave most services with none.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from bot.shop.admin import audit
from bot.shop.drafts import PACKAGE_TYPES
from bot.shop.inputs import InputError
from bot.shop.notices import AdminNotices
from bot.shop.pricing import PriceList
from bot.shop.providers import Provider, Providers
from bot.shop.quotes import Pricing
from bot.store import CatalogRepo, Database, StoredService
from bot.store.routes import ProviderService, ProviderServiceRepo, RouteRepo
from bot.store.settings import ShopSettingsRepo

MAX_SUGGESTIONS = 3
MIN_SIMILARITY = Decimal("0.5")  # of the words of two names, the share they have in common
SAME_CATEGORY = Decimal("0.1")  # the bonus of a candidate in a category of the same name
_WORD = re.compile(r"[^\W\d_]+")  # words without digits: "30 days" says nothing of what a service is
_NOISE = frozenset({"refill", "days", "day", "no", "lifetime", "guarantee", "bảo", "hành", "ngày"})


class Problem(enum.StrEnum):
    GONE = "gone"  # its provider is disabled or unknown, or the service left its catalog
    BELOW_COST = "below_cost"  # its cost in the shop's currency is above the shop price: placement skips it


@dataclass(frozen=True, slots=True)
class Stop:
    """One provider service on a route (or suggested for it), with what it costs per 1000 (or per package)."""

    provider: str
    service_id: str
    service: ProviderService | None  # None: gone
    cost: Decimal | None  # in its provider's currency
    currency: str  # its provider's; "": not known yet
    shop_cost: Decimal | None  # the same, in the shop's currency
    problem: Problem | None = None

    @property
    def ref(self) -> str:
        return f"{self.provider}:{self.service_id}"

    @property
    def number(self) -> int:
        """The provider service's number, for a button (0: gone)."""
        return self.service.number if self.service else 0


@dataclass(frozen=True, slots=True)
class Route:
    service: StoredService
    price: Decimal  # the shop price per 1000 (or per package), shop currency
    currency: str  # the shop's
    primary: Stop
    fallbacks: list[Stop]
    suggestions: list[Stop]


@dataclass(frozen=True, slots=True)
class RouteChange:
    route: Route
    partial_range: Stop | None = None  # the fallback just added takes only part of the shop service's range
    added: str = ""  # the fallback just added, as `provider:ID`


def parse_ref(text: str) -> tuple[str, str]:
    """`backup:12` → ("backup", "12")."""
    provider, colon, service_id = text.strip().partition(":")
    if not colon or not provider or not service_id or " " in service_id:
        raise InputError("route.bad_ref", {"text": text})
    return provider.lower(), service_id


def similarity(a: str, b: str) -> Decimal:
    """The share of words two texts have in common (of all the words of both), 0 to 1, to two places."""
    words_a, words_b = (set(_WORD.findall(text.lower())) - _NOISE for text in (a, b))
    if not words_a or not words_b:
        return Decimal(0)
    return (Decimal(len(words_a & words_b)) / len(words_a | words_b)).quantize(Decimal("0.01"))


class Routes:
    def __init__(self, db: Database, providers: Providers, pricing: Pricing, notices: AdminNotices) -> None:
        self.db = db
        self.providers = providers
        self.pricing = pricing
        self.notices = notices
        self.catalog = ProviderServiceRepo(db)

    # --- reading ---------------------------------------------------------------------------------------------

    async def route(self, service_text: str) -> Route:
        """`/route SERVICE`: its primary, its fallbacks in order, and up to 3 suggestions."""
        service = await self._service(service_text)
        prices = await self.pricing.price_list()  # priced at its primary's provider's rate, as customers see it
        markup = await self._category_markup(service)
        limit = prices.shop_rate(service, markup)  # per PANEL_RATE_PER units (or per package)
        primary = await self._stop(service, prices, limit, service.provider, service.primary_id, primary=True)
        hops = await RouteRepo(self.db).fallbacks(service.id)
        fallbacks = [await self._stop(service, prices, limit, h.provider, h.provider_service_id) for h in hops]
        taken = {primary.ref, *(stop.ref for stop in fallbacks)}
        return Route(
            service=service,
            price=prices.per_thousand(service, markup),
            currency=prices.currency,
            primary=primary,
            fallbacks=fallbacks,
            suggestions=await self._suggestions(service, prices, limit, taken),
        )

    async def _service(self, text: str) -> StoredService:
        service = await CatalogRepo(self.db).service(text.strip().lstrip("#"))
        if service is None:
            raise InputError("admin.no_service", {"text": text})
        return service

    async def _category_markup(self, service: StoredService) -> Decimal | None:
        category = await CatalogRepo(self.db).category(service.category_id)
        return category.markup_percent if category else None

    async def _currency(self, provider: Provider) -> str:
        """A provider's currency: as configured, else as its balance last reported it."""
        if provider.currency:
            return provider.currency
        key = "panel_currency" if provider is self.providers.main else f"panel_currency:{provider.name}"
        return await ShopSettingsRepo(self.db).get(key) or ""

    async def _stop(
        self,
        service: StoredService,
        prices: PriceList,
        limit: Decimal,
        provider_name: str,
        service_id: str,
        *,
        primary: bool = False,
        found: ProviderService | None = None,
    ) -> Stop:
        provider = self.providers.get(provider_name)
        found = found or (await self.catalog.get(provider_name, service_id) if provider else None)
        if provider is None or found is None or not found.on_panel:
            return Stop(provider_name, service_id, None, None, "", None, Problem.GONE)
        cost = found.rate if service.type in PACKAGE_TYPES else found.rate * 1000 / prices.rate_per
        below_cost = not primary and provider.to_shop(found.rate) > limit
        return Stop(
            provider_name,
            service_id,
            found,
            cost,
            await self._currency(provider),
            provider.to_shop(cost),
            Problem.BELOW_COST if below_cost else None,
        )

    async def _suggestions(
        self, service: StoredService, prices: PriceList, limit: Decimal, taken: set[str]
    ) -> list[Stop]:
        """Other providers' services like this one (by name, then category), most similar first, cheapest first
        among equals; none that is below cost, of another type, or unable to take every quantity it takes."""
        scored = []
        for candidate in await self.catalog.of_type(service.type, service.min_quantity, service.max_quantity):
            elsewhere = candidate.provider != service.provider and candidate.provider in self.providers
            if not elsewhere or candidate.ref in taken:
                continue
            score = similarity(service.name, candidate.name)
            if score < MIN_SIMILARITY:
                continue
            if candidate.category.lower() == service.category.lower():
                score += SAME_CATEGORY
            stop = await self._stop(service, prices, limit, candidate.provider, candidate.service_id, found=candidate)
            if stop.problem is None and stop.shop_cost is not None:
                scored.append((-score, stop.shop_cost, stop))
        scored.sort(key=lambda item: (item[0], item[1]))
        return [stop for _, _, stop in scored[:MAX_SUGGESTIONS]]

    # --- changing --------------------------------------------------------------------------------------------

    async def add(self, admin_id: int, service_text: str, ref_text: str) -> RouteChange:
        """Append a fallback; every check fails with an InputError and changes nothing."""
        service = await self._service(service_text)
        provider_name, service_id = parse_ref(ref_text)
        found = await self._provider_service(provider_name, service_id)
        ref = found.ref
        if (provider_name, service_id) == (service.provider, service.primary_id):
            raise InputError("route.is_primary", {"ref": ref, "id": service.id})
        if found.type != service.type:
            raise InputError(
                "route.wrong_type", {"ref": ref, "id": service.id, "type": found.type, "wanted": service.type}
            )
        if found.max_quantity < service.min_quantity or found.min_quantity > service.max_quantity:
            raise InputError(
                "route.no_overlap",
                {
                    "ref": ref,
                    "id": service.id,
                    "range": _range(found),
                    "wanted": f"{service.min_quantity}–{service.max_quantity}",
                },
            )
        async with self.db.transaction() as tx:
            if not await RouteRepo(tx).add(service.id, provider_name, service_id, admin_id):
                raise InputError("route.already", {"ref": ref, "id": service.id})
            await audit(tx, self.notices, admin_id, "route", f"#{service.id} add {ref}")
        route = await self.route(service.id)
        partial = found.min_quantity > service.min_quantity or found.max_quantity < service.max_quantity
        partial_stop = next((s for s in route.fallbacks if s.ref == ref), None) if partial else None
        return RouteChange(route, partial_stop, added=ref)

    async def add_suggested(self, admin_id: int, service_id: str, number: int) -> RouteChange:
        """ "Add as fallback" under a suggestion: the provider service of that number, checked as `add` does."""
        found = await self.catalog.by_number(number)
        if found is None:
            raise InputError("route.no_provider_service", {"ref": f"#{number}"})
        return await self.add(admin_id, service_id, found.ref)

    async def remove(self, admin_id: int, service_text: str, ref_text: str) -> RouteChange:
        service = await self._service(service_text)
        provider_name, service_id = parse_ref(ref_text)
        ref = f"{provider_name}:{service_id}"
        async with self.db.transaction() as tx:
            if not await RouteRepo(tx).remove(service.id, provider_name, service_id):
                raise InputError("route.not_on_route", {"ref": ref, "id": service.id})
            await audit(tx, self.notices, admin_id, "route", f"#{service.id} remove {ref}")
        return RouteChange(await self.route(service.id))

    async def reorder(self, admin_id: int, service_text: str, refs: Sequence[str]) -> RouteChange:
        """Set the fallbacks' order: `refs` must be exactly the route's fallbacks, each once."""
        service = await self._service(service_text)
        order = [parse_ref(text) for text in refs]
        async with self.db.transaction() as tx:
            current = [(h.provider, h.provider_service_id) for h in await RouteRepo(tx).fallbacks(service.id)]
            if len(order) != len(current) or set(order) != set(current):
                raise InputError(
                    "route.order_mismatch",
                    {"id": service.id, "current": " ".join(f"{p}:{sid}" for p, sid in current) or "—"},
                )
            await RouteRepo(tx).reorder(service.id, order)
            listed = " ".join(f"{p}:{sid}" for p, sid in order)
            await audit(tx, self.notices, admin_id, "route", f"#{service.id} order {listed}")
        return RouteChange(await self.route(service.id))

    async def _provider_service(self, provider_name: str, service_id: str) -> ProviderService:
        if provider_name not in self.providers:
            names = ", ".join(self.providers.names)
            raise InputError("route.no_provider", {"provider": provider_name, "providers": names})
        found = await self.catalog.get(provider_name, service_id)
        if found is None or not found.on_panel:
            raise InputError("route.no_provider_service", {"ref": f"{provider_name}:{service_id}"})
        return found


def _range(service: ProviderService) -> str:
    return f"{service.min_quantity}–{service.max_quantity}"
