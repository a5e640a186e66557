"""Notices for the admins, queued in the outbox like any push.

They go to the admin group, each kind to its forum topic when ADMIN_TOPICS maps one,
or, with no admin group set, to every admin in private. A notice is text key +
values (+ actions, which the Telegram layer draws as buttons), worded when sent;
the key of the event makes it queued once.
"""

from __future__ import annotations

from bot.config import Settings, parse_topics
from bot.shop.messages import AdminNotice, Message
from bot.shop.outbox import Queued, queue_many
from bot.shop.staff import Staff
from bot.store.database import Connection
from bot.store.users import UserRepo


async def person(conn: Connection, user_id: int, role: str = "user") -> dict[str, object]:
    """Notice values naming someone: `role` (the ID), `role_name`, `role_username` (empty when unknown);
    the Telegram layer turns them into @username or a link on the name, with the ID."""
    user = await UserRepo(conn).get(user_id)
    return {
        role: user_id,
        f"{role}_name": user.first_name if user else "",
        f"{role}_username": (user.username or "") if user else "",
    }


class AdminNotices:
    def __init__(self, settings: Settings, staff: Staff | None = None) -> None:
        self.settings = settings
        self.staff = staff  # None: ADMIN_IDS and ADMIN_CHAT_ID only (tests of one part of the shop)
        self.topics = parse_topics(settings.admin_topics)

    def targets(self, topic: str) -> list[tuple[int, int | None]]:
        chat = self.staff.admin_chat if self.staff is not None else self.settings.admin_chat_id
        if chat is not None:
            return [(chat, self.topics.get(topic))]
        admins = self.staff.ids if self.staff is not None else self.settings.admin_ids
        return [(admin_id, None) for admin_id in sorted(admins)]

    async def send(self, conn: Connection, topic: str, key: str, notice: AdminNotice) -> None:
        """Queue `notice` to the admins of `topic`, once per event `key`."""
        await queue_many(conn, self.addressed(topic, key, notice))

    def addressed(self, topic: str, key: str, notice: Message) -> list[Queued]:
        """`notice` to each admin target of `topic`, for `queue_many` (what `send` queues)."""
        return [
            Queued(chat_id, notice, f"admin:{key}:{chat_id}", thread_id) for chat_id, thread_id in self.targets(topic)
        ]
