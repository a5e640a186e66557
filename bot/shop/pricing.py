"""Shop prices: the panel's rate plus the operator's markup, exact to the currency's smallest unit.

A price is always rounded *up*, so the shop never undercharges. The markup that
applies is the service's, else its category's, else the global one; a fixed price
set by the operator replaces the marked-up rate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from typing import Protocol

from bot.shop.drafts import PACKAGE_TYPES
from bot.store import StoredService

# Digits after the decimal point of each currency's smallest unit; others use 2.
_MINOR_DIGITS = {"VND": 0, "JPY": 0, "KRW": 0, "IDR": 0, "XTR": 0, "UZS": 0, "IRR": 0, "CLP": 0, "KWD": 3, "BHD": 3}


def quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-_MINOR_DIGITS.get(currency.upper(), 2))


def round_up(amount: Decimal, currency: str) -> Decimal:
    return amount.quantize(quantum(currency), rounding=ROUND_CEILING)


class Rated(Protocol):
    """A service as a provider prices it: a shop service (its primary) or any provider's own service."""

    @property
    def type(self) -> str: ...

    @property
    def rate(self) -> Decimal: ...


def panel_cost(service: Rated, units: int, rate_per: int) -> Decimal:
    """What a provider charges for `units` of its service (`rate` per `rate_per` units, or per package), in its
    own currency, not rounded."""
    if service.type in PACKAGE_TYPES:
        return service.rate
    return service.rate * units / rate_per


@dataclass(frozen=True, slots=True)
class PriceList:
    """What turns panel rates into shop prices."""

    markup_percent: Decimal
    rate_per: int = 1000
    exchange_rate: Decimal = Decimal(1)  # shop currency units per unit of main's currency
    currency: str = "VND"
    # Each provider's rate to the shop's currency (PROVIDERS__<NAME>__RATE); a provider not named: `exchange_rate`.
    provider_rates: Mapping[str, Decimal] = field(default_factory=dict)

    def exchange_for(self, provider: str) -> Decimal:
        """Shop currency units per unit of `provider`'s currency: a service is priced from its primary's cost."""
        return self.provider_rates.get(provider, self.exchange_rate)

    def markup_for(self, service: StoredService, category_markup: Decimal | None = None) -> Decimal:
        for markup in (service.markup_percent, category_markup):
            if markup is not None:
                return markup
        return self.markup_percent

    def rule(self, service: StoredService, category_markup: Decimal | None = None) -> str:
        """Where the price comes from, in words kept with a quote: `fixed`, `service +20%`, `global +30%`."""
        if service.fixed_price is not None:
            return "fixed"
        for name, markup in (("service", service.markup_percent), ("category", category_markup)):
            if markup is not None:
                return f"{name} +{markup}%"
        return f"global +{self.markup_percent}%"

    def shop_rate(self, service: StoredService, category_markup: Decimal | None = None) -> Decimal:
        """The shop's price per `rate_per` units (or per package), before rounding."""
        if service.fixed_price is not None:
            return service.fixed_price
        markup = self.markup_for(service, category_markup)
        return service.rate * self.exchange_for(service.provider) * (1 + markup / 100)

    def per_thousand(self, service: StoredService, category_markup: Decimal | None = None) -> Decimal:
        """The price shown in lists: per 1000 units, or per package."""
        rate = self.shop_rate(service, category_markup)
        if service.type in PACKAGE_TYPES:
            return round_up(rate, self.currency)
        return round_up(rate * 1000 / self.rate_per, self.currency)

    def price(self, service: StoredService, units: int, category_markup: Decimal | None = None) -> Decimal:
        """What the customer pays for `units` of the service."""
        rate = self.shop_rate(service, category_markup)
        if service.type in PACKAGE_TYPES:
            return round_up(rate, self.currency)
        return round_up(rate * units / self.rate_per, self.currency)

    def cost(self, service: Rated, units: int) -> Decimal:
        """What the panel will charge, in the panel's currency (not rounded)."""
        return panel_cost(service, units, self.rate_per)
