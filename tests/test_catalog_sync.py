"""A catalog sync writes only what the panel changed: nothing at all when nothing changed.

The operator's shop keeps serving while the catalog syncs; a sync that rewrote thousands of unchanged
services held the write lock for every customer's order and payment meanwhile.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from decimal import Decimal

import pytest

from bot.config import Settings
from bot.panel import PanelClient
from bot.panel.sandbox import SANDBOX_URL, SandboxPanel, SandboxTransport
from bot.shop.catalog import Catalog
from bot.shop.notices import AdminNotices
from bot.shop.quotes import Pricing
from bot.store import CatalogRepo, Database

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "BEGIN")


def writes(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith(WRITES)]


@pytest.fixture
async def world(tmp_path):
    db = await Database.open(tmp_path / "db.sqlite3")
    panel = SandboxPanel(key="k")
    client = PanelClient(SANDBOX_URL, "k", transport=SandboxTransport(panel), read_retries=0)
    settings = Settings(_env_file=None)
    catalog = Catalog(
        CatalogRepo(db), client, AdminNotices(settings), Pricing(db, settings, client), {"facebook": "facebook"}
    )
    first = await catalog.sync()
    assert first is not None and len(first.added) == first.total
    yield db, panel, catalog
    await db.close()


async def test_an_unchanged_catalog_sync_writes_nothing(world):
    db, _, catalog = world
    async with db.traced() as statements:
        result = await catalog.sync()
    assert result is not None and (result.added, result.removed, result.rate_changed) == ([], [], [])
    assert writes(statements) == [], "no write transaction at all"
    assert len(statements) <= 10


async def test_one_repriced_service_writes_one_row_and_the_admins_overrides_stay(world):
    db, panel, catalog = world
    repo = catalog.repo
    await repo.update_service("7", display_name="Likes for your post", fixed_price="30000", refill_days=10)
    await repo.update_category((await repo.category_by_name("Tiktok")).id, platform="tiktok")
    panel.services[7] = replace(panel.services[7], rate=Decimal("19000"))

    async with db.traced() as statements:
        result = await catalog.sync()

    assert result.rate_changed == [("7", Decimal("18000"), Decimal("19000"))]
    rows = sorted(s for s in writes(statements) if not s.startswith("BEGIN"))
    assert len(rows) == 2 and all("'7'" in row for row in rows), "one row of main's catalog, one shop service"
    assert rows[0].startswith("INSERT INTO provider_services") and rows[1].startswith("INSERT INTO services"), rows
    service = await repo.service("7")
    assert (service.rate, service.title, service.fixed_price, service.refill_days) == (
        Decimal("19000"),
        "Likes for your post",
        Decimal("30000"),
        10,
    ), "the panel's new rate, the admin's name, price and window"
    assert (await repo.category_by_name("Tiktok")).platform == "tiktok"
    assert (await repo.category_by_name("Facebook")).platform == "facebook", "CATEGORY_PLATFORMS still applies"


async def test_a_new_service_in_a_new_category_and_a_vanished_one(world):
    db, panel, catalog = world
    repo = catalog.repo
    panel.services[99] = replace(panel.services[1], id=99, name="Threads followers", category="Threads")
    for sid in [s.id for s in panel.services.values() if s.category == "Shopee"]:
        del panel.services[sid]
    total = len(await catalog.panel.services())

    result = await catalog.sync()

    assert result.added == ["99"] and sorted(result.removed) == ["28", "29", "30"] and result.total == total
    assert (await repo.service("99")).category == "Threads"
    assert (await repo.service("28")).on_panel is False, "hidden, not deleted: its orders keep their service"
    names = {c.name for c in await repo.categories(("Default", "Package"))}
    assert "Threads" in names and "Shopee" not in names
    assert await repo.counts() == (total, 6), "Shopee has nothing left on the panel; Threads is new"

    panel.services[28] = replace(panel.services[1], id=28, name="Shopee shop followers", category="Shopee")
    back = await catalog.sync()
    assert back.added == ["28"] and (await repo.service("28")).on_panel
    assert await repo.counts() == (total + 1, 7)
    async with db.traced() as statements:
        await catalog.sync()
    assert writes(statements) == []


async def test_two_syncs_at_once_report_each_change_once(world):
    """The admin's /sync and the catalog job can meet: the admins hear of a new or vanished service once."""
    _db, panel, catalog = world
    panel.services[99] = replace(panel.services[1], id=99, name="Threads followers", category="Threads")
    del panel.services[2]

    first, second = await asyncio.gather(catalog.sync(), catalog.sync())

    assert first is not None and second is not None
    assert sorted(first.added + second.added) == ["99"]
    assert sorted(first.removed + second.removed) == ["2"]
