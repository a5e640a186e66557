"""Who runs the shop: the admins (ADMIN_IDS and the owner who claimed the bot) and the admin group.

A bot started with no admin at all offers a one-time claim code (kept in the database, so a restart
keeps it until it is used): the first person to send `/claim CODE` in private becomes the owner. An
admin then sends `/setgroup` in a group to make it the admin group. ADMIN_IDS and ADMIN_CHAT_ID still
work and win. `is_admin` is synchronous — the set is loaded at start and updated on a claim — and the
Telegram layer follows changes through `on_change` to keep its filters in step.
"""

from __future__ import annotations

import enum
import hmac
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlsplit

from bot.config import Settings
from bot.store import Database, ShopSettingsRepo

log = logging.getLogger(__name__)

OWNER_KEY = "owner_id"
CLAIM_KEY = "claim_code"
GROUP_KEY = "admin_group"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read from a log, typed on a phone
CODE_LENGTH = 10


class Claim(enum.Enum):
    OWNER = "owner"  # this user is the owner now
    REFUSED = "refused"  # a wrong code, no code to claim, or already claimed: the same polite answer


class GroupSet(enum.Enum):
    STORED = "stored"
    SETTING_WINS = "setting_wins"  # ADMIN_CHAT_ID is set: it stays the admin group


@dataclass(frozen=True)
class SetupReport:
    """The owner's checklist: what is set and what is missing."""

    admin_ids: tuple[int, ...]  # from ADMIN_IDS
    owner_id: int | None  # who claimed the bot
    claim_open: bool  # a claim code waits (no admin yet)
    admin_group: int | None
    group_from_setting: bool  # ADMIN_CHAT_ID, rather than /setgroup
    payment_instructions: bool
    stars: bool
    stars_rate: Decimal
    sandbox: bool
    panel_host: str


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Staff:
    """The admin set and the admin group; `load()` before use."""

    def __init__(self, settings: Settings, db: Database) -> None:
        self.settings = settings
        self.db = db
        self.owner_id: int | None = None
        self.stored_group: int | None = None
        self.claim_code: str | None = None
        self._ids: frozenset[int] = settings.admin_ids
        self._listeners: list[Callable[[], None]] = []

    async def load(self) -> Staff:
        """Read the owner and the group; with no admin at all, make (or keep) the claim code."""
        repo = ShopSettingsRepo(self.db)
        owner = await repo.get(OWNER_KEY)
        group = await repo.get(GROUP_KEY)
        self.owner_id = int(owner) if owner else None
        self.stored_group = int(group) if group else None
        self._ids = self.settings.admin_ids | ({self.owner_id} if self.owner_id is not None else set())
        if self._ids:
            self.claim_code = None
        else:
            self.claim_code = await repo.get(CLAIM_KEY)
            if self.claim_code is None:
                self.claim_code = new_code()
                await repo.set(CLAIM_KEY, self.claim_code)
        return self

    @property
    def ids(self) -> frozenset[int]:
        """ADMIN_IDS and the owner."""
        return self._ids

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self._ids

    @property
    def admin_chat(self) -> int | None:
        """Where admin notices go: ADMIN_CHAT_ID, else the group set with /setgroup, else nowhere (private)."""
        if self.settings.admin_chat_id is not None:
            return self.settings.admin_chat_id
        return self.stored_group

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call `listener` whenever the admins or the admin group change (and never more)."""
        self._listeners.append(listener)

    def _changed(self) -> None:
        for listener in self._listeners:
            listener()

    async def claim(self, user_id: int, code: str) -> Claim:
        """`/claim CODE`: the first right code makes `user_id` the owner; the code is void afterwards."""
        given = code.strip().upper()
        async with self.db.transaction() as tx:
            repo = ShopSettingsRepo(tx)
            stored = await repo.get(CLAIM_KEY)
            if self._ids or stored is None or not hmac.compare_digest(given.encode(), stored.encode()):
                return Claim.REFUSED
            await repo.set(OWNER_KEY, str(user_id))
            await repo.set(CLAIM_KEY, None)
        self.owner_id, self.claim_code = user_id, None
        self._ids = self._ids | {user_id}
        log.info("user %s claimed the bot and is its owner", user_id)
        self._changed()
        return Claim.OWNER

    async def set_group(self, admin_id: int, chat_id: int) -> GroupSet:
        """`/setgroup` by an admin in a group: that group gets the admin notices (ADMIN_CHAT_ID wins)."""
        if self.settings.admin_chat_id is not None:
            return GroupSet.SETTING_WINS
        await ShopSettingsRepo(self.db).set(GROUP_KEY, str(chat_id))
        self.stored_group = chat_id
        log.info("admin %s made chat %s the admin group", admin_id, chat_id)
        self._changed()
        return GroupSet.STORED

    def setup(self) -> SetupReport:
        s = self.settings
        return SetupReport(
            admin_ids=tuple(sorted(s.admin_ids)),
            owner_id=self.owner_id,
            claim_open=self.claim_code is not None,
            admin_group=self.admin_chat,
            group_from_setting=s.admin_chat_id is not None,
            payment_instructions=bool(s.payment_instructions.strip()),
            stars=s.stars_enabled,
            stars_rate=s.stars_rate,
            sandbox=s.uses_sandbox,
            panel_host=urlsplit(s.panel_api_url).netloc,
        )
