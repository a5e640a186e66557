"""What python-telegram-bot persists for us: conversation states and each user's user_data, as JSON."""

from __future__ import annotations

import json
from typing import Any

from bot.store.database import Connection


class ConversationRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def user_data(self) -> dict[int, dict[Any, Any]]:
        rows = await self.conn.fetch_all("SELECT user_id, data FROM user_data")
        return {row["user_id"]: json.loads(row["data"]) for row in rows}

    async def put_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        await self.conn.execute(
            "INSERT INTO user_data (user_id, data) VALUES (?, ?) "
            "ON CONFLICT (user_id) DO UPDATE SET data = excluded.data",
            (user_id, json.dumps(data, ensure_ascii=False, default=str)),
        )

    async def drop_user_data(self, user_id: int) -> None:
        await self.conn.execute("DELETE FROM user_data WHERE user_id = ?", (user_id,))

    async def states(self, name: str) -> dict[tuple, object]:
        rows = await self.conn.fetch_all("SELECT key, state FROM conversations WHERE name = ?", (name,))
        return {tuple(json.loads(row["key"])): json.loads(row["state"]) for row in rows}

    async def put_state(self, name: str, key: tuple, state: object | None) -> None:
        """Store a conversation's state; None (the conversation ended) removes it."""
        encoded = json.dumps(list(key))
        if state is None:
            await self.conn.execute("DELETE FROM conversations WHERE name = ? AND key = ?", (name, encoded))
            return
        await self.conn.execute(
            "INSERT INTO conversations (name, key, state) VALUES (?, ?, ?) "
            "ON CONFLICT (name, key) DO UPDATE SET state = excluded.state",
            (name, encoded, json.dumps(state)),
        )
