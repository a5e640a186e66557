"""JobQueue wiring only: which shop function runs how often.

PTB does not persist jobs, so `schedule` runs in `post_init` on every start. A job
never overlaps itself (max_instances 1); a job that meets a panel outage backs off
(doubling, bounded) instead of hammering the panel. Catalog and status sync run as a job
per provider, so a healthy provider never waits for a broken or hanging one. Errors reach
the error handler with no update.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from telegram.ext import Application, ContextTypes

from bot.config import MAIN_PROVIDER
from bot.panel import PanelError
from bot.shop.shop import Shop
from bot.telegram.notifier import Notifier

log = logging.getLogger(__name__)
NO_OVERLAP = {"max_instances": 1, "coalesce": True, "misfire_grace_time": None}


class Backoff:
    """After a failure, skip runs for base × 2^(failures−1) seconds, at most `ceiling`."""

    def __init__(self, base: float, ceiling: float = 900.0) -> None:
        self.base = base
        self.ceiling = ceiling
        self.failures = 0
        self.resume_at = 0.0

    def ready(self) -> bool:
        return time.monotonic() >= self.resume_at

    def failed(self) -> float:
        self.failures += 1
        delay = min(self.ceiling, self.base * 2 ** (self.failures - 1))
        self.resume_at = time.monotonic() + delay
        return delay

    def succeeded(self) -> None:
        self.failures, self.resume_at = 0, 0.0


@dataclass(frozen=True, slots=True)
class StatusSync:
    """What one provider's status-sync job follows: its provider, and its own backoff after an outage."""

    provider: str
    backoff: Backoff


def job_name(job: str, provider: str) -> str:
    """A provider's own job: main's keeps the name it had before there were providers, another's names it."""
    return job if provider == MAIN_PROVIDER else f"{job}-{provider}"


def _shop(application: Application) -> Shop:
    shop: Shop = application.bot_data["shop"]
    return shop


async def sync_catalog(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Re-sync one provider's catalog (the job's data names it); its stored one keeps serving if this fails."""
    provider = context.job.data if context.job is not None else None
    if not isinstance(provider, str):
        raise TypeError("catalog-sync must run as a job whose data is its provider's name")
    await _shop(context.application).catalog.sync(provider)


async def sync_statuses(context: ContextTypes.DEFAULT_TYPE) -> None:
    """One provider's orders and refills still in motion (the job's data names it). Each provider has a job of
    its own: a panel that hangs holds up only its own job's next runs (a job never overlaps itself), and an
    outage backs off that provider alone, its orders left as they were."""
    sync = context.job.data if context.job is not None else None
    if not isinstance(sync, StatusSync):
        raise TypeError("status-sync must run as a job whose data is its StatusSync")
    if not sync.backoff.ready():
        return
    shop = _shop(context.application)
    report = await shop.tracking.sync_orders(sync.provider)
    failed: dict[str, PanelError] = dict(report.failed)
    if not failed:
        await _sync_refills(shop, sync.provider)
    if sync.provider in failed:
        delay = sync.backoff.failed()
        log.warning("status sync: provider %s: %s; next try in %.0fs", sync.provider, failed[sync.provider], delay)
    else:
        sync.backoff.succeeded()


async def _sync_refills(shop: Shop, provider: str) -> None:
    """Refills follow their orders' sync; a panel failing only on refill status is logged and asked again next
    time, without backing off the provider's order tracking (customers' orders keep moving)."""
    failed: dict[str, PanelError] = {}
    await shop.refills.sync(provider, failed)
    for name, error in failed.items():
        log.warning("refill status sync: provider %s: %s", name, error)


async def check_balance(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every provider's balance against its threshold, side by side (one hanging panel delays no other's);
    alerts are queued for the admins."""
    await _shop(context.application).watch.check_all()


async def drain_outbox(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the messages waiting in the outbox, within Telegram's limits."""
    notifier: Notifier = context.application.bot_data["notifier"]
    await notifier.drain(context.bot)


async def prune_outbox(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Delete sent and dropped outbox messages older than OUTBOX_KEEP_DAYS, a chunk at a time."""
    shop = _shop(context.application)
    deleted = await shop.outbox.prune(shop.settings.outbox_keep_days)
    if deleted:
        log.info("outbox: %d old sent or dropped messages deleted", deleted)


def schedule(application: Application) -> None:
    settings = _shop(application).settings
    queue = application.job_queue
    if queue is None:
        raise RuntimeError("the bot needs PTB's job queue: install python-telegram-bot[job-queue]")
    catalog_every, status_every = settings.catalog_sync_minutes * 60, settings.status_sync_seconds
    providers = [c.name for c in settings.provider_configs() if c.enabled]  # the shop's providers, main first
    for provider in providers:  # each on its own: one down or hanging holds up no other
        queue.run_repeating(
            sync_catalog,
            interval=catalog_every,
            first=catalog_every,
            name=job_name("catalog-sync", provider),
            data=provider,
            job_kwargs=NO_OVERLAP,
        )
        queue.run_repeating(
            sync_statuses,
            interval=status_every,
            first=status_every,
            name=job_name("status-sync", provider),
            data=StatusSync(provider, Backoff(status_every)),
            job_kwargs=NO_OVERLAP,
        )
    balance_every = settings.balance_check_minutes * 60
    queue.run_repeating(check_balance, interval=balance_every, first=5, name="balance-check", job_kwargs=NO_OVERLAP)
    queue.run_repeating(
        drain_outbox, interval=settings.outbox_poll_seconds, first=0, name="outbox", job_kwargs=NO_OVERLAP
    )
    queue.run_repeating(prune_outbox, interval=24 * 3600, first=600, name="outbox-prune", job_kwargs=NO_OVERLAP)
