"""Categories and services as last synced from the panel, with the operator's overrides."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import NamedTuple

from bot.config import MAIN_PROVIDER
from bot.store.database import Connection, atomic, like_escaped, utcnow


@dataclass(frozen=True, slots=True)
class ListedService:
    """One service as the panel lists it, the way the store writes it. `rate` is in the panel's currency."""

    id: str
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
    description: str


@dataclass(frozen=True, slots=True)
class Category:
    id: int
    name: str
    platform: str | None
    markup_percent: Decimal | None
    service_count: int = 0


@dataclass(frozen=True, slots=True)
class StoredService:
    id: str
    category_id: int
    category: str
    name: str
    display_name: str | None
    type: str
    type_raw: str
    rate: Decimal
    min_quantity: int
    max_quantity: int
    can_refill: bool
    can_cancel: bool
    dripfeed: bool
    on_panel: bool
    is_enabled: bool
    markup_percent: Decimal | None
    fixed_price: Decimal | None
    refill_days: int | None
    is_listed: bool = True
    provider: str = "main"  # the provider of its primary
    panel_service_id: str = ""  # the primary's service ID at that provider

    @property
    def primary_id(self) -> str:
        """The service ID to send to its provider (a service stored before providers existed: its own ID)."""
        return self.panel_service_id or self.id

    @property
    def title(self) -> str:
        return self.display_name or self.name

    @property
    def is_available(self) -> bool:
        return self.on_panel and self.is_enabled


def _decimal(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


def _service(row: sqlite3.Row) -> StoredService:
    return StoredService(
        id=row["id"],
        category_id=row["category_id"],
        category=row["category"],
        name=row["name"],
        display_name=row["display_name"],
        type=row["type"],
        type_raw=row["type_raw"],
        rate=Decimal(row["rate"]),
        min_quantity=row["min_quantity"],
        max_quantity=row["max_quantity"],
        can_refill=bool(row["can_refill"]),
        can_cancel=bool(row["can_cancel"]),
        dripfeed=bool(row["dripfeed"]),
        on_panel=bool(row["on_panel"]),
        is_enabled=bool(row["is_enabled"]),
        markup_percent=_decimal(row["markup_percent"]),
        fixed_price=_decimal(row["fixed_price"]),
        refill_days=row["refill_days"],
        is_listed=bool(row["is_listed"]),
        provider=row["provider"],
        panel_service_id=row["panel_service_id"],
    )


_SERVICE_SELECT = "SELECT s.*, c.name AS category FROM services s JOIN categories c ON c.id = s.category_id"


@dataclass(frozen=True, slots=True)
class SyncResult:
    added: list[str]
    removed: list[str]
    rate_changed: list[tuple[str, Decimal, Decimal]]
    total: int


class _PanelColumns(NamedTuple):
    """The columns of a service that come from the panel (the admins' overrides are others)."""

    category_id: int | None
    name: str
    type: str
    type_raw: str
    rate: str
    min_quantity: int
    max_quantity: int
    can_refill: int
    can_cancel: int
    dripfeed: int
    description: str
    on_panel: int


_PANEL_COLUMNS = ", ".join(_PanelColumns._fields)
_UPSERT = (
    f"INSERT INTO services (id, provider, panel_service_id, {_PANEL_COLUMNS}, first_seen_at, synced_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET category_id = excluded.category_id, name = excluded.name, "
    "type = excluded.type, type_raw = excluded.type_raw, rate = excluded.rate, "
    "min_quantity = excluded.min_quantity, max_quantity = excluded.max_quantity, "
    "can_refill = excluded.can_refill, can_cancel = excluded.can_cancel, dripfeed = excluded.dripfeed, "
    "description = excluded.description, on_panel = 1, synced_at = excluded.synced_at"
)
_CATALOG_COLUMNS = (
    "category, name, type, type_raw, rate, min_quantity, max_quantity, can_refill, can_cancel, dripfeed, on_panel"
)
_CATALOG_UPSERT = (
    f"INSERT INTO provider_services (provider, service_id, {_CATALOG_COLUMNS}, synced_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?) "
    "ON CONFLICT (provider, service_id) DO UPDATE SET category = excluded.category, name = excluded.name, "
    "type = excluded.type, type_raw = excluded.type_raw, rate = excluded.rate, "
    "min_quantity = excluded.min_quantity, max_quantity = excluded.max_quantity, "
    "can_refill = excluded.can_refill, can_cancel = excluded.can_cancel, dripfeed = excluded.dripfeed, "
    "on_panel = 1, synced_at = excluded.synced_at"
)


def shop_service_id(provider: str, service_id: str) -> str:
    """The shop's ID of a provider's service sold in the shop: main's keep their own, a listed provider's are
    `<name>-<ID>` (two panels number their services independently)."""
    return service_id if provider == MAIN_PROVIDER else f"{provider}-{service_id}"


def _as_stored(s: ListedService, category_id: int | None) -> _PanelColumns:
    """A listed service as the store keeps it (listed: on the panel)."""
    return _PanelColumns(
        category_id,
        s.name,
        s.type,
        s.type_raw,
        str(s.rate),
        s.min_quantity,
        s.max_quantity,
        int(s.can_refill),
        int(s.can_cancel),
        int(s.dripfeed),
        s.description,
        1,
    )


def _as_catalog_row(s: ListedService) -> tuple[object, ...]:
    """A listed service as its provider's catalog keeps it (the columns of _CATALOG_COLUMNS, listed: on_panel)."""
    row = (s.category, s.name, s.type, s.type_raw, str(s.rate), s.min_quantity, s.max_quantity)
    return (*row, int(s.can_refill), int(s.can_cancel), int(s.dripfeed), 1)


@dataclass(frozen=True, slots=True)
class _CatalogDiff:
    """A provider's stored catalog (`provider_services`) against its panel's list."""

    stored: dict[str, tuple[object, ...]]
    changed: list[ListedService]
    removed: list[str]

    @property
    def writes(self) -> bool:
        return bool(self.changed or self.removed)

    def result(self, listed: list[ListedService], ref: Callable[[str], str]) -> SyncResult:
        """What changed, each service named by `ref` of its ID."""
        stored, rate = self.stored, _CATALOG_COLUMNS.split(", ").index("rate")
        return SyncResult(
            added=[ref(s.id) for s in listed if s.id not in stored or not stored[s.id][-1]],
            removed=[ref(sid) for sid in self.removed],
            rate_changed=[
                (ref(s.id), Decimal(str(stored[s.id][rate])), s.rate)
                for s in listed
                if s.id in stored and Decimal(str(stored[s.id][rate])) != s.rate
            ],
            total=len(listed),
        )


async def _compare_catalog(conn: Connection, provider: str, services: list[ListedService]) -> _CatalogDiff:
    stored = {
        row["service_id"]: tuple(row)[1:]
        for row in await conn.fetch_all(
            f"SELECT service_id, {_CATALOG_COLUMNS} FROM provider_services WHERE provider = ?", (provider,)
        )
    }
    listed = {s.id for s in services}
    return _CatalogDiff(
        stored,
        changed=[s for s in services if stored.get(s.id) != _as_catalog_row(s)],
        removed=[sid for sid, row in stored.items() if row[-1] and sid not in listed],
    )


async def _write_catalog(tx: Connection, provider: str, diff: _CatalogDiff) -> None:
    now = utcnow()
    if diff.changed:
        await tx.execute_many(_CATALOG_UPSERT, [(provider, s.id, *_as_catalog_row(s)[:-1], now) for s in diff.changed])
    if diff.removed:
        await tx.execute_many(
            "UPDATE provider_services SET on_panel = 0, synced_at = ? WHERE provider = ? AND service_id = ?",
            [(now, provider, sid) for sid in diff.removed],
        )


async def _write(
    tx: Connection,
    provider: str,
    new_categories: list[str],
    changed: list[ListedService],
    removed: list[str],
    flips: list[tuple[int, int]],
    category_ids: dict[str, int],
) -> None:
    """A catalog sync's changes, each kind in one statement over its rows (new categories are active).
    `changed` carry their shop IDs; their provider's own IDs follow from them."""
    now = utcnow()
    if new_categories:
        await tx.execute_many("INSERT OR IGNORE INTO categories (name) VALUES (?)", [(n,) for n in new_categories])
        marks = ",".join("?" * len(new_categories))
        rows = await tx.fetch_all(f"SELECT id, name FROM categories WHERE name IN ({marks})", new_categories)
        category_ids = category_ids | {row["name"]: row["id"] for row in rows}
    if changed:
        own = len(shop_service_id(provider, ""))
        await tx.execute_many(
            _UPSERT,
            [(s.id, provider, s.id[own:], *_as_stored(s, category_ids[s.category])[:-1], now, now) for s in changed],
        )
    if removed:
        await tx.execute_many(
            "UPDATE services SET on_panel = 0, synced_at = ? WHERE id = ?", [(now, i) for i in removed]
        )
    if flips:
        await tx.execute_many("UPDATE categories SET is_active = ? WHERE id = ?", flips)


@dataclass(frozen=True, slots=True)
class _Diff:
    """The stored catalog against the panel's list: what a sync has to write."""

    stored: dict[str, _PanelColumns]
    categories: dict[str, tuple[int, bool]]  # name → (id, is_active)
    new_categories: list[str]
    changed: list[ListedService]
    removed: list[str]
    flips: list[tuple[int, int]]  # (is_active, category id)

    @property
    def writes(self) -> tuple[list[str], list[ListedService], list[str], list[tuple[int, int]]] | None:
        found = (self.new_categories, self.changed, self.removed, self.flips)
        return found if any(found) else None


async def _compare(conn: Connection, provider: str, services: list[ListedService], selling: Collection[str]) -> _Diff:
    """`services` (shop IDs) are all `provider` sells now; a service of a provider not `selling` any more
    (unlisted or disabled) is hidden too. A category stays active while any provider sells in it."""
    stored: dict[str, _PanelColumns] = {}
    others: set[int | None] = set()  # the categories other providers sell in
    for row in await conn.fetch_all(f"SELECT id, provider, {_PANEL_COLUMNS} FROM services"):
        columns = _PanelColumns(*tuple(row)[2:])
        if row["provider"] == provider:
            stored[row["id"]] = columns
        elif columns.on_panel and row["provider"] in selling:
            others.add(columns.category_id)
        elif columns.on_panel:
            stored[row["id"]] = columns  # not sold any more: hidden below
    categories = {
        row["name"]: (row["id"], bool(row["is_active"]))
        for row in await conn.fetch_all("SELECT id, name, is_active FROM categories")
    }
    listed = {s.id: s for s in services}
    changed = [
        s
        for s in listed.values()
        if s.category not in categories or stored.get(s.id) != _as_stored(s, categories[s.category][0])
    ]
    active = {s.category for s in listed.values()} | {n for n, (cid, _) in categories.items() if cid in others}
    return _Diff(
        stored,
        categories,
        new_categories=sorted(active - categories.keys()),
        changed=changed,
        removed=[sid for sid, row in stored.items() if row.on_panel and sid not in listed],
        flips=[(int(name in active), cid) for name, (cid, was) in categories.items() if was != (name in active)],
    )


class CatalogRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def replace_from_panel(
        self,
        services: list[ListedService],
        provider: str = MAIN_PROVIDER,
        *,
        listed: bool = True,
        selling: Collection[str] = (MAIN_PROVIDER,),
    ) -> SyncResult:
        """Store a provider's catalog (`services` with its own IDs): in `provider_services` always, and as shop
        services when it is `listed` (main's under their own IDs, another's as `<name>-<ID>`). New and changed
        services are written, vanished ones hidden, the rest untouched; services of a provider no longer
        `selling` are hidden as well.

        The stored catalog is read once and compared here; only what differs is written, in one short
        transaction (none at all when nothing changed). The admins' overrides (their name, price, markup,
        platform, switches) are other columns and are never written by a sync."""
        shop = [replace(s, id=shop_service_id(provider, s.id)) for s in services] if listed else []
        catalog, diff = await self._compare(provider, services, shop, selling)
        if catalog.writes or (listed and diff.writes):
            async with atomic(self.conn) as tx:
                # again inside: a sync running alongside may have written it
                catalog, diff = await CatalogRepo(tx)._compare(provider, services, shop, selling)
                if catalog.writes:
                    await _write_catalog(tx, provider, catalog)
                if listed and diff.writes:
                    await _write(tx, provider, *diff.writes, {n: c for n, (c, _) in diff.categories.items()})
        if not listed:
            return catalog.result(services, lambda sid: f"{provider}:{sid}")
        stored = diff.stored
        added = [s.id for s in shop if s.id not in stored or not stored[s.id].on_panel]
        rates = [(s.id, Decimal(stored[s.id].rate), s.rate) for s in shop if s.id in stored]
        return SyncResult(
            added=added, removed=diff.removed, rate_changed=[r for r in rates if r[1] != r[2]], total=len(shop)
        )

    async def _compare(
        self, provider: str, services: list[ListedService], shop: list[ListedService], selling: Collection[str]
    ) -> tuple[_CatalogDiff, _Diff]:
        catalog = await _compare_catalog(self.conn, provider, services)
        if not shop:  # not sold in the shop: its shop services are left as they are (see `selling`)
            return catalog, _Diff({}, {}, [], [], [], [])
        return catalog, await _compare(self.conn, provider, shop, selling)

    async def categories(self, service_types: tuple[str, ...]) -> list[Category]:
        """Categories with at least one service customers can order, by name."""
        marks = ",".join("?" * len(service_types))
        rows = await self.conn.fetch_all(
            "SELECT c.id, c.name, c.platform, c.markup_percent, count(s.id) AS n FROM categories c "
            "JOIN services s ON s.category_id = c.id AND s.on_panel = 1 AND s.is_enabled = 1 AND s.is_listed = 1 "
            f"AND s.type IN ({marks}) GROUP BY c.id ORDER BY c.name COLLATE NOCASE",
            service_types,
        )
        return [Category(r["id"], r["name"], r["platform"], _decimal(r["markup_percent"]), r["n"]) for r in rows]

    async def category(self, category_id: int) -> Category | None:
        row = await self.conn.fetch_one("SELECT * FROM categories WHERE id = ?", (category_id,))
        if row is None:
            return None
        return Category(row["id"], row["name"], row["platform"], _decimal(row["markup_percent"]))

    async def services_in(self, category_id: int, service_types: tuple[str, ...]) -> list[StoredService]:
        marks = ",".join("?" * len(service_types))
        rows = await self.conn.fetch_all(
            f"{_SERVICE_SELECT} WHERE s.category_id = ? AND s.on_panel = 1 AND s.is_enabled = 1 AND s.is_listed = 1 "
            f"AND s.type IN ({marks}) ORDER BY CAST(s.id AS INTEGER), s.id",
            (category_id, *service_types),
        )
        return [_service(r) for r in rows]

    async def search(self, text: str, service_types: tuple[str, ...], limit: int) -> list[StoredService]:
        """Available services whose name contains `text` (case-insensitive)."""
        pattern = "%" + like_escaped(text.lower()) + "%"
        marks = ",".join("?" * len(service_types))
        rows = await self.conn.fetch_all(
            f"{_SERVICE_SELECT} WHERE s.on_panel = 1 AND s.is_enabled = 1 AND s.type IN ({marks}) "
            "AND lower(coalesce(s.display_name, s.name)) LIKE ? ESCAPE '\\' "
            "ORDER BY CAST(s.id AS INTEGER), s.id LIMIT ?",
            (*service_types, pattern, limit),
        )
        return [_service(r) for r in rows]

    async def disable_unprofitable(
        self, exchange_rate: Decimal, provider: str = MAIN_PROVIDER
    ) -> list[tuple[StoredService, Decimal]]:
        """A provider's services whose cost rose above their fixed price: disabled, returned with that cost."""
        rows = await self.conn.fetch_all(
            f"{_SERVICE_SELECT} WHERE s.fixed_price IS NOT NULL AND s.is_enabled = 1 AND s.on_panel = 1 "
            "AND s.provider = ?",
            (provider,),
        )
        losing = [
            (service, service.rate * exchange_rate)
            for service in map(_service, rows)
            if service.fixed_price is not None and service.rate * exchange_rate > service.fixed_price
        ]
        for service, _ in losing:
            await self.conn.execute("UPDATE services SET is_enabled = 0 WHERE id = ?", (service.id,))
        return losing

    async def update_service(self, service_id: str, **fields: object) -> bool:
        """Change an admin's overrides of one service (is_enabled, display_name, fixed_price, markup, ...)."""
        allowed = {"is_enabled", "display_name", "fixed_price", "markup_percent", "is_listed", "refill_days"}
        if not fields or set(fields) - allowed:
            raise ValueError(f"only {sorted(allowed)} can be changed")
        assignments = ", ".join(f"{name} = ?" for name in fields)
        return (
            await self.conn.changes(f"UPDATE services SET {assignments} WHERE id = ?", (*fields.values(), service_id))
            == 1
        )

    async def category_by_name(self, name: str) -> Category | None:
        row = await self.conn.fetch_one("SELECT * FROM categories WHERE lower(name) = lower(?)", (name.strip(),))
        return Category(row["id"], row["name"], row["platform"], _decimal(row["markup_percent"])) if row else None

    async def update_category(self, category_id: int, **fields: object) -> None:
        allowed = {"platform", "markup_percent"}
        if not fields or set(fields) - allowed:
            raise ValueError(f"only {sorted(allowed)} can be changed")
        assignments = ", ".join(f"{name} = ?" for name in fields)
        await self.conn.execute(f"UPDATE categories SET {assignments} WHERE id = ?", (*fields.values(), category_id))

    async def overrides(self) -> tuple[list[Category], list[StoredService]]:
        """Categories and services with an admin's markup or fixed price (for /markup)."""
        cats = await self.conn.fetch_all("SELECT * FROM categories WHERE markup_percent IS NOT NULL ORDER BY name")
        rows = await self.conn.fetch_all(
            f"{_SERVICE_SELECT} WHERE s.markup_percent IS NOT NULL "
            "OR s.fixed_price IS NOT NULL ORDER BY CAST(s.id AS INTEGER)"
        )
        return (
            [Category(r["id"], r["name"], r["platform"], _decimal(r["markup_percent"])) for r in cats],
            [_service(r) for r in rows],
        )

    async def set_platforms(self, mapping: dict[str, str]) -> None:
        """Map categories (by lower-cased name) to platforms; links in them must be of that platform.
        Only categories whose platform differs are written (a sync that changes nothing writes nothing)."""
        if not mapping:
            return
        rows = await self.conn.fetch_all("SELECT id, lower(name) AS name, platform FROM categories")
        differing = [
            (mapping[r["name"]], r["id"]) for r in rows if r["name"] in mapping and r["platform"] != mapping[r["name"]]
        ]
        if differing:
            await self.conn.execute_many("UPDATE categories SET platform = ? WHERE id = ?", differing)

    async def service(self, service_id: str) -> StoredService | None:
        row = await self.conn.fetch_one(f"{_SERVICE_SELECT} WHERE s.id = ?", (service_id,))
        return _service(row) if row else None

    async def services(self, service_ids: Iterable[str]) -> dict[str, StoredService]:
        """These services by ID (those the store has), in one query (any number of them)."""
        rows = await self.conn.fetch_all(
            f"{_SERVICE_SELECT} WHERE s.id IN (SELECT value FROM json_each(?))", (json.dumps(sorted(service_ids)),)
        )
        return {row["id"]: _service(row) for row in rows}

    async def counts(self) -> tuple[int, int]:
        """(services on the panel, active categories)."""
        row = await self.conn.fetch_one(
            "SELECT (SELECT count(*) FROM services WHERE on_panel = 1) AS s, "
            "(SELECT count(*) FROM categories WHERE is_active = 1) AS c"
        )
        assert row is not None  # an aggregate always gives one row
        return row["s"], row["c"]
