"""Notices for the admins, queued in the outbox like any push.

They go to the admin group, each kind to its forum topic when ADMIN_TOPICS maps one,
or, with no admin group set, to every admin in private. A notice is text key +
values (+ buttons), worded when sent; the key of the event makes it queued once.
"""

from __future__ import annotations

from bot.config import Settings, parse_topics
from bot.shop.messages import AdminNotice, DecideDeposit, SettleOrder
from bot.store.database import Connection
from bot.store.outbox import OutboxRepo


class AdminNotices:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.topics = parse_topics(settings.admin_topics)

    def targets(self, topic: str) -> list[tuple[int, int | None]]:
        if self.settings.admin_chat_id is not None:
            return [(self.settings.admin_chat_id, self.topics.get(topic))]
        return [(admin_id, None) for admin_id in sorted(self.settings.admin_ids)]

    async def enqueue(
        self,
        tx: Connection,
        topic: str,
        key: str,
        text: str,
        values: dict | None = None,
        buttons: list[list[tuple[str, str]]] | None = None,
    ) -> None:
        """Queue the notice `text` (a text key) once per event `key`."""
        payload = {"key": text, "values": values or {}, "buttons": buttons or []}
        for chat_id, thread_id in self.targets(topic):
            await OutboxRepo(tx).enqueue(chat_id, "admin", payload, key=f"admin:{key}:{chat_id}", thread_id=thread_id)

    async def send(self, conn: Connection, topic: str, key: str, notice: AdminNotice) -> None:
        """Queue `notice` once per event `key`."""
        buttons = []
        for action in notice.actions:
            if isinstance(action, SettleOrder):
                label = "admin.btn_placed" if action.outcome == "placed" else "admin.btn_not_placed"
                buttons.append([(label, f"unc:{action.order_id}:{action.outcome}")])
            elif isinstance(action, DecideDeposit):
                label = "admin.btn_approve" if action.approve else "admin.btn_reject"
                buttons.append([(label, f"dep:{action.deposit_id}:{'ok' if action.approve else 'no'}")])
        await self.enqueue(conn, topic, key, notice.text, notice.values, buttons)
