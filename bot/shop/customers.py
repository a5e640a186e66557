"""Customers: registration on first contact, language, wallet balance."""

from __future__ import annotations

from decimal import Decimal

from bot.store import LedgerRepo, User, UserRepo

LANGUAGES = ("en", "vi")


def pick_language(stored: str | None, client_language: str | None, default: str) -> str:
    """The customer's choice, else the Telegram client's language if we speak it, else the default."""
    if stored in LANGUAGES:
        return stored
    base = (client_language or "").split("-")[0].lower()
    return base if base in LANGUAGES else default


def referrer_from(start_argument: str | None) -> int | None:
    """`/start ref_<id>` carries a referrer; anything else carries none."""
    if start_argument and start_argument.startswith("ref_") and start_argument[4:].isdigit():
        return int(start_argument[4:])
    return None


class Customers:
    def __init__(self, users: UserRepo, ledger: LedgerRepo):
        self.users = users
        self.ledger = ledger

    async def register(
        self,
        user_id: int,
        username: str | None,
        first_name: str,
        referrer_id: int | None = None,
        client_language: str | None = None,
    ) -> tuple[User, bool]:
        return await self.users.upsert(user_id, username, first_name, referrer_id, client_language)

    async def get(self, user_id: int) -> User | None:
        return await self.users.get(user_id)

    async def set_language(self, user_id: int, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}")
        await self.users.set_language(user_id, language)

    async def balance(self, user_id: int) -> Decimal:
        return await self.ledger.balance(user_id)
