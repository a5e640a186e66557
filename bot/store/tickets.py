"""Support tickets and their messages as the store keeps them (migration 0012)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.store.database import Connection, utcnow
from bot.store.states import OrderState, TicketState


@dataclass(frozen=True, slots=True)
class Ticket:
    id: int
    user_id: int
    order_id: int | None
    state: TicketState
    created_at: str
    updated_at: str
    closed_at: str | None = None
    closed_by: int | None = None


@dataclass(frozen=True, slots=True)
class WaitingTicket:
    """A ticket not closed yet, with what an admin's list shows of it."""

    ticket: Ticket
    first_name: str
    username: str | None
    order_state: OrderState | None
    last_message_at: str


def _ticket(row: sqlite3.Row) -> Ticket:
    return Ticket(
        row["id"],
        row["user_id"],
        row["order_id"],
        TicketState(row["state"]),
        row["created_at"],
        row["updated_at"],
        row["closed_at"],
        row["closed_by"],
    )


_LIVE = "state <> 'closed'"


class TicketRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def get(self, ticket_id: int) -> Ticket | None:
        row = await self.conn.fetch_one("SELECT * FROM tickets WHERE id = ?", (ticket_id,))
        return _ticket(row) if row else None

    async def live_of(self, user_id: int) -> list[Ticket]:
        """The customer's tickets not closed yet, the most recently active first."""
        rows = await self.conn.fetch_all(
            f"SELECT * FROM tickets WHERE user_id = ? AND {_LIVE} ORDER BY updated_at DESC, id DESC", (user_id,)
        )
        return [_ticket(row) for row in rows]

    async def customer_messages_since(self, user_id: int, since: datetime) -> int:
        """How many messages the customer wrote to support since `since` (the flood limit)."""
        row = await self.conn.fetch_one(
            "SELECT count(*) AS n FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id "
            "WHERE t.user_id = ? AND m.admin_id IS NULL AND m.created_at >= ?",
            (user_id, since.astimezone(UTC).isoformat(timespec="seconds")),
        )
        assert row is not None  # an aggregate always gives one row
        return row["n"]

    async def create(self, user_id: int, order_id: int | None) -> int:
        now = utcnow()
        return await self.conn.execute(
            "INSERT INTO tickets (user_id, order_id, state, created_at, updated_at) VALUES (?, ?, 'open', ?, ?)",
            (user_id, order_id, now, now),
        )

    async def add_message(self, ticket_id: int, admin_id: int | None, text: str, photo: str | None) -> int:
        """Store a message of the ticket; the ticket is then open (the customer wrote) or answered (an admin)."""
        now = utcnow()
        state = TicketState.OPEN if admin_id is None else TicketState.ANSWERED
        await self.conn.execute(
            f"UPDATE tickets SET state = ?, updated_at = ? WHERE id = ? AND {_LIVE}", (state, now, ticket_id)
        )
        return await self.conn.execute(
            "INSERT INTO ticket_messages (ticket_id, admin_id, text, photo, created_at) VALUES (?, ?, ?, ?, ?)",
            (ticket_id, admin_id, text, photo, now),
        )

    async def close(self, ticket_id: int, by: int) -> bool:
        """Close the ticket; False when it was closed already."""
        now = utcnow()
        return (
            await self.conn.changes(
                f"UPDATE tickets SET state = 'closed', updated_at = ?, closed_at = ?, closed_by = ? "
                f"WHERE id = ? AND {_LIVE}",
                (now, now, by, ticket_id),
            )
            == 1
        )

    async def shown_by(self, chat_id: int, message_id: int) -> int | None:
        """The ticket whose message the admins saw as Telegram message `message_id` in `chat_id` (any copy)."""
        row = await self.conn.fetch_one(
            "SELECT m.ticket_id FROM ticket_notices n JOIN ticket_messages m ON m.id = n.ticket_message_id "
            "WHERE n.chat_id = ? AND n.message_id = ?",
            (chat_id, message_id),
        )
        return row["ticket_id"] if row else None

    async def waiting(self, limit: int) -> list[WaitingTicket]:
        """Tickets not closed, the longest waiting first, with the customer and the time of the last message."""
        rows = await self.conn.fetch_all(
            "SELECT t.*, u.first_name, u.username, o.state AS order_state, "
            "(SELECT max(created_at) FROM ticket_messages WHERE ticket_id = t.id) AS last_at "
            f"FROM tickets t JOIN users u ON u.id = t.user_id LEFT JOIN orders o ON o.id = t.order_id "
            f"WHERE t.{_LIVE} ORDER BY t.created_at, t.id LIMIT ?",
            (limit,),
        )
        return [
            WaitingTicket(
                _ticket(row),
                row["first_name"],
                row["username"],
                OrderState(row["order_state"]) if row["order_state"] else None,
                row["last_at"] or row["updated_at"],
            )
            for row in rows
        ]


def minutes_ago(minutes: float) -> datetime:
    return datetime.now(UTC) - timedelta(minutes=minutes)
