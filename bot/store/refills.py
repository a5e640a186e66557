"""Refill requests sent to the panel, and what became of them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.store.database import Connection, utcnow
from bot.store.states import RefillState

FINAL = frozenset({RefillState.COMPLETED, RefillState.REJECTED})


@dataclass(frozen=True, slots=True)
class Refill:
    id: int
    order_id: int
    user_id: int
    panel_refill_id: str | None
    state: RefillState
    panel_status: str | None
    created_at: str
    provider: str = "main"  # the provider that holds its order: where its status is asked


_SELECT = "SELECT r.*, o.user_id, o.provider FROM refills r JOIN orders o ON o.id = r.order_id"


def _refill(row: sqlite3.Row) -> Refill:
    return Refill(
        row["id"],
        row["order_id"],
        row["user_id"],
        row["panel_refill_id"],
        RefillState(row["state"]),
        row["panel_status"],
        row["created_at"],
        row["provider"],
    )


class RefillRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def create(self, order_id: int, panel_refill_id: str) -> int:
        now = utcnow()
        return await self.conn.execute(
            "INSERT INTO refills (order_id, panel_refill_id, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            (order_id, panel_refill_id, RefillState.PENDING, now, now),
        )

    async def latest_for(self, order_id: int) -> Refill | None:
        row = await self.conn.fetch_one(f"{_SELECT} WHERE r.order_id = ? ORDER BY r.id DESC LIMIT 1", (order_id,))
        return _refill(row) if row else None

    async def create_many(self, refills: list[tuple[int, str]]) -> None:
        """(order ID, panel refill ID) pairs, written at once (nothing when there are none)."""
        if refills:
            now = utcnow()
            await self.conn.execute_many(
                "INSERT INTO refills (order_id, panel_refill_id, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                [(order_id, refill_id, RefillState.PENDING, now, now) for order_id, refill_id in refills],
            )

    async def latest_of(self, order_ids: Iterable[int]) -> dict[int, Refill]:
        """The latest refill of each of these orders that has one, in one query (any number of orders)."""
        rows = await self.conn.fetch_all(
            f"{_SELECT} WHERE r.id IN (SELECT max(id) FROM refills "
            "WHERE order_id IN (SELECT value FROM json_each(?)) GROUP BY order_id)",
            (json.dumps(sorted(order_ids)),),
        )
        return {row["order_id"]: _refill(row) for row in rows}

    async def open(self) -> list[Refill]:
        marks = ",".join("?" * len(FINAL))
        rows = await self.conn.fetch_all(
            f"{_SELECT} WHERE r.panel_refill_id IS NOT NULL AND r.state NOT IN ({marks}) ORDER BY r.id", tuple(FINAL)
        )
        return [_refill(r) for r in rows]

    async def many(self, refill_ids: Sequence[int]) -> dict[int, Refill]:
        """The refills of `refill_ids` that exist, by ID, in one query (call with at most a few hundred)."""
        marks = ",".join("?" * len(refill_ids))
        rows = await self.conn.fetch_all(f"{_SELECT} WHERE r.id IN ({marks})", tuple(refill_ids))
        return {row["id"]: _refill(row) for row in rows}

    async def set_states(self, changes: Sequence[tuple[int, RefillState, str, str | None]]) -> None:
        """`set_state` of many (refill ID, state, panel status, error) in one statement; final ones stay as they are."""
        if not changes:
            return
        marks = ",".join("?" * len(FINAL))
        now = utcnow()
        await self.conn.execute_many(
            "UPDATE refills SET state = ?, panel_status = ?, error = coalesce(?, error), updated_at = ?, "
            f"final_at = coalesce(final_at, ?) WHERE id = ? AND state NOT IN ({marks})",
            [
                (state, status, error, now, now if state in FINAL else None, refill_id, *FINAL)
                for refill_id, state, status, error in changes
            ],
        )

    async def set_state(self, refill_id: int, state: RefillState, panel_status: str, error: str | None = None) -> bool:
        """False when the refill was already final (a result is applied once)."""
        marks = ",".join("?" * len(FINAL))
        final_at = utcnow() if state in FINAL else None
        changed = await self.conn.changes(
            "UPDATE refills SET state = ?, panel_status = ?, error = coalesce(?, error), updated_at = ?, "
            f"final_at = coalesce(final_at, ?) WHERE id = ? AND state NOT IN ({marks})",
            (state, panel_status, error, utcnow(), final_at, refill_id, *FINAL),
        )
        return changed == 1
