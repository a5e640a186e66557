"""Migrations and the stored catalog."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.config import Settings
from bot.panel import PanelClient
from bot.panel.models import Service, ServiceType
from bot.panel.sandbox import SANDBOX_URL, SandboxPanel, SandboxTransport
from bot.shop.catalog import Catalog, listed
from bot.shop.notices import AdminNotices
from bot.shop.quotes import Pricing
from bot.store import CatalogRepo, Database, ListedService, MigrationError
from bot.store.database import MIGRATIONS_DIR


async def test_fresh_database_gets_every_migration_once_and_a_rerun_changes_nothing(tmp_path):
    path = tmp_path / "shop.sqlite3"
    db = await Database.open(path)
    rows = await db.fetch_all("SELECT version, name FROM schema_migrations ORDER BY version")
    assert [r["name"] for r in rows] == sorted(p.name for p in MIGRATIONS_DIR.glob("*.sql"))
    tables = {r["name"] for r in await db.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"users", "categories", "services", "orders", "ledger", "refills", "outbox", "shop_settings"} <= tables
    assert (await db.fetch_one("PRAGMA journal_mode"))[0] == "wal"
    await db.execute("INSERT INTO shop_settings (key, value) VALUES ('kept', 'yes')")
    await db.close()

    again = await Database.open(path)
    assert await again.migrate() == []
    assert (await again.fetch_one("SELECT value FROM shop_settings WHERE key = 'kept'"))["value"] == "yes"
    await again.close()


async def test_a_failing_migration_is_rolled_back_and_named(tmp_path):
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    (migrations / "0001_ok.sql").write_text("CREATE TABLE a (x INTEGER);\n")
    (migrations / "0002_bad.sql").write_text("CREATE TABLE b (x INTEGER);\nINSERT INTO nowhere VALUES (1);\n")
    with pytest.raises(MigrationError, match=r"0002_bad\.sql"):
        await Database.open(tmp_path / "db.sqlite3", migrations)
    (migrations / "0002_bad.sql").write_text("CREATE TABLE b (x INTEGER);\n")
    db = await Database.open(tmp_path / "db.sqlite3", migrations)
    assert [r["version"] for r in await db.fetch_all("SELECT version FROM schema_migrations")] == [1, 2]
    await db.close()


async def test_migration_files_must_be_numbered_once(tmp_path):
    (tmp_path / "0001_a.sql").write_text("SELECT 1;")
    (tmp_path / "0001_b.sql").write_text("SELECT 1;")
    with pytest.raises(MigrationError, match="version 1"):
        await Database.open(":memory:", tmp_path)


async def test_the_ledger_rejects_a_key_used_twice(tmp_path):
    db = await Database.open(tmp_path / "db.sqlite3")
    await db.execute("INSERT INTO users (id, first_name, created_at, last_seen_at) VALUES (1, 'a', 'now', 'now')")
    insert = "INSERT INTO ledger (user_id, amount, kind, key, created_at) VALUES (1, '5', 'deposit', 'k1', 'now')"
    await db.execute(insert)
    with pytest.raises(Exception, match="UNIQUE"):
        await db.execute(insert)
    await db.close()


def _service(sid: str, rate: str = "1", category: str = "Cat") -> ListedService:
    return listed(Service(sid, f"Service {sid}", category, ServiceType.DEFAULT, "Default", Decimal(rate), 10, 100))


async def test_catalog_sync_hides_vanished_services_and_keeps_serving_when_the_panel_is_down(tmp_path):
    db = await Database.open(tmp_path / "db.sqlite3")
    repo = CatalogRepo(db)
    first = await repo.replace_from_panel([_service("1"), _service("2", "2"), _service("3", category="Other")])
    assert sorted(first.added) == ["1", "2", "3"]
    second = await repo.replace_from_panel([_service("1"), _service("2", "2.5")])
    assert second.removed == ["3"] and second.rate_changed == [("2", Decimal("2"), Decimal("2.5"))]
    assert (await repo.service("3")).on_panel is False, "a vanished service is hidden, not deleted"
    names = [c.name for c in await repo.categories(("Default",))]
    assert names == ["Cat"], "a category with nothing to order is not shown"

    panel = SandboxPanel(key="k")
    client = PanelClient(SANDBOX_URL, "wrong", transport=SandboxTransport(panel), read_retries=0)
    settings = Settings(_env_file=None)
    catalog = Catalog(repo, client, AdminNotices(settings), Pricing(db, settings, client))
    assert await catalog.sync() is None
    _, offers = await catalog.offers_in((await catalog.categories())[0].id)
    assert [offer.id for offer in offers] == ["1", "2"]
    await db.close()


async def test_catalog_sync_from_the_sandbox(tmp_path):
    db = await Database.open(tmp_path / "db.sqlite3")
    client = PanelClient(SANDBOX_URL, "k", transport=SandboxTransport(SandboxPanel()))
    settings = Settings(_env_file=None)
    catalog = Catalog(CatalogRepo(db), client, AdminNotices(settings), Pricing(db, settings, client))
    result = await catalog.sync()
    assert result.total == 30 and await catalog.repo.counts() == (30, 6)
    await db.close()


async def test_types_the_bot_cannot_take_are_not_offered_but_unknown_names_are_taken_as_default(tmp_path):
    from bot.shop.catalog import ORDERABLE_TYPES

    db = await Database.open(tmp_path / "db.sqlite3")
    repo = CatalogRepo(db)
    poll = Service("1", "Poll votes", "Polls", ServiceType.POLL, "Poll", Decimal(1), 10, 100)
    odd = Service("2", "Auto likes", "Polls", ServiceType.OTHER, "Auto Likes", Decimal(1), 10, 100)
    await repo.replace_from_panel([listed(poll), listed(odd)])
    [category] = await repo.categories(ORDERABLE_TYPES)
    assert category.service_count == 1
    assert [s.id for s in await repo.services_in(category.id, ORDERABLE_TYPES)] == ["2"]
    assert (await repo.service("1")).type == "Poll", "kept for the admins' catalog report"
    await db.close()
