"""The catalog customers see: synced from the panel, served from the store.

When the panel is down, the stored catalog keeps serving; a sync that fails changes
nothing. An empty answer is not trusted to wipe the shop: real panels say "Empty
Data" during maintenance as well.
"""

from __future__ import annotations

import logging

from bot.panel import PanelClient, PanelError, ServiceType
from bot.store import CatalogRepo, Category, StoredService, SyncResult

log = logging.getLogger(__name__)

# The types the order conversation can take. Unknown type names count as Default (link + quantity).
ORDERABLE_TYPES: tuple[str, ...] = tuple(t.value for t in (
    ServiceType.DEFAULT, ServiceType.PACKAGE, ServiceType.CUSTOM_COMMENTS, ServiceType.SPECIAL_LIST,
    ServiceType.SPECIAL_SUGGEST, ServiceType.OTHER,
))


class Catalog:
    def __init__(self, repo: CatalogRepo, panel: PanelClient, platforms: dict[str, str] | None = None):
        self.repo = repo
        self.panel = panel
        self.platforms = platforms or {}

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
        result = await self.repo.replace_from_panel(services)
        await self.repo.set_platforms(self.platforms)
        log.info("catalog synced: %d services, %d new, %d gone, %d rate changes",
                 result.total, len(result.added), len(result.removed), len(result.rate_changed))
        return result

    async def categories(self) -> list[Category]:
        return await self.repo.categories(ORDERABLE_TYPES)

    async def category(self, category_id: int) -> Category | None:
        return await self.repo.category(category_id)

    async def services_in(self, category_id: int) -> list[StoredService]:
        return await self.repo.services_in(category_id, ORDERABLE_TYPES)
