"""How fast pushes go out against Telegram's limits, and how a push fares during a big broadcast.

The notifier drains the outbox through PTB's real Bot (with the AIORateLimiter the bot
runs with) into the fake Telegram server, which enforces about 30 messages a second
overall and one a second per chat with 429 answers.

- pushes: 1 000 status pushes to 1 000 chats; the wall time against the 30-per-second floor, and 429s.
- broadcast: a 5 000-chat broadcast is draining (as the outbox job runs it); half-way through the
  window a status push is queued and a direct reply is sent through the same bot (as a button's answer
  is). Printed: the push's delay from queued to received, the reply's time, and the broadcast's
  throughput, min / median of 3 runs; and how late the push would have been behind a FIFO outbox.
- due: an outbox of 1 000 000 rows (a broadcast of 5 000 pending): the time to pick the due rows, with
  the partial index and as main read them (ORDER BY id, which SQLite answers with a full scan), with
  each statement's plan.

    python bench/push.py                       # all three
    python bench/push.py pushes --pushes 300
    python bench/push.py broadcast --chats 5000 --window 30
    python bench/push.py due --rows 1000000

Times are wall-clock on whatever machine runs this: noisy; compare figures of one run side by side.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sqlite3
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from telegram.ext import AIORateLimiter, ExtBot

from bot.config import Settings
from bot.shop.broadcast import broadcast_progress, queue_broadcast
from bot.shop.messages import OrderStatusPush
from bot.shop.outbox import Lane, Outbox
from bot.store import Database
from bot.store.outbox import OutboxRepo
from bot.store.states import OrderState
from bot.telegram.notifier import Notifier
from tests.fakes.telegram_server import FakeTelegram

DEFAULTS = Settings(_env_file=None)
CUSTOMERS = 100_000


def status_push(number: int) -> OrderStatusPush:
    return OrderStatusPush(number, "Likes", OrderState.COMPLETED, "Completed", 100, 100, Decimal(0), "VND")


def spread(values: list[float], unit: str = "s", scale: float = 1.0) -> str:
    figures = f"min {min(values) * scale:.3f} / median {statistics.median(values) * scale:.3f} {unit}"
    if len(values) > 5:
        return figures
    return figures + " (" + ", ".join(f"{value * scale:.3f}" for value in values) + ")"


def notifier_for(outbox: Outbox, args: argparse.Namespace) -> Notifier:
    return Notifier(outbox, per_second=args.rate, bulk_share=args.share, round_seconds=args.round)


async def pushes(args: argparse.Namespace) -> None:
    fake = FakeTelegram().start()
    fake.flood_limits = True
    fake_bot = fake.new_bot()
    with tempfile.TemporaryDirectory() as directory:
        db = await Database.open(Path(directory) / "push.sqlite3")
        outbox = Outbox(db)
        for chat in range(args.pushes):
            await outbox.queue(CUSTOMERS + chat, status_push(chat), f"bench:{chat}")
        notifier = notifier_for(outbox, args)
        bot = ExtBot(fake_bot.token, base_url=fake.base_url, rate_limiter=AIORateLimiter(max_retries=2))
        async with bot:
            started = time.perf_counter()
            while await outbox.pending_count():
                await notifier.drain(bot)
            elapsed = time.perf_counter() - started
        await db.close()
    floor = args.pushes / 30
    too_many = sum(1 for _, method, _ in fake.calls if method == "sendMessage") - args.pushes
    delivered = sum(len(fake.messages(CUSTOMERS + chat)) for chat in range(args.pushes))
    print(
        f"pushes: {args.pushes} pushes to {args.pushes} chats: {elapsed:.2f} s; floor at 30/s {floor:.2f} s; "
        f"ratio {elapsed / floor:.3f} (target <= 1.05); 429 answers: {too_many}; delivered: {delivered}"
    )
    fake.stop()


async def broadcast_once(args: argparse.Namespace) -> tuple[float, float, float, int, int]:
    """(push delay, reply time, broadcast messages a second, broadcast messages ahead of the push, 429s)."""
    fake = FakeTelegram().start()
    fake.flood_limits = True
    fake_bot = fake.new_bot()
    customer, replied_to = 7, 8
    try:
        with tempfile.TemporaryDirectory() as directory:
            db = await Database.open(Path(directory) / "broadcast.sqlite3")
            outbox = Outbox(db)
            audience = [CUSTOMERS + n for n in range(args.chats)]
            await queue_broadcast(db, "bench", audience, "Big sale today!", 1)
            notifier = notifier_for(outbox, args)
            bot = ExtBot(fake_bot.token, base_url=fake.base_url, rate_limiter=AIORateLimiter(max_retries=2))
            async with bot:
                stop = asyncio.Event()

                async def outbox_job() -> None:  # as the job queue runs it: every OUTBOX_POLL_SECONDS, no overlap
                    while not stop.is_set():
                        await notifier.drain(bot)
                        await asyncio.sleep(DEFAULTS.outbox_poll_seconds)

                job = asyncio.create_task(outbox_job())
                started = time.perf_counter()
                await asyncio.sleep(args.window / 2)
                _, _, waiting = await broadcast_progress(db, "bench")
                queued_at = time.perf_counter()
                await outbox.queue(customer, status_push(1), "bench:push")
                reply_started = time.perf_counter()
                await bot.send_message(replied_to, "Your order #1: Completed")
                reply_time = time.perf_counter() - reply_started
                while not fake.messages(customer):  # noqa: ASYNC110 - the fake server runs in a thread
                    await asyncio.sleep(0.005)
                delay = time.perf_counter() - queued_at
                await asyncio.sleep(max(0.0, args.window - (time.perf_counter() - started)))
                elapsed = time.perf_counter() - started
                stop.set()
                job.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await job
            await db.close()
        delivered = sum(1 for chat in audience if fake.messages(chat))
        too_many = sum(1 for _, method, _ in fake.calls if method == "sendMessage") - delivered - 2
        return delay, reply_time, delivered / elapsed, waiting, too_many
    finally:
        fake.stop()


async def broadcast(args: argparse.Namespace) -> None:
    runs = [await broadcast_once(args) for _ in range(args.runs)]
    delays, replies, rates, ahead, floods = zip(*runs, strict=True)
    fifo = [waiting / args.rate for waiting in ahead]
    print(
        f"broadcast: {args.chats} chats, window {args.window:.0f} s, share {args.share}, {args.runs} runs\n"
        f"  status push queued mid-broadcast, delay to the chat: {spread(list(delays))} (target <= 5 s)\n"
        f"  a direct reply through the same bot meanwhile: {spread(list(replies), 'ms', 1000)} (target <= 500 ms)\n"
        f"  broadcast throughput: {spread(list(rates), 'msg/s')} "
        f"(share {args.share} x {args.rate}/s = {args.share * args.rate:.2f})\n"
        f"  broadcast messages ahead of the push when it was queued: {min(ahead)}-{max(ahead)}; "
        f"behind a FIFO at {args.rate}/s it would have waited {spread(fifo)}\n"
        f"  429 answers: {list(floods)}"
    )


def seed_outbox(path: Path, rows: int, pending_bulk: int, pending_urgent: int) -> None:
    """`rows` outbox rows, all sent but the last `pending_bulk` (a broadcast) and `pending_urgent` pushes."""
    conn = sqlite3.connect(path)
    sent = rows - pending_bulk - pending_urgent
    conn.execute("INSERT INTO broadcasts (id, total, created_at) VALUES ('big', ?, '2026-01-01')", (pending_bulk,))
    conn.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
        "INSERT INTO outbox (chat_id, kind, payload, key, not_before, created_at, sent_at, lane, broadcast_id) "
        "SELECT 100000 + i % 50000, 'order_status', '{\"order_id\": ' || i || ', \"service\": \"Likes\"}', "
        "'order:' || i, '2026-01-01T00:00:00.000+00:00', '2026-01-01T00:00:00+00:00', "
        "CASE WHEN i <= ? THEN '2026-01-01T00:00:01+00:00' END, "
        "CASE WHEN i > ? AND i <= ? THEN 1 ELSE 0 END, CASE WHEN i > ? AND i <= ? THEN 'big' END FROM n",
        (rows, sent, sent, sent + pending_bulk, sent, sent + pending_bulk),
    )
    conn.commit()
    conn.close()


OLD_DUE = "SELECT * FROM outbox WHERE sent_at IS NULL AND dropped_at IS NULL AND not_before <= ? ORDER BY id LIMIT ?"


async def timed(call, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        await call()
        times.append(time.perf_counter() - started)
    return times


async def plan(db: Database, sql: str, params: tuple) -> str:
    return "; ".join(row["detail"] for row in await db.fetch_all("EXPLAIN QUERY PLAN " + sql, params))


async def due(args: argparse.Namespace) -> None:
    now = "2999-01-01T00:00:00.000+00:00"
    new_sql = (
        "SELECT * FROM outbox WHERE sent_at IS NULL AND dropped_at IS NULL AND not_before <= ? AND lane = ? "
        "ORDER BY lane, id LIMIT ?"
    )
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "due.sqlite3"
        db = await Database.open(path)
        await db.close()
        started = time.perf_counter()
        seed_outbox(path, args.rows, 5000, 100)
        print(
            f"due: seeded {args.rows} outbox rows (5 000 pending broadcast, 100 pending pushes) in "
            f"{time.perf_counter() - started:.1f} s"
        )
        db = await Database.open(path)
        repo = OutboxRepo(db)
        round_sends = round(args.rate)

        async def both_lanes() -> None:
            await repo.due(round_sends, Lane.URGENT)
            await repo.due(round(args.rate * args.share), Lane.BULK)

        with_index = await timed(both_lanes, args.runs)
        print(f"  with the partial index outbox_due, one round's due() (both lanes): {spread(with_index, 'ms', 1000)}")
        print(f"    plan: {await plan(db, new_sql, (now, 0, round_sends))}")
        await db.execute("DROP INDEX outbox_due")
        await db.execute(
            "CREATE INDEX outbox_pending ON outbox (not_before) WHERE sent_at IS NULL AND dropped_at IS NULL"
        )
        old = await timed(lambda: db.fetch_all(OLD_DUE, (now, 1000)), args.runs)
        print(f"  main's due() (ORDER BY id, index on not_before only): {spread(old, 'ms', 1000)}")
        print(f"    plan: {await plan(db, OLD_DUE, (now, 1000))}")
        without = await timed(both_lanes, args.runs)
        print(f"  this due() without outbox_due: {spread(without, 'ms', 1000)}")
        print(f"    plan: {await plan(db, new_sql, (now, 0, round_sends))}")
        print(f"  ratio main / indexed (medians): {statistics.median(old) / statistics.median(with_index):.0f}x")
        await prune(db)
        await db.close()


async def prune(db: Database) -> None:
    """Prune the seeded outbox (its sent rows are old) and time each chunk's DELETE: the write lock's hold."""
    holds: list[float] = []
    changes = db.changes

    async def timed_changes(sql: str, params: tuple = ()) -> int:
        started = time.perf_counter()
        try:
            return await changes(sql, params)
        finally:
            holds.append(time.perf_counter() - started)

    db.changes = timed_changes  # type: ignore[method-assign]
    started = time.perf_counter()
    deleted = await Outbox(db).prune(DEFAULTS.outbox_keep_days)
    elapsed = time.perf_counter() - started
    db.changes = changes  # type: ignore[method-assign]
    print(
        f"  prune: {deleted} old sent rows deleted in {elapsed:.1f} s, {len(holds)} chunks; "
        f"write lock held per chunk {spread(holds, 'ms', 1000)}, longest {max(holds) * 1000:.1f} ms; "
        f"pending left {await Outbox(db).pending_count()}"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("part", nargs="*", help="pushes, broadcast, due (default: all three)")
    parser.add_argument("--pushes", type=int, default=1000)
    parser.add_argument("--chats", type=int, default=5000)
    parser.add_argument("--window", type=float, default=30.0, help="seconds of broadcast watched per run")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--round", type=float, default=1.0, help="seconds a drain round lasts")
    parser.add_argument("--rate", type=float, default=DEFAULTS.push_per_second, help="PUSH_PER_SECOND")
    parser.add_argument("--share", type=float, default=DEFAULTS.broadcast_share, help="BROADCAST_SHARE")
    args = parser.parse_args()
    parts = {"pushes": pushes, "broadcast": broadcast, "due": due}
    if unknown := set(args.part) - set(parts):
        parser.error(f"unknown part {', '.join(sorted(unknown))}")
    for part in args.part or parts:
        await parts[part](args)


if __name__ == "__main__":
    asyncio.run(main())
