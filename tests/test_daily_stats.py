"""`/stats`' chart data without Telegram: orders and revenue per day, zeros for empty days, Decimal sums."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.config import Settings
from bot.panel import PanelClient
from bot.panel.sandbox import SANDBOX_URL, ManualClock, SandboxPanel, SandboxTransport
from bot.shop.inputs import InputError
from bot.shop.shop import Shop
from bot.store import OrderState
from tests.harness import db_of, orders_of

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
async def shop(tmp_path):
    panel = SandboxPanel(key="k", clock=ManualClock())
    client = PanelClient(SANDBOX_URL, "k", transport=SandboxTransport(panel), read_retries=0)
    shop = await Shop.open(Settings(_env_file=None, database_path=tmp_path / "db.sqlite3", bot_token="1:x"), client)
    await shop.catalog.sync()
    await shop.customers.register(1, None, "A")
    yield shop
    await shop.close()


async def order_at(shop, at: datetime, price: str, state: OrderState = OrderState.COMPLETED) -> None:
    """An order created at `at` (any zone) for `price`, in `state`."""
    number = len(await db_of(shop).fetch_all("SELECT id FROM orders"))
    order_id = await orders_of(shop).create(
        token=f"t{number}",
        user_id=1,
        service_id="7",
        link="https://facebook.com/p/1",
        quantity=100,
        extras={},
        price=Decimal(price),
        cost=Decimal(0),
        currency="VND",
    )
    created = at.astimezone(UTC).isoformat(timespec="seconds")
    await db_of(shop).execute("UPDATE orders SET state = ?, created_at = ? WHERE id = ?", (state, created, order_id))


async def test_every_day_of_the_period_with_zeros_and_exact_decimal_sums(shop):
    now = datetime.now(UTC)
    today = now.date()
    await order_at(shop, now, "0.1")
    await order_at(shop, now, "0.2", OrderState.PENDING)
    await order_at(shop, now, "999", OrderState.REFUSED)  # never placed: not counted, as in the text stats
    await order_at(shop, now, "999", OrderState.UNCERTAIN)
    await order_at(shop, now - timedelta(days=3), "23400", OrderState.CANCELED)  # placed (then refunded): counted
    await order_at(shop, now - timedelta(days=10), "5000")  # before the 7 days
    week = await shop.desk.daily("7d", ZoneInfo("UTC"))
    assert week.period == "7d"
    assert [d.day for d in week.days] == [today - timedelta(days=n) for n in range(6, -1, -1)]
    assert [d.orders for d in week.days] == [0, 0, 0, 1, 0, 0, 2]
    assert [d.revenue for d in week.days] == [0, 0, 0, Decimal(23400), 0, 0, Decimal("0.3")]
    assert all(type(d.revenue) is Decimal for d in week.days)
    assert str(week.days[-1].revenue) == "0.3"  # not 0.30000000000000004: summed as Decimal, not as SQLite REAL
    whole = await shop.desk.daily("all", ZoneInfo("UTC"))
    assert whole.days[0].day == today - timedelta(days=10) and len(whole.days) == 11
    assert sum(d.orders for d in whole.days) == 4 and sum(d.revenue for d in whole.days) == Decimal("28400.3")
    assert [(d.day, d.orders) for d in (await shop.desk.daily("today", ZoneInfo("UTC"))).days] == [(today, 2)]


async def test_no_orders_is_a_row_of_zeros(shop):
    month = await shop.desk.daily("30d", HCM)
    assert len(month.days) == 30 and month.days[-1].day == datetime.now(HCM).date()
    assert {(d.orders, d.revenue) for d in month.days} == {(0, Decimal(0))}
    assert [d.orders for d in (await shop.desk.daily("all", HCM)).days] == [0]  # just today


async def test_days_are_the_shop_s_days(shop):
    """An order at 23:00 UTC is on the next day in Ho Chi Minh City (UTC+7)."""
    today_hcm = datetime.now(HCM).date()
    late = datetime.combine(today_hcm - timedelta(days=2), time(23), UTC)  # 06:00 the next day in HCM
    await order_at(shop, late, "1000")
    week = await shop.desk.daily("7d", HCM)
    assert [d.day for d in week.days if d.orders] == [today_hcm - timedelta(days=1)]
    utc_week = await shop.desk.daily("7d", ZoneInfo("UTC"))
    assert [d.day for d in utc_week.days if d.orders] == [late.date()]


async def test_an_unknown_period_is_refused(shop):
    with pytest.raises(InputError) as refused:
        await shop.desk.daily("yearly", HCM)
    assert refused.value.code == "admin.bad_period"
