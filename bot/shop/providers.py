"""The panels the shop buys from ("providers"), by name: `main` (PANEL_API_URL) and those of PROVIDERS__<NAME>__….

Each provider has three clients to its panel: `client` for the jobs (syncs, catalog, balance watch),
`interactive` for what a person waits for (Refresh, Cancel, refills, /pbalance: reads give up after
PANEL_INTERACTIVE_TIMEOUT, writes keep the full timeout, as giving up cannot unsend them), and `placing` for new
orders, so Refreshes piling up on a hanging panel never make a new order wait for a connection.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from bot.config import MAIN_PROVIDER, ProviderConfig, Settings
from bot.panel import PanelClient
from bot.panel.connect import panel_from_settings


@dataclass(frozen=True)
class Provider:
    name: str
    client: PanelClient = field(repr=False)
    interactive: PanelClient = field(repr=False)
    placing: PanelClient = field(repr=False)
    rate: Decimal  # shop currency units per unit of its currency
    currency: str  # as configured; "": as its balance reports it
    listed: bool  # its services are sold in the shop under their own numbers

    def to_shop(self, amount: Decimal) -> Decimal:
        """An amount in its currency, in the shop's."""
        return amount * self.rate

    async def aclose(self) -> None:
        for client in (self.interactive, self.placing, self.client):
            await client.aclose()


def _provider(config: ProviderConfig, client: PanelClient, settings: Settings) -> Provider:
    interactive, placing = (
        client.lane(
            read_timeout=settings.panel_interactive_timeout,
            read_retries=0,
            wait_timeout=settings.panel_interactive_timeout,
        )
        for _ in range(2)
    )
    return Provider(
        name=config.name,
        client=client,
        interactive=interactive,
        placing=placing,
        rate=config.rate,
        currency=config.currency,
        listed=config.listed,
    )


class Providers:
    """The enabled providers, `main` first, then in the order they were configured."""

    def __init__(self, providers: list[Provider], rates: Mapping[str, Decimal] | None = None) -> None:
        """`rates`: those of providers configured but not enabled, for the figures of their past orders."""
        if not providers or providers[0].name != MAIN_PROVIDER:
            raise ValueError("the first provider is main")
        self._by_name = {p.name: p for p in providers}
        self._rates = {**(rates or {}), **{p.name: p.rate for p in providers}}

    @classmethod
    def build(
        cls, settings: Settings, main: PanelClient, clients: Mapping[str, PanelClient] | None = None
    ) -> Providers:
        """`main`'s client is given; the others are `clients` by name, else built from the settings. A disabled
        provider is left out: its orders keep their last known state until it is enabled again."""
        given = dict(clients or {})
        providers = []
        for config in settings.provider_configs():
            if not config.enabled:
                continue
            if config.name == MAIN_PROVIDER:
                client = main
            else:
                client = given.get(config.name) or panel_from_settings(settings, provider=config.name)
            providers.append(_provider(config, client, settings))
        return cls(providers, {config.name: config.rate for config in settings.provider_configs()})

    @property
    def main(self) -> Provider:
        return self._by_name[MAIN_PROVIDER]

    def get(self, name: str) -> Provider | None:
        return self._by_name.get(name)

    def __getitem__(self, name: str) -> Provider:
        return self._by_name[name]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self) -> Iterator[Provider]:
        return iter(self._by_name.values())

    def __len__(self) -> int:
        return len(self._by_name)

    def to_shop(self, name: str, amount: Decimal) -> Decimal:
        """An amount in provider `name`'s currency, in the shop's: the one conversion the figures use. A provider
        no longer enabled converts at its configured rate; one no longer configured at main's."""
        return amount * self._rates.get(name, self.main.rate)

    @property
    def names(self) -> list[str]:
        return list(self._by_name)

    async def aclose(self) -> None:
        for provider in self:
            await provider.aclose()
