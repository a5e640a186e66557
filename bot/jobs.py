"""JobQueue wiring only: which shop function runs how often. PTB does not persist jobs,
so `schedule` runs in `post_init` on every start (after its first catalog sync)."""

from __future__ import annotations

from telegram.ext import Application, ContextTypes

NO_OVERLAP = {"max_instances": 1, "coalesce": True, "misfire_grace_time": None}


async def sync_catalog(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Re-sync the catalog from the panel; the stored one keeps serving if this fails."""
    await context.application.bot_data["shop"].catalog.sync()


def schedule(application: Application) -> None:
    shop = application.bot_data["shop"]
    queue = application.job_queue
    interval = shop.settings.catalog_sync_minutes * 60
    queue.run_repeating(sync_catalog, interval=interval, first=interval,
                        name="catalog-sync", job_kwargs=NO_OVERLAP)
