"""The outbox: messages to send, kept in the database so that a restart loses none."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.store.database import Connection, like_escaped, utcnow


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    id: int
    chat_id: int
    thread_id: int | None
    kind: str
    payload: dict[str, Any]
    key: str
    attempts: int


def _later(seconds: float) -> str:
    return (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat(timespec="milliseconds")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class OutboxRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def enqueue(
        self, chat_id: int, kind: str, payload: dict[str, Any], key: str, thread_id: int | None = None
    ) -> bool:
        """Queue a message once per `key`; False when it was queued before."""
        changed = await self.conn.changes(
            "INSERT OR IGNORE INTO outbox (chat_id, thread_id, kind, payload, key, not_before, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (chat_id, thread_id, kind, json.dumps(payload, ensure_ascii=False), key, _now(), utcnow()),
        )
        return changed == 1

    async def enqueue_many(self, messages: list[tuple[int, str, dict[str, Any], str, int | None]]) -> int:
        """Queue many (chat_id, kind, payload, key, thread_id) in one statement, once per key; how many were new."""
        if not messages:
            return 0
        now, created = _now(), utcnow()
        return await self.conn.execute_many(
            "INSERT OR IGNORE INTO outbox (chat_id, thread_id, kind, payload, key, not_before, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (chat_id, thread_id, kind, json.dumps(payload, ensure_ascii=False), key, now, created)
                for chat_id, kind, payload, key, thread_id in messages
            ],
        )

    async def due(self, limit: int) -> list[OutboxMessage]:
        rows = await self.conn.fetch_all(
            "SELECT * FROM outbox WHERE sent_at IS NULL AND dropped_at IS NULL AND not_before <= ? ORDER BY id LIMIT ?",
            (_now(), limit),
        )
        return [
            OutboxMessage(
                r["id"], r["chat_id"], r["thread_id"], r["kind"], json.loads(r["payload"]), r["key"], r["attempts"]
            )
            for r in rows
        ]

    async def mark_sent(self, message_id: int) -> None:
        await self.conn.execute("UPDATE outbox SET sent_at = ? WHERE id = ?", (utcnow(), message_id))

    async def postpone(
        self, message_id: int, seconds: float, error: str | None = None, *, count_attempt: bool = True
    ) -> None:
        await self.conn.execute(
            "UPDATE outbox SET not_before = ?, attempts = attempts + ?, last_error = coalesce(?, last_error) "
            "WHERE id = ?",
            (_later(seconds), 1 if count_attempt else 0, error, message_id),
        )

    async def drop(self, message_id: int, error: str) -> None:
        await self.conn.execute(
            "UPDATE outbox SET dropped_at = ?, last_error = ? WHERE id = ?", (utcnow(), error, message_id)
        )

    async def drop_chat(self, chat_id: int, error: str) -> int:
        """Drop everything still queued for a chat (the user blocked the bot)."""
        return await self.conn.changes(
            "UPDATE outbox SET dropped_at = ?, last_error = ? WHERE chat_id = ? AND sent_at IS NULL "
            "AND dropped_at IS NULL",
            (utcnow(), error, chat_id),
        )

    async def pending_count(self) -> int:
        row = await self.conn.fetch_one("SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL AND dropped_at IS NULL")
        assert row is not None  # an aggregate always gives one row
        return row["n"]

    async def progress(self, key_prefix: str) -> tuple[int, int, int]:
        """(sent, dropped, waiting) of the messages whose key starts with `key_prefix`."""
        row = await self.conn.fetch_one(
            "SELECT sum(sent_at IS NOT NULL) AS sent, sum(dropped_at IS NOT NULL) AS dropped, "
            "sum(sent_at IS NULL AND dropped_at IS NULL) AS waiting FROM outbox WHERE key LIKE ? ESCAPE '\\'",
            (like_escaped(key_prefix) + "%",),
        )
        assert row is not None  # an aggregate always gives one row
        return row["sent"] or 0, row["dropped"] or 0, row["waiting"] or 0
