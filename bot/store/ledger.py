"""The wallet ledger: one row per change of a customer's wallet, each with a unique key."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from bot.store.database import Connection, chunks, insert_rows, utcnow

KINDS = ("deposit", "charge", "refund", "adjustment", "referral", "gift")


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    user_id: int
    amount: Decimal
    kind: str
    key: str
    reason: str
    order_id: int | None
    created_at: str


@dataclass(frozen=True, slots=True)
class NewEntry:
    """One change to record (`LedgerRepo.add_many`)."""

    user_id: int
    amount: Decimal
    kind: str
    key: str
    reason: str = ""
    order_id: int | None = None


def _entry(r: sqlite3.Row) -> Entry:
    return Entry(
        r["id"], r["user_id"], Decimal(r["amount"]), r["kind"], r["key"], r["reason"], r["order_id"], r["created_at"]
    )


def _sum(rows: Iterable[sqlite3.Row]) -> Decimal:
    """Added up exactly in Python: SQLite's SUM over text would go through REAL."""
    return sum((Decimal(row["amount"]) for row in rows), Decimal(0))


class LedgerRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def add(
        self,
        *,
        user_id: int,
        amount: Decimal,
        kind: str,
        key: str,
        reason: str = "",
        order_id: int | None = None,
    ) -> bool:
        """Record one change; False (and nothing written) when `key` was applied before."""
        if kind not in KINDS:
            raise ValueError(f"unknown ledger kind {kind!r}")
        changed = await self.conn.changes(
            "INSERT OR IGNORE INTO ledger (user_id, amount, kind, key, reason, order_id, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (user_id, str(amount), kind, key, reason, order_id, utcnow()),
        )
        return changed == 1

    async def add_many(self, entries: Sequence[NewEntry]) -> int:
        """Record many changes, each once per key, one statement per 100; how many were new."""
        if any(entry.kind not in KINDS for entry in entries):
            raise ValueError(f"unknown ledger kind in {sorted({entry.kind for entry in entries})}")
        if not entries:
            return 0
        now = utcnow()
        return await insert_rows(
            self.conn,
            "INSERT OR IGNORE INTO ledger (user_id, amount, kind, key, reason, order_id, created_at)",
            [(e.user_id, str(e.amount), e.kind, e.key, e.reason, e.order_id, now) for e in entries],
        )

    async def for_orders(self, order_ids: Sequence[int]) -> dict[int, list[Entry]]:
        """The entries of many orders, by order: one indexed query per 500 orders."""
        found: dict[int, list[Entry]] = {}
        for part in chunks(order_ids):
            marks = ",".join("?" * len(part))
            rows = await self.conn.fetch_all(f"SELECT * FROM ledger WHERE order_id IN ({marks})", part)
            for row in rows:
                found.setdefault(row["order_id"], []).append(_entry(row))
        return found

    async def order_net(self, order_id: int) -> Decimal:
        """What the customer has paid for an order so far: charges minus refunds, as a positive number."""
        return -_sum(await self.conn.fetch_all("SELECT amount FROM ledger WHERE order_id = ?", (order_id,)))

    async def balance(self, user_id: int) -> Decimal:
        """The wallet is the sum of its ledger."""
        return _sum(await self.conn.fetch_all("SELECT amount FROM ledger WHERE user_id = ?", (user_id,)))

    async def history(self, user_id: int, limit: int = 10) -> list[Entry]:
        rows = await self.conn.fetch_all(
            "SELECT * FROM ledger WHERE user_id = ? ORDER BY id DESC LIMIT ?", (user_id, limit)
        )
        return [_entry(r) for r in rows]
