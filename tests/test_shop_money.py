"""The shop's money rules without Telegram: placement once, recovery, refunds, the ledger."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.config import Settings
from bot.panel import OrderState, OrderStatus, PanelClient
from bot.panel.sandbox import SANDBOX_URL, ManualClock, SandboxPanel, SandboxTransport
from bot.shop.drafts import Draft
from bot.shop.ordering import Outcome
from bot.shop.shop import Shop
from bot.store import Database, LedgerRepo
from bot.store.orders import OrderRepo
from tests.harness import db_of, orders_of, place_now


@pytest.fixture
async def shop(tmp_path):
    panel = SandboxPanel(key="k", clock=ManualClock(), pending_seconds=0, progress_seconds=0)
    client = PanelClient(SANDBOX_URL, "k", transport=SandboxTransport(panel), read_retries=0)
    shop = await Shop.open(Settings(_env_file=None, database_path=tmp_path / "db.sqlite3", bot_token="1:x"), client)
    shop.sandbox = panel
    await shop.catalog.sync()
    await shop.customers.register(1, None, "A")
    await shop.wallet.apply(1, Decimal(100000), "deposit", "d1")
    yield shop
    await shop.close()


async def _place(shop, draft):
    return await place_now(shop, 1, draft)


async def test_the_same_summary_card_is_placed_once_even_by_two_tasks(shop):
    card = await shop.ordering.quote(1, Draft("7", link="https://facebook.com/p/1", quantity=1000))
    first, second = await asyncio.gather(*(shop.ordering.place(1, card.quote.id) for _ in range(2)))
    assert sorted([first.outcome, second.outcome]) == [Outcome.ALREADY, Outcome.PLACED]
    assert len(shop.sandbox.actions("add")) == 1
    assert await shop.customers.balance(1) == Decimal(100000 - 23400)


async def test_an_order_interrupted_while_placing_becomes_uncertain_not_resent(shop):
    async with db_of(shop).transaction() as tx:
        order_id = await OrderRepo(tx).create(
            token="t",
            user_id=1,
            service_id="7",
            link="https://f.com/x",
            quantity=100,
            extras={},
            price=Decimal(2340),
            cost=Decimal(1800),
            currency="VND",
        )
    [stuck] = await shop.ordering.recover_interrupted()
    assert stuck.id == order_id and (await orders_of(shop).get(order_id)).state == "uncertain"
    assert await shop.ordering.recover_interrupted() == []
    assert shop.sandbox.actions("add") == []


@pytest.mark.parametrize(
    "status, refund",
    [
        (OrderStatus("Canceled", OrderState.CANCELED, remains=1000), Decimal(23400)),
        (OrderStatus("Partial", OrderState.PARTIAL, remains=335), Decimal(7839)),  # 23 400 × 335 / 1000, rounded down
        (OrderStatus("Partial", OrderState.PARTIAL, remains=-5), Decimal(0)),
        (OrderStatus("Partial", OrderState.PARTIAL, remains=5000), Decimal(23400)),  # clamped: never more than paid
        (OrderStatus("Partial", OrderState.PARTIAL, remains=None), Decimal(0)),  # unknown: admins decide
        (OrderStatus("Completed", OrderState.COMPLETED, remains=0), Decimal(0)),
        (OrderStatus("Fail", OrderState.FAILED), Decimal(0)),
    ],
)
async def test_final_states_refund_once(shop, status, refund):
    placed = await _place(shop, Draft("7", link="https://facebook.com/p/2", quantity=1000))
    for _ in range(3):
        await shop.tracking.apply(placed.order.id, status)
    assert await shop.customers.balance(1) == Decimal(100000 - 23400) + refund
    later = OrderStatus("Completed", OrderState.COMPLETED, remains=0)
    await shop.tracking.apply(placed.order.id, later)
    expected_state = "completed" if not status.state.is_final else status.state.value
    assert (await orders_of(shop).get(placed.order.id)).state == expected_state, "a final state is never changed"


async def test_admins_may_order_without_a_wallet(tmp_path):
    panel = SandboxPanel(key="k", pending_seconds=0, progress_seconds=0)
    client = PanelClient(SANDBOX_URL, "k", transport=SandboxTransport(panel))
    settings = Settings(_env_file=None, database_path=tmp_path / "db.sqlite3", admin_ids="9", admins_order_free=True)
    shop = await Shop.open(settings, client)
    await shop.catalog.sync()
    await shop.customers.register(9, None, "Boss")
    draft = Draft("7", link="https://facebook.com/p/3", quantity=1000)
    placed = await place_now(shop, 9, draft)
    assert placed.outcome is Outcome.PLACED and await shop.customers.balance(9) == 0
    await shop.close()


# --- the ledger: a property ---------------------------------------------------------------------

events = st.lists(
    st.tuples(
        st.sampled_from(["deposit", "charge", "refund", "adjustment"]),
        st.decimals(min_value=Decimal("-1000000"), max_value=Decimal("1000000"), places=2),
        st.integers(0, 15),
    ),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(events)
def test_the_wallet_is_the_sum_of_its_ledger_and_a_key_counts_once(sequence):
    async def run():
        db = await Database.open(":memory:")
        await db.execute("INSERT INTO users (id, first_name, created_at, last_seen_at) VALUES (1, 'a', 'n', 'n')")
        applied: dict[str, Decimal] = {}
        for kind, amount, key_number in sequence:
            key = f"event:{key_number}"
            async with db.transaction() as tx:
                written = await LedgerRepo(tx).add(user_id=1, amount=amount, kind=kind, key=key)
            assert written == (key not in applied)
            applied.setdefault(key, amount)
        balance = await LedgerRepo(db).balance(1)
        await db.close()
        return balance, sum(applied.values(), Decimal(0))

    balance, expected = asyncio.run(run())
    assert balance == expected
