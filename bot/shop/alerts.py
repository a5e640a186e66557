"""Watching each provider's balance: low → one alert, bounded reminders, "recovered"; unreachable → once, "back".

State lives in the shop settings table, so a restart neither repeats an alert nor forgets that one was sent.
`main` keeps the keys a one-panel shop always had (an existing database keeps its state); another provider's
are `<key>:<name>`. The last known balance is also what placement checks before sending an order a panel
could not pay for. Providers are checked side by side, each within its own time limit, so one hanging panel
never delays the news about another.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from bot.config import MAIN_PROVIDER
from bot.panel import Balance, PanelClient, PanelError
from bot.shop.messages import AdminNotice
from bot.shop.notices import AdminNotices
from bot.shop.providers import Providers
from bot.store import Database, ShopSettingsRepo
from bot.store.admin import AdminRepo

log = logging.getLogger(__name__)
LOW_SINCE, ALERTED_AT, DOWN_SINCE, DOWN_ALERTED = (
    "balance_low_since",
    "balance_alerted_at",
    "panel_down_since",
    "panel_down_alerted",
)
BALANCE, CURRENCY, THRESHOLD = "panel_balance", "panel_currency", "low_balance"


def state_key(key: str, provider: str) -> str:
    """Where a provider's `key` is kept: main's as it always was, another's as `<key>:<name>`."""
    return key if provider == MAIN_PROVIDER else f"{key}:{provider}"


@dataclass(frozen=True)
class BalanceReading:
    """A provider's balance as last known (None: it never answered), in its own currency."""

    provider: str
    known: Decimal | None
    currency: str  # "": not known yet
    threshold: Decimal  # 0: no low-balance alert
    answered: bool  # False: it did not answer the last check; `known` is older

    @property
    def low(self) -> bool:
        return self.known is not None and self.threshold > 0 and self.known < self.threshold


class BalanceWatch:
    def __init__(
        self,
        db: Database,
        providers: Providers,
        notices: AdminNotices,
        thresholds: Mapping[str, Decimal],  # each provider's default (LOW_BALANCE_THRESHOLD for main)
        remind_every: timedelta,
        down_after: timedelta,
        answer_within: float | None = None,  # seconds a scheduled check waits for each provider
    ):
        self.db = db
        self.providers = providers
        self.notices = notices
        self.values = ShopSettingsRepo(db)
        self.thresholds = dict(thresholds)
        self.remind_every = remind_every
        self.down_after = down_after
        self.answer_within = answer_within

    async def _get(self, key: str, provider: str) -> str | None:
        return await self.values.get(state_key(key, provider))

    async def threshold(self, provider: str = MAIN_PROVIDER) -> Decimal:
        """The provider's low-balance threshold in its currency: set by /lowbalance, else its setting; 0: off."""
        stored = await self._get(THRESHOLD, provider)
        return Decimal(stored) if stored is not None else self.thresholds.get(provider, Decimal(0))

    async def currency(self, provider: str = MAIN_PROVIDER) -> str:
        """Its currency as configured, else as its balance last reported it; "" when not known."""
        configured = self.providers[provider].currency if provider in self.providers else ""
        return configured or await self._get(CURRENCY, provider) or ""

    async def answered(self, provider: str = MAIN_PROVIDER) -> bool:
        """Whether the provider answered its last balance check."""
        return await self._get(DOWN_SINCE, provider) is None

    async def last_known(self, provider: str = MAIN_PROVIDER) -> Decimal | None:
        """The provider's balance at its last check, in its own currency; None: not known."""
        stored = await self._get(BALANCE, provider)
        return Decimal(stored) if stored is not None else None

    async def reading(self, provider: str = MAIN_PROVIDER) -> BalanceReading:
        return BalanceReading(
            provider,
            await self.last_known(provider),
            await self.currency(provider),
            await self.threshold(provider),
            await self.answered(provider),
        )

    async def check_all(self, now: datetime | None = None) -> dict[str, str | None]:
        """Every provider at once, each waiting at most `answer_within`; the notice each sent, by name."""
        names = self.providers.names
        events = await asyncio.gather(*(self.check(now, provider=name, within=self.answer_within) for name in names))
        return dict(zip(names, events, strict=True))

    async def check(
        self,
        now: datetime | None = None,
        *,
        panel: PanelClient | None = None,
        provider: str = MAIN_PROVIDER,
        within: float | None = None,
    ) -> str | None:
        """Ask the provider's panel (or `panel`, another client to it), waiting at most `within` seconds; returns
        the notice sent ("low", "still_low", "recovered", "unreachable", "back") or None. A provider that is not
        enabled is not asked."""
        if provider not in self.providers:
            return None
        now = now or datetime.now(UTC)
        try:
            balance = await self._ask(panel or self.providers[provider].client, within)
        except PanelError as error:
            return await self._unreachable(provider, now, str(error))
        except TimeoutError:
            return await self._unreachable(provider, now, f"no answer within {within:g} s")
        event = await self._reachable(provider, now)
        known = {state_key(BALANCE, provider): str(balance.amount)}
        if balance.currency:
            known[state_key(CURRENCY, provider)] = balance.currency
        await self._store(known)
        return await self._judge(provider, now, balance.amount, await self.currency(provider)) or event

    @staticmethod
    async def _ask(client: PanelClient, within: float | None) -> Balance:
        if within is None:
            return await client.balance()
        return await asyncio.wait_for(client.balance(), within)

    async def _judge(self, provider: str, now: datetime, amount: Decimal, currency: str) -> str | None:
        threshold = await self.threshold(provider)
        low_since = await self._get(LOW_SINCE, provider)
        values = {
            "balance": str(amount),
            "currency": currency,
            "threshold": str(threshold),
            "runway": await self._runway_hours(provider, amount, now),
        }
        low_since_key, alerted_key = state_key(LOW_SINCE, provider), state_key(ALERTED_AT, provider)
        if threshold > 0 and amount < threshold:
            if low_since is None:
                stamp = now.isoformat()
                await self._notice(provider, now, "low", values, {low_since_key: stamp, alerted_key: stamp})
                return "low"
            alerted_at = await self._get(ALERTED_AT, provider)
            if alerted_at is None or now - datetime.fromisoformat(alerted_at) >= self.remind_every:
                await self._notice(provider, now, "still_low", values, {alerted_key: now.isoformat()})
                return "still_low"
            return None
        if low_since is not None:
            await self._notice(provider, now, "recovered", values, {low_since_key: None, alerted_key: None})
            return "recovered"
        return None

    async def _runway_hours(self, provider: str, amount: Decimal, now: datetime) -> str:
        """Hours the balance lasts at the provider's last 24 hours' spend; "" when nothing was spent."""
        since = (now - timedelta(hours=24)).isoformat(timespec="seconds")
        spent = await AdminRepo(self.db).panel_spend_since(since, provider)
        if spent <= 0:
            return ""
        return str(int(amount / spent * 24))

    async def _unreachable(self, provider: str, now: datetime, reason: str) -> str | None:
        down_since = await self._get(DOWN_SINCE, provider)
        if down_since is None:
            await self._store({state_key(DOWN_SINCE, provider): now.isoformat()})
            return None
        since = datetime.fromisoformat(down_since)
        if await self._get(DOWN_ALERTED, provider) is None and now - since >= self.down_after:
            minutes = int((now - since).total_seconds() // 60)
            values = {"minutes": minutes, "reason": reason[:200]}
            alerted = {state_key(DOWN_ALERTED, provider): now.isoformat()}
            await self._notice(provider, now, "unreachable", values, alerted)
            return "unreachable"
        return None

    async def _reachable(self, provider: str, now: datetime) -> str | None:
        if await self._get(DOWN_SINCE, provider) is None:
            return None
        alerted = await self._get(DOWN_ALERTED, provider)
        await self._store({state_key(DOWN_SINCE, provider): None, state_key(DOWN_ALERTED, provider): None})
        if alerted is None:
            return None
        await self._notice(provider, now, "back", {}, {})
        return "back"

    async def _notice(self, provider: str, now: datetime, event: str, values: dict, state: dict) -> None:
        """One notice to the admins and the state that remembers it, in one transaction. A shop with several
        providers names the one it is about; a one-panel shop reads as it always did."""
        log.info("balance notice: %s %s %s", provider, event, values)
        if len(self.providers) > 1:
            notice = AdminNotice(f"admin.provider_balance_{event}", values | {"provider": provider})
        else:
            notice = AdminNotice(f"admin.balance_{event}", values)
        key = f"balance:{state_key(event, provider)}:{now.isoformat()}"  # main's as it always was
        async with self.db.transaction() as tx:
            await self.notices.send(tx, "balance", key, notice)
            for name, value in state.items():
                await ShopSettingsRepo(tx).set(name, value)

    async def _store(self, state: Mapping[str, str | None]) -> None:
        async with self.db.transaction() as tx:
            for key, value in state.items():
                await ShopSettingsRepo(tx).set(key, value)
