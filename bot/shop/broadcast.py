"""Broadcasts: one outbox message per customer, once per broadcast and customer."""

from __future__ import annotations

from bot.shop.messages import BroadcastText
from bot.shop.outbox import queue
from bot.store import Database
from bot.store.admin import AdminRepo
from bot.store.outbox import OutboxRepo


async def queue_broadcast(db: Database, broadcast_id: str, users: list[int], text: str) -> int:
    queued = 0
    async with db.transaction() as tx:
        for user_id in users:
            queued += await queue(tx, user_id, BroadcastText(text), key=f"broadcast:{broadcast_id}:{user_id}")
    return queued


async def broadcast_progress(db: Database, broadcast_id: str) -> tuple[int, int, int]:
    """(sent, failed, waiting) of a broadcast."""
    return await OutboxRepo(db).progress(f"broadcast:{broadcast_id}:")


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
        await queue_broadcast(self.db, broadcast_id, users, text)
        async with self.db.transaction() as tx:
            await AdminRepo(tx).log(admin_id, "broadcast", f"{broadcast_id} to {len(users)}")
        return len(users)

    async def progress(self, broadcast_id: str) -> tuple[int, int, int]:
        """(sent, failed, waiting) of a broadcast."""
        return await broadcast_progress(self.db, broadcast_id)
