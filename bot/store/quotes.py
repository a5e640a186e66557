"""Summary-card quotes as the shop keeps them: what was shown is what Confirm charges."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bot.store.database import Connection


@dataclass(frozen=True, slots=True)
class QuoteRow:
    id: str
    user_id: int
    service_id: str
    draft: dict[str, Any]
    units: int
    unit_price: Decimal
    total: Decimal
    cost: Decimal
    currency: str
    rule: str
    created_at: str
    expires_at: str
    code: str | None = None  # the discount code the total includes
    full_total: Decimal | None = None  # the price before that discount (None: no discount)


def _quote(row: sqlite3.Row) -> QuoteRow:
    return QuoteRow(
        id=row["id"],
        user_id=row["user_id"],
        service_id=row["service_id"],
        draft=json.loads(row["draft"]),
        units=row["units"],
        unit_price=Decimal(row["unit_price"]),
        total=Decimal(row["total"]),
        cost=Decimal(row["cost"]),
        currency=row["currency"],
        rule=row["rule"],
        created_at=row["created_at"],
        expires_at=row["expires_at"],
        code=row["code"],
        full_total=Decimal(row["full_total"]) if row["full_total"] is not None else None,
    )


class QuoteRepo:
    def __init__(self, conn: Connection):
        self.conn = conn

    async def add(self, quote: QuoteRow) -> None:
        await self.conn.execute(
            "INSERT INTO quotes (id, user_id, service_id, draft, units, unit_price, total, cost, currency, rule, "
            "created_at, expires_at, code, full_total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                quote.id,
                quote.user_id,
                quote.service_id,
                json.dumps(quote.draft, ensure_ascii=False),
                quote.units,
                str(quote.unit_price),
                str(quote.total),
                str(quote.cost),
                quote.currency,
                quote.rule,
                quote.created_at,
                quote.expires_at,
                quote.code,
                str(quote.full_total) if quote.full_total is not None else None,
            ),
        )

    async def get_for_user(self, quote_id: str, user_id: int) -> QuoteRow | None:
        """The quote only if `user_id` was given it: a forged Confirm finds nothing."""
        row = await self.conn.fetch_one("SELECT * FROM quotes WHERE id = ? AND user_id = ?", (quote_id, user_id))
        return _quote(row) if row else None

    async def forget_before(self, moment: str) -> int:
        """Drop quotes that expired before `moment` and never became an order; how many went."""
        return await self.conn.changes(
            "DELETE FROM quotes WHERE expires_at < ? AND id NOT IN (SELECT token FROM orders)", (moment,)
        )
