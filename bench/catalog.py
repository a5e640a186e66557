"""What a catalog sync of a big panel costs the shop: SQL statements and how long it holds the write lock.

The sandbox panel lists N services (default 6 000 in 60 categories); `Catalog.sync` is run on a store that
has them already — unchanged, then with 60 repriced services — 3 times each. The write lock is timed from
BEGIN IMMEDIATE to COMMIT around every transaction the sync opens (customers' orders and payments wait
for it meanwhile). Times are min / median of 3 and noisy; statement counts are stable.

    python bench/catalog.py
    python bench/catalog.py --services 20000
Targets: unchanged <= 100 statements, write lock <= 50 ms (none at all when unchanged).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.config import Settings
from bot.panel import PanelClient
from bot.panel.sandbox import SANDBOX_URL, SandboxPanel, SandboxTransport
from bot.panel.sandbox.catalog import SandboxService
from bot.shop.catalog import Catalog
from bot.shop.notices import AdminNotices
from bot.shop.quotes import Pricing
from bot.store import CatalogRepo, Database


class LockTimer:
    """Wraps `Database.transaction` to add up the time spent inside write transactions."""

    def __init__(self, db: Database) -> None:
        self.held: list[float] = []
        inner = db.transaction

        @asynccontextmanager
        async def timed() -> AsyncIterator[object]:
            async with inner() as tx:
                started = time.perf_counter()
                yield tx
            self.held.append(time.perf_counter() - started)  # after COMMIT

        db.transaction = timed  # type: ignore[method-assign]


def services(count: int) -> dict[int, SandboxService]:
    made = {}
    for n in range(1, count + 1):
        refill = " | Refill 30 days" if n % 3 == 0 else ""
        made[n] = SandboxService(
            n, f"Service {n}{refill}", "Default", f"Category {n % 60}", Decimal(1000 + n), 100, 100_000, bool(refill)
        )
    return made


def ms(seconds: list[float]) -> str:
    return f"{min(seconds) * 1000:7.1f} / {statistics.median(seconds) * 1000:7.1f}"


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=6_000)
    parser.add_argument("--changed", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        db = await Database.open(Path(directory) / "catalog.sqlite3")
        panel = SandboxPanel(key="k")
        panel.services = services(args.services)
        client = PanelClient(SANDBOX_URL, "k", transport=SandboxTransport(panel), read_retries=0)
        settings = Settings(_env_file=None)
        catalog = Catalog(CatalogRepo(db), client, AdminNotices(settings), Pricing(db, settings, client))
        timer = LockTimer(db)
        first = await catalog.sync()
        assert first is not None
        print(f"{first.total} services; the first sync wrote them all in {sum(timer.held) * 1000:.1f} ms of write lock")
        print("ms are min / median of 3 (noisy); sync ms include the sandbox panel's answer, parsed")
        print(f"{'sync':<22} {'statements':>10} {'writes':>7} {'lock ms':>17} {'sync ms':>17}")
        for name, changed in (("unchanged", 0), (f"{args.changed} repriced", args.changed)):
            counts, held, took = [], [], []
            for run in range(3):
                for sid in range(1 + run * changed, 1 + (run + 1) * changed):
                    panel.services[sid] = replace(panel.services[sid], rate=panel.services[sid].rate + 1)
                timer.held = []
                started = time.perf_counter()
                async with db.traced() as statements:
                    result = await catalog.sync()
                took.append(time.perf_counter() - started)
                held.append(sum(timer.held))
                assert result is not None and len(result.rate_changed) == changed
                counts.append(len(statements))
                written = sum(s.startswith(("INSERT", "UPDATE", "DELETE")) for s in statements)
            print(f"{name:<22} {counts[-1]:>10} {written:>7} {ms(held):>17} {ms(took):>17}")
        await db.close()


if __name__ == "__main__":
    asyncio.run(main())
