"""Customers as the store keeps them."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from bot.store.database import Connection, atomic, utcnow


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str | None
    first_name: str
    language: str | None
    client_language: str | None
    referrer_id: int | None
    is_banned: bool
    is_blocked: bool
    created_at: str


def _user(row: sqlite3.Row) -> User:
    return User(
        id=row["id"],
        username=row["username"],
        first_name=row["first_name"],
        language=row["language"],
        client_language=row["client_language"],
        referrer_id=row["referrer_id"],
        is_banned=bool(row["is_banned"]),
        is_blocked=bool(row["is_blocked"]),
        created_at=row["created_at"],
    )


async def _inviter(conn: Connection, user_id: int | None, code: str | None) -> int | None:
    """The customer a link names (by ID, else by code), if any and not banned."""
    if user_id is not None:
        row = await conn.fetch_one("SELECT id FROM users WHERE id = ? AND is_banned = 0", (user_id,))
    elif code:
        row = await conn.fetch_one("SELECT id FROM users WHERE invite_code = ? AND is_banned = 0", (code,))
    else:
        return None
    return row["id"] if row else None


class UserRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def get(self, user_id: int) -> User | None:
        row = await self.conn.fetch_one("SELECT * FROM users WHERE id = ?", (user_id,))
        return _user(row) if row else None

    async def upsert(
        self,
        user_id: int,
        username: str | None,
        first_name: str,
        referrer_id: int | None = None,
        client_language: str | None = None,
        invite_code: str | None = None,
    ) -> tuple[User, bool]:
        """Register or refresh a user; returns (user, created). A referrer — named by Telegram ID (`ref_<id>`
        links) or by invite code — is set only once, at creation, and only to someone else who is a customer
        and not banned; an existing customer's /start through a link changes nothing."""
        now = utcnow()
        async with atomic(self.conn) as tx:
            exists = await tx.fetch_one("SELECT 1 FROM users WHERE id = ?", (user_id,))
            if exists:
                await tx.execute(
                    "UPDATE users SET username = ?, first_name = ?, last_seen_at = ?, is_blocked = 0, "
                    "client_language = coalesce(?, client_language) WHERE id = ?",
                    (username, first_name, now, client_language, user_id),
                )
            else:
                referrer = await _inviter(tx, referrer_id, invite_code)
                referrer = referrer if referrer != user_id else None
                await tx.execute(
                    "INSERT INTO users (id, username, first_name, referrer_id, client_language, created_at, "
                    "last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (user_id, username, first_name, referrer, client_language, now, now),
                )
            row = await tx.fetch_one("SELECT * FROM users WHERE id = ?", (user_id,))
        assert row is not None  # a row just written
        return _user(row), not exists

    async def set_language(self, user_id: int, language: str) -> None:
        await self.conn.execute("UPDATE users SET language = ? WHERE id = ?", (language, user_id))

    async def set_blocked(self, user_id: int, blocked: bool = True) -> None:
        """The user blocked the bot (Telegram answered 403); a new /start clears it."""
        await self.conn.execute("UPDATE users SET is_blocked = ? WHERE id = ?", (int(blocked), user_id))

    async def count(self) -> int:
        row = await self.conn.fetch_one("SELECT count(*) AS n FROM users")
        assert row is not None  # an aggregate always gives one row
        return row["n"]
