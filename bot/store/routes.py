"""Providers' own catalogs, the routes of shop services to them, and each try to place an order.

A shop service's primary is on the service itself (`services.provider`, `services.panel_service_id`); its
fallbacks are `routes` rows, tried in `position` order (1, 2, …) after it. Only an admin adds one.
"""

from __future__ import annotations

import enum
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from bot.store.database import Connection, atomic, utcnow


@dataclass(frozen=True, slots=True)
class ProviderService:
    """One service as a provider lists it; `rate` per PANEL_RATE_PER units, in that provider's currency."""

    provider: str
    service_id: str
    category: str
    name: str
    type: str
    type_raw: str
    rate: Decimal
    min_quantity: int
    max_quantity: int
    can_refill: bool
    can_cancel: bool
    dripfeed: bool
    on_panel: bool
    number: int = 0  # its row's number in the store: short enough for a button's data, never reused

    @property
    def ref(self) -> str:
        """How admins write it: `provider:ID`."""
        return f"{self.provider}:{self.service_id}"


def _provider_service(row: sqlite3.Row) -> ProviderService:
    return ProviderService(
        provider=row["provider"],
        service_id=row["service_id"],
        category=row["category"],
        name=row["name"],
        type=row["type"],
        type_raw=row["type_raw"],
        rate=Decimal(row["rate"]),
        min_quantity=row["min_quantity"],
        max_quantity=row["max_quantity"],
        can_refill=bool(row["can_refill"]),
        can_cancel=bool(row["can_cancel"]),
        dripfeed=bool(row["dripfeed"]),
        on_panel=bool(row["on_panel"]),
        number=row["number"],
    )


class ProviderServiceRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def get(self, provider: str, service_id: str) -> ProviderService | None:
        row = await self.conn.fetch_one(
            "SELECT rowid AS number, * FROM provider_services WHERE provider = ? AND service_id = ?",
            (provider, service_id),
        )
        return _provider_service(row) if row else None

    async def by_number(self, number: int) -> ProviderService | None:
        row = await self.conn.fetch_one("SELECT rowid AS number, * FROM provider_services WHERE rowid = ?", (number,))
        return _provider_service(row) if row else None

    async def of_type(self, service_type: str, minimum: int, maximum: int) -> list[ProviderService]:
        """Every provider's services of this type, on its panel, that take every quantity from minimum to maximum
        (the candidates to serve a shop service as a fallback)."""
        rows = await self.conn.fetch_all(
            "SELECT rowid AS number, * FROM provider_services WHERE type = ? AND on_panel = 1 AND min_quantity <= ? "
            "AND max_quantity >= ? ORDER BY provider, service_id",
            (service_type, minimum, maximum),
        )
        return [_provider_service(row) for row in rows]

    async def of_provider(self, provider: str) -> list[ProviderService]:
        rows = await self.conn.fetch_all(
            "SELECT rowid AS number, * FROM provider_services WHERE provider = ? ORDER BY service_id", (provider,)
        )
        return [_provider_service(row) for row in rows]


@dataclass(frozen=True, slots=True)
class Hop:
    """A fallback of a shop service: its place on the route and the provider service it is sent as."""

    position: int
    provider: str
    provider_service_id: str

    @property
    def ref(self) -> str:
        return f"{self.provider}:{self.provider_service_id}"


class RouteRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def fallbacks(self, service_id: str) -> list[Hop]:
        rows = await self.conn.fetch_all(
            "SELECT position, provider, provider_service_id FROM routes WHERE service_id = ? ORDER BY position",
            (service_id,),
        )
        return [Hop(r["position"], r["provider"], r["provider_service_id"]) for r in rows]

    async def add(self, service_id: str, provider: str, provider_service_id: str, admin_id: int | None) -> bool:
        """Append a fallback; False when the route already has it."""
        async with atomic(self.conn) as tx:
            changed = await tx.changes(
                "INSERT OR IGNORE INTO routes (service_id, position, provider, provider_service_id, added_by, "
                "created_at) SELECT ?, coalesce(max(position), 0) + 1, ?, ?, ?, ? FROM routes WHERE service_id = ?",
                (service_id, provider, provider_service_id, admin_id, utcnow(), service_id),
            )
        return changed > 0

    async def remove(self, service_id: str, provider: str, provider_service_id: str) -> bool:
        """Take a fallback off the route (the others keep their order); False when it was not on it."""
        async with atomic(self.conn) as tx:
            hops = await RouteRepo(tx).fallbacks(service_id)
            kept = [h for h in hops if (h.provider, h.provider_service_id) != (provider, provider_service_id)]
            if len(kept) == len(hops):
                return False
            await RouteRepo(tx)._write(service_id, [(h.provider, h.provider_service_id) for h in kept])
        return True

    async def reorder(self, service_id: str, order: Sequence[tuple[str, str]]) -> None:
        """Set the fallbacks to exactly `order` (provider, provider service ID), tried first to last."""
        async with atomic(self.conn) as tx:
            await RouteRepo(tx)._write(service_id, order)

    async def _write(self, service_id: str, order: Sequence[tuple[str, str]]) -> None:
        added = {
            (r["provider"], r["provider_service_id"]): r["added_by"]
            for r in await self.conn.fetch_all(
                "SELECT provider, provider_service_id, added_by FROM routes WHERE service_id = ?", (service_id,)
            )
        }
        await self.conn.execute("DELETE FROM routes WHERE service_id = ?", (service_id,))
        now = utcnow()
        await self.conn.execute_many(
            "INSERT INTO routes (service_id, position, provider, provider_service_id, added_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(service_id, i, p, sid, added.get((p, sid)), now) for i, (p, sid) in enumerate(order, start=1)],
        )


class AttemptOutcome(enum.StrEnum):
    """What came of one try to place an order on one provider."""

    PLACED = "placed"
    REFUSED = "refused"  # a definite "not placed": the next provider may be tried
    NOT_SENT = "not_sent"  # the request certainly never left: the next provider may be tried
    UNCERTAIN = "uncertain"  # it may have been placed: held for an admin, no other provider is tried
    SKIPPED_BALANCE = "skipped_balance"  # its last known balance is below the order's cost: not asked
    SKIPPED_COST = "skipped_cost"  # its cost in the shop's currency is above the shop price: not asked
    SKIPPED_UNAVAILABLE = "skipped_unavailable"  # disabled, or its service gone from its catalog: not asked


@dataclass(frozen=True, slots=True)
class Attempt:
    provider: str
    provider_service_id: str
    outcome: AttemptOutcome
    detail: str
    created_at: str


class AttemptRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def record(
        self, order_id: int, provider: str, provider_service_id: str, outcome: AttemptOutcome, detail: str = ""
    ) -> None:
        await self.conn.execute(
            "INSERT INTO order_attempts (order_id, provider, provider_service_id, outcome, detail, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (order_id, provider, provider_service_id, outcome, detail, utcnow()),
        )

    async def of(self, order_id: int) -> list[Attempt]:
        rows = await self.conn.fetch_all(
            "SELECT provider, provider_service_id, outcome, detail, created_at FROM order_attempts "
            "WHERE order_id = ? ORDER BY id",
            (order_id,),
        )
        return [
            Attempt(r["provider"], r["provider_service_id"], AttemptOutcome(r["outcome"]), r["detail"], r["created_at"])
            for r in rows
        ]
