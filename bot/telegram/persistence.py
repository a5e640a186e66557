"""PTB persistence kept in the shop's database instead of a pickle file.

Conversation states and each user's `Session` (the order draft, the language) are stored as JSON, so a
restart resumes a conversation in progress. The persistence opens its own connection: PTB reads it in
`initialize()`, before `post_init` opens the shop.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput

from bot.shop.sessions import SessionStore
from bot.telegram.context import Session

Data = dict[Any, Any]
ConversationKey = tuple[int | str, ...]
ConversationDict = dict[ConversationKey, object]


class StorePersistence(BasePersistence[Session, Data, Data]):
    def __init__(self, path: Path, update_interval: float = 1.0):
        super().__init__(
            PersistenceInput(bot_data=False, chat_data=False, user_data=True, callback_data=False),
            update_interval=update_interval,
        )
        self.path = path
        self._store: SessionStore | None = None

    async def _sessions(self) -> SessionStore:
        if self._store is None:
            self._store = await SessionStore.open(self.path)
        return self._store

    async def get_user_data(self) -> dict[int, Session]:
        stored = await (await self._sessions()).user_data()
        return {user_id: Session.from_json(data) for user_id, data in stored.items()}

    async def update_user_data(self, user_id: int, data: Session) -> None:
        await (await self._sessions()).put_user_data(user_id, data.as_json())

    async def drop_user_data(self, user_id: int) -> None:
        await (await self._sessions()).drop_user_data(user_id)

    async def refresh_user_data(self, user_id: int, user_data: Session) -> None:
        """Another process may have changed it: nothing to do while one process runs the bot."""

    async def get_conversations(self, name: str) -> ConversationDict:
        return await (await self._sessions()).states(name)

    async def update_conversation(self, name: str, key: ConversationKey, new_state: object | None) -> None:
        await (await self._sessions()).put_state(name, key, new_state)

    # --- not stored (PersistenceInput says so) ------------------------------------------

    async def get_chat_data(self) -> dict[int, Data]:
        return {}

    async def get_bot_data(self) -> Data:
        return {}

    async def get_callback_data(self) -> None:
        return None

    async def update_chat_data(self, chat_id: int, data: Data) -> None:
        """Chat data is not kept."""

    async def update_bot_data(self, data: Data) -> None:
        """Bot data is not kept: the shop's state lives in its own tables."""

    async def update_callback_data(self, data: Any) -> None:
        """Arbitrary callback data is not used."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Chat data is not kept."""

    async def refresh_chat_data(self, chat_id: int, chat_data: Data) -> None:
        """Chat data is not kept."""

    async def refresh_bot_data(self, bot_data: Data) -> None:
        """Bot data is not kept."""

    async def flush(self) -> None:
        if self._store is not None:
            await self._store.close()
            self._store = None
