"""Promo and gift codes as stored: the codes, each use of one, and the wrong tries that slow a customer down."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from decimal import Decimal

from bot.store.database import Connection, utcnow


@dataclass(frozen=True, slots=True)
class CodeRow:
    code: str
    kind: str  # gift | discount
    amount: Decimal | None
    percent: Decimal | None
    uses_limit: int | None
    until: str | None  # the last day it works, shop time
    expires_at: str | None  # UTC ISO: the instant it stops working
    service_id: str | None
    category_id: int | None
    active: bool
    created_by: int
    created_at: str
    used: int = 0  # uses so far


@dataclass(frozen=True, slots=True)
class CodeUse:
    user_id: int
    order_id: int | None
    amount: Decimal
    created_at: str


_WITH_USES = "SELECT c.*, (SELECT count(*) FROM code_uses u WHERE u.code = c.code) AS used FROM codes c"


def _decimal(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None


def _code(row: sqlite3.Row) -> CodeRow:
    return CodeRow(
        code=row["code"],
        kind=row["kind"],
        amount=_decimal(row["amount"]),
        percent=_decimal(row["percent"]),
        uses_limit=row["uses_limit"],
        until=row["until"],
        expires_at=row["expires_at"],
        service_id=row["service_id"],
        category_id=row["category_id"],
        active=bool(row["active"]),
        created_by=row["created_by"],
        created_at=row["created_at"],
        used=row["used"],
    )


class CodeRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def add(self, code: CodeRow) -> bool:
        """A new code; False (nothing written) when one of that name exists."""
        return (
            await self.conn.changes(
                "INSERT OR IGNORE INTO codes (code, kind, amount, percent, uses_limit, until, expires_at, service_id, "
                "category_id, active, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    code.code,
                    code.kind,
                    str(code.amount) if code.amount is not None else None,
                    str(code.percent) if code.percent is not None else None,
                    code.uses_limit,
                    code.until,
                    code.expires_at,
                    code.service_id,
                    code.category_id,
                    int(code.active),
                    code.created_by,
                    code.created_at,
                ),
            )
            == 1
        )

    async def get(self, code: str) -> CodeRow | None:
        row = await self.conn.fetch_one(f"{_WITH_USES} WHERE c.code = ?", (code,))
        return _code(row) if row else None

    async def all(self) -> list[CodeRow]:
        """Every code, the newest first."""
        return [_code(row) for row in await self.conn.fetch_all(f"{_WITH_USES} ORDER BY c.created_at DESC, c.code")]

    async def turn_off(self, code: str) -> bool:
        """False when there is no such code or it was off already."""
        return await self.conn.changes("UPDATE codes SET active = 0 WHERE code = ? AND active = 1", (code,)) == 1

    async def used_by(self, code: str, user_id: int) -> bool:
        row = await self.conn.fetch_one("SELECT 1 FROM code_uses WHERE code = ? AND user_id = ?", (code, user_id))
        return row is not None

    async def use(self, code: str, user_id: int, amount: Decimal, order_id: int | None = None) -> bool:
        """Count one use; False (nothing written) when this customer used the code before."""
        return (
            await self.conn.changes(
                "INSERT OR IGNORE INTO code_uses (code, user_id, order_id, amount, created_at) VALUES (?, ?, ?, ?, ?)",
                (code, user_id, order_id, str(amount), utcnow()),
            )
            == 1
        )

    async def give_back(self, order_id: int) -> int:
        """The use of an order that was never placed counts no more; how many uses went."""
        return await self.conn.changes("DELETE FROM code_uses WHERE order_id = ?", (order_id,))

    async def uses(self, code: str) -> list[CodeUse]:
        rows = await self.conn.fetch_all("SELECT * FROM code_uses WHERE code = ? ORDER BY id", (code,))
        return [CodeUse(r["user_id"], r["order_id"], Decimal(r["amount"]), r["created_at"]) for r in rows]

    async def tries_since(self, user_id: int, since: str) -> list[str]:
        """When this customer's wrong tries since `since` were made, oldest first."""
        rows = await self.conn.fetch_all(
            "SELECT at FROM code_tries WHERE user_id = ? AND at >= ? ORDER BY at", (user_id, since)
        )
        return [row["at"] for row in rows]

    async def add_try(self, user_id: int, at: str) -> None:
        await self.conn.execute("INSERT INTO code_tries (user_id, at) VALUES (?, ?)", (user_id, at))

    async def forget_tries_before(self, user_id: int, moment: str) -> None:
        await self.conn.execute("DELETE FROM code_tries WHERE user_id = ? AND at < ?", (user_id, moment))
