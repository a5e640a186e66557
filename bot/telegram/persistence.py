"""PTB persistence kept in the shop's database instead of a pickle file.

Conversation states and each user's `user_data` (the order draft) are stored as
JSON, so a restart resumes a conversation in progress, and several processes on
one database would share them. Nothing about money depends on this: exactly-once
rules live in the store's unique keys.

The persistence opens its own connection: PTB reads it in `initialize()`, before
`post_init` opens the shop.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput

from bot.store import Database
from bot.store.conversations import ConversationRepo


class StorePersistence(BasePersistence):
    def __init__(self, path: Path, update_interval: float = 1.0):
        super().__init__(
            PersistenceInput(bot_data=False, chat_data=False, user_data=True, callback_data=False),
            update_interval=update_interval,
        )
        self.path = path
        self._db: Database | None = None

    async def _repo(self) -> ConversationRepo:
        if self._db is None:
            self._db = await Database.open(self.path)
        return ConversationRepo(self._db)

    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        return await (await self._repo()).user_data()

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        await (await self._repo()).put_user_data(user_id, data)

    async def drop_user_data(self, user_id: int) -> None:
        await (await self._repo()).drop_user_data(user_id)

    async def refresh_user_data(self, user_id: int, user_data: dict[Any, Any]) -> None:
        """Another process may have changed it: nothing to do while one process runs the bot."""

    async def get_conversations(self, name: str) -> dict:
        return await (await self._repo()).states(name)

    async def update_conversation(self, name: str, key: tuple, new_state: object | None) -> None:
        await (await self._repo()).put_state(name, key, new_state)

    # --- not stored (PersistenceInput says so) ------------------------------------------

    async def get_chat_data(self) -> dict[int, Any]:
        return {}

    async def get_bot_data(self) -> dict[Any, Any]:
        return {}

    async def get_callback_data(self) -> None:
        return None

    async def update_chat_data(self, chat_id: int, data: Any) -> None:
        """Chat data is not kept."""

    async def update_bot_data(self, data: Any) -> None:
        """Bot data is not kept: the shop's state lives in its own tables."""

    async def update_callback_data(self, data: Any) -> None:
        """Arbitrary callback data is not used."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Chat data is not kept."""

    async def refresh_chat_data(self, chat_id: int, chat_data: Any) -> None:
        """Chat data is not kept."""

    async def refresh_bot_data(self, bot_data: Any) -> None:
        """Bot data is not kept."""

    async def flush(self) -> None:
        if self._db is not None:
            await self._db.close()
            self._db = None
