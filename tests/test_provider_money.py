"""Money per provider: each panel's balance watched apart (low, reminders, recovered, unreachable, back, runway),
what placement reads of it, a restart that repeats nothing, /pbalance listing every panel (a hanging one by its
last known balance) and /stats split by provider — with two sandbox panels, `main` and `backup`."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from bot.config import Settings
from bot.panel.sandbox import SandboxPanel, SandboxServer
from bot.shop.messages import AdminNotice
from bot.shop.ordering import refund_paid
from bot.shop.shop import Shop
from bot.store import LedgerRepo, OrderRepo, OrderState
from bot.telegram.pushes import render
from tests.conftest import eventually
from tests.harness import db_of, sandbox_client

GROUP = -100808
START = datetime(2030, 1, 1, 12, tzinfo=UTC)


def money_settings(tmp_path, **overrides) -> Settings:
    values: dict = dict(
        database_path=tmp_path / "db.sqlite3",
        admin_chat_id=GROUP,
        low_balance_threshold=Decimal(1000000),
        balance_remind_hours=6,
        panel_down_alert_minutes=10,
        panel_connect_timeout=0.2,
        panel_read_timeout=0.3,  # a scheduled check waits 0.5 s for each provider
        providers={"backup": {"low_balance_threshold": "1000000", "sandbox_price_percent": "150"}},
    )
    values.update(overrides)
    return Settings(_env_file=None, **values)


class TwoPanels:
    """Two in-process sandbox panels and the shops opened on them (a second `open` is a restart)."""

    def __init__(self, tmp_path) -> None:
        self.tmp_path = tmp_path
        self.main = SandboxPanel(key="main-key")
        self.backup = SandboxPanel(key="backup-key", price_percent=Decimal(150))
        self.shops: list[Shop] = []

    async def open(self, **overrides) -> Shop:
        settings = money_settings(self.tmp_path, **overrides)
        shop = await Shop.open(settings, sandbox_client(self.main), clients={"backup": sandbox_client(self.backup)})
        self.shops.append(shop)
        return shop

    async def close(self, shop: Shop) -> None:
        self.shops.remove(shop)
        await shop.close()


@pytest.fixture
async def panels(tmp_path):
    two = TwoPanels(tmp_path)
    yield two
    two.backup.release()
    for shop in list(two.shops):
        await two.close(shop)


async def notices(shop: Shop) -> list[str]:
    """The admin notices queued so far, as the admins read them (English)."""
    texts = []
    for due in await shop.outbox.due(1000):
        if isinstance(due.message, AdminNotice) and due.message.text.startswith(("admin.balance", "admin.provider")):
            rendered = render(due.message, "en")
            assert rendered is not None
            texts.append(rendered[0])
    return texts


async def test_backup_low_while_main_is_fine_one_alert_naming_backup_bounded_reminders_then_recovered(panels):
    shop = await panels.open()
    panels.backup.set_balance("400000")
    assert await shop.watch.check_all(START) == {"main": None, "backup": "low"}
    every_10_minutes = [START + timedelta(minutes=10 * n) for n in range(1, 6 * 12 + 1)]  # twelve hours
    events = [await shop.watch.check_all(moment) for moment in every_10_minutes]
    assert [e["backup"] for e in events if e["backup"]] == ["still_low", "still_low"], "one reminder per 6 h"
    assert not any(e["main"] for e in events), "main is fine: nothing about main"
    panels.backup.set_balance("3000000")
    assert await shop.watch.check_all(START + timedelta(hours=13)) == {"main": None, "backup": "recovered"}
    assert await shop.watch.check_all(START + timedelta(hours=14)) == {"main": None, "backup": None}
    texts = await notices(shop)
    assert [text.split(":")[0] for text in texts] == [
        "🔻 Balance of panel <b>backup</b> is low",
        "🔻 Balance of panel <b>backup</b> is still low",
        "🔻 Balance of panel <b>backup</b> is still low",
        "✅ Balance of panel <b>backup</b> recovered",
    ]
    assert "400000 VND (threshold 1000000)" in texts[0]


async def test_a_hanging_backup_does_not_delay_main_and_is_told_once_unreachable_then_back(panels):
    shop = await panels.open()
    panels.main.set_balance("600000")  # main is low: its news must come through while backup hangs
    panels.backup.hang("balance")
    started = time.monotonic()
    assert await shop.watch.check_all(START) == {"main": "low", "backup": None}
    assert time.monotonic() - started < 2, "bounded by the check's own limit, not the panel"
    assert await shop.watch.last_known("main") == Decimal(600000)
    assert await shop.watch.answered("main") and not await shop.watch.answered("backup")
    late = await shop.watch.check_all(START + timedelta(minutes=11))
    assert late == {"main": None, "backup": "unreachable"}
    assert await shop.watch.check_all(START + timedelta(minutes=21)) == {"main": None, "backup": None}
    panels.backup.release()
    assert await shop.watch.check_all(START + timedelta(minutes=31)) == {"main": None, "backup": "back"}
    texts = await notices(shop)
    assert [text.split(":")[0] for text in texts] == [
        "🔻 Balance of panel <b>main</b> is low",
        "📵 Panel <b>backup</b> has not answered for 11 minutes",
        "📶 Panel <b>backup</b> answers again.",
    ]
    assert "no answer within 0.5 s" in texts[1]


async def test_last_known_balance_per_provider_is_what_placement_reads(panels):
    shop = await panels.open()
    assert await shop.watch.last_known("backup") is None, "never asked yet"
    panels.main.set_balance("5000000")
    panels.backup.set_balance("123.45")
    assert await shop.watch.check_all(START) == {"main": None, "backup": "low"}
    assert await shop.watch.last_known("main") == Decimal(5000000)
    assert await shop.watch.last_known("backup") == Decimal("123.45")
    assert await shop.watch.last_known("nowhere") is None
    assert await shop.watch.check(START, provider="nowhere") is None, "a provider not enabled is not asked"
    panels.backup.set_balance("99")
    assert await shop.watch.check(START, provider="backup") is None, "told it is low once already"
    assert await shop.watch.last_known("backup") == Decimal(99)
    assert await shop.watch.last_known("main") == Decimal(5000000), "asking backup changes nothing of main"


async def test_a_restart_repeats_no_alert_and_keeps_mains_old_keys(panels):
    shop = await panels.open()
    panels.backup.set_balance("400000")
    panels.main.hang("balance")
    await shop.watch.check_all(START)
    assert await shop.watch.check_all(START + timedelta(minutes=11)) == {"main": "unreachable", "backup": None}
    await panels.close(shop)

    again = await panels.open()
    events = await again.watch.check_all(START + timedelta(minutes=20))
    assert events == {"main": None, "backup": None}, "low and unreachable were told before the restart"
    assert await again.watch.check_all(START + timedelta(hours=7)) == {"main": None, "backup": "still_low"}
    assert len(await notices(again)) == 3, "low, unreachable, still low: each once"
    values = dict(await db_of(again).fetch_all("SELECT key, value FROM shop_settings"))
    assert "panel_down_since" in values and "panel_down_alerted" in values, "main keeps the keys it always had"
    assert "balance_low_since:backup" in values and "panel_balance:backup" in values
    assert "balance_low_since" not in values


async def test_runway_is_each_providers_own_spend(panels):
    shop = await panels.open()
    await shop.catalog.sync()
    await shop.customers.register(1, None, "A")
    await served(shop, "backup", price=Decimal(300000), cost=Decimal(200000), panel_id="b1")
    await served(shop, "main", price=Decimal(3000000), cost=Decimal(2000000), panel_id="m1")
    panels.backup.set_balance("400000")
    await shop.watch.check(datetime.now(UTC), provider="backup")
    [low] = await notices(shop)
    assert "Runway: 48 h" in low, "400 000 at backup's 200 000 a day, main's spend not counted"


async def served(shop: Shop, provider: str, *, price: Decimal, cost: Decimal, panel_id: str) -> int:
    """An order placed on `provider` (placement itself is another test's business)."""
    repo = OrderRepo(db_of(shop))
    order_id = await repo.create(
        token=f"t-{provider}-{panel_id}",
        user_id=1,
        service_id="7",
        link=f"https://facebook.com/p/{panel_id}",
        quantity=1000,
        extras={},
        price=price,
        cost=cost,
        currency="VND",
        provider=provider,
        provider_service_id="7",
    )
    await repo.set_state(order_id, OrderState.PENDING, panel_order_id=panel_id)
    return order_id


async def test_stats_split_by_provider_with_cost_at_each_providers_rate(panels):
    shop = await panels.open(providers={"backup": {"currency": "USD", "rate": "25000"}})
    await shop.catalog.sync()
    await shop.customers.register(1, None, "A")
    await served(shop, "main", price=Decimal(23400), cost=Decimal(18000), panel_id="1")
    only_main = await shop.desk.stats("today")
    assert not only_main.split, "one provider served: no split"
    await served(shop, "backup", price=Decimal(70000), cost=Decimal(2), panel_id="1")  # 2 USD = 50 000 VND
    stats = await shop.desk.stats("today")
    assert stats.split and list(stats.by_provider) == ["main", "backup"]
    main, backup = stats.by_provider.values()
    assert (main.turnover, main.cost, main.margin) == (Decimal(23400), Decimal(18000), Decimal(5400))
    assert (backup.turnover, backup.cost, backup.margin) == (Decimal(70000), Decimal(50000), Decimal(20000))
    assert (stats.turnover, stats.cost, stats.margin) == (Decimal(93400), Decimal(68000), Decimal(25400))


# --- through the bot --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def backup_server():
    server = SandboxServer(SandboxPanel(key="backup-key-SECRET", price_percent=Decimal(150))).start()
    yield server
    server.stop()


@pytest.fixture
def backup(backup_server):
    backup_server.panel.reset()
    yield backup_server
    backup_server.panel.release()


async def test_pbalance_lists_both_panels_and_a_hanging_one_by_its_last_known_balance(launch, backup):
    providers = {"backup": {"api_url": backup.url, "api_key": "backup-key-SECRET", "currency": "USD", "rate": "25000"}}
    settings = dict(admin_ids="9301", panel_interactive_timeout=0.3, providers=providers)
    backup.panel.set_balance("12.5")
    async with launch(**settings) as running:
        boss = running.user(9301, "Boss")
        boss.send("/lowbalance backup 20")
        await boss.expect("Low-balance alert threshold of panel backup: 20 USD.")
        boss.send("/pbalance")
        fresh = await boss.expect("Panel balances")
        assert fresh.text.split("\n") == [
            "🏦 Panel balances (asked now):",
            "• main: 5,000,000 VND (low-balance alert off)",
            "• backup: 12.5 USD ≈ 312,500 VND (alert below 20 USD) 🔻 low",
        ]
        backup.panel.set_balance("40")
        backup.panel.hang("balance")
        started = time.monotonic()
        boss.send("/pbalance")
        stale = await boss.expect("no answer", timeout=3)
        assert time.monotonic() - started < 2, "within the interactive timeout"
        assert stale.text.split("\n")[1:] == [
            "• main: 5,000,000 VND (low-balance alert off)",
            "• backup: 12.5 USD ≈ 312,500 VND (alert below 20 USD) 🔻 low 📵 no answer: last known",
        ]
        boss.send("/lowbalance nowhere 5")
        await boss.expect("No panel “nowhere” (panels: main, backup).")


async def test_stats_in_the_bot_shows_the_split_only_when_two_providers_served(launch):
    async with launch(admin_ids="9302", providers={"backup": {"sandbox_price_percent": "150"}}) as running:
        await running.shop.customers.register(1, None, "A")
        boss = running.user(9302, "Boss")
        await served(running.shop, "main", price=Decimal(23400), cost=Decimal(18000), panel_id="1")
        boss.send("/stats")
        one = await boss.expect("Margin: 5,400 VND")
        assert "By panel" not in one.text
        await served(running.shop, "backup", price=Decimal(30000), cost=Decimal(27000), panel_id="1")
        boss.send("/stats")
        split = await boss.expect("Margin: 8,400 VND")
        assert split.text.split("\n")[-3:] == [
            "By panel",
            "• main: turnover 23,400 VND, cost 18,000 VND, margin 5,400 VND",
            "• backup: turnover 30,000 VND, cost 27,000 VND, margin 3,000 VND",
        ]
        await eventually(lambda: len(running.fake.messages(9302)) >= 4)  # the charts came too


async def test_stats_margin_ignores_refunds_of_orders_that_were_never_placed(panels):
    shop = await panels.open(providers={"backup": {"currency": "USD", "rate": "25000"}})
    await shop.catalog.sync()
    await shop.customers.register(1, None, "A")
    await served(shop, "main", price=Decimal(23400), cost=Decimal(18000), panel_id="1")
    db = db_of(shop)
    repo = OrderRepo(db)
    refused = await repo.create(
        token="t-refused",
        user_id=1,
        service_id="7",
        link="https://facebook.com/p/x",
        quantity=1000,
        extras={},
        price=Decimal(23400),
        cost=Decimal(1),
        currency="VND",
        provider="backup",
        provider_service_id="7",
    )
    async with db.transaction() as tx:
        await LedgerRepo(tx).add(
            user_id=1, amount=Decimal(-23400), kind="charge", key=f"order:{refused}:charge", reason="", order_id=refused
        )
        await repo.__class__(tx).set_state(refused, OrderState.REFUSED)
        await refund_paid(tx, refused, 1, "every panel refused")
    stats = await shop.desk.stats("today")
    assert stats.margin == Decimal(5400), "a refused order neither sold nor refunded anything"
    assert "backup" not in stats.by_provider or stats.by_provider["backup"].margin == 0
