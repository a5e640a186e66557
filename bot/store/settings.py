"""Key/value shop settings the admins change at run time (markup, thresholds, panel currency)."""

from __future__ import annotations

from bot.store.database import Connection


class ShopSettingsRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def get(self, key: str, default: str | None = None) -> str | None:
        row = await self.conn.fetch_one("SELECT value FROM shop_settings WHERE key = ?", (key,))
        return row["value"] if row else default

    async def set(self, key: str, value: str | None) -> None:
        """None removes the value."""
        if value is None:
            await self.conn.execute("DELETE FROM shop_settings WHERE key = ?", (key,))
        else:
            await self.conn.execute(
                "INSERT INTO shop_settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
