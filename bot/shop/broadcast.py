"""Broadcasts: one outbox message per customer, once per broadcast and customer.

A broadcast has its own row, which counts its messages as they are sent or dropped: /broadcast reads its
progress there, so it survives the pruning of old outbox rows. Its messages go in the BULK lane, after
what customers and admins are waiting for.
"""

from __future__ import annotations

from bot.shop.messages import BroadcastText, encode
from bot.store import Database
from bot.store.admin import AdminRepo
from bot.store.outbox import BroadcastRepo, NewMessage, OutboxRepo


async def queue_broadcast(
    db: Database, broadcast_id: str, users: list[int], text: str, admin_id: int | None = None
) -> int:
    """Queue `text` to each of `users` in one transaction; how many were new."""
    message = BroadcastText(text)
    kind, payload = encode(message)
    rows = [
        NewMessage(user_id, kind, payload, f"broadcast:{broadcast_id}:{user_id}", None, message.lane, broadcast_id)
        for user_id in users
    ]
    async with db.transaction() as tx:
        await BroadcastRepo(tx).add(broadcast_id, admin_id)
        queued = await OutboxRepo(tx).enqueue_many(rows)
        await BroadcastRepo(tx).queued(broadcast_id, queued)
    return queued


async def broadcast_progress(db: Database, broadcast_id: str) -> tuple[int, int, int]:
    """(sent, failed, waiting) of a broadcast."""
    return await BroadcastRepo(db).progress(broadcast_id)


class Broadcasts:
    """What /broadcast does: count the audience, queue the text to each customer, report progress."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def audience_size(self) -> int:
        """Customers a broadcast goes to now: not blocked, not banned."""
        return len(await AdminRepo(self.db).audience())

    async def send(self, admin_id: int, broadcast_id: str, text: str) -> int:
        """Queue `text` (HTML-escaped already) to every customer, write it to the audit log; the audience size."""
        users = await AdminRepo(self.db).audience()
        await queue_broadcast(self.db, broadcast_id, users, text, admin_id)
        async with self.db.transaction() as tx:
            await AdminRepo(tx).log(admin_id, "broadcast", f"{broadcast_id} to {len(users)}")
        return len(users)

    async def progress(self, broadcast_id: str) -> tuple[int, int, int]:
        """(sent, failed, waiting) of a broadcast."""
        return await broadcast_progress(self.db, broadcast_id)
