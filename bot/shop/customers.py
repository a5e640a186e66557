"""Customers: registration on first contact, language, wallet balance."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bot.store import LedgerRepo, User, UserRepo

LANGUAGES = ("en", "vi")


def pick_language(stored: str | None, client_language: str | None, default: str) -> str:
    """The customer's choice, else the Telegram client's language if we speak it, else the default."""
    if stored in LANGUAGES:
        return stored
    base = (client_language or "").split("-")[0].lower()
    return base if base in LANGUAGES else default


CODE_PREFIX = "r_"  # `/start r_<code>`: an invite link (bot/shop/referrals.py)
LEGACY_PREFIX = "ref_"  # `/start ref_<id>`: the invite links of earlier versions, still honoured
CODE_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o, 1/l: read aloud or retyped without doubt
CODE_LENGTH = 8  # 32^8 ≈ 10^12 codes: not worth guessing


@dataclass(frozen=True)
class StartLink:
    """Who a /start link names as the inviter: a Telegram ID (old `ref_<id>` links) or an invite code."""

    user_id: int | None = None
    code: str | None = None


def start_link(start_argument: str | None) -> StartLink:
    """`/start r_<code>` or `/start ref_<id>`; anything else names nobody."""
    text = start_argument or ""
    if text.startswith(LEGACY_PREFIX) and text[len(LEGACY_PREFIX) :].isdigit():
        return StartLink(user_id=int(text[len(LEGACY_PREFIX) :]))
    code = text[len(CODE_PREFIX) :]
    if text.startswith(CODE_PREFIX) and len(code) == CODE_LENGTH and all(c in CODE_ALPHABET for c in code):
        return StartLink(code=code)
    return StartLink()


class Customers:
    def __init__(self, users: UserRepo, ledger: LedgerRepo):
        self.users = users
        self.ledger = ledger

    async def register(
        self,
        user_id: int,
        username: str | None,
        first_name: str,
        link: StartLink | None = None,
        client_language: str | None = None,
    ) -> tuple[User, bool]:
        """Register or refresh; a new customer who came through an invite `link` is attributed to its inviter
        (once, at creation: see `UserRepo.upsert`)."""
        link = link or StartLink()
        return await self.users.upsert(user_id, username, first_name, link.user_id, client_language, link.code)

    async def get(self, user_id: int) -> User | None:
        return await self.users.get(user_id)

    async def set_language(self, user_id: int, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}")
        await self.users.set_language(user_id, language)

    async def balance(self, user_id: int) -> Decimal:
        return await self.ledger.balance(user_id)
