"""The screens a customer or an admin opens cost the same few SQL statements with 30 orders or 3 700.

A long-time customer must not wait longer for My orders than a new one: every screen asks the store a
fixed number of questions (BEGIN and COMMIT count), never one per order.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.config import Settings
from bot.panel import PanelClient
from bot.panel.sandbox import SANDBOX_URL, ManualClock, SandboxPanel, SandboxTransport
from bot.shop.shop import Shop
from tests.crowd import seed_orders
from tests.harness import db_of

FEW, MANY = 30, 3_700
LIMIT = 10
PAGE = 5


@pytest.fixture
async def shop(tmp_path):
    panel = SandboxPanel(key="k", clock=ManualClock())
    client = PanelClient(SANDBOX_URL, "k", transport=SandboxTransport(panel), read_retries=0)
    settings = Settings(_env_file=None, database_path=tmp_path / "db.sqlite3", shop_currency="VND")
    shop = await Shop.open(settings, client)
    await shop.catalog.sync()
    for user_id, count, first_panel_id in ((1, FEW, 10_000), (2, MANY, 20_000)):
        await shop.customers.register(user_id, f"user{user_id}", f"Customer {user_id}")
        await shop.wallet.apply(user_id, Decimal(10**9), "deposit", f"deposit:{user_id}")
        await seed_orders(db_of(shop), user_id, count, first_panel_id)
    yield shop
    await shop.close()


async def costs(shop: Shop, user_id: int) -> dict[str, int]:
    """The statements each screen runs for this customer."""
    db = db_of(shop)
    done = await db.fetch_one(
        "SELECT id FROM orders WHERE user_id = ? AND state = 'completed' ORDER BY id LIMIT 1", (user_id,)
    )
    assert done is not None
    screens = {
        "my orders, page 1": lambda: shop.my_orders.page(user_id, 0, PAGE),
        "my orders, page 3": lambda: shop.my_orders.page(user_id, 2, PAGE),
        "one order": lambda: shop.my_orders.view(user_id, done["id"]),
        "/user": lambda: _user_screen(shop, user_id),
        "/order": lambda: shop.desk.order_view(str(done["id"])),
    }
    counted = {}
    for name, screen in screens.items():
        async with db.traced() as statements:
            await screen()
        counted[name] = len(statements)
    return counted


async def _user_screen(shop: Shop, user_id: int) -> None:
    await shop.desk.user_report(str(user_id))
    await shop.currency()


async def test_my_orders_and_the_admin_screens_cost_the_same_for_30_orders_and_3700(shop):
    few, many = await costs(shop, 1), await costs(shop, 2)
    assert many == few, f"a screen costs more with more orders: {few} → {many}"
    assert max(many.values()) <= LIMIT, many


class RefillsAccepted:
    """A panel that accepts every refill asked for (the sandbox does not know the seeded orders)."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    async def refills(self, by_panel_id):
        self.asked += by_panel_id
        return {panel_id: f"refill-{panel_id}" for panel_id in by_panel_id}


async def test_refill_all_costs_the_same_for_few_and_many_eligible_orders(shop):
    panel = shop.my_orders.refills.interactive = RefillsAccepted()
    db = db_of(shop)
    counted, results = [], []
    for user_id in (1, 2):
        async with db.traced() as statements:
            results.append(await shop.my_orders.refill_all(user_id))
        writes = [s for s in statements if s.startswith("INSERT INTO refills")]
        assert len(writes) == results[-1].accepted, "one row per refill, written in one go"
        counted.append(len(statements) - len(writes))
    few, many = results
    assert few.accepted < many.accepted == many.eligible == len(panel.asked) - few.accepted
    assert counted[0] == counted[1] <= LIMIT, counted
    assert not (await shop.my_orders.page(2, 0, PAGE)).any_refillable, "every eligible order was just refilled"


async def test_refill_all_offers_exactly_the_orders_whose_own_screen_offers_refill(shop):
    eligible = {order.id for order in await shop.my_orders._refillable(2)}
    rows = await db_of(shop).fetch_all("SELECT id FROM orders WHERE user_id = 2 ORDER BY id LIMIT 120")
    offered = {row["id"] for row in rows if (await shop.my_orders.view(2, row["id"])).can_refill}
    sample = {row["id"] for row in rows}
    assert offered == eligible & sample
    assert offered and sample - offered, "the sample has orders of both kinds"
