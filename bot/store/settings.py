"""Key/value shop settings the admins change at run time (markup, thresholds, panel currency)."""

from __future__ import annotations

from bot.store.database import Database, Transaction


class ShopSettingsRepo:
    def __init__(self, db: Database):
        self.db = db

    async def get(self, key: str, default: str | None = None) -> str | None:
        row = await self.db.fetch_one("SELECT value FROM shop_settings WHERE key = ?", (key,))
        return row["value"] if row else default

    async def set(self, key: str, value: str | None) -> None:
        async with self.db.transaction() as tx:
            await self.put(tx, key, value)

    @staticmethod
    async def put(tx: Transaction, key: str, value: str | None) -> None:
        """Set a value inside a transaction; None removes it."""
        if value is None:
            await tx.execute("DELETE FROM shop_settings WHERE key = ?", (key,))
        else:
            await tx.execute(
                "INSERT INTO shop_settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
