"""How the status sync scales: calls per sync and wall time, batched against one call per order.

N tracked orders are put straight into the sandbox panel and the shop's database
(setting up is not measured), the sandbox answers after a simulated latency, and one
full sync is timed. The naive sync (one `status` call per order, same concurrency)
is timed on a sample of the same orders in the same run and scaled up.

    python bench/sync.py                 # N = 1 000, 10 000, 100 000; latency 50 ms
    python bench/sync.py --sizes 1000 --latency 0.02
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.config import Settings
from bot.panel import PanelClient
from bot.panel.sandbox import SANDBOX_URL, ManualClock, SandboxPanel, SandboxTransport
from bot.panel.sandbox.panel import SandboxOrder
from bot.shop.shop import Shop
from bot.store.database import utcnow
from tests.harness import db_of, orders_of


async def build(size: int, latency: float, directory: Path) -> tuple[Shop, SandboxPanel, ManualClock]:
    clock = ManualClock()
    panel = SandboxPanel(key="k", clock=clock, pending_seconds=10, progress_seconds=60)
    client = PanelClient(SANDBOX_URL, "k", transport=SandboxTransport(panel), read_retries=0)
    shop = await Shop.open(Settings(_env_file=None, database_path=directory / f"bench-{size}.sqlite3"), client)
    await shop.catalog.sync()
    await shop.customers.register(1, None, "Bench")
    now = utcnow()
    rows = []
    for number in range(size):
        order_id = 1001 + number
        panel.state.orders[order_id] = SandboxOrder(
            order_id, 7, f"https://facebook.com/p/{number}", 1000, Decimal(18), clock(), "completed", 500
        )
        rows.append(
            (
                f"bench-{number}",
                1,
                "7",
                f"https://facebook.com/p/{number}",
                1000,
                "{}",
                "23400",
                "18000",
                "VND",
                "pending",
                str(order_id),
                now,
                now,
            )
        )
    async with db_of(shop).transaction() as tx:
        await tx._conn.executemany(
            "INSERT INTO orders (token, user_id, service_id, link, quantity, extras, price, cost, currency, state, "
            "panel_order_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    panel.set_profiles("latency", latency=latency)
    clock.advance(30)  # every order is now In progress: a sync has something to write for each
    return shop, panel, clock


async def naive_seconds(shop: Shop, sample: int) -> float:
    """One `status` call per order (same client, same concurrency limit), on `sample` orders."""
    ids = [order.panel_order_id for order in (await orders_of(shop).tracked())[:sample]]
    started = time.perf_counter()
    await asyncio.gather(*(shop._panel.status(order_id) for order_id in ids))
    return time.perf_counter() - started


async def measure(size: int, latency: float, sample: int, directory: Path) -> None:
    shop, panel, _ = await build(size, latency, directory)
    calls_before = len(panel.actions("status"))
    started = time.perf_counter()
    report = await shop.tracking.sync_orders()
    batched = time.perf_counter() - started
    calls = len(panel.actions("status")) - calls_before
    sample = min(sample, size)
    naive = await naive_seconds(shop, sample) * size / sample
    print(
        f"{size:>7} orders | batched: {calls:>5} status calls, {batched:7.2f} s, {len(report.changes):>6} changes"
        f" | naive: {size:>7} calls, ~{naive:8.1f} s (timed on {sample}) | speed-up ×{naive / batched:6.1f}"
    )
    await shop.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--latency", type=float, default=0.05, help="seconds the panel takes per answer")
    parser.add_argument("--sample", type=int, default=400, help="orders the naive sync is timed on")
    args = parser.parse_args()
    print(
        f"panel latency {args.latency * 1000:.0f} ms; at most {Settings(_env_file=None).panel_max_concurrency} "
        "calls in flight; target: calls = ceil(N/100), 10 000 orders in <= 2 s"
    )
    with tempfile.TemporaryDirectory() as directory:
        for size in args.sizes:
            await measure(size, args.latency, args.sample, Path(directory))


if __name__ == "__main__":
    asyncio.run(main())
