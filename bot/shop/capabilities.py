"""What each provider's panel cannot do: actions (refill, refill_status, cancel) it answered with "no such action".

Some panels have no `refill`, `refill_status` or `cancel`: they answer the whole call with an error,
which the panel client raises as `PanelRefused(kind=ErrorKind.UNSUPPORTED)`. Once that is learned, the
shop stops asking (no Refill / Cancel button, no `refill_status` calls), tells the admins once, and
keeps the fact in `shop_settings` with the time it was learned, so a restart remembers it.

After `recheck` (CAPABILITY_RECHECK_HOURS) the fact is stale: `supports` says True again and the next
real request finds out. If the panel still lacks the action, the time is renewed without telling the
admins again; if the panel answers, `learned_supported` forgets the fact, so that losing the action
later is news worth a notice again.

Each provider has its own facts: a provider without refills never hides refills of the orders another one
holds. Main's facts keep the keys they always had (`panel_lacks:<action>`), so an existing database keeps
what it learned; another provider's are `panel_lacks:<action>:<provider>`.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from bot.config import MAIN_PROVIDER
from bot.shop.messages import AdminNotice
from bot.shop.notices import AdminNotices
from bot.store import Database
from bot.store.settings import ShopSettingsRepo

log = logging.getLogger(__name__)


class PanelAction(enum.StrEnum):
    """The panel actions a panel may lack."""

    REFILL = "refill"
    REFILL_STATUS = "refill_status"
    CANCEL = "cancel"


def _key(action: PanelAction, provider: str) -> str:
    """Main's key as it always was; the others' with the provider's name after it."""
    key = f"panel_lacks:{action.value}"
    return key if provider == MAIN_PROVIDER else f"{key}:{provider}"


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Capabilities:
    """Which panel actions each provider is known to lack; every call reads the store (several processes agree)."""

    def __init__(
        self,
        db: Database,
        notices: AdminNotices,
        recheck_hours: float = 24.0,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.db = db
        self.notices = notices
        self.recheck = timedelta(hours=recheck_hours)
        self.clock = clock

    async def supports(self, action: PanelAction, provider: str = MAIN_PROVIDER) -> bool:
        """False while `provider` is known to lack `action` and the fact is younger than the re-check interval."""
        learned = await self._learned_at(action, provider)
        return learned is None or self.clock() - learned >= self.recheck

    async def supporting(self, action: PanelAction, providers: Iterable[str]) -> frozenset[str]:
        """Those of `providers` not known to lack `action` (one read per provider: a page's few)."""
        return frozenset([name for name in set(providers) if await self.supports(action, name)])

    async def lacking(self, provider: str = MAIN_PROVIDER) -> frozenset[PanelAction]:
        """Every action `provider` is currently known to lack."""
        return frozenset([action for action in PanelAction if not await self.supports(action, provider)])

    async def learned_unsupported(self, action: PanelAction, text: str = "", provider: str = MAIN_PROVIDER) -> None:
        """`provider` answered `action` with "no such action": stop asking it; the admins hear of it once."""
        now = self.clock()
        key = _key(action, provider)
        told = f"unsupported:{action.value}:{now.isoformat()}" + ("" if provider == MAIN_PROVIDER else f":{provider}")
        async with self.db.transaction() as tx:
            settings = ShopSettingsRepo(tx)
            known = await settings.get(key)
            await settings.set(key, now.isoformat())
            if known is not None:
                return  # known before (this is a re-check): the admins were told then
            log.warning(
                "provider %s has no %r action (%s); not asked again for %s", provider, action.value, text, self.recheck
            )
            await self.notices.send(
                tx,
                "problems",
                told,
                AdminNotice(
                    "admin.unsupported",
                    {"action": action.value, "error": text, "hours": _hours(self.recheck), "provider": provider},
                ),
            )

    async def learned_supported(self, action: PanelAction, provider: str = MAIN_PROVIDER) -> None:
        """`provider` answered `action` as an action it has: forget that it lacked it."""
        key = _key(action, provider)
        if await ShopSettingsRepo(self.db).get(key) is not None:
            log.info("provider %s answers %r again", provider, action.value)
            await ShopSettingsRepo(self.db).set(key, None)

    async def _learned_at(self, action: PanelAction, provider: str) -> datetime | None:
        key = _key(action, provider)
        text = await ShopSettingsRepo(self.db).get(key)
        if text is None:
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            log.warning("shop setting %s is not a time: %r; treated as unknown", key, text)
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _hours(interval: timedelta) -> str:
    hours = interval.total_seconds() / 3600
    return f"{hours:g}"
