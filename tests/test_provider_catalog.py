"""Each provider's catalog, synced on its own: one panel down never empties or freezes the others.

Two in-process sandbox panels: `main` and `backup` (priced 120 %). A listed provider also sells its services in
the shop as `backup-<ID>`.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.config import Settings
from bot.panel.sandbox import SandboxPanel
from bot.shop.drafts import Draft
from bot.shop.shop import Shop
from bot.store.routes import ProviderServiceRepo
from tests.harness import db_of, sandbox_client

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "BEGIN")


async def open_shop(tmp_path, *, listed: bool) -> tuple[Shop, SandboxPanel, SandboxPanel]:
    main, backup = SandboxPanel(key="k"), SandboxPanel(key="k", price_percent=Decimal(120))
    settings = Settings(
        _env_file=None,
        database_path=tmp_path / "db.sqlite3",
        admin_chat_id=-1001,
        providers={"backup": {"listed": listed}},
    )
    shop = await Shop.open(settings, sandbox_client(main), clients={"backup": sandbox_client(backup)})
    return shop, main, backup


@pytest.fixture
async def two(tmp_path):
    shop, main, backup = await open_shop(tmp_path, listed=False)
    results = await shop.catalog.sync_all()
    assert set(results) == {"main", "backup"} and all(results.values())
    yield shop, main, backup
    await shop.close()


@pytest.fixture
async def listed(tmp_path):
    shop, main, backup = await open_shop(tmp_path, listed=True)
    await shop.catalog.sync_all()
    yield shop, main, backup
    await shop.close()


async def test_both_catalogs_are_stored_and_only_main_sells_when_backup_is_not_listed(two):
    shop, _, _ = two
    repo = ProviderServiceRepo(db_of(shop))
    main_7, backup_7 = await repo.get("main", "7"), await repo.get("backup", "7")
    assert (main_7.rate, backup_7.rate) == (Decimal("18000"), Decimal("21600")), "each at its own price"
    assert len(await repo.of_provider("backup")) == len(await repo.of_provider("main")) == 30
    assert await shop.catalog.repo.service("backup-7") is None, "a fallback-only provider sells nothing itself"
    assert (await shop.catalog.repo.counts())[0] == 30


async def test_backup_down_keeps_its_stored_catalog_and_main_still_syncs(two):
    shop, main, backup = two
    repo = ProviderServiceRepo(db_of(shop))
    before = await repo.of_provider("backup")
    backup.set_profiles("garbage", garbage_every=1)  # every answer unparseable: its panel cannot be read
    del backup.services[7]
    main.services[7].rate = Decimal("19000")
    del main.services[9]

    results = await shop.catalog.sync_all()

    assert results["backup"] is None and results["main"] is not None
    assert await repo.of_provider("backup") == before, "backup's stored services exactly as they were"
    assert (await repo.get("main", "7")).rate == Decimal("19000")
    assert (await repo.get("main", "9")).on_panel is False
    assert (await shop.catalog.repo.service("7")).rate == Decimal("19000"), "main keeps feeding the shop"
    assert (await shop.catalog.repo.service("9")).on_panel is False, "its primary vanished: hidden"


async def test_a_vanished_backup_service_is_marked_in_its_catalog(two):
    shop, _, backup = two
    del backup.services[12]
    result = await shop.catalog.sync("backup")
    assert result.removed == ["backup:12"], "named the way admins write it"
    assert (await ProviderServiceRepo(db_of(shop)).get("backup", "12")).on_panel is False


async def test_with_two_providers_the_catalog_notice_names_the_provider(two):
    shop, _, backup = two
    backup.services[7].rate = Decimal("25000")
    await shop.catalog.sync("backup")
    notices = [m.message for m in await shop.outbox.due(50) if getattr(m.message, "text", "").startswith("admin.cat")]
    assert {n.text for n in notices} == {"admin.catalog_of"}, "every catalog notice names its provider"
    repriced = [n.values for n in notices if n.values["repriced"]]
    assert [(v["provider"], v["changes"]) for v in repriced] == [("backup", "#backup:7: 21600 → 25000")]


async def test_an_unchanged_sync_of_every_provider_writes_nothing(listed):
    shop, _, _ = listed
    async with db_of(shop).traced() as statements:
        results = await shop.catalog.sync_all()
    assert all(r is not None and (r.added, r.removed, r.rate_changed) == ([], [], []) for r in results.values())
    assert [s for s in statements if s.lstrip().upper().startswith(WRITES)] == [], "no write transaction at all"
    assert len(statements) <= 10, statements


async def test_a_listed_provider_sells_its_services_as_name_dash_id_and_they_can_be_quoted(listed):
    shop, _, _ = listed
    service = await shop.catalog.repo.service("backup-7")
    assert (service.provider, service.panel_service_id, service.rate) == ("backup", "7", Decimal("21600"))
    main_7 = await shop.catalog.repo.service("7")
    assert (main_7.provider, main_7.panel_service_id) == ("main", "7"), "main's IDs unchanged"
    assert (await shop.catalog.repo.counts())[0] == 60

    [found] = await shop.ordering.search("backup-7")
    assert found.id == "backup-7" and found.title == "Facebook post likes | Refill 30 days"
    assert [o.id for o in await shop.ordering.search("Backup-7")] == ["backup-7"]
    offers = [o.id for c in await shop.catalog.categories() for o in (await shop.catalog.offers_in(c.id))[1]]
    assert "backup-7" in offers and "7" in offers

    await shop.customers.register(1, None, "A")
    card = await shop.ordering.quote(1, Draft("backup-7", link="https://facebook.com/p/1", quantity=1000))
    assert card is not None and card.quote.service_id == "backup-7"
    assert card.quote.cost == Decimal("21600"), "the cost at backup, in its currency"


async def test_a_provider_no_longer_listed_stops_selling_but_keeps_its_catalog(tmp_path):
    shop, _, _ = await open_shop(tmp_path, listed=True)
    await shop.catalog.sync_all()
    await shop.close()
    shop, _, _ = await open_shop(tmp_path, listed=False)
    try:
        await shop.catalog.sync_all()
        assert (await shop.catalog.repo.service("backup-7")).on_panel is False
        assert await shop.ordering.search("backup-7") == []
        assert (await ProviderServiceRepo(db_of(shop)).get("backup", "7")).on_panel, "still a fallback"
    finally:
        await shop.close()


async def test_a_listed_provider_in_another_currency_is_priced_at_its_own_rate(tmp_path):
    """backup bills in USD at 25 000 VND each: its services are sold from that cost, main's from main's rate."""
    main, backup = SandboxPanel(key="k"), SandboxPanel(key="k")
    settings = Settings(
        _env_file=None,
        database_path=tmp_path / "db.sqlite3",
        shop_currency="VND",
        markup_percent=30,
        providers={"backup": {"listed": True, "currency": "USD", "rate": "25000"}},
    )
    shop = await Shop.open(settings, sandbox_client(main), clients={"backup": sandbox_client(backup)})
    try:
        await shop.catalog.sync_all()
        await shop.customers.register(1, None, "A")
        draft = {"link": "https://facebook.com/p/1", "quantity": 1000}
        theirs = await shop.ordering.quote(1, Draft("backup-7", **draft))
        ours = await shop.ordering.quote(1, Draft("7", **draft))
        assert theirs is not None and ours is not None
        assert theirs.quote.total == shop.providers["backup"].to_shop(theirs.quote.cost) * Decimal("1.3")
        assert ours.quote.total == ours.quote.cost * Decimal("1.3")
        offers = await shop.ordering.search("backup-7")
        assert [o.id for o in offers] == ["backup-7"]
        assert offers[0].unit_price == theirs.quote.total  # the list shows what the card charges (per 1000)
    finally:
        await shop.close()
