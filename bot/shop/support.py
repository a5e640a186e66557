"""Support tickets: a customer writes to the admins from inside the bot, the admins answer by replying.

A ticket is open (the admins owe an answer), answered (the customer may write again) or closed. Each
customer message is queued to the admins as a `TicketNotice` (the `support` forum topic) in the same
transaction that stores it; the notifier records which Telegram message showed it, so an admin's reply to
that message finds the ticket (`answer_reply`). Limits — SUPPORT_MAX_OPEN tickets not closed, and
SUPPORT_PER_MINUTE messages a minute — are checked and written in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.config import Settings
from bot.shop.inputs import InputError
from bot.shop.messages import TicketAnswerPush, TicketClosedPush, TicketNotice
from bot.shop.notices import AdminNotices, person
from bot.shop.outbox import queue, queue_many
from bot.store import Database, OrderRepo
from bot.store.database import Connection
from bot.store.states import TicketState
from bot.store.tickets import Ticket, TicketRepo, WaitingTicket

__all__ = ["MAX_TEXT", "Support", "Ticket", "TicketState", "WaitingTicket"]
MAX_TEXT = 2000  # characters of one message: the notice around it stays within Telegram's 4096
LIST_LIMIT = 30  # tickets /tickets shows


@dataclass(frozen=True)
class Written:
    """A customer message stored: in which ticket, and whether it opened that ticket."""

    ticket_id: int
    opened: bool


class Support:
    def __init__(self, settings: Settings, db: Database, notices: AdminNotices) -> None:
        self.settings = settings
        self.db = db
        self.notices = notices

    async def live(self, user_id: int) -> list[Ticket]:
        """The customer's tickets not closed yet, the most recently active first."""
        return await TicketRepo(self.db).live_of(user_id)

    async def check_can_open(self, user_id: int) -> None:
        """InputError when the customer already has SUPPORT_MAX_OPEN tickets not closed (said before they write)."""
        await self._check_open(TicketRepo(self.db), user_id)

    async def open(self, user_id: int, order_id: int | None, text: str, photo: str | None) -> Written:
        """A new ticket with its first message, about the customer's order `order_id` if given."""
        text = _clean(text, photo)
        async with self.db.transaction() as tx:
            repo = TicketRepo(tx)
            await self._check_open(repo, user_id)
            await self._check_pace(repo, user_id)
            order = await OrderRepo(tx).get(order_id) if order_id is not None else None
            if order_id is not None and (order is None or order.user_id != user_id):
                raise InputError("orders.not_found")
            ticket_id = await repo.create(user_id, order_id)
            await self._store(tx, repo, ticket_id, user_id, text, photo, first=True)
        return Written(ticket_id, opened=True)

    async def write(self, user_id: int, text: str, photo: str | None) -> Written | None:
        """The customer's message to their most recently active ticket; None when they have none open."""
        text = _clean(text, photo)
        async with self.db.transaction() as tx:
            repo = TicketRepo(tx)
            tickets = await repo.live_of(user_id)
            if not tickets:
                return None
            await self._check_pace(repo, user_id)
            await self._store(tx, repo, tickets[0].id, user_id, text, photo, first=False)
        return Written(tickets[0].id, opened=False)

    async def close_mine(self, user_id: int, ticket_id: int) -> bool:
        """The customer closes their own ticket; False when it is not theirs or closed already."""
        async with self.db.transaction() as tx:
            repo = TicketRepo(tx)
            ticket = await repo.get(ticket_id)
            return ticket is not None and ticket.user_id == user_id and await repo.close(ticket_id, user_id)

    async def ticket_shown_by(self, chat_id: int, message_id: int) -> int | None:
        """The ticket an admin notice (Telegram message `message_id` in `chat_id`) showed, if it was one."""
        return await TicketRepo(self.db).shown_by(chat_id, message_id)

    async def answer(self, admin_id: int, ticket_id: int, text: str, photo: str | None) -> Ticket:
        """An admin's answer: stored, pushed to the customer, the ticket answered. InputError when the ticket is
        unknown or closed."""
        text = _clean(text, photo)
        async with self.db.transaction() as tx:
            repo = TicketRepo(tx)
            ticket = await repo.get(ticket_id)
            if ticket is None:
                raise InputError("support.unknown", {"id": ticket_id})
            if ticket.state is TicketState.CLOSED:
                raise InputError("support.already_closed", {"id": ticket_id})
            message_id = await repo.add_message(ticket_id, admin_id, text, photo)
            await queue(tx, ticket.user_id, TicketAnswerPush(ticket_id, text, photo), f"ticket-answer:{message_id}")
        return ticket

    async def close(self, admin_id: int, ticket_id: int) -> Ticket:
        """An admin closes the ticket and the customer is told; InputError when unknown or closed already."""
        async with self.db.transaction() as tx:
            repo = TicketRepo(tx)
            ticket = await repo.get(ticket_id)
            if ticket is None:
                raise InputError("support.unknown", {"id": ticket_id})
            if not await repo.close(ticket_id, admin_id):
                raise InputError("support.already_closed", {"id": ticket_id})
            await queue(tx, ticket.user_id, TicketClosedPush(ticket_id), f"ticket-closed:{ticket_id}")
        return ticket

    async def waiting(self) -> list[WaitingTicket]:
        """Tickets not closed, the longest waiting first (/tickets)."""
        return await TicketRepo(self.db).waiting(LIST_LIMIT)

    async def _check_open(self, repo: TicketRepo, user_id: int) -> None:
        if len(await repo.live_of(user_id)) >= self.settings.support_max_open:
            raise InputError("support.too_many", {"max": self.settings.support_max_open})

    async def _check_pace(self, repo: TicketRepo, user_id: int) -> None:
        since = datetime.now(UTC) - timedelta(minutes=1)
        if await repo.customer_messages_since(user_id, since) >= self.settings.support_per_minute:
            raise InputError("support.slow_down")

    async def _store(
        self, tx: Connection, repo: TicketRepo, ticket_id: int, user_id: int, text: str, photo: str | None, first: bool
    ) -> None:
        """Store the customer's message and queue it to the admins, with the ticket's order if it has one."""
        message_id = await repo.add_message(ticket_id, None, text, photo)
        ticket = await repo.get(ticket_id)
        assert ticket is not None  # written just now
        order = await OrderRepo(tx).get(ticket.order_id) if ticket.order_id is not None else None
        who = await person(tx, user_id)
        notice = TicketNotice(
            ticket_id,
            message_id,
            user_id,
            str(who["user_name"]),
            str(who["user_username"]),
            text,
            first,
            photo,
            order.id if order else None,
            order.service_name if order else "",
            order.state if order else None,
        )
        await queue_many(tx, self.notices.addressed("support", f"ticket:{message_id}", notice))


def _clean(text: str, photo: str | None) -> str:
    """The message's text, checked: something to say (a photo may come without a caption), not too long."""
    text = text.strip()
    if not text and photo is None:
        raise InputError("support.empty")
    if len(text) > MAX_TEXT:
        raise InputError("support.too_long", {"max": MAX_TEXT})
    return text
