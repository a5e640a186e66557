"""What the panel cannot do: actions (refill, refill_status, cancel) it answered with "no such action".

Some panels have no `refill`, `refill_status` or `cancel`: they answer the whole call with an error,
which the panel client raises as `PanelRefused(kind=ErrorKind.UNSUPPORTED)`. Once that is learned, the
shop stops asking (no Refill / Cancel button, no `refill_status` calls), tells the admins once, and
keeps the fact in `shop_settings` with the time it was learned, so a restart remembers it.

After `recheck` (CAPABILITY_RECHECK_HOURS) the fact is stale: `supports` says True again and the next
real request finds out. If the panel still lacks the action, the time is renewed without telling the
admins again; if the panel answers, `learned_supported` forgets the fact, so that losing the action
later is news worth a notice again.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

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


def _key(action: PanelAction) -> str:
    return f"panel_lacks:{action.value}"


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Capabilities:
    """Which panel actions are known to be missing; every call reads the store (several processes agree)."""

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

    async def supports(self, action: PanelAction) -> bool:
        """False while the panel is known to lack `action` and the fact is younger than the re-check interval."""
        learned = await self._learned_at(action)
        return learned is None or self.clock() - learned >= self.recheck

    async def lacking(self) -> frozenset[PanelAction]:
        """Every action the panel is currently known to lack."""
        return frozenset([action for action in PanelAction if not await self.supports(action)])

    async def learned_unsupported(self, action: PanelAction, text: str = "") -> None:
        """The panel answered `action` with "no such action": stop asking; the admins hear of it once."""
        now = self.clock()
        async with self.db.transaction() as tx:
            settings = ShopSettingsRepo(tx)
            known = await settings.get(_key(action))
            await settings.set(_key(action), now.isoformat())
            if known is not None:
                return  # known before (this is a re-check): the admins were told then
            log.warning("the panel has no %r action (%s); not asked again for %s", action.value, text, self.recheck)
            await self.notices.send(
                tx,
                "problems",
                f"unsupported:{action.value}:{now.isoformat()}",
                AdminNotice(
                    "admin.unsupported",
                    {"action": action.value, "error": text, "hours": _hours(self.recheck)},
                ),
            )

    async def learned_supported(self, action: PanelAction) -> None:
        """The panel answered `action` as an action it has: forget that it lacked it."""
        if await ShopSettingsRepo(self.db).get(_key(action)) is not None:
            log.info("the panel answers %r again", action.value)
            await ShopSettingsRepo(self.db).set(_key(action), None)

    async def _learned_at(self, action: PanelAction) -> datetime | None:
        text = await ShopSettingsRepo(self.db).get(_key(action))
        if text is None:
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            log.warning("shop setting %s is not a time: %r; treated as unknown", _key(action), text)
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _hours(interval: timedelta) -> str:
    hours = interval.total_seconds() / 3600
    return f"{hours:g}"
