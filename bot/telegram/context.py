"""The handlers' typed context: `context.shop` and `context.session` (PTB's `contexttypesbot.py` idea).

`context.session` is this user's `Session`: the language once looked up, the order being put together,
and what an admin prompt waits for. The persistence stores it as JSON in the shop's database, so a
restart resumes a conversation where it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from telegram.ext import CallbackContext, ContextTypes, ExtBot

from bot.shop.drafts import Ask, Draft
from bot.shop.shop import Shop


@dataclass
class OrderSession:
    """The New order conversation: the draft, what is being asked (None: the summary card is shown),
    the category it was chosen from, and the quote the card shows."""

    draft: Draft
    step: Ask | None = None
    category_id: int | None = None
    quote_id: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "draft": self.draft.as_json(),
            "step": self.step.value if self.step else None,
            "category_id": self.category_id,
            "quote_id": self.quote_id,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OrderSession | None:
        """None for a session written by an older version of the bot: that conversation starts over."""
        try:
            step = data.get("step")
            return cls(
                draft=Draft.from_json(data["draft"]),
                step=Ask(step) if step else None,
                category_id=data.get("category_id"),
                quote_id=data.get("quote_id"),
            )
        except (KeyError, TypeError, ValueError):
            return None


@dataclass
class Session:
    """One user's `user_data`."""

    lang: str | None = None
    order: OrderSession | None = None
    resolving: int | None = None  # an admin is asked for the panel ID of this uncertain order
    resolving_notice: tuple[int, int, str] | None = None  # that order's notice: chat, message, HTML text
    broadcast: str | None = None  # an admin's broadcast text, waiting for Send
    replying: int | None = None  # an admin pressed Reply under this ticket: their next message answers it...
    replying_in: tuple[int, int | None] | None = None  # ...in this chat and forum topic (None: no topic)
    ticket_order: int | None = None  # the customer is writing a new ticket about this order (0: no order)
    extra: dict[str, Any] = field(default_factory=dict)  # what is not ours (kept as it came)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = dict(self.extra)
        data.update(lang=self.lang, resolving=self.resolving, broadcast=self.broadcast)
        data.update(replying=self.replying, ticket_order=self.ticket_order)
        data["replying_in"] = list(self.replying_in) if self.replying_in else None
        data["resolving_notice"] = list(self.resolving_notice) if self.resolving_notice else None
        data["order"] = self.order.as_json() if self.order else None
        return {k: v for k, v in data.items() if v is not None}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Session:
        known = {
            "lang",
            "order",
            "resolving",
            "broadcast",
            "resolving_notice",
            "replying",
            "replying_in",
            "ticket_order",
        }
        notice = data.get("resolving_notice")
        order = data.get("order")
        return cls(
            lang=data.get("lang") if isinstance(data.get("lang"), str) else None,
            order=OrderSession.from_json(order) if isinstance(order, dict) else None,
            resolving=data.get("resolving") if isinstance(data.get("resolving"), int) else None,
            broadcast=data.get("broadcast") if isinstance(data.get("broadcast"), str) else None,
            replying=_int_or_none(data.get("replying")),
            replying_in=_place(data.get("replying_in")),
            ticket_order=_int_or_none(data.get("ticket_order")),
            resolving_notice=_notice_ref(notice),
            extra={k: v for k, v in data.items() if k not in known},
        )


class ShopContext(CallbackContext[ExtBot[None], Session, dict[Any, Any], dict[Any, Any]]):
    """`context.shop` is the shop; `context.session` the user's session (a fresh one where there is no user)."""

    @property
    def shop(self) -> Shop:
        shop: Shop = self.application.bot_data["shop"]
        return shop

    @property
    def session(self) -> Session:
        return self.user_data if self.user_data is not None else Session()


CONTEXT_TYPES = ContextTypes(context=ShopContext, user_data=Session)


def _notice_ref(data: object) -> tuple[int, int, str] | None:
    """(chat, message, HTML text) of the notice an admin is settling, as the session stored it."""
    if isinstance(data, list) and len(data) == 3:
        chat_id, message_id, text = data
        if isinstance(chat_id, int) and isinstance(message_id, int) and isinstance(text, str):
            return chat_id, message_id, text
    return None


def _place(data: object) -> tuple[int, int | None] | None:
    """(chat, forum topic or None) where an admin pressed Reply, as the session stored it."""
    if isinstance(data, list) and len(data) == 2:
        chat_id, thread_id = data
        if _int_or_none(chat_id) is not None and (thread_id is None or _int_or_none(thread_id) is not None):
            return chat_id, thread_id
    return None


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
