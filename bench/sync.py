"""How the status sync scales: one sync of 10 000 and of 100 000 tracked orders, side by side in one run.

Each size gets a seeded store (`bench/seed.py`: a busy shop's mix of states, ledger and pushes, plus N orders in
motion), copied afresh for each of 3 runs; the sandbox panel (in process) holds the tracked orders at every stage:
pending, in progress, and finished Completed, Partial or Canceled (the last two refund). Setting up is not
measured. Printed per size: panel calls, SQL statements SQLite ran (`Database.traced`, in a 4th, untimed
run; executemany counts each row) and round trips to the database thread, the changes and refunds, and
min / median of 3 wall times; then the ratio of the two sizes. Times are noisy (a shared machine); counts are exact.

    python bench/sync.py                       # N = 10 000 and 100 000, panel latency 0
    python bench/sync.py --sizes 1000 10000 --latency 0.02
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.seed import seed
from bot.config import Settings
from bot.panel import PanelClient
from bot.panel.sandbox import SANDBOX_URL, ManualClock, SandboxPanel, SandboxTransport
from bot.panel.sandbox.panel import SandboxOrder
from bot.shop.shop import Shop
from tests.harness import db_of

RUNS = 3
OUTCOMES = ("canceled", "partial", *["completed"] * 8)  # a fifth of the finished ones refund


@dataclass
class Run:
    seconds: float
    calls: int
    statements: int
    round_trips: int
    tracked: int
    changes: int
    refunds: int


def template(size: int, directory: Path) -> Path:
    """A store with `size` orders in motion among a quarter more finished ones."""
    path = directory / f"template-{size}.sqlite3"
    seeded = seed(path, orders=size + size // 4, customers=max(size // 2, 1), services=6_000, moving=size)
    print(
        f"  seeded {seeded.orders} orders ({len(seeded.moving)} tracked), {seeded.ledger} ledger rows in "
        f"{seeded.seconds:.1f} s"
    )
    return path


def copy(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


async def one_run(store: Path, latency: float, rng: random.Random, traced: bool = False) -> Run:
    clock = ManualClock()
    panel = SandboxPanel(key="k", clock=clock, pending_seconds=10, progress_seconds=60)
    client = PanelClient(SANDBOX_URL, "k", transport=SandboxTransport(panel), read_retries=0)
    shop = await Shop.open(Settings(_env_file=None, database_path=store), client)
    db = db_of(shop)
    tracked = await shop.tracking.orders.tracked()
    for order in tracked:
        assert order.panel_order_id is not None
        panel_id = int(order.panel_order_id)
        panel.state.orders[panel_id] = SandboxOrder(
            panel_id,
            int(order.service_id),
            order.link,
            order.quantity,
            Decimal(18),
            clock() - rng.uniform(0, 140),  # about half finished by now, the rest pending or in progress
            OUTCOMES[panel_id % len(OUTCOMES)],
            500,
        )
    del tracked, order  # the harness's copy: not held while the sync is timed
    panel.set_profiles("latency", latency=latency)
    round_trips = 0
    conn = db._conn
    execute, executemany, fetchall = conn.execute, conn.executemany, conn.execute_fetchall

    def counted(call):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            nonlocal round_trips
            round_trips += 1
            return call(*args, **kwargs)

        return wrapper

    conn.execute, conn.executemany = counted(execute), counted(executemany)  # type: ignore[method-assign]
    conn.execute_fetchall = counted(fetchall)  # type: ignore[method-assign]
    calls_before = len(panel.actions("status"))
    started = time.perf_counter()
    if traced:
        async with db.traced() as statements:
            report = await shop.tracking.sync_orders()
    else:
        statements = []
        report = await shop.tracking.sync_orders()
    seconds = time.perf_counter() - started
    conn.execute, conn.executemany, conn.execute_fetchall = execute, executemany, fetchall  # type: ignore[method-assign]
    refunds = sum(1 for change in report.changes if change.refund > 0)
    run = Run(
        seconds,
        len(panel.actions("status")) - calls_before,
        len(statements),
        round_trips,
        report.tracked,
        len(report.changes),
        refunds,
    )
    await shop.close()
    return run


async def measure(size: int, latency: float, directory: Path) -> list[Run]:
    source = template(size, directory)
    runs = []
    for number in range(RUNS + 1):  # the last one counts statements: tracing costs time, so it is not timed
        store = directory / f"run-{size}-{number}.sqlite3"
        copy(source, store)
        runs.append(await one_run(store, latency, random.Random(number), traced=number == RUNS))
        store.unlink()
    counted = runs.pop()
    first, times = counted, [run.seconds for run in runs]
    batches = -(-first.tracked // 100)
    print(
        f"{first.tracked:>7} tracked | {first.calls:>5} status calls (ceil(N/100) = {batches}) | "
        f"{first.statements:>7} statements, {first.round_trips:>6} round trips ({first.round_trips / batches:.1f} "
        f"per batch) | {first.changes:>6} changes, {first.refunds:>6} refunds | "
        f"min {min(times):6.2f} s, median {statistics.median(times):6.2f} s"
    )
    return [counted, *runs]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--latency", type=float, default=0.0, help="seconds the panel takes per answer")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # the orders told late to the admins, one line each
    print(
        f"panel latency {args.latency * 1000:.0f} ms; at most {Settings(_env_file=None).panel_max_concurrency} "
        f"calls in flight; {RUNS} runs each; target: 100 000 orders <= 10 s and <= 10x the 10 000-order time"
    )
    results = {}
    with tempfile.TemporaryDirectory() as directory:
        for size in args.sizes:
            results[size] = await measure(size, args.latency, Path(directory))
    sizes = sorted(results)
    for small, large in itertools.pairwise(sizes):
        low = [run.seconds for run in results[small][1:]]
        high = [run.seconds for run in results[large][1:]]
        print(
            f"{large} / {small} orders: time x{min(high) / min(low):.1f} (min), "
            f"x{statistics.median(high) / statistics.median(low):.1f} (median); "
            f"statements x{results[large][0].statements / results[small][0].statements:.1f}"
        )


if __name__ == "__main__":
    asyncio.run(main())
