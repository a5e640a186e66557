"""Routes as the admins edit them: every bad input refused with its reason and nothing changed; suggestions.

Three in-process sandbox providers: `main`, `backup` (120 % of main's prices) and `dear` (200 %: above the
shop price of main's services at the default 30 % markup); `off` is configured but disabled.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from bot.config import Settings
from bot.panel.sandbox import SandboxPanel
from bot.shop.inputs import InputError
from bot.shop.routes import Problem, similarity
from bot.shop.shop import Shop
from bot.store.admin import AdminRepo
from bot.telegram.i18n import t
from tests.conftest import eventually
from tests.harness import db_of, sandbox_client

ADMIN = 9001


@pytest.fixture
async def shop(tmp_path):
    main = SandboxPanel(key="k")
    backup = SandboxPanel(key="k", price_percent=Decimal(120))
    dear = SandboxPanel(key="k", price_percent=Decimal(200))
    like_7 = backup.services[7]
    backup.services[40] = replace(like_7, id=40, type="Package")  # same name, another type
    backup.services[41] = replace(like_7, id=41, min=100)  # cannot take main #7's 50
    backup.services[42] = replace(like_7, id=42, min=10, max=100_000, rate=Decimal("20000"))  # cheaper than 7
    backup.services[43] = replace(like_7, id=43, min=60_000, max=90_000)  # shares no quantity with 50–50 000
    backup.services[44] = replace(like_7, id=44, min=100, max=10_000)  # takes part of it
    settings = Settings(
        _env_file=None,
        database_path=tmp_path / "db.sqlite3",
        providers={"backup": {}, "dear": {"sandbox_price_percent": 200}, "off": {"enabled": False}},
    )
    clients = {"backup": sandbox_client(backup), "dear": sandbox_client(dear)}
    shop = await Shop.open(settings, sandbox_client(main), clients=clients)
    await shop.catalog.sync_all()
    shop.backup = backup
    yield shop
    await shop.close()


async def log_of(shop) -> list[str]:
    return [details for _, _, details, _ in await AdminRepo(db_of(shop)).recent_log(100)]


async def refs(shop, service="7") -> list[str]:
    return [stop.ref for stop in (await shop.routes.route(service)).fallbacks]


async def test_add_remove_and_order_change_the_route_and_each_is_logged(shop):
    routes = shop.routes
    added = await routes.add(ADMIN, "7", "backup:7")
    assert [s.ref for s in added.route.fallbacks] == ["backup:7"] and added.partial_range is None
    await routes.add(ADMIN, "#7", "backup:42")
    await routes.add(ADMIN, "7", "dear:7")
    route = await routes.route("7")
    assert route.primary.ref == "main:7" and route.primary.cost == Decimal("18000")
    assert route.price == Decimal("23400"), "18 000 + 30 %, per 1000"
    backup_7, backup_42, dear_7 = route.fallbacks
    assert (backup_42.cost, backup_42.problem) == (Decimal("20000"), None)
    assert (backup_7.cost, backup_7.shop_cost, backup_7.problem) == (Decimal("21600"), Decimal("21600"), None)
    assert (dear_7.shop_cost, dear_7.problem) == (Decimal("36000"), Problem.BELOW_COST)

    reordered = await routes.reorder(ADMIN, "7", ["dear:7", "backup:7", "backup:42"])
    assert [s.ref for s in reordered.route.fallbacks] == ["dear:7", "backup:7", "backup:42"]
    removed = await routes.remove(ADMIN, "7", "backup:7")
    assert [s.ref for s in removed.route.fallbacks] == ["dear:7", "backup:42"]
    assert await log_of(shop) == [
        "#7 remove backup:7",
        "#7 order dear:7 backup:7 backup:42",
        "#7 add dear:7",
        "#7 add backup:42",
        "#7 add backup:7",
    ]


@pytest.mark.parametrize(
    "call, code",
    [
        (("add", "999", "backup:7"), "admin.no_service"),
        (("add", "7", "backup"), "route.bad_ref"),
        (("add", "7", "nobody:7"), "route.no_provider"),
        (("add", "7", "off:7"), "route.no_provider"),
        (("add", "7", "backup:999"), "route.no_provider_service"),
        (("add", "7", "main:7"), "route.is_primary"),
        (("add", "7", "backup:6"), "route.wrong_type"),
        (("add", "7", "backup:40"), "route.wrong_type"),
        (("add", "7", "backup:43"), "route.no_overlap"),
        (("add", "7", "backup:42"), "route.already"),
        (("remove", "7", "backup:7"), "route.not_on_route"),
        (("remove", "7", "backup:x y"), "route.bad_ref"),
        (("order", "7", ["backup:42"]), "route.order_mismatch"),
        (("order", "7", ["backup:42", "dear:7", "dear:7"]), "route.order_mismatch"),
        (("order", "7", ["backup:42", "dear:8"]), "route.order_mismatch"),
        (("order", "7", ["dear:7", "backup:42", "backup:7"]), "route.order_mismatch"),
    ],
)
async def test_every_bad_input_is_refused_and_changes_nothing(shop, call, code):
    await shop.routes.add(ADMIN, "7", "backup:42")
    await shop.routes.add(ADMIN, "7", "dear:7")
    before, logged = await refs(shop), await log_of(shop)
    action, service, arg = call
    run = {"add": shop.routes.add, "remove": shop.routes.remove, "order": shop.routes.reorder}[action]
    with pytest.raises(InputError) as refused:
        await run(ADMIN, service, arg)
    assert refused.value.code == code
    for lang in ("en", "vi"):  # the admin reads it: every value its text needs is there
        assert "{" not in t(lang, code, **refused.value.values)
    assert await refs(shop) == before and await log_of(shop) == logged


async def test_a_fallback_taking_part_of_the_range_is_added_with_a_warning(shop):
    change = await shop.routes.add(ADMIN, "7", "backup:44")
    assert change.partial_range is not None and change.partial_range.ref == "backup:44"
    assert await refs(shop) == ["backup:44"]


async def test_a_fallback_gone_from_its_catalog_is_shown_gone(shop):
    await shop.routes.add(ADMIN, "7", "backup:42")
    del shop.backup.services[42]
    await shop.catalog.sync("backup")
    [stop] = (await shop.routes.route("7")).fallbacks
    assert (stop.ref, stop.problem, stop.service) == ("backup:42", Problem.GONE, None)


async def test_suggestions_are_similar_compatible_and_affordable_cheapest_first_among_equals(shop):
    route = await shop.routes.route("7")
    assert [s.ref for s in route.suggestions] == ["backup:42", "backup:7"], (
        "not 40 (a package), 41 (min 100), 43/44 (range), dear:7 (above the shop price), main's own"
    )
    assert route.fallbacks == [], "suggesting adds nothing"
    await shop.routes.add(ADMIN, "7", "backup:42")
    assert [s.ref for s in (await shop.routes.route("7")).suggestions] == ["backup:7"], "not one already on it"
    packages = await shop.routes.route("5")  # Facebook page likes package
    assert [s.ref for s in packages.suggestions] == ["backup:5"]


def test_similarity_is_the_share_of_words_in_common():
    assert similarity("Facebook post likes", "facebook POST likes") == 1
    assert similarity("Facebook post likes", "Tiktok views") == 0
    assert similarity("Facebook post likes | Refill 30 days", "Facebook post likes") == 1, "no noise words"
    assert similarity("Tiktok likes | Refill 30 days", "Facebook post likes | Refill 30 days") == Decimal("0.25")


# --- end to end: the real bot, the fake Telegram server, main's sandbox over HTTP and a sandbox `backup` ---


async def test_route_suggestion_button_adds_the_fallback_once(launch):
    backup = {"backup": {"sandbox_price_percent": 120, "currency": "VND"}}  # a second sandbox panel, by settings
    async with launch(admin_ids=str(ADMIN), providers=backup) as running:
        boss, mallory = running.user(ADMIN, "Boss"), running.user(6001, "Mallory")
        boss.send("/route 7")
        shown = await boss.expect("Route of #7")
        assert "Primary: main:7 Facebook post likes" in shown.text and "No fallbacks yet" in shown.text
        assert "backup:7 Facebook post likes | Refill 30 days · 21,600 VND (21,600 VND) · 50–50000" in shown.text
        data = shown.button("Add backup:7 as fallback")["callback_data"]

        mallory.press_data(data, shown)  # a customer forging the admin's button
        await eventually(lambda: mallory.toasts, equals=["This menu has expired. Here is a fresh one."])
        assert [s.ref for s in (await running.shop.routes.route("7")).fallbacks] == []

        boss.press("Add backup:7 as fallback", shown)
        edited = await boss.expect("1. backup:7")
        assert "No fallbacks yet" not in edited.text and not edited.buttons, "added: no longer suggested"
        boss.press_data(data, edited)  # pressed again (a second tap, or another admin's)
        await eventually(lambda: boss.toasts[-1:], equals=["backup:7 is on the route of #7 already."])
        assert [s.ref for s in (await running.shop.routes.route("7")).fallbacks] == ["backup:7"], "added once"

        boss.send("/route 7 add backup:6")
        await boss.expect("backup:6 is of type Custom Comments; #7 needs Default.")
        boss.send("/route 7 remove backup:7")
        await boss.expect("No fallbacks yet")
        boss.send("/route 7 jump")
        await boss.expect("Usage: /route SERVICE")
