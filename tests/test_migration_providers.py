"""A database of the one-panel version (migrations 0001–0007) opened by this one: nothing is lost, everything
belongs to `main`, and its orders and refills are followed on main from the next sync on."""

from __future__ import annotations

import shutil
import sqlite3
from decimal import Decimal

import pytest

from bot.config import Settings
from bot.panel import NewOrder, PanelClient
from bot.panel.sandbox import ManualClock, SandboxPanel
from bot.shop.capabilities import PanelAction
from bot.shop.my_orders import Note, OrderAct
from bot.shop.shop import Shop
from bot.store import Database, OrderRepo, OrderState
from bot.store.database import MIGRATIONS_DIR, MigrationError
from tests.harness import db_of, orders_of, sandbox_client

NOW = "2026-01-01T00:00:00+00:00"
# (state, has a panel ID, final): the kinds of orders a running shop holds
ORDERS = [
    ("pending", True, False),
    ("in_progress", True, False),
    ("completed", True, True),
    ("canceled", True, True),
    ("refused", False, True),
    ("uncertain", False, False),
]
COUNTED = ("users", "categories", "services", "orders", "ledger", "refills")


async def old_database(tmp_path, client: PanelClient) -> dict[str, int]:
    """The previous version's store, written as it wrote it: returns the row counts of its tables."""
    old = tmp_path / "old-migrations"
    old.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("000[1-7]_*.sql")):
        shutil.copy(path, old / path.name)
    db = await Database.open(tmp_path / "db.sqlite3", migrations=old)
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT INTO users (id, first_name, created_at, last_seen_at) VALUES (1, 'A', ?, ?)", (NOW, NOW)
        )
        await tx.execute("INSERT INTO categories (id, name) VALUES (1, 'Facebook')")
        await tx.execute(
            "INSERT INTO services (id, category_id, name, type, type_raw, rate, min_quantity, max_quantity, "
            "can_refill, can_cancel, first_seen_at, synced_at) "
            "VALUES ('1', 1, 'Facebook views', 'default', 'Default', '2.5', 200, 10000, 1, 1, ?, ?)",
            (NOW, NOW),
        )
        await tx.execute(
            "INSERT INTO ledger (user_id, amount, kind, key, created_at) VALUES (1, '1000', 'deposit', 'd1', ?)",
            (NOW,),
        )
        for number, (state, on_panel, final) in enumerate(ORDERS):
            panel_id = await client.add(NewOrder("1", f"https://facebook.com/p/{number}", 1000)) if on_panel else None
            order_id = await tx.execute(
                "INSERT INTO orders (token, user_id, service_id, link, quantity, price, cost, currency, state, "
                "panel_order_id, created_at, updated_at, final_at) "
                "VALUES (?, 1, '1', ?, 1000, '100', '2.5', 'VND', ?, ?, ?, ?, ?)",
                (f"t{number}", f"https://facebook.com/p/{number}", state, panel_id, NOW, NOW, NOW if final else None),
            )
            await tx.execute(
                "INSERT INTO ledger (user_id, amount, kind, key, order_id, created_at) "
                "VALUES (1, '-100', 'charge', ?, ?, ?)",
                (f"order:{order_id}:charge", order_id, NOW),
            )
            if state in ("canceled", "refused"):
                await tx.execute(
                    "INSERT INTO ledger (user_id, amount, kind, key, order_id, created_at) "
                    "VALUES (1, '100', 'refund', ?, ?, ?)",
                    (f"order:{order_id}:refund", order_id, NOW),
                )
        await tx.execute("INSERT INTO shop_settings (key, value) VALUES ('panel_lacks:cancel', '2999-01-01T00:00:00')")
    counts = {table: (await db.fetch_one(f"SELECT count(*) AS n FROM {table}"))["n"] for table in COUNTED}
    await db.close()
    return counts


@pytest.fixture
async def world(tmp_path):
    clock = ManualClock()
    main = SandboxPanel(key="k", clock=clock, pending_seconds=10, progress_seconds=60)
    backup = SandboxPanel(key="kb", clock=clock)
    main_client, backup_client = sandbox_client(main), sandbox_client(backup)
    counts = await old_database(tmp_path, main_client)
    clock.advance(100)  # every order on main's panel is Completed now
    completed = await db_open_order(tmp_path, "completed")
    refill_id = await main_client.refill(completed)  # an open refill, asked for by the old version
    database = await Database.open(tmp_path / "db.sqlite3", migrations=tmp_path / "old-migrations")
    async with database.transaction() as tx:
        await tx.execute(
            "INSERT INTO refills (order_id, panel_refill_id, state, created_at, updated_at) "
            "SELECT id, ?, 'pending', ?, ? FROM orders WHERE state = 'completed'",
            (refill_id, NOW, NOW),
        )
    await database.close()
    counts["refills"] += 1
    settings = Settings(_env_file=None, database_path=tmp_path / "db.sqlite3", providers={"backup": {}})
    shop = await Shop.open(settings, main_client, clients={"backup": backup_client})
    yield shop, main, backup, counts
    await shop.close()


async def db_open_order(tmp_path, state: str) -> str:
    """The panel ID of the old store's order in `state`."""
    database = await Database.open(tmp_path / "db.sqlite3", migrations=tmp_path / "old-migrations")
    row = await database.fetch_one("SELECT panel_order_id FROM orders WHERE state = ?", (state,))
    await database.close()
    assert row is not None
    return row["panel_order_id"]


async def test_nothing_is_lost_and_everything_belongs_to_main(world):
    shop, _, _, counts = world
    db = db_of(shop)
    assert {table: (await db.fetch_one(f"SELECT count(*) AS n FROM {table}"))["n"] for table in COUNTED} == counts
    assert await shop.customers.balance(1) == Decimal(1000 - 6 * 100 + 2 * 100)
    orders = await orders_of(shop).many(list(range(1, len(ORDERS) + 1)))
    assert [o.state for o in orders.values()] == [state for state, _, _ in ORDERS]
    assert {(o.provider, o.provider_service_id) for o in orders.values()} == {("main", "1")}
    assert {o.price for o in orders.values()} == {Decimal(100)}
    service = await db.fetch_one("SELECT provider, panel_service_id FROM services WHERE id = '1'")
    assert (service["provider"], service["panel_service_id"]) == ("main", "1")
    assert await shop.capabilities.lacking("main") == {PanelAction.CANCEL}, "what main lacked is still known"
    assert await shop.capabilities.lacking("backup") == frozenset()


async def test_its_orders_and_refills_are_followed_on_main(world):
    shop, main, backup, _ = world
    report = await shop.tracking.sync_orders()
    assert report.tracked == 2 and report.failed == {}
    assert len(main.actions("status")) == 1 and backup.actions("status") == []
    assert sorted(main.actions("status")[0]["orders"].split(",")) == ["1001", "1002"]
    orders = await orders_of(shop).many([1, 2])
    assert {o.state for o in orders.values()} == {"completed"}

    await shop.refills.sync()
    assert len(main.actions("refill_status")) == 1 and backup.actions("refill_status") == []
    view = await shop.my_orders.view(1, 1, OrderAct.REFILL)  # completed just now: a refill of it goes to main
    assert view.note is Note.REFILL_SENT
    assert [a["order"] for a in main.actions("refill")][-1] == "1001" and backup.actions("refill") == []


async def test_a_panel_order_id_repeats_across_providers_but_not_on_one(world):
    shop = world[0]
    repo = OrderRepo(db_of(shop))

    async def order_on(provider: str, token: str) -> int:
        order_id = await repo.create(
            token=token,
            user_id=1,
            service_id="1",
            link="https://facebook.com/p/x",
            quantity=1000,
            extras={},
            price=Decimal(100),
            cost=Decimal(3),
            currency="VND",
            provider=provider,
        )
        await repo.set_state(order_id, OrderState.PENDING, panel_order_id="1001")
        return order_id

    on_backup = await order_on("backup", "b1")
    assert (await repo.by_panel_id("1001", "backup")).id == on_backup
    assert (await repo.by_panel_id("1001", "main")).id == 1
    with pytest.raises(sqlite3.IntegrityError):
        await order_on("main", "m2")


def with_dangling_ledger_entry(path) -> int:
    """A broken reference the old database already had, in a table no migration rebuilds: a ledger entry of a
    user since removed by hand (SQLite enforces foreign keys only when told to). Its row ID."""
    connection = sqlite3.connect(path)
    with connection:
        entry = connection.execute(
            "INSERT INTO ledger (user_id, amount, kind, key, created_at) VALUES (999, '5', 'deposit', 'gone', ?)",
            (NOW,),
        ).lastrowid
    connection.close()
    assert entry is not None
    return entry


def schema_of(path) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    finally:
        connection.close()


async def test_a_broken_reference_it_already_had_does_not_stop_it_migrating(tmp_path):
    client = sandbox_client(SandboxPanel(key="k"))
    await old_database(tmp_path, client)
    dangling = with_dangling_ledger_entry(tmp_path / "db.sqlite3")

    db = await Database.open(tmp_path / "db.sqlite3")
    assert (await db.fetch_one("SELECT max(version) AS v FROM schema_migrations"))["v"] >= 8
    assert (await db.fetch_one("SELECT count(*) AS n FROM orders WHERE provider = 'main'"))["n"] == len(ORDERS)
    assert [tuple(row)[:3] for row in await db.fetch_all("PRAGMA foreign_key_check")] == [("ledger", dangling, "users")]
    await db.close()


async def test_a_migration_that_breaks_references_fails_and_leaves_the_database_as_it_was(tmp_path):
    client = sandbox_client(SandboxPanel(key="k"))
    counts = await old_database(tmp_path, client)
    with_dangling_ledger_entry(tmp_path / "db.sqlite3")
    before = schema_of(tmp_path / "db.sqlite3")
    breaking = tmp_path / "breaking-migrations"
    shutil.copytree(tmp_path / "old-migrations", breaking)
    (breaking / "0008_rebuild_services.sql").write_text(  # the rebuild forgets the services orders point to
        "-- foreign_keys: off\n"
        "CREATE TABLE services_new (id TEXT PRIMARY KEY, name TEXT NOT NULL);\n"
        "DROP TABLE services;\n"
        "ALTER TABLE services_new RENAME TO services;\n"
    )

    with pytest.raises(MigrationError, match=r"0008_rebuild_services\.sql: .*references are broken"):
        await Database.open(tmp_path / "db.sqlite3", migrations=breaking)
    assert schema_of(tmp_path / "db.sqlite3") == before
    db = await Database.open(tmp_path / "db.sqlite3", migrations=tmp_path / "old-migrations")
    assert {table: (await db.fetch_one(f"SELECT count(*) AS n FROM {table}"))["n"] for table in COUNTED} == {
        **counts,
        "ledger": counts["ledger"] + 1,
    }
    assert (await db.fetch_one("SELECT max(version) AS v FROM schema_migrations"))["v"] == 7
    await db.close()
