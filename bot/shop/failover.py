"""The route an order may take: its shop service's primary, then the fallbacks an admin linked, in order.

Each leg is judged before the order is written, so a route nobody can serve charges nothing. A leg is skipped,
without asking its panel, when its provider is not enabled, its service is gone from that provider's catalog (the
primary: the shop service itself, checked before), a fallback's cost in the shop's currency is above what the
customer pays (the primary's price is the operator's own markup on it, so it is not second-guessed), or the
provider's last known balance cannot pay for it. Only the primary's panel is asked once more first (the operator
may have topped up), and only as long as a person waits (`within`): a fallback last seen short is skipped without
asking, so a slow or hanging fallback never holds up an order its primary places.

Walking the legs is `ordering.Ordering`'s job: it moves on only after a definite refusal or a request that
certainly never left, never after an answer that may mean "placed".
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from bot.shop.alerts import BalanceWatch
from bot.shop.messages import AdminNotice
from bot.shop.notices import AdminNotices
from bot.shop.pricing import round_up
from bot.shop.providers import Provider, Providers
from bot.shop.quotes import Pricing, Quote
from bot.store import Database, StoredService
from bot.store.routes import AttemptOutcome, Hop, ProviderServiceRepo, RouteRepo


@dataclass(frozen=True)
class Leg:
    """One place the order may be sent: a provider service, what it costs there, and whether it is skipped."""

    position: int  # 0: the primary; 1, 2, …: the fallbacks in route order
    provider: str
    service_id: str  # the service ID at that provider
    cost: Decimal  # what that provider is expected to charge, in its currency
    skip: AttemptOutcome | None = None  # why it is not asked; None: it is tried
    detail: str = ""  # for the attempt record: a few words, never a key
    balance: Decimal | None = None  # skipped for its balance: the provider's last known one

    @property
    def ref(self) -> str:
        """As admins write it: `provider:ID`."""
        return f"{self.provider}:{self.service_id}"

    @property
    def tried(self) -> bool:
        return self.skip is None


class Route:
    """Builds the legs of an order's route and judges each of them."""

    def __init__(
        self,
        db: Database,
        providers: Providers,
        pricing: Pricing,
        watch: BalanceWatch,
        notices: AdminNotices,
        within: float,  # seconds the primary's balance may be asked for while the customer waits
    ) -> None:
        self.within = within
        self.db = db
        self.providers = providers
        self.pricing = pricing
        self.watch = watch
        self.notices = notices

    async def legs(self, service: StoredService, quote: Quote) -> list[Leg]:
        """Every leg of `service`'s route for this quote, primary first, each judged."""
        primary = Leg(0, service.provider, service.primary_id, quote.cost)
        legs = [await self._judge(primary, service, quote)]
        for hop in await RouteRepo(self.db).fallbacks(service.id):
            legs.append(await self._judge(await self._fallback(hop, quote), service, quote))
        return legs

    async def _fallback(self, hop: Hop, quote: Quote) -> Leg:
        """A fallback at its cost for this quote's units; skipped when its provider no longer lists it."""
        listed = await ProviderServiceRepo(self.db).get(hop.provider, hop.provider_service_id)
        if listed is None or not listed.on_panel:
            gone = Leg(hop.position, hop.provider, hop.provider_service_id, Decimal(0))
            return _skipped(gone, AttemptOutcome.SKIPPED_UNAVAILABLE, "not in its catalog")
        leg = Leg(hop.position, hop.provider, hop.provider_service_id, self.pricing.cost_at(listed, quote.units))
        if not listed.min_quantity <= quote.units <= listed.max_quantity:
            # a fallback covering part of the shop's range (/route allows it): its panel would refuse, and the
            # customer would hear a limit the card never showed
            range_ = f"takes {listed.min_quantity}-{listed.max_quantity}"
            return _skipped(leg, AttemptOutcome.SKIPPED_UNAVAILABLE, f"{quote.units} is outside its range ({range_})")
        return leg

    async def _judge(self, leg: Leg, service: StoredService, quote: Quote) -> Leg:
        if leg.skip is not None:
            return leg
        provider = self.providers.get(leg.provider)
        if provider is None:
            return _skipped(leg, AttemptOutcome.SKIPPED_UNAVAILABLE, "provider not enabled")
        shop_cost = round_up(provider.to_shop(leg.cost), quote.currency)
        if leg.position > 0 and shop_cost > quote.total:
            await self._tell_too_dear(leg, service, quote, shop_cost)
            return _skipped(
                leg, AttemptOutcome.SKIPPED_COST, f"costs {shop_cost} {quote.currency}, sold for {quote.total}"
            )
        balance = await self._balance_short(leg, provider)
        if balance is not None:
            short = _skipped(leg, AttemptOutcome.SKIPPED_BALANCE, f"balance {balance}, cost {leg.cost}")
            return replace(short, balance=balance)
        return leg

    async def _balance_short(self, leg: Leg, provider: Provider) -> Decimal | None:
        """The provider's last known balance when it cannot pay for the leg, else None. The primary's panel is
        asked once more first, on its interactive client and within `within` seconds; a fallback's is not."""
        known = await self.watch.last_known(leg.provider)
        if known is None or known >= leg.cost:
            return None
        if leg.position > 0:
            return known
        await self.watch.check(provider=leg.provider, panel=provider.interactive, within=self.within)
        known = await self.watch.last_known(leg.provider)
        return known if known is not None and known < leg.cost else None

    async def _tell_too_dear(self, leg: Leg, service: StoredService, quote: Quote, shop_cost: Decimal) -> None:
        """Once per service and fallback: the admins fix the route or the price, or accept it is skipped."""
        values = {
            "service": service.title,
            "fallback": leg.ref,
            "shop_cost": str(shop_cost),
            "price": str(quote.total),
            "currency": quote.currency,
        }
        key = f"skipped-cost:{service.id}:{leg.ref}"
        async with self.db.transaction() as tx:
            await self.notices.send(tx, "problems", key, AdminNotice("admin.fallback_too_dear", values))


def _skipped(leg: Leg, why: AttemptOutcome, detail: str) -> Leg:
    return replace(leg, skip=why, detail=detail)
