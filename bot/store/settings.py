"""Key/value shop settings the admins change at run time (markup, thresholds, panel currency)."""

from __future__ import annotations

from bot.store.database import Database


class ShopSettingsRepo:
    def __init__(self, db: Database):
        self.db = db

    async def get(self, key: str, default: str | None = None) -> str | None:
        row = await self.db.fetch_one("SELECT value FROM shop_settings WHERE key = ?", (key,))
        return row["value"] if row else default

    async def set(self, key: str, value: str) -> None:
        await self.db.execute(
            "INSERT INTO shop_settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
