"""A panel that hangs: how long a customer waits for /start, My orders, and My orders right after a Refresh.

The real bot runs against the fake Telegram server and the sandbox panel over real HTTP, with the
settings' defaults (4 panel connections, PANEL_INTERACTIVE_TIMEOUT 4 s) and PANEL_READ_TIMEOUT set to
the hang. 400 other orders are tracked, so the status sync's four batch calls hang on the panel and hold
every background connection, as in issue 12's measurement. Each round: the panel starts hanging, the
sync is seen waiting on it, then one customer presses /start, My orders, and Refresh followed at once by
My orders (per-user updates are sequential, so that press waits for the Refresh). Times are wall clock,
noisy; min / median of the rounds.

    python bench/slow_panel.py                   # the panel hangs 30 s, 3 rounds
    python bench/slow_panel.py --hang 10 --interactive 1
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import build_application
from bot.panel.sandbox import SandboxPanel, SandboxServer
from bot.panel.sandbox.panel import SandboxOrder
from bot.store.database import utcnow
from tests.conftest import eventually
from tests.fakes.telegram_server import FakeTelegram, FakeUser
from tests.harness import PANEL_KEY, db_of, make_settings, running
from tests.ordering_steps import place

OTHERS = 400  # tracked orders of other customers: four `status` batches of 100


class SkippedRuns(logging.Handler):
    """Counts the job runs APScheduler skipped because the previous run of that job was still going."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += "maximum number of running instances reached" in record.getMessage()


async def seed_tracked(app_shop, sandbox: SandboxPanel) -> None:
    """OTHERS orders in motion, on the panel and in the shop (setting up is not measured)."""
    await app_shop.customers.register(2, None, "Others")
    now, rows = utcnow(), []
    for number in range(OTHERS):
        panel_id = 900_000 + number
        link = f"https://facebook.com/p/other-{number}"
        sandbox.state.orders[panel_id] = SandboxOrder(panel_id, 7, link, 1000, Decimal(18), time.time(), "completed", 0)
        rows.append(
            (f"other-{number}", 2, "7", link, 1000, "{}", "23400", "18000", "VND", "pending", str(panel_id), now, now)
        )
    await db_of(app_shop).execute_many(
        "INSERT INTO orders (token, user_id, service_id, link, quantity, extras, price, cost, currency, state, "
        "panel_order_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


async def timed(user: FakeUser, act, fragment: str, limit: float) -> float:
    started = time.perf_counter()
    act()
    await user.expect(fragment, timeout=limit)
    return time.perf_counter() - started


async def one_round(fake: FakeTelegram, server: SandboxServer, hang: float, interactive: float, folder: Path) -> dict:
    sandbox = server.panel
    sandbox.reset()
    sandbox.pending_seconds, sandbox.progress_seconds = 3600, 3600  # every order stays Pending
    bot = fake.new_bot()
    settings = make_settings(
        fake,
        bot,
        server.url,
        folder,
        panel_read_timeout=hang,
        panel_interactive_timeout=interactive,
        panel_read_retries=3,
        status_sync_seconds=0.5,
    )
    async with running(build_application(settings)) as app:
        shop = app.bot_data["shop"]
        await seed_tracked(shop, sandbox)
        alice = fake.user(bot, 1001, "Alice", "en")
        await shop.customers.register(1001, None, "Alice")
        await shop.wallet.apply(1001, Decimal(100000), "deposit", "bench-deposit")
        order_id = await place(alice, "1000")
        alice.press(f"Follow order #{order_id}")
        detail = await alice.expect(f"Order #{order_id}\nService:")
        sandbox.hang()
        try:
            await eventually(lambda: sandbox.hanging >= settings.panel_max_concurrency, timeout=10)
            limit = 3 * hang
            figures = {"hung calls of the sync": sandbox.hanging}
            figures["/start"] = await timed(alice, lambda: alice.send("/start"), "What would you like to do?", limit)
            figures["My orders"] = await timed(alice, lambda: alice.press("My orders"), "Your orders", limit)

            def refresh_then_my_orders() -> None:
                alice.press("Refresh", detail)
                alice.press("My orders", detail)

            figures["My orders after a Refresh"] = await timed(alice, refresh_then_my_orders, "Your orders", limit)
            figures["sync still hanging"] = sandbox.hanging >= settings.panel_max_concurrency
        finally:
            sandbox.release()
        await eventually(lambda: sandbox.hanging, equals=0, timeout=hang + 5)
    return figures


async def main(hang: float, interactive: float, rounds: int) -> None:
    skipped = SkippedRuns()
    scheduler_log = logging.getLogger("apscheduler")
    scheduler_log.addHandler(skipped)
    scheduler_log.propagate = False
    fake = FakeTelegram().start()
    server = SandboxServer(SandboxPanel(key=PANEL_KEY, pending_seconds=0, progress_seconds=0)).start()
    results: list[dict] = []
    try:
        for number in range(rounds):
            with tempfile.TemporaryDirectory() as folder:
                results.append(await one_round(fake, server, hang, interactive, Path(folder)))
            print(
                f"round {number + 1}: "
                + ", ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in results[-1].items())
            )
    finally:
        server.stop()
        fake.stop()
    print(
        f"\npanel hanging {hang:g} s, PANEL_INTERACTIVE_TIMEOUT {interactive:g} s, {OTHERS} orders tracked by the sync"
    )
    print(f"{'what':<28}{'min':>8}{'median':>8}   target")
    targets = {"/start": 2.0, "My orders": 2.0, "My orders after a Refresh": 5.0}
    for what, target in targets.items():
        times = [r[what] for r in results]
        print(f"{what:<28}{min(times):>7.2f}s{statistics.median(times):>7.2f}s   <= {target:g} s")
    print(f"the sync was still hanging after every measurement: {all(r['sync still hanging'] for r in results)}")
    print(f"job runs skipped (not stacked) while a previous run hung: {skipped.count}")
    print("issue 12, before: My orders after a Refresh 59.2 / 59.3 s (89 s when the sync job hung too)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hang", type=float, default=30.0, help="seconds the panel hangs (PANEL_READ_TIMEOUT)")
    parser.add_argument("--interactive", type=float, default=4.0, help="PANEL_INTERACTIVE_TIMEOUT")
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.hang, arguments.interactive, arguments.rounds))
