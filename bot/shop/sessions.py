"""Where the chat's per-user sessions and conversation states are kept: the shop's own database.

A restart resumes a conversation where it was; several processes on one database would share them.
Nothing about money depends on this: exactly-once rules live in the store's unique keys.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.store import Database
from bot.store.conversations import ConversationRepo


class SessionStore:
    """Opened on its own connection: the chat layer reads sessions before the shop itself is open."""

    def __init__(self, db: Database):
        self.db = db
        self.repo = ConversationRepo(db)

    @classmethod
    async def open(cls, path: Path) -> SessionStore:
        return cls(await Database.open(path))

    async def close(self) -> None:
        await self.db.close()

    async def user_data(self) -> dict[int, dict[str, Any]]:
        return await self.repo.user_data()

    async def put_user_data(self, user_id: int, data: dict[str, Any]) -> None:
        await self.repo.put_user_data(user_id, data)

    async def drop_user_data(self, user_id: int) -> None:
        await self.repo.drop_user_data(user_id)

    async def states(self, name: str) -> dict[tuple[int | str, ...], object]:
        return await self.repo.states(name)

    async def put_state(self, name: str, key: tuple[int | str, ...], state: object | None) -> None:
        await self.repo.put_state(name, key, state)
