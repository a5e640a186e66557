"""The admin filters every admin handler shares, kept in step with the shop's `Staff`.

Handlers are built before the shop opens, so the filters start empty (matching no one) and
`follow(staff)` — called once the shop is open — fills them and updates them on every claim or
`/setgroup`, through PTB's thread-safe `user_ids` / `chat_ids` setters.
"""

from __future__ import annotations

from telegram.ext import filters

from bot.shop.staff import Staff


class AdminAccess:
    def __init__(self) -> None:
        self.users = filters.User(allow_empty=False)  # the admins: ADMIN_IDS and the owner
        self.groups = filters.Chat(allow_empty=False)  # the admin group: ADMIN_CHAT_ID or /setgroup
        self.admins: filters.BaseFilter = self.users & (filters.ChatType.PRIVATE | self.groups)  # where commands work
        self._staff: Staff | None = None

    def follow(self, staff: Staff) -> None:
        self._staff = staff
        staff.on_change(self._sync)
        self._sync()

    def _sync(self) -> None:
        assert self._staff is not None
        self.users.user_ids = set(self._staff.ids)
        chat = self._staff.admin_chat
        self.groups.chat_ids = {chat} if chat is not None else set()
