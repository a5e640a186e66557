"""Who invited whom, and what invitations earned, as the store keeps them (users.invite_code, users.referrer_id,
the ledger's `referral` entries)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from bot.store.database import Connection, chunks


@dataclass(frozen=True, slots=True)
class Payer:
    """An order of an invited customer: their inviter (not banned) and what the order's ledger holds so far."""

    order_id: int
    inviter_id: int
    paid: Decimal  # charges minus refunds already written, as a positive number


@dataclass(frozen=True, slots=True)
class Reward:
    """One reward paid to `user_id` (an inviter)."""

    user_id: int
    amount: Decimal
    created_at: str


def _paid(amounts: str | None) -> Decimal:
    """The customer's own entries of an order, added up exactly (charges negative): what they paid, positive."""
    return -sum((Decimal(a) for a in (amounts or "").split()), Decimal(0))


class ReferralRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def code_of(self, user_id: int) -> str | None:
        row = await self.conn.fetch_one("SELECT invite_code FROM users WHERE id = ?", (user_id,))
        return row["invite_code"] if row else None

    async def set_code(self, user_id: int, code: str) -> bool:
        """Give a customer without one `code`; False when it is taken by someone else (try another)."""
        try:
            await self.conn.execute(
                "UPDATE users SET invite_code = ? WHERE id = ? AND invite_code IS NULL", (code, user_id)
            )
        except sqlite3.IntegrityError:
            return False
        return True

    async def invited_count(self, user_id: int) -> int:
        row = await self.conn.fetch_one("SELECT count(*) AS n FROM users WHERE referrer_id = ?", (user_id,))
        assert row is not None  # an aggregate always gives one row
        return row["n"]

    async def invited_counts(self) -> dict[int, int]:
        """Every inviter with how many customers they brought."""
        rows = await self.conn.fetch_all(
            "SELECT referrer_id, count(*) AS n FROM users WHERE referrer_id IS NOT NULL GROUP BY referrer_id"
        )
        return {row["referrer_id"]: row["n"] for row in rows}

    async def earned(self, user_id: int) -> Decimal:
        rows = await self.conn.fetch_all(
            "SELECT amount FROM ledger WHERE user_id = ? AND kind = 'referral'", (user_id,)
        )
        return sum((Decimal(row["amount"]) for row in rows), Decimal(0))

    async def rewards(self, since: str = "") -> list[Reward]:
        """Every reward paid since `since` (ISO, UTC; "": ever)."""
        rows = await self.conn.fetch_all(
            "SELECT user_id, amount, created_at FROM ledger WHERE kind = 'referral' AND created_at >= ?", (since,)
        )
        return [Reward(row["user_id"], Decimal(row["amount"]), row["created_at"]) for row in rows]

    async def payers(self, order_ids: Sequence[int]) -> dict[int, Payer]:
        """Of `order_ids`, those whose customer was invited by someone not banned, with what each order's ledger
        holds: one indexed query per 500 orders (the status sync's batch)."""
        found: dict[int, Payer] = {}
        for part in chunks(order_ids):
            marks = ",".join("?" * len(part))
            rows = await self.conn.fetch_all(
                "SELECT o.id AS order_id, r.id AS inviter_id, (SELECT group_concat(l.amount, ' ') FROM ledger l "
                "WHERE l.order_id = o.id AND l.user_id = o.user_id) AS amounts "
                "FROM orders o JOIN users u ON u.id = o.user_id JOIN users r ON r.id = u.referrer_id "
                f"WHERE o.id IN ({marks}) AND r.is_banned = 0",
                part,
            )
            for row in rows:
                found[row["order_id"]] = Payer(row["order_id"], row["inviter_id"], _paid(row["amounts"]))
        return found
