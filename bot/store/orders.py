"""Orders as the shop keeps them. States: placing, uncertain, refused, pending, in_progress,
completed, partial, canceled, failed, unknown (the last seven mirror the panel)."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from bot.store.database import ROWS_PER_STATEMENT, Connection, Transaction, chunks, utcnow, values_list
from bot.store.states import OrderState

FINAL_STATES = frozenset({OrderState.REFUSED, OrderState.COMPLETED, OrderState.PARTIAL, OrderState.CANCELED})
DONE_STATES = frozenset({OrderState.COMPLETED, OrderState.PARTIAL})  # delivered, whole or in part


@dataclass(frozen=True, slots=True)
class Order:
    id: int
    token: str
    user_id: int
    service_id: str
    service_name: str
    link: str
    quantity: int
    extras: dict[str, str]
    price: Decimal
    cost: Decimal
    currency: str
    state: OrderState
    panel_order_id: str | None
    panel_status: str | None
    start_count: int | None
    remains: int | None
    panel_charge: Decimal | None
    error: str | None
    created_at: str
    final_at: str | None = None
    unknown_syncs: int = 0  # syncs in a row with a status word the bot does not know
    late_at: str | None = None  # when the admins were told it takes longer than usual
    updated_at: str | None = None  # the last time the shop wrote it (a status sync included)
    sync_errors: int = 0  # syncs in a row in which the panel answered an error for it
    next_poll_at: str = ""  # when the status sync asks about it next; "": at the next sync
    silent_since: str | None = None  # since when the panel gives no news of it (unknown status or errors)
    poll_backoff: int = 0  # seconds between its polls while silent for long; 0: every sync
    provider: str = "main"  # the provider it was sent to (or is being sent to)
    provider_service_id: str = ""  # the service ID it was sent as, at that provider

    @property
    def delivered(self) -> int | None:
        """quantity − remains, within 0…quantity (remains may be negative: over-delivered)."""
        if self.remains is None:
            return None
        return self.quantity - min(max(self.remains, 0), self.quantity)


@dataclass(frozen=True, slots=True)
class DoneOrder:
    """A delivered order, as far as a refill is concerned."""

    id: int
    service_id: str
    state: OrderState
    panel_order_id: str | None
    final_at: str | None
    provider: str = "main"  # the provider that holds it: where its refills go


@dataclass(frozen=True, slots=True)
class DueOrder:
    """A tracked order due for a poll: asked of `provider` by its own order ID there."""

    id: int
    provider: str
    panel_order_id: str


# The columns an `Order` is read from, in this order: read by position (a few times faster than by name, which
# counts when the status sync reads 100 000 orders).
_COLUMNS = (
    "id, token, user_id, service_id, link, quantity, extras, price, cost, currency, state, panel_order_id, "
    "panel_status, start_count, remains, panel_charge, error, created_at, final_at, unknown_syncs, late_at, "
    "updated_at, sync_errors, next_poll_at, silent_since, poll_backoff, provider, provider_service_id"
)
_SELECT = (
    "SELECT " + ", ".join(f"o.{column}" for column in _COLUMNS.split(", ")) + ", "
    "coalesce(s.display_name, s.name, o.service_id) AS service_name FROM orders o "
    "LEFT JOIN services s ON s.id = o.service_id"
)
_STATES = {state.value: state for state in OrderState}


def _order(row: sqlite3.Row) -> Order:
    (
        order_id,
        token,
        user_id,
        service_id,
        link,
        quantity,
        extras,
        price,
        cost,
        currency,
        state,
        panel_order_id,
        panel_status,
        start_count,
        remains,
        panel_charge,
        error,
        created_at,
        final_at,
        unknown_syncs,
        late_at,
        updated_at,
        sync_errors,
        next_poll_at,
        silent_since,
        poll_backoff,
        provider,
        provider_service_id,
        service_name,
    ) = row
    return Order(
        id=order_id,
        token=token,
        user_id=user_id,
        service_id=service_id,
        service_name=service_name,
        link=link,
        quantity=quantity,
        extras=json.loads(extras) if extras != "{}" else {},  # most orders: no extras, read often
        price=Decimal(price),
        cost=Decimal(cost),
        currency=currency,
        state=_STATES[state],
        panel_order_id=panel_order_id,
        panel_status=panel_status,
        start_count=start_count,
        remains=remains,
        panel_charge=Decimal(panel_charge) if panel_charge is not None else None,
        error=error,
        created_at=created_at,
        final_at=final_at,
        unknown_syncs=unknown_syncs,
        late_at=late_at,
        updated_at=updated_at,
        sync_errors=sync_errors,
        next_poll_at=next_poll_at,
        silent_since=silent_since,
        poll_backoff=poll_backoff,
        provider=provider,
        provider_service_id=provider_service_id,
    )


# Orders on the panel whose state may still change (unknown and failed ones too: never final). Written out word
# for word as the partial index `orders_tracked` (migration 0006) is, so that SQLite uses it.
TRACKED = (
    "o.panel_order_id IS NOT NULL AND o.state NOT IN ("
    + ", ".join(f"'{state}'" for state in sorted(FINAL_STATES, key=list(OrderState).index))
    + ")"
)
_COMPLETED = f"state = '{OrderState.COMPLETED}'"  # word for word as the partial index `orders_completed`
_NOT_FINAL = "state NOT IN (" + ", ".join(f"'{state}'" for state in sorted(FINAL_STATES)) + ")"


@dataclass(frozen=True, slots=True)
class PolledStatus:
    """The panel's view of one order, as the status sync stores it (`OrderRepo.store_statuses`)."""

    order_id: int
    state: OrderState
    panel_status: str
    start_count: int | None
    remains: int | None
    charge: Decimal | None


@dataclass(frozen=True, slots=True)
class PollMarks:
    """How the status sync follows one order: counts of answers without news, and when to ask next."""

    order_id: int
    unknown_syncs: int
    sync_errors: int
    error: str | None  # the panel's last error for it; None keeps the stored one
    silent_since: str | None
    poll_backoff: int
    next_poll_at: str
    updated_at: str | None  # with an error: the time of it; None keeps the stored one


class OrderRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def create(
        self,
        *,
        token: str,
        user_id: int,
        service_id: str,
        link: str,
        quantity: int,
        extras: dict[str, str],
        price: Decimal,
        cost: Decimal,
        currency: str,
        provider: str = "main",
        provider_service_id: str = "",
    ) -> int:
        """`provider`/`provider_service_id`: where it is to be sent first (default: `main`, as `service_id`)."""
        now = utcnow()
        return await self.conn.execute(
            "INSERT INTO orders (token, user_id, service_id, link, quantity, extras, price, cost, currency, "
            "state, created_at, updated_at, provider, provider_service_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                token,
                user_id,
                service_id,
                link,
                quantity,
                json.dumps(extras, ensure_ascii=False),
                str(price),
                str(cost),
                currency,
                OrderState.PLACING,
                now,
                now,
                provider,
                provider_service_id or service_id,
            ),
        )

    async def by_token(self, token: str) -> Order | None:
        row = await self.conn.fetch_one(f"{_SELECT} WHERE o.token = ?", (token,))
        return _order(row) if row else None

    async def by_panel_id(self, panel_order_id: str, provider: str = "main") -> Order | None:
        row = await self.conn.fetch_one(
            f"{_SELECT} WHERE o.provider = ? AND o.panel_order_id = ?", (provider, panel_order_id)
        )
        return _order(row) if row else None

    async def send_to(self, order_id: int, provider: str, provider_service_id: str, cost: Decimal) -> None:
        """Where an order being placed is sent next, written before the request leaves: a crash mid-send then
        leaves it uncertain on the provider that may hold it. Only while it is being placed."""
        await self.conn.execute(
            "UPDATE orders SET provider = ?, provider_service_id = ?, cost = ?, updated_at = ? "
            "WHERE id = ? AND state = ?",
            (provider, provider_service_id, str(cost), utcnow(), order_id, OrderState.PLACING),
        )

    async def set_state(
        self, order_id: int, state: OrderState, *, panel_order_id: str | None = None, error: str | None = None
    ) -> None:
        final_at = utcnow() if state in FINAL_STATES else None
        await self.conn.execute(
            "UPDATE orders SET state = ?, panel_order_id = coalesce(?, panel_order_id), error = coalesce(?, error), "
            "updated_at = ?, final_at = coalesce(final_at, ?) WHERE id = ?",
            (state, panel_order_id, error, utcnow(), final_at, order_id),
        )

    async def get(self, order_id: int) -> Order | None:
        row = await self.conn.fetch_one(f"{_SELECT} WHERE o.id = ?", (order_id,))
        return _order(row) if row else None

    async def get_for_user(self, order_id: int, user_id: int) -> Order | None:
        """The order only if it belongs to `user_id`: a forged button finds nothing."""
        row = await self.conn.fetch_one(f"{_SELECT} WHERE o.id = ? AND o.user_id = ?", (order_id, user_id))
        return _order(row) if row else None

    async def by_token_for_user(self, token: str, user_id: int) -> Order | None:
        row = await self.conn.fetch_one(f"{_SELECT} WHERE o.token = ? AND o.user_id = ?", (token, user_id))
        return _order(row) if row else None

    async def for_user(self, user_id: int, offset: int, limit: int) -> list[Order]:
        rows = await self.conn.fetch_all(
            f"{_SELECT} WHERE o.user_id = ? ORDER BY o.id DESC LIMIT ? OFFSET ?", (user_id, limit, offset)
        )
        return [_order(r) for r in rows]

    async def count_for_user(self, user_id: int) -> int:
        row = await self.conn.fetch_one("SELECT count(*) AS n FROM orders WHERE user_id = ?", (user_id,))
        assert row is not None  # an aggregate always gives one row
        return row["n"]

    async def tracked(self) -> list[Order]:
        """Orders on the panel whose state may still change (unknown and failed ones too: never final)."""
        rows = await self.conn.fetch_all(f"{_SELECT} WHERE {TRACKED} ORDER BY o.id")
        return [_order(r) for r in rows]

    async def due_for_poll(self, now: str, providers: Sequence[str]) -> list[DueOrder]:
        """The tracked orders of `providers` due for a poll at `now`, by the index `orders_tracked`."""
        if not providers:
            return []
        marks = ",".join("?" * len(providers))
        rows = await self.conn.fetch_all(
            f"SELECT o.id, o.provider, o.panel_order_id FROM orders o WHERE {TRACKED} AND o.next_poll_at <= ? "
            f"AND o.provider IN ({marks}) ORDER BY o.id",
            (now, *providers),
        )
        return [DueOrder(r["id"], r["provider"], r["panel_order_id"]) for r in rows]

    async def tracked_elsewhere(self, providers: Sequence[str]) -> dict[str, int]:
        """How many tracked orders each provider not among `providers` holds (no longer configured or enabled)."""
        marks = ",".join("?" * len(providers))
        rows = await self.conn.fetch_all(
            f"SELECT o.provider, count(*) AS n FROM orders o INDEXED BY orders_tracked WHERE {TRACKED} "
            f"AND o.provider NOT IN ({marks}) "
            "GROUP BY o.provider ORDER BY o.provider",
            tuple(providers),
        )
        return {r["provider"]: r["n"] for r in rows}

    async def many(self, order_ids: Sequence[int]) -> dict[int, Order]:
        """The orders of `order_ids` that exist, by ID: one query per 100 IDs (SQLite may scan a small table for a
        long IN list, which is cheaper there; 100 keeps every size on the key). Inside a transaction they are
        sent at once; on the `Database` one after the other, so that using it inside one's own transaction
        still fails loudly instead of waiting for itself."""
        queries = [
            self.conn.fetch_all(f"{_SELECT} WHERE o.id IN ({','.join('?' * len(part))})", tuple(part))
            for part in chunks(order_ids, ROWS_PER_STATEMENT)
        ]
        if isinstance(self.conn, Transaction):
            parts = await asyncio.gather(*queries)
        else:
            parts = [await query for query in queries]
        return {row["id"]: _order(row) for rows in parts for row in rows}

    async def store_statuses(self, statuses: Sequence[PolledStatus]) -> None:
        """The panel's view of many orders, one statement per 100 (each order found by its key); an order final
        already is left as it is."""
        now = utcnow()
        for part in chunks(statuses, ROWS_PER_STATEMENT):
            rows = [
                (
                    s.order_id,
                    s.state,
                    s.panel_status,
                    s.start_count,
                    s.remains,
                    str(s.charge) if s.charge is not None else None,
                    now if s.state in FINAL_STATES else None,
                )
                for s in part
            ]
            await self.conn.execute(
                f"WITH polled (id, state, panel_status, start_count, remains, charge, final_at) AS "
                f"(VALUES {values_list(len(rows), 7)}) "
                "UPDATE orders SET state = polled.state, panel_status = polled.panel_status, "
                "start_count = coalesce(polled.start_count, orders.start_count), "
                "remains = coalesce(polled.remains, orders.remains), "
                "panel_charge = coalesce(polled.charge, orders.panel_charge), sync_errors = 0, updated_at = ?, "
                "final_at = coalesce(orders.final_at, polled.final_at) "
                f"FROM polled WHERE orders.id = polled.id AND orders.{_NOT_FINAL}",
                [*(value for row in rows for value in row), now],
            )

    async def store_poll_marks(self, marks: Sequence[PollMarks]) -> None:
        """Counts of answers without news and the next poll time of many orders, one statement."""
        if not marks:
            return
        await self.conn.execute_many(
            "UPDATE orders SET unknown_syncs = ?, sync_errors = ?, error = coalesce(?, error), silent_since = ?, "
            "poll_backoff = ?, next_poll_at = ?, updated_at = coalesce(?, updated_at) WHERE id = ?",
            [
                (
                    m.unknown_syncs,
                    m.sync_errors,
                    m.error,
                    m.silent_since,
                    m.poll_backoff,
                    m.next_poll_at,
                    m.updated_at,
                    m.order_id,
                )
                for m in marks
            ],
        )

    async def mark_late_many(self, order_ids: Sequence[int]) -> list[int]:
        """Note that the admins were told these orders are late; the ones not noted before (call in a transaction)."""
        fresh: list[int] = []
        for part in chunks(order_ids):
            marks = ",".join("?" * len(part))
            rows = await self.conn.fetch_all(
                f"SELECT id FROM orders WHERE id IN ({marks}) AND late_at IS NULL ORDER BY id", tuple(part)
            )
            fresh += [r["id"] for r in rows]
        now = utcnow()
        await self.conn.execute_many("UPDATE orders SET late_at = ? WHERE id = ?", [(now, i) for i in fresh])
        return fresh

    async def completion_times_many(self, service_ids: Sequence[str], limit: int) -> dict[str, list[tuple[str, str]]]:
        """(created_at, final_at) of each service's last `limit` Completed orders, newest first: one query per 100
        services, each service's rows by the index."""
        found: dict[str, list[tuple[str, str]]] = {service_id: [] for service_id in service_ids}
        one = (
            f"SELECT * FROM (SELECT service_id, created_at, final_at FROM orders WHERE service_id = ? AND {_COMPLETED} "
            "AND final_at IS NOT NULL ORDER BY final_at DESC LIMIT ?)"
        )
        for part in chunks(service_ids, 100):  # SQLite joins at most 500 SELECTs in one
            params = [value for service_id in part for value in (service_id, limit)]
            for r in await self.conn.fetch_all(" UNION ALL ".join([one] * len(part)), params):
                found[r["service_id"]].append((r["created_at"], r["final_at"]))
        return found

    async def done_for_user(self, user_id: int) -> list[DoneOrder]:
        """Completed and Partial orders of a customer, newest first: the candidates for a refill (only what
        deciding and asking needs: a customer's thousands are read in a few milliseconds)."""
        marks = ",".join("?" * len(DONE_STATES))
        rows = await self.conn.fetch_all(
            "SELECT id, service_id, state, panel_order_id, final_at, provider FROM orders "
            f"WHERE user_id = ? AND state IN ({marks}) AND panel_order_id IS NOT NULL ORDER BY id DESC",
            (user_id, *DONE_STATES),
        )
        return [
            DoneOrder(
                r["id"], r["service_id"], OrderState(r["state"]), r["panel_order_id"], r["final_at"], r["provider"]
            )
            for r in rows
        ]

    async def in_state(self, state: OrderState) -> list[Order]:
        rows = await self.conn.fetch_all(f"{_SELECT} WHERE o.state = ? ORDER BY o.id", (state,))
        return [_order(r) for r in rows]
