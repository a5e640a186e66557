"""The catalog customers see: synced from the panel, served from the store.

When the panel is down, the stored catalog keeps serving; a sync that fails changes
nothing. An empty answer is not trusted to wipe the shop: real panels say "Empty
Data" during maintenance as well.
"""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import UTC, datetime
from decimal import Decimal

from bot.config import MAIN_PROVIDER
from bot.panel import PanelClient, PanelError, Service, ServiceType
from bot.shop.messages import AdminNotice
from bot.shop.notices import AdminNotices
from bot.shop.providers import Providers
from bot.shop.quotes import Offer, Pricing
from bot.store import CatalogRepo, Category, ListedService, SyncResult
from bot.store.database import atomic

log = logging.getLogger(__name__)

# The types the order conversation can take. Unknown type names count as Default (link + quantity).
ORDERABLE_TYPES: tuple[str, ...] = tuple(
    t.value
    for t in (
        ServiceType.DEFAULT,
        ServiceType.PACKAGE,
        ServiceType.CUSTOM_COMMENTS,
        ServiceType.SPECIAL_LIST,
        ServiceType.SPECIAL_SUGGEST,
        ServiceType.OTHER,
    )
)

# What a typed service number looks like: main's (digits) or a listed provider's (`backup-12`).
_SERVICE_NUMBER = re.compile(r"^(\d+|[A-Za-z][A-Za-z0-9_]{0,15}-[\w.]{1,40})$")


def as_service_number(text: str) -> str | None:
    """`text` as a shop service ID when it looks like one (`12`, `backup-12`, `Backup-12`), else None."""
    if not _SERVICE_NUMBER.match(text):
        return None
    name, dash, own = text.partition("-")
    return f"{name.lower()}{dash}{own}"


def listed(service: Service) -> ListedService:
    """The panel's service as the store keeps it."""
    return ListedService(
        id=service.id,
        category=service.category,
        name=service.name,
        type=service.type.value,
        type_raw=service.type_raw,
        rate=service.rate,
        min_quantity=service.min,
        max_quantity=service.max,
        can_refill=service.refill,
        can_cancel=service.cancel,
        dripfeed=service.dripfeed,
        description=service.description,
    )


class Catalog:
    """Every provider's catalog, each synced on its own: one panel down keeps its stored services as they were
    while the others sync. `main` and the listed providers sell theirs in the shop (see `shop_service_id`)."""

    def __init__(
        self,
        repo: CatalogRepo,
        panel: PanelClient,
        notices: AdminNotices,
        pricing: Pricing,
        platforms: dict[str, str] | None = None,
        exchange_rate: Decimal = Decimal(1),
        providers: Providers | None = None,
    ):
        self.repo = repo
        self.panel = panel  # main's
        self.notices = notices
        self.pricing = pricing
        self.platforms = platforms or {}
        self.exchange_rate = exchange_rate  # main's
        self.providers = providers

    @property
    def provider_names(self) -> list[str]:
        return self.providers.names if self.providers is not None else [MAIN_PROVIDER]

    def _selling(self) -> list[str]:
        """The providers whose services the shop sells: main and the listed ones."""
        if self.providers is None:
            return [MAIN_PROVIDER]
        return [p.name for p in self.providers if p.name == MAIN_PROVIDER or p.listed]

    def _source(self, provider: str) -> tuple[PanelClient, Decimal]:
        """A provider's jobs client and its rate to the shop's currency."""
        if provider == MAIN_PROVIDER or self.providers is None:
            return self.panel, self.exchange_rate
        found = self.providers[provider]
        return found.client, found.rate

    async def sync_all(self) -> dict[str, SyncResult | None]:
        """Every provider's catalog, side by side (a hanging panel delays no other's, nor the start-up more than
        its own timeout); one that cannot be read changes nothing of its own or the others'."""
        names = list(self.provider_names)
        return dict(zip(names, await asyncio.gather(*(self.sync(name) for name in names)), strict=True))

    async def sync(self, provider: str = MAIN_PROVIDER) -> SyncResult | None:
        """Fetch a provider's `services` and store it; None when its panel could not be read."""
        client, rate = self._source(provider)
        try:
            services = await client.services()
        except PanelError as error:
            log.warning("catalog sync of %s failed, serving its stored catalog: %s", provider, error)
            return None
        if not services:
            log.warning("the panel of %s listed no services; keeping its stored catalog", provider)
            return None
        selling = self._selling()
        result = await self.repo.replace_from_panel(
            [listed(s) for s in services], provider, listed=provider in selling, selling=selling
        )
        await self.repo.set_platforms(self.platforms)
        losing = await self.repo.disable_unprofitable(rate, provider)
        await self._tell_admins(provider, result, losing)
        log.info(
            "catalog synced: %d services, %d new, %d gone, %d rate changes (provider %s)",
            result.total,
            len(result.added),
            len(result.removed),
            len(result.rate_changed),
            provider,
        )
        return result

    async def _tell_admins(self, provider: str, result: SyncResult, losing: list) -> None:
        """New, vanished and repriced services, and services disabled to avoid selling at a loss; with several
        providers, the notice names whose catalog it is."""
        if not (result.added or result.removed or result.rate_changed or losing):
            return
        changes = [f"#{sid}: {old} → {new}" for sid, old, new in result.rate_changed[:10]]
        disabled = [f"#{s.id} {s.title}: {cost} > {s.fixed_price}" for s, cost in losing]
        values = {
            "added": len(result.added),
            "removed": len(result.removed),
            "repriced": len(result.rate_changed),
            "changes": "\n".join(changes),
            "disabled": "\n".join(disabled),
            "provider": provider,
        }
        text = "admin.catalog" if len(self.provider_names) == 1 else "admin.catalog_of"
        async with atomic(self.repo.conn) as tx:
            key = f"catalog:{provider}:{datetime.now(UTC).isoformat()}"
            await self.notices.send(tx, "catalog", key, AdminNotice(text, values))

    async def categories(self) -> list[Category]:
        return await self.repo.categories(ORDERABLE_TYPES)

    async def category(self, category_id: int) -> Category | None:
        return await self.repo.category(category_id)

    async def offers_in(self, category_id: int) -> tuple[Category | None, list[Offer]]:
        """A category and what can be ordered in it, with shop prices."""
        category = await self.repo.category(category_id)
        if category is None:
            return None, []
        return category, await self.pricing.offers(await self.repo.services_in(category_id, ORDERABLE_TYPES))
