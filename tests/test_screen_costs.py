"""The screens a customer or an admin opens cost the same few SQL statements with 30 orders or 3 700.

A long-time customer must not wait longer for My orders than a new one: every screen asks the store a
fixed number of questions (BEGIN and COMMIT count), never one per order.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.config import Settings
from bot.panel import PanelClient, PanelUnavailable
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
    """A panel that accepts every refill asked for (the sandbox does not know the seeded orders); with `fail_at`,
    that call of it fails instead, as a panel going down part-way."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.asked: list[str] = []
        self.calls = 0
        self.fail_at = fail_at

    async def refills(self, by_panel_id):
        self.calls += 1
        if self.calls == self.fail_at:
            raise PanelUnavailable("the panel went down")
        self.asked += by_panel_id
        return {panel_id: f"refill-{panel_id}" for panel_id in by_panel_id}


async def test_refill_all_costs_the_same_for_few_and_many_eligible_orders(shop):
    panel = shop.my_orders.refills.interactive["main"] = RefillsAccepted()
    db = db_of(shop)
    counted, results = [], []
    for user_id in (1, 2):
        async with db.traced() as statements:
            results.append(await shop.my_orders.refill_all(user_id))
        writes = [s for s in statements if s.startswith("INSERT INTO refills")]
        assert len(writes) == results[-1].accepted, "one row per refill, written in one go"
        calls = -(-results[-1].eligible // 100)  # each call's refills are recorded before the next is sent
        counted.append(len(statements) - len(writes) - 2 * calls)  # its own short transaction: BEGIN, COMMIT
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


async def test_refill_all_records_what_the_panel_took_before_it_went_down(shop):
    """392 eligible orders are four calls; the third fails. The 200 refills the panel took keep their cooldown,
    and the next Refill all asks only for the others."""
    panel = shop.my_orders.refills.interactive["main"] = RefillsAccepted(fail_at=3)
    first = await shop.my_orders.refill_all(2)
    assert first.panel_busy and len(panel.asked) == 200

    panel.fail_at = None
    second = await shop.my_orders.refill_all(2)
    assert second.accepted == second.eligible == first.eligible - 200
    assert len(panel.asked) == len(set(panel.asked)) == first.eligible, "no order was asked for twice"
