"""Offers and quotes: the shop's prices, as customers see them and as Confirm charges them.

An `Offer` is a service with its shop price per 1000 (or per package), for lists and cards. A `Quote`
is the exact price of one draft, minted when the summary card is shown, stored with the draft, and
binding: Confirm charges its `total` or, if anything behind the price changed since (a markup, a fixed
price, the panel's rate) or the card is older than its expiry, charges nothing and re-quotes. A quote may carry
a discount code: `total` is then the discounted price (what Confirm charges) and `full_total` the price before it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal

from bot.config import Settings
from bot.panel import Balance, PanelClient, PanelError
from bot.shop.codes import Discount, Refused
from bot.shop.drafts import COMMENT_TYPES, PACKAGE_TYPES, Ask, Draft, steps_for
from bot.shop.pricing import PriceList, Rated, panel_cost
from bot.shop.refills import refill_window
from bot.store import CatalogRepo, Category, Database, ShopSettingsRepo, StoredService
from bot.store.quotes import QuoteRepo, QuoteRow

MAX_QUOTES_KEPT = timedelta(days=2)  # expired quotes that never became an order are dropped after this


@dataclass(frozen=True)
class Offer:
    """A service a customer may order now, with its shop price."""

    id: str
    title: str
    type: str
    category_id: int
    min_quantity: int
    max_quantity: int
    can_refill: bool
    unit_price: Decimal  # per 1000 units, or per package
    currency: str
    platform: str | None = None
    refill_days: int | None = None  # the refill window, when the service's name (or an admin) gives one

    @property
    def per_comment(self) -> bool:
        """Custom Comments: one unit per comment line."""
        return self.type in COMMENT_TYPES

    @property
    def is_package(self) -> bool:
        return self.type in PACKAGE_TYPES

    @property
    def steps(self) -> tuple[Ask, ...]:
        return steps_for(self.type)


@dataclass(frozen=True)
class Quote:
    """The exact, binding price of one draft for one customer."""

    id: str
    user_id: int
    service_id: str
    draft: Draft
    units: int
    unit_price: Decimal
    total: Decimal
    cost: Decimal  # what its primary's provider is expected to charge, in that provider's currency
    currency: str
    rule: str  # where the price came from, kept for admins
    created_at: datetime
    expires_at: datetime
    code: str | None = None  # the discount code `total` includes
    full_total: Decimal | None = None  # the price before that discount

    @property
    def before(self) -> Decimal:
        """The price before any discount (the total itself when there is none)."""
        return self.full_total if self.full_total is not None else self.total

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at

    def same_price(self, other: Quote) -> bool:
        return self.total == other.total and self.currency == other.currency


@dataclass(frozen=True)
class Card:
    """A summary card: the quote, the service it is for, and the wallet as it stands."""

    quote: Quote
    offer: Offer
    balance: Decimal
    exempt: bool  # an admin ordering for free (ADMINS_ORDER_FREE)
    dropped: Refused | None = None  # a discount code the customer gave that no longer applies, and why

    @property
    def after(self) -> Decimal:
        return self.balance if self.exempt else self.balance - self.quote.total

    @property
    def shortfall(self) -> Decimal:
        return Decimal(0) if self.exempt else max(Decimal(0), self.quote.total - self.balance)


class Pricing:
    """Prices as they stand now: the shop finds the markups itself (service, category, global)."""

    def __init__(self, db: Database, settings: Settings, panel: PanelClient):
        self.db = db
        self.settings = settings
        self.panel = panel
        # the providers' rates, read once: a price list is made for every screen that shows prices
        self.provider_rates = {config.name: config.rate for config in settings.provider_configs()}

    async def currency(self) -> str:
        """SHOP_CURRENCY, else the panel's (remembered from its balance), else VND."""
        if self.settings.shop_currency:
            return self.settings.shop_currency
        stored = await ShopSettingsRepo(self.db).get("panel_currency")
        if stored:
            return stored
        try:
            return (await self.panel_balance()).currency or "VND"
        except PanelError:
            return "VND"

    async def panel_balance(self) -> Balance:
        """Ask the panel; remember its currency, which is the shop's unless SHOP_CURRENCY says otherwise."""
        balance = await self.panel.balance()
        if balance.currency:
            await ShopSettingsRepo(self.db).set("panel_currency", balance.currency)
        return balance

    async def price_list(self) -> PriceList:
        stored = await ShopSettingsRepo(self.db).get("markup_percent")
        markup = Decimal(stored) if stored is not None else self.settings.markup_percent
        return PriceList(
            markup_percent=markup,
            rate_per=self.settings.panel_rate_per,
            exchange_rate=self.settings.shop_currency_rate,
            currency=await self.currency(),
            provider_rates=self.provider_rates,
        )

    async def offers(self, services: list[StoredService]) -> list[Offer]:
        prices = await self.price_list()
        catalog = CatalogRepo(self.db)
        categories = {cid: await catalog.category(cid) for cid in {s.category_id for s in services}}
        return [_offer(s, prices, categories[s.category_id]) for s in services]

    async def price(
        self, user_id: int, service: StoredService, draft: Draft, now: datetime, discount: Discount | None = None
    ) -> tuple[Quote, Offer]:
        """Price the draft as things stand now (not kept), with the offer it is priced from: one look at the
        markups serves both. A `discount` (checked by the caller) takes its percent off the total."""
        prices = await self.price_list()
        category = await CatalogRepo(self.db).category(service.category_id)
        markup = category.markup_percent if category else None
        units = draft.units(service.type)
        full_total = prices.price(service, units, markup)
        quote = Quote(
            id=secrets.token_urlsafe(12),
            user_id=user_id,
            service_id=service.id,
            draft=replace(draft, code=discount.code if discount else None),  # the code it applies, no other
            units=units,
            unit_price=prices.per_thousand(service, markup),
            total=discount.apply(full_total, prices.currency) if discount else full_total,
            cost=prices.cost(service, units),
            currency=prices.currency,
            rule=prices.rule(service, markup),
            created_at=now,
            expires_at=now + timedelta(minutes=self.settings.quote_minutes),
            code=discount.code if discount else None,
            full_total=full_total if discount else None,
        )
        return quote, _offer(service, prices, category)

    def cost_at(self, service: Rated, units: int) -> Decimal:
        """What a provider charges for `units` of its own service, in its currency: a fallback's cost, computed
        as a quote's `cost` is for its primary (PANEL_RATE_PER units per `rate`)."""
        return panel_cost(service, units, self.settings.panel_rate_per)

    async def keep(self, quote: Quote) -> None:
        """Store a quote a card is about to show; drop long-expired ones nobody confirmed."""
        repo = QuoteRepo(self.db)
        await repo.add(_row(quote))
        await repo.forget_before((quote.created_at - MAX_QUOTES_KEPT).isoformat(timespec="seconds"))

    async def stored(self, quote_id: str, user_id: int) -> Quote | None:
        row = await QuoteRepo(self.db).get_for_user(quote_id, user_id)
        return _from_row(row) if row else None


def _offer(service: StoredService, prices: PriceList, category: Category | None) -> Offer:
    """A service as lists and cards show it, priced with `prices` and its category's markup."""
    return Offer(
        id=service.id,
        title=service.title,
        type=service.type,
        category_id=service.category_id,
        min_quantity=service.min_quantity,
        max_quantity=service.max_quantity,
        can_refill=service.can_refill,
        unit_price=prices.per_thousand(service, category.markup_percent if category else None),
        currency=prices.currency,
        platform=category.platform if category else None,
        refill_days=refill_window(service.name, service.refill_days).days,
    )


def _row(quote: Quote) -> QuoteRow:
    return QuoteRow(
        id=quote.id,
        user_id=quote.user_id,
        service_id=quote.service_id,
        draft=quote.draft.as_json(),
        units=quote.units,
        unit_price=quote.unit_price,
        total=quote.total,
        cost=quote.cost,
        currency=quote.currency,
        rule=quote.rule,
        created_at=quote.created_at.isoformat(timespec="seconds"),
        expires_at=quote.expires_at.isoformat(timespec="seconds"),
        code=quote.code,
        full_total=quote.full_total,
    )


def _from_row(row: QuoteRow) -> Quote:
    return Quote(
        id=row.id,
        user_id=row.user_id,
        service_id=row.service_id,
        draft=Draft.from_json(row.draft),
        units=row.units,
        unit_price=row.unit_price,
        total=row.total,
        cost=row.cost,
        currency=row.currency,
        rule=row.rule,
        created_at=datetime.fromisoformat(row.created_at),
        expires_at=datetime.fromisoformat(row.expires_at),
        code=row.code,
        full_total=row.full_total,
    )
