"""The outbox as the notifier sees it: typed messages due now, and what became of each.

The shop queues messages in the same transaction as the change they report (`queue`); the
notifier takes them from here, sends them, and marks each one sent, postponed or dropped.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.shop.customers import pick_language
from bot.shop.messages import Message, decode, encode
from bot.store.database import Connection, Database
from bot.store.outbox import Lane, NewMessage, OutboxRepo
from bot.store.users import UserRepo

__all__ = ["DueMessage", "Lane", "Outbox", "Recipient", "queue"]


async def queue(conn: Connection, chat_id: int, message: Message, key: str, thread_id: int | None = None) -> bool:
    """Queue `message` once per `key` on `conn` (the Database, or the transaction of the change it reports);
    False when it was queued before."""
    return await queue_many(conn, [Queued(chat_id, message, key, thread_id)]) == 1


@dataclass(frozen=True)
class Queued:
    """A message to queue once per `key` (`queue_many`)."""

    chat_id: int
    message: Message
    key: str
    thread_id: int | None = None


async def queue_many(conn: Connection, messages: list[Queued]) -> int:
    """`queue` for many messages, one statement per 100 (a batch of the status sync); how many were new."""
    return await OutboxRepo(conn).enqueue_many(encoded(messages))


def encoded(messages: list[Queued]) -> list[NewMessage]:
    """The outbox rows of `messages` (`OutboxRepo.enqueue_many`)."""
    return [NewMessage(m.chat_id, *encode(m.message), m.key, m.thread_id, m.message.lane) for m in messages]


@dataclass(frozen=True)
class DueMessage:
    """A queued message whose time has come; `message` is None when this version cannot read it."""

    id: int
    chat_id: int
    thread_id: int | None
    kind: str
    message: Message | None
    attempts: int
    lane: Lane = Lane.URGENT


@dataclass(frozen=True)
class Recipient:
    """Who a chat is to the shop: the language to write in, and whether they blocked the bot."""

    language: str
    blocked: bool = False


class Outbox:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.repo = OutboxRepo(db)
        self.users = UserRepo(db)

    async def queue(self, chat_id: int, message: Message, key: str, thread_id: int | None = None) -> bool:
        return await queue(self.db, chat_id, message, key, thread_id)

    async def due(self, limit: int, lane: Lane | None = None, skip_chats: Collection[int] = ()) -> list[DueMessage]:
        """Up to `limit` messages due now, oldest first: of `lane`, or URGENT ones before BULK ones; none for
        the chats in `skip_chats`."""
        return [
            DueMessage(
                row.id, row.chat_id, row.thread_id, row.kind, decode(row.kind, row.payload), row.attempts, row.lane
            )
            for row in await self.repo.due(limit, lane, skip_chats)
        ]

    async def recipient(self, chat_id: int, default_language: str) -> Recipient:
        """A customer's language (chosen, else their client's, else `default_language`); groups and unknown
        chats get `default_language`."""
        user = await self.users.get(chat_id)
        if user is None:
            return Recipient(default_language)
        return Recipient(pick_language(user.language, user.client_language, default_language), user.is_blocked)

    async def mark_sent(self, message_id: int, telegram_message_id: int | None = None) -> None:
        """Sent, as Telegram message `telegram_message_id` (kept: an admin's reply to a ticket notice finds it)."""
        await self.repo.mark_sent(message_id, telegram_message_id)

    async def postpone(
        self, message_id: int, seconds: float, error: str | None = None, *, count_attempt: bool = True
    ) -> None:
        await self.repo.postpone(message_id, seconds, error, count_attempt=count_attempt)

    async def drop(self, message_id: int, error: str) -> None:
        await self.repo.drop(message_id, error)

    async def drop_chat(self, chat_id: int, error: str) -> int:
        """Drop everything still queued for a chat; how many were dropped."""
        return await self.repo.drop_chat(chat_id, error)

    async def mark_blocked(self, user_id: int) -> None:
        """The user blocked the bot (Telegram answered 403); a new /start clears it."""
        await self.users.set_blocked(user_id)

    async def pending_count(self) -> int:
        return await self.repo.pending_count()

    async def prune(self, keep_days: float) -> int:
        """Delete messages sent or dropped more than `keep_days` ago (pending ones stay); how many."""
        return await self.repo.prune(datetime.now(UTC) - timedelta(days=keep_days))
