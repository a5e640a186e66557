"""What the admin side needs from the database: the audit log, deposits, lookups and figures."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from bot.store.database import Connection, atomic, utcnow
from bot.store.states import DepositState, OrderState


@dataclass(frozen=True, slots=True)
class Deposit:
    id: int
    user_id: int
    amount: Decimal
    method: str
    state: DepositState
    decided_by: int | None


@dataclass(frozen=True, slots=True)
class DayTotal:
    """Orders created on one day (`YYYY-MM-DD`) and the sum of their prices."""

    day: str
    orders: int
    revenue: Decimal


def _deposit(row: sqlite3.Row) -> Deposit:
    return Deposit(
        row["id"], row["user_id"], Decimal(row["amount"]), row["method"], DepositState(row["state"]), row["decided_by"]
    )


class AdminRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def log(self, admin_id: int, action: str, details: str) -> None:
        await self.conn.execute(
            "INSERT INTO admin_log (admin_id, action, details, created_at) VALUES (?, ?, ?, ?)",
            (admin_id, action, details, utcnow()),
        )

    async def recent_log(self, limit: int = 20) -> list[tuple[int, str, str, str]]:
        rows = await self.conn.fetch_all("SELECT * FROM admin_log ORDER BY id DESC LIMIT ?", (limit,))
        return [(r["admin_id"], r["action"], r["details"], r["created_at"]) for r in rows]

    # --- deposits -----------------------------------------------------------------------

    async def create_deposit(
        self,
        user_id: int,
        amount: Decimal,
        method: str,
        *,
        state: DepositState = DepositState.PENDING,
        stars: int | None = None,
        charge_id: str | None = None,
    ) -> int | None:
        """A new deposit; None when this Telegram charge was recorded before."""
        async with atomic(self.conn) as tx:
            changed = await tx.changes(
                "INSERT OR IGNORE INTO deposits (user_id, amount, method, state, stars, charge_id, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (user_id, str(amount), method, state, stars, charge_id, utcnow()),
            )
            if not changed:
                return None
            row = await tx.fetch_one("SELECT last_insert_rowid() AS id")
        assert row is not None  # SQLite always answers last_insert_rowid()
        return row["id"]

    async def decide_deposit(self, deposit_id: int, state: DepositState, admin_id: int) -> bool:
        """Approve or reject a pending request; False when it was decided before."""
        changed = await self.conn.changes(
            "UPDATE deposits SET state = ?, decided_by = ?, decided_at = ? WHERE id = ? AND state = ?",
            (state, admin_id, utcnow(), deposit_id, DepositState.PENDING),
        )
        return changed == 1

    async def deposit(self, deposit_id: int) -> Deposit | None:
        row = await self.conn.fetch_one("SELECT * FROM deposits WHERE id = ?", (deposit_id,))
        return _deposit(row) if row else None

    # --- lookups and figures -------------------------------------------------------------------

    async def user_id_by_username(self, username: str) -> int | None:
        row = await self.conn.fetch_one(
            "SELECT id FROM users WHERE lower(username) = lower(?)", (username.lstrip("@"),)
        )
        return row["id"] if row else None

    async def set_banned(self, user_id: int, banned: bool) -> bool:
        return await self.conn.changes("UPDATE users SET is_banned = ? WHERE id = ?", (int(banned), user_id)) == 1

    async def is_banned(self, user_id: int) -> bool:
        row = await self.conn.fetch_one("SELECT is_banned FROM users WHERE id = ?", (user_id,))
        return bool(row and row["is_banned"])

    async def audience(self) -> list[int]:
        """Customers a broadcast goes to: not blocked, not banned."""
        rows = await self.conn.fetch_all("SELECT id FROM users WHERE is_blocked = 0 AND is_banned = 0 ORDER BY id")
        return [r["id"] for r in rows]

    async def orders_since(self, since: str) -> list[sqlite3.Row]:
        return await self.conn.fetch_all(
            "SELECT state, price, cost, provider FROM orders WHERE created_at >= ?", (since,)
        )

    async def orders_by_day(self, since: str, offset_minutes: int, skip: Collection[OrderState]) -> list[DayTotal]:
        """Orders created since `since` but not in `skip`, per day in a zone `offset_minutes` ahead of UTC, oldest
        first; days without orders are absent. Prices are summed as Decimal here: SQLite's sum() would use REAL."""
        marks = ", ".join("?" * len(skip)) or "NULL"
        rows = await self.conn.fetch_all(
            f"SELECT date(created_at, ?) AS day, count(*) AS n, group_concat(price, ' ') AS prices FROM orders "
            f"WHERE created_at >= ? AND state NOT IN ({marks}) GROUP BY day ORDER BY day",
            (f"{offset_minutes:+d} minutes", since, *skip),
        )
        return [DayTotal(r["day"], r["n"], sum((Decimal(p) for p in r["prices"].split()), Decimal(0))) for r in rows]

    async def first_order_at(self) -> str | None:
        """When the oldest order was created (ISO, UTC); None with no orders."""
        row = await self.conn.fetch_one("SELECT min(created_at) AS at FROM orders")
        return row["at"] if row else None

    async def refunds_since(self, since: str, skip: Collection[OrderState]) -> list[sqlite3.Row]:
        """Refunds of the orders created since `since` and not in `skip` (orders never placed: their refund gives
        back a turnover that was never counted)."""
        marks = ", ".join("?" * len(skip)) or "NULL"
        return await self.conn.fetch_all(
            "SELECT l.amount, o.price, o.cost, o.provider FROM ledger l JOIN orders o ON o.id = l.order_id "
            f"WHERE l.kind = 'refund' AND o.created_at >= ? AND o.state NOT IN ({marks})",
            (since, *skip),
        )

    async def users_since(self, since: str) -> int:
        row = await self.conn.fetch_one("SELECT count(*) AS n FROM users WHERE created_at >= ?", (since,))
        assert row is not None  # an aggregate always gives one row
        return row["n"]

    async def panel_spend_since(self, since: str, provider: str) -> Decimal:
        """What orders placed on `provider` since `since` cost there, in its currency (for its balance runway)."""
        rows = await self.conn.fetch_all(
            "SELECT cost FROM orders WHERE created_at >= ? AND provider = ? AND panel_order_id IS NOT NULL "
            "AND state != ?",
            (since, provider, OrderState.CANCELED),
        )
        return sum((Decimal(r["cost"]) for r in rows), Decimal(0))
