"""The outbox: messages to send, kept in the database so that a restart loses none.

Each message is in a lane: `Lane.URGENT` (what a person is waiting for) is read before `Lane.BULK`
(broadcasts). A broadcast's messages carry its id; triggers count them into the broadcast's row as they
are sent or dropped (migration 0007), so progress survives `prune`, which deletes old sent and dropped rows.
"""

from __future__ import annotations

import asyncio
import enum
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.store.database import Connection, insert_rows, utcnow


class Lane(enum.IntEnum):
    """Which messages go first: URGENT ones, then BULK ones (broadcasts) with what is left of the rate."""

    URGENT = 0
    BULK = 1


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    id: int
    chat_id: int
    thread_id: int | None
    kind: str
    payload: dict[str, Any]
    key: str
    attempts: int
    lane: Lane = Lane.URGENT


@dataclass(frozen=True, slots=True)
class NewMessage:
    """A message to queue with `OutboxRepo.enqueue_many`."""

    chat_id: int
    kind: str
    payload: dict[str, Any]
    key: str
    thread_id: int | None = None
    lane: Lane = Lane.URGENT
    broadcast_id: str | None = None


_INSERT = (
    "INSERT OR IGNORE INTO outbox (chat_id, thread_id, kind, payload, key, not_before, created_at, lane, broadcast_id)"
)
_PENDING = "sent_at IS NULL AND dropped_at IS NULL"


def _later(seconds: float) -> str:
    return (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat(timespec="milliseconds")


_ENCODER = json.JSONEncoder(ensure_ascii=False)  # made once: `json.dumps` with options makes one per call


def _json(payload: dict[str, Any]) -> str:
    return _ENCODER.encode(payload)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class OutboxRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def enqueue(
        self,
        chat_id: int,
        kind: str,
        payload: dict[str, Any],
        key: str,
        thread_id: int | None = None,
        lane: Lane = Lane.URGENT,
    ) -> bool:
        """Queue a message once per `key`; False when it was queued before."""
        return await self.enqueue_many([NewMessage(chat_id, kind, payload, key, thread_id, lane)]) == 1

    async def enqueue_many(self, messages: Iterable[NewMessage]) -> int:
        """Queue each message once per its key, one statement per 100 messages; how many were new."""
        now, created = _now(), utcnow()
        rows = [
            (m.chat_id, m.thread_id, m.kind, _json(m.payload), m.key, now, created, int(m.lane), m.broadcast_id)
            for m in messages
        ]
        return await insert_rows(self.conn, _INSERT, rows)

    async def due(self, limit: int, lane: Lane | None = None, skip_chats: Collection[int] = ()) -> list[OutboxMessage]:
        """Up to `limit` messages due now, in queue order: of one lane, or URGENT ones first; none for the
        chats in `skip_chats`. Read through the partial index `outbox_due`."""
        where = f"{_PENDING} AND not_before <= ?"
        params: list[object] = [_now()]
        if lane is not None:
            where += " AND lane = ?"
            params.append(int(lane))
        if skip_chats:
            where += f" AND chat_id NOT IN ({', '.join('?' * len(skip_chats))})"
            params.extend(skip_chats)
        rows = await self.conn.fetch_all(
            f"SELECT * FROM outbox WHERE {where} ORDER BY lane, id LIMIT ?", (*params, limit)
        )
        return [
            OutboxMessage(
                r["id"],
                r["chat_id"],
                r["thread_id"],
                r["kind"],
                json.loads(r["payload"]),
                r["key"],
                r["attempts"],
                Lane(r["lane"]),
            )
            for r in rows
        ]

    async def mark_sent(self, message_id: int, telegram_message_id: int | None = None) -> None:
        """Sent; `telegram_message_id` is the Telegram message it became (what a reply to it points at)."""
        await self.conn.execute(
            "UPDATE outbox SET sent_at = ?, sent_message_id = ? WHERE id = ?",
            (utcnow(), telegram_message_id, message_id),
        )

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
        row = await self.conn.fetch_one(f"SELECT count(*) AS n FROM outbox WHERE {_PENDING}")
        assert row is not None  # an aggregate always gives one row
        return row["n"]

    async def prune(self, before: datetime, chunk: int = 2000) -> int:
        """Delete the messages sent or dropped before `before`, walking the table in id order `chunk` rows
        at a time, each chunk its own short transaction; pending messages stay. How many were deleted."""
        cutoff = before.astimezone(UTC).isoformat(timespec="seconds")
        deleted, after = 0, 0
        while True:
            window = await self.conn.fetch_one(
                "SELECT max(id) AS last, min(created_at) AS first "
                "FROM (SELECT id, created_at FROM outbox WHERE id > ? ORDER BY id LIMIT ?)",
                (after, chunk),
            )
            # rows are created in id order and sent after they are created: past the cutoff, nothing is older
            if window is None or window["last"] is None or window["first"] >= cutoff:
                return deleted
            deleted += await self.conn.changes(
                "DELETE FROM outbox WHERE id > ? AND id <= ? AND (sent_at < ? OR dropped_at < ?)",
                (after, window["last"], cutoff, cutoff),
            )
            after = window["last"]
            await asyncio.sleep(0)  # let a waiting push or reply have the database between chunks


class BroadcastRepo:
    """A broadcast's own row: what was queued, and (kept by triggers) how much was sent and dropped."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def add(self, broadcast_id: str, admin_id: int | None) -> None:
        """The broadcast's row (before its messages are queued); nothing when it exists already."""
        await self.conn.execute(
            "INSERT OR IGNORE INTO broadcasts (id, admin_id, created_at) VALUES (?, ?, ?)",
            (broadcast_id, admin_id, utcnow()),
        )

    async def queued(self, broadcast_id: str, count: int) -> None:
        await self.conn.execute("UPDATE broadcasts SET total = total + ? WHERE id = ?", (count, broadcast_id))

    async def progress(self, broadcast_id: str) -> tuple[int, int, int]:
        """(sent, dropped, waiting) of a broadcast; all 0 for an unknown one."""
        row = await self.conn.fetch_one("SELECT total, sent, dropped FROM broadcasts WHERE id = ?", (broadcast_id,))
        if row is None:
            return 0, 0, 0
        return row["sent"], row["dropped"], max(0, row["total"] - row["sent"] - row["dropped"])
