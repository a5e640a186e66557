"""The wallet ledger: one row per change of a customer's wallet, each with a unique key."""

from __future__ import annotations

from decimal import Decimal

from bot.store.database import Database


class LedgerRepo:
    def __init__(self, db: Database):
        self.db = db

    async def balance(self, user_id: int) -> Decimal:
        """The wallet is the sum of its ledger, added up exactly (never by SQLite's REAL sum)."""
        rows = await self.db.fetch_all("SELECT amount FROM ledger WHERE user_id = ?", (user_id,))
        return sum((Decimal(row["amount"]) for row in rows), Decimal(0))
