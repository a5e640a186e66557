"""Customers' wallets: every change is a ledger entry under a unique key, applied at most once."""

from __future__ import annotations

from decimal import Decimal

from bot.store import Database, Entry, LedgerRepo


class Wallet:
    def __init__(self, db: Database):
        self.db = db
        self.ledger = LedgerRepo(db)

    async def apply(self, user_id: int, amount: Decimal, kind: str, key: str, reason: str = "") -> bool:
        """Credit (positive) or debit (negative) once; False when `key` was applied before."""
        async with self.db.transaction() as tx:
            return await LedgerRepo(tx).add(user_id=user_id, amount=amount, kind=kind, key=key, reason=reason)

    async def balance(self, user_id: int) -> Decimal:
        return await self.ledger.balance(user_id)

    async def history(self, user_id: int, limit: int = 10) -> list[Entry]:
        return await self.ledger.history(user_id, limit)
