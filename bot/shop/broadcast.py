"""Broadcasts: one outbox message per customer, once per broadcast and customer."""

from __future__ import annotations

from bot.store import Database
from bot.store.outbox import OutboxRepo


async def queue_broadcast(db: Database, broadcast_id: str, users: list[int], text: str) -> int:
    queued = 0
    async with db.transaction() as tx:
        for user_id in users:
            queued += await OutboxRepo(tx).enqueue(
                user_id, "text", {"text": text}, key=f"broadcast:{broadcast_id}:{user_id}"
            )
    return queued


async def broadcast_progress(db: Database, broadcast_id: str) -> tuple[int, int, int]:
    """(sent, failed, waiting) of a broadcast."""
    return await OutboxRepo(db).progress(f"broadcast:{broadcast_id}:")
