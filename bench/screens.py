"""What the screens cost for a customer with many orders: SQL statements and milliseconds per press.

A customer with N orders (default 3 700: Completed, Partial, In progress, Canceled, some refilled) and one
with 30 are written straight into a store; each screen is timed 3 times (min / median, ms; times are
noisy, statement counts are not) and its statements counted with `Database.traced()`.

    python bench/screens.py               # 3 700 orders
    python bench/screens.py --orders 20000
Target: My orders <= 10 statements and <= 50 ms at 3 700 orders, the same count as with 30.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.config import Settings
from bot.panel import PanelClient
from bot.panel.sandbox import SANDBOX_URL, ManualClock, SandboxPanel, SandboxTransport
from bot.shop.shop import Shop
from tests.crowd import seed_orders
from tests.harness import db_of

PAGE = 5  # the bot's page size (bot/telegram/keyboards.PAGE_SIZE)


async def measure(shop: Shop, screen: Callable[[], Awaitable[object]]) -> tuple[int, float, float]:
    """(statements, min ms, median ms) of 3 runs."""
    async with db_of(shop).traced() as statements:
        await screen()
    times = []
    for _ in range(3):
        started = time.perf_counter()
        await screen()
        times.append((time.perf_counter() - started) * 1000)
    return len(statements), min(times), statistics.median(times)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=3_700)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        panel = SandboxPanel(key="k", clock=ManualClock())
        client = PanelClient(SANDBOX_URL, "k", transport=SandboxTransport(panel), read_retries=0)
        settings = Settings(_env_file=None, database_path=Path(directory) / "screens.sqlite3", shop_currency="VND")
        shop = await Shop.open(settings, client)
        await shop.catalog.sync()
        sizes = {1: 30, 2: args.orders}
        for user_id, count in sizes.items():
            await shop.customers.register(user_id, None, f"Customer {user_id}")
            await shop.wallet.apply(user_id, Decimal(10**9), "deposit", f"deposit:{user_id}")
            await seed_orders(db_of(shop), user_id, count, user_id * 1_000_000)
        done = {  # each customer's newest Completed order: its screen shows the Refill decision
            row["user_id"]: row["id"]
            for row in await db_of(shop).fetch_all(
                "SELECT user_id, max(id) AS id FROM orders WHERE state = 'completed' GROUP BY user_id"
            )
        }
        last_page = -(-args.orders // PAGE) - 1
        print(f"orders: 30 vs {args.orders}; page size {PAGE}; ms are min / median of 3 (noisy)")
        print(f"{'screen':<22} {'stmts (30)':>10} {'stmts (N)':>10} {'ms min':>8} {'ms median':>10}")
        for name, make in {
            "My orders, page 1": lambda user: lambda: shop.my_orders.page(user, 0, PAGE),
            "My orders, page 40": lambda user: lambda: shop.my_orders.page(user, 39, PAGE),
            "My orders, last page": lambda user: lambda: shop.my_orders.page(user, last_page, PAGE),
            "one order": lambda user: lambda: shop.my_orders.view(user, done[user]),
            "/user": lambda user: lambda: shop.desk.user_report(str(user)),
            "/order": lambda user: lambda: shop.desk.order_view(str(done[user])),
        }.items():
            few, _, _ = await measure(shop, make(1))
            many, fastest, median = await measure(shop, make(2))
            print(f"{name:<22} {few:>10} {many:>10} {fastest:>8.1f} {median:>10.1f}")
        await shop.close()


if __name__ == "__main__":
    asyncio.run(main())
