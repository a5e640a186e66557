"""Watching the panel balance: low → one alert, bounded reminders, "recovered"; unreachable → once, "back".

State lives in the shop settings table, so a restart neither repeats an alert nor
forgets that one was sent. The last known balance is also what placement checks
before sending an order the panel could not pay for.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from bot.config import MAIN_PROVIDER
from bot.panel import PanelClient, PanelError
from bot.shop.messages import AdminNotice
from bot.shop.notices import AdminNotices
from bot.store import Database, ShopSettingsRepo
from bot.store.admin import AdminRepo

log = logging.getLogger(__name__)
LOW_SINCE, ALERTED_AT, DOWN_SINCE, DOWN_ALERTED = (
    "balance_low_since",
    "balance_alerted_at",
    "panel_down_since",
    "panel_down_alerted",
)


class BalanceWatch:
    def __init__(
        self,
        db: Database,
        panel: PanelClient,
        notices: AdminNotices,
        default_threshold: Decimal,
        remind_every: timedelta,
        down_after: timedelta,
    ):
        self.db = db
        self.panel = panel
        self.notices = notices
        self.values = ShopSettingsRepo(db)
        self.default_threshold = default_threshold
        self.remind_every = remind_every
        self.down_after = down_after

    async def threshold(self) -> Decimal:
        stored = await self.values.get("low_balance")
        return Decimal(stored) if stored is not None else self.default_threshold

    async def answered(self) -> bool:
        """Whether the panel answered the last balance check."""
        return await self.values.get(DOWN_SINCE) is None

    async def last_known(self, provider: str = MAIN_PROVIDER) -> Decimal | None:
        """The provider's balance at its last check, in its own currency; None: not known."""
        if provider != MAIN_PROVIDER:
            return None  # per-provider balances: to come with the per-provider watch
        stored = await self.values.get("panel_balance")
        return Decimal(stored) if stored is not None else None

    async def check(
        self, now: datetime | None = None, *, panel: PanelClient | None = None, provider: str = MAIN_PROVIDER
    ) -> str | None:
        """Ask the provider's panel (or `panel`, another client to it); returns the notice sent ("low",
        "still_low", "recovered", "unreachable", "back") or None."""
        if provider != MAIN_PROVIDER:
            return None  # per-provider balances: to come with the per-provider watch
        now = now or datetime.now(UTC)
        try:
            balance = await (panel or self.panel).balance()
        except PanelError as error:
            return await self._unreachable(now, str(error))
        event = await self._reachable(now)
        await self.values.set("panel_balance", str(balance.amount))
        if balance.currency:
            await self.values.set("panel_currency", balance.currency)
        return await self._judge(now, balance.amount, balance.currency) or event

    async def _judge(self, now: datetime, amount: Decimal, currency: str) -> str | None:
        threshold = await self.threshold()
        low_since = await self.values.get(LOW_SINCE)
        values = {
            "balance": str(amount),
            "currency": currency,
            "threshold": str(threshold),
            "runway": await self._runway_hours(amount, now),
        }
        if threshold > 0 and amount < threshold:
            if low_since is None:
                await self._notice(now, "low", values, {LOW_SINCE: now.isoformat(), ALERTED_AT: now.isoformat()})
                return "low"
            alerted_at = await self.values.get(ALERTED_AT)
            if alerted_at is None or now - datetime.fromisoformat(alerted_at) >= self.remind_every:
                await self._notice(now, "still_low", values, {ALERTED_AT: now.isoformat()})
                return "still_low"
            return None
        if low_since is not None:
            await self._notice(now, "recovered", values, {LOW_SINCE: None, ALERTED_AT: None})
            return "recovered"
        return None

    async def _runway_hours(self, amount: Decimal, now: datetime) -> str:
        """Hours the balance lasts at the last 24 hours' panel spend; "" when nothing was spent."""
        spent = await AdminRepo(self.db).panel_spend_since((now - timedelta(hours=24)).isoformat(timespec="seconds"))
        if spent <= 0:
            return ""
        return str(int(amount / spent * 24))

    async def _unreachable(self, now: datetime, reason: str) -> str | None:
        down_since = await self.values.get(DOWN_SINCE)
        if down_since is None:
            await self.values.set(DOWN_SINCE, now.isoformat())
            return None
        if await self.values.get(DOWN_ALERTED) is None and now - datetime.fromisoformat(down_since) >= self.down_after:
            minutes = int((now - datetime.fromisoformat(down_since)).total_seconds() // 60)
            await self._notice(
                now, "unreachable", {"minutes": minutes, "reason": reason[:200]}, {DOWN_ALERTED: now.isoformat()}
            )
            return "unreachable"
        return None

    async def _reachable(self, now: datetime) -> str | None:
        if await self.values.get(DOWN_SINCE) is None:
            return None
        alerted = await self.values.get(DOWN_ALERTED)
        await self._store({DOWN_SINCE: None, DOWN_ALERTED: None})
        if alerted is None:
            return None
        await self._notice(now, "back", {}, {})
        return "back"

    async def _notice(self, now: datetime, event: str, values: dict, state: dict) -> None:
        log.info("panel balance notice: %s %s", event, values)
        async with self.db.transaction() as tx:
            await self.notices.send(
                tx, "balance", f"balance:{event}:{now.isoformat()}", AdminNotice(f"admin.balance_{event}", values)
            )
            for key, value in state.items():
                await ShopSettingsRepo(tx).set(key, value)

    async def _store(self, state: dict) -> None:
        async with self.db.transaction() as tx:
            for key, value in state.items():
                await ShopSettingsRepo(tx).set(key, value)
