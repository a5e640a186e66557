"""Every statement the hot paths really run finds its rows through an index, in a store of a few hundred orders.

Each scenario runs the shop's own use case under `Database.traced()`; every SELECT, UPDATE and DELETE it ran
(parameters filled in) is then asked `EXPLAIN QUERY PLAN`. A full scan of orders, ledger, outbox or users fails
the test with the statement and its plan. A scan of a partial index is bounded by what the index holds (the
orders still tracked, the messages still waiting) and passes; a scan of any other index is a full scan.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Awaitable, Callable
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bench.seed import seed
from bot.config import Settings
from bot.panel import PanelClient
from bot.panel.sandbox import SANDBOX_URL, ManualClock, SandboxPanel, SandboxTransport
from bot.panel.sandbox.panel import SandboxOrder
from bot.shop.my_orders import OrderAct
from bot.shop.shop import Shop
from tests.harness import db_of

WATCHED = {"orders", "ledger", "outbox", "users"}
CUSTOMER = 100_007  # a seeded customer


@pytest.fixture
async def shop(tmp_path):
    path = tmp_path / "shop.sqlite3"
    seeded = seed(path, orders=600, customers=150, services=40, moving=200)
    clock = ManualClock()
    panel = SandboxPanel(key="k", clock=clock, pending_seconds=10, progress_seconds=60)
    for number, order in enumerate(seeded.moving):  # every answer of a sync: some Canceled or Partial (refunds)
        panel_id = int(order.panel_order_id)
        outcome = ("canceled", "partial", "completed")[number % 3]
        panel.state.orders[panel_id] = SandboxOrder(
            panel_id, 1, "https://facebook.com/p/1", order.quantity, Decimal(18), clock() - 30, outcome, 500
        )
    client = PanelClient(SANDBOX_URL, "k", transport=SandboxTransport(panel), read_retries=0)
    shop = await Shop.open(Settings(_env_file=None, database_path=path, admin_ids="1"), client)
    shop.clock = clock
    shop.path = path
    yield shop
    await shop.close()


async def status_sync(shop) -> None:
    await shop.tracking.sync_orders()  # in progress
    shop.clock.advance(100)
    report = await shop.tracking.sync_orders()  # final: Completed, Partial and Canceled, with refunds
    assert any(change.refund > 0 for change in report.changes)


async def my_orders(shop) -> None:
    user_id = await _busiest(shop)
    page = await shop.my_orders.page(user_id, 0, 5)
    await shop.my_orders.page(user_id, 1, 5)
    for order in page.orders[:3]:
        await shop.my_orders.view(user_id, order.id)
    await shop.my_orders.view(user_id, page.orders[0].id, OrderAct.REFRESH)


async def outbox(shop) -> None:
    due = await shop.outbox.due(20)
    for message in due[:3]:
        await shop.outbox.mark_sent(message.id)
    await shop.outbox.pending_count()


async def stats(shop) -> None:
    for period in ("today", "7d", "30d", "all"):
        await shop.desk.stats(period)
    await shop.desk.daily("7d", ZoneInfo("Asia/Ho_Chi_Minh"))


async def wallet(shop) -> None:
    await shop.wallet.balance(CUSTOMER)
    await shop.wallet.history(CUSTOMER)


async def _busiest(shop) -> int:
    row = await db_of(shop).fetch_one(
        "SELECT user_id FROM orders WHERE user_id IN (SELECT id FROM users) GROUP BY user_id ORDER BY count(*) DESC"
    )
    assert row is not None
    return row["user_id"]


SCENARIOS: list[Callable[..., Awaitable[None]]] = [status_sync, my_orders, outbox, stats, wallet]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.__name__)
async def test_hot_statements_use_an_index(shop, scenario):
    async with db_of(shop).traced() as statements:
        await scenario(shop)
    checked = full_scans(shop.path, statements)
    assert checked.count > 0, "the scenario ran no query"
    assert not checked.problems, "full scans:\n\n" + "\n\n".join(checked.problems)


async def test_referral_rewards_use_an_index(shop):
    """The status sync with rewards on (every customer invited by one), and the screens and reports that read
    the rewards."""
    inviter = await _busiest(shop)
    await db_of(shop).execute("UPDATE users SET referrer_id = ? WHERE id != ?", (inviter, inviter))
    shop.referrals.percent = Decimal(10)
    async with db_of(shop).traced() as statements:
        await status_sync(shop)
        assert (await shop.referrals.invitation(inviter)).earned > 0
        await shop.referrals.report("30")
        await shop.desk.user_report(str(inviter))
    checked = full_scans(shop.path, statements)
    assert any("referral" in statement for statement in statements)
    assert not checked.problems, "full scans:\n\n" + "\n\n".join(checked.problems)


class Checked:
    def __init__(self) -> None:
        self.count = 0
        self.problems: list[str] = []


_TABLE = re.compile(  # a table and its alias: `FROM orders o`, `JOIN ledger AS l`
    r"\b(?:FROM|JOIN|UPDATE|INTO)\s+(\w+)(?:\s+(?:AS\s+)?(?!WHERE|ON|SET|JOIN|LEFT|ORDER|GROUP|INDEXED)(\w+))?", re.I
)
_STEP = re.compile(r"^(SCAN|SEARCH) (\w+)(?: USING (?:COVERING )?INDEX (\w+))?")


def full_scans(path, statements: list[str]) -> Checked:
    """`EXPLAIN QUERY PLAN` of each distinct SELECT/UPDATE/DELETE; a full scan of a watched table is a problem."""
    checked = Checked()
    with sqlite3.connect(path) as conn:
        indexes = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'")
        partial = {name for name, sql in indexes if sql and " WHERE " in sql.upper()}
        for statement in dict.fromkeys(statements):
            if not statement.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE", "WITH")):
                continue
            checked.count += 1
            aliases = {}
            for table, alias in _TABLE.findall(statement):
                aliases[table.lower()] = table.lower()
                if alias:
                    aliases[alias.lower()] = table.lower()
            plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {statement}")]
            for step in plan:
                match = _STEP.match(step)
                if not match or match.group(1) != "SCAN":
                    continue
                table = aliases.get(match.group(2).lower(), match.group(2).lower())
                if table in WATCHED and match.group(3) not in partial:
                    checked.problems.append(f"{statement}\n  plan: " + "\n        ".join(plan))
                    break
    return checked


def test_the_checker_sees_a_full_scan(tmp_path):
    path = tmp_path / "s.sqlite3"
    seed(path, orders=20, customers=5, services=3)
    checked = full_scans(
        path,
        [
            "SELECT * FROM orders o WHERE o.link = 'x'",
            "SELECT * FROM orders WHERE id = 3",
            "BEGIN IMMEDIATE",
            "SELECT count(*) FROM ledger",
        ],
    )
    assert checked.count == 3
    assert [problem.splitlines()[0] for problem in checked.problems] == [
        "SELECT * FROM orders o WHERE o.link = 'x'",
        "SELECT count(*) FROM ledger",
    ]
