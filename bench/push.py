"""How fast pushes go out against Telegram's limits: 1 000 pushes to 1 000 chats.

The notifier drains the outbox through PTB's real Bot (with the AIORateLimiter the
bot runs with) into the fake Telegram server, which enforces about 30 messages a
second overall and one a second per chat with 429 answers. Printed: the wall time
against the 30-per-second floor, and how many 429s came back.

    python bench/push.py               # 1 000 pushes
    python bench/push.py --pushes 300
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from telegram.ext import AIORateLimiter, ExtBot

from bot.config import Settings
from bot.shop.messages import BroadcastText
from bot.shop.outbox import Outbox
from bot.store import Database
from bot.telegram.notifier import Notifier
from tests.fakes.telegram_server import FakeTelegram


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pushes", type=int, default=1000)
    parser.add_argument(
        "--rate",
        type=float,
        default=Settings(_env_file=None).push_per_second,
        help="PUSH_PER_SECOND (default: the setting's default)",
    )
    args = parser.parse_args()
    fake = FakeTelegram().start()
    fake.flood_limits = True
    fake_bot = fake.new_bot()
    with tempfile.TemporaryDirectory() as directory:
        db = await Database.open(Path(directory) / "push.sqlite3")
        outbox = Outbox(db)
        for chat in range(args.pushes):
            await outbox.queue(100_000 + chat, BroadcastText(f"Order #{chat} — <b>Completed</b>"), f"bench:{chat}")
        notifier = Notifier(outbox, per_second=args.rate)
        bot = ExtBot(fake_bot.token, base_url=fake.base_url, rate_limiter=AIORateLimiter(max_retries=2))
        async with bot:
            started = time.perf_counter()
            while await outbox.pending_count():
                await notifier.drain(bot)
            elapsed = time.perf_counter() - started
        await db.close()
    floor = args.pushes / 30
    too_many = sum(1 for _, method, _ in fake.calls if method == "sendMessage") - args.pushes
    delivered = sum(len(fake.messages(100_000 + chat)) for chat in range(args.pushes))
    print(
        f"{args.pushes} pushes to {args.pushes} chats: {elapsed:.2f} s; floor at 30/s {floor:.2f} s; "
        f"ratio {elapsed / floor:.3f} (target <= 1.05); 429 answers: {too_many}; delivered: {delivered}"
    )
    fake.stop()


if __name__ == "__main__":
    asyncio.run(main())
