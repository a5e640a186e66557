"""The catalog customers see: synced from the panel, served from the store.

When the panel is down, the stored catalog keeps serving; a sync that fails changes
nothing. An empty answer is not trusted to wipe the shop: real panels say "Empty
Data" during maintenance as well.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from decimal import Decimal

from bot.panel import PanelClient, PanelError, Service, ServiceType
from bot.shop.messages import AdminNotice
from bot.shop.notices import AdminNotices
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
    def __init__(
        self,
        repo: CatalogRepo,
        panel: PanelClient,
        notices: AdminNotices,
        pricing: Pricing,
        platforms: dict[str, str] | None = None,
        exchange_rate: Decimal = Decimal(1),
    ):
        self.repo = repo
        self.panel = panel
        self.notices = notices
        self.pricing = pricing
        self.platforms = platforms or {}
        self.exchange_rate = exchange_rate

    async def sync(self) -> SyncResult | None:
        """Fetch `services` and store it; None when the panel could not be read."""
        try:
            services = await self.panel.services()
        except PanelError as error:
            log.warning("catalog sync failed, serving the stored catalog: %s", error)
            return None
        if not services:
            log.warning("the panel listed no services; keeping the stored catalog")
            return None
        result = await self.repo.replace_from_panel([listed(s) for s in services])
        await self.repo.set_platforms(self.platforms)
        losing = await self.repo.disable_unprofitable(self.exchange_rate)
        await self._tell_admins(result, losing)
        log.info(
            "catalog synced: %d services, %d new, %d gone, %d rate changes",
            result.total,
            len(result.added),
            len(result.removed),
            len(result.rate_changed),
        )
        return result

    async def _tell_admins(self, result: SyncResult, losing: list) -> None:
        """New, vanished and repriced services, and services disabled to avoid selling at a loss."""
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
        }
        async with atomic(self.repo.conn) as tx:
            key = f"catalog:{datetime.now(UTC).isoformat()}"
            await self.notices.send(tx, "catalog", key, AdminNotice("admin.catalog", values))

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
