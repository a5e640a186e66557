"""The outbox stays small and fair: old rows are pruned without losing a broadcast's progress, pushes go
before broadcasts, and a broadcast keeps to its share of the sending rate."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from bot.shop.broadcast import Broadcasts, queue_broadcast
from bot.shop.messages import AdminNotice, BroadcastText, OrderStatusPush, WalletPush
from bot.shop.outbox import Lane, Outbox
from bot.store import Database
from bot.store.database import MIGRATIONS_DIR
from bot.store.outbox import OutboxRepo
from bot.store.states import OrderState
from bot.telegram.notifier import Notifier


@pytest.fixture
async def db(tmp_path):
    database = await Database.open(tmp_path / "outbox.sqlite3")
    yield database
    await database.close()


class VirtualTime:
    """A clock that moves only when the notifier sleeps: pacing measured exactly, and at once."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        """The sends already started finish first (at the moment they started), then time moves on."""
        started = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        if started:
            await asyncio.wait(started)
        self.now += seconds


class RecordingBot:
    """Accepts every send; records (virtual time, chat, text)."""

    def __init__(self, clock: VirtualTime) -> None:
        self.clock = clock
        self.sent: list[tuple[float, int, str]] = []

    async def send_message(self, chat_id, text, **kwargs):
        self.sent.append((self.clock.now, chat_id, text))


def notifier(outbox: Outbox, clock: VirtualTime, **options) -> Notifier:
    return Notifier(outbox, clock=clock, sleep=clock.sleep, **options)


def push(order_id: int) -> OrderStatusPush:
    return OrderStatusPush(order_id, "Likes", OrderState.COMPLETED, "Completed", 100, 100, Decimal(0), "VND")


def test_broadcasts_are_the_only_bulk_messages():
    assert BroadcastText("hi").lane is Lane.BULK
    assert {push(1).lane, WalletPush(Decimal(1)).lane, AdminNotice("admin.x").lane} == {Lane.URGENT}


async def test_pruning_deletes_old_sent_and_dropped_messages_only_and_keeps_broadcast_progress(db):
    outbox, broadcasts = Outbox(db), Broadcasts(db)
    assert await queue_broadcast(db, "b1", [11, 12, 13, 14], "Sale!", 9001) == 4
    for number in range(4):
        await outbox.queue(20 + number, push(number), f"push:{number}")
    rows = {row.key: row.id for row in await OutboxRepo(db).due(100)}
    await outbox.mark_sent(rows["broadcast:b1:11"])
    await outbox.drop(rows["broadcast:b1:12"], "blocked")
    await outbox.mark_sent(rows["broadcast:b1:13"])
    await outbox.mark_sent(rows["push:0"])
    await outbox.drop(rows["push:1"], "bad request")
    await outbox.mark_sent(rows["push:2"])
    old, recent = "2026-01-01T00:00:00+00:00", "2999-01-01T00:00:00+00:00"
    await db.execute(
        "UPDATE outbox SET created_at = ?, sent_at = min(sent_at, ?), dropped_at = min(dropped_at, ?)", (old, old, old)
    )
    await db.execute("UPDATE outbox SET sent_at = ? WHERE id = ?", (recent, rows["push:2"]))
    assert await broadcasts.progress("b1") == (2, 1, 1)

    assert await outbox.prune(keep_days=7) == 5  # 3 broadcast messages and 2 pushes, sent or dropped long ago

    left = {row["key"] for row in await db.fetch_all("SELECT key FROM outbox")}
    assert left == {"broadcast:b1:14", "push:2", "push:3"}, "pending ones and recently sent ones stay"
    assert await broadcasts.progress("b1") == (2, 1, 1)
    assert await outbox.pending_count() == 2
    assert await outbox.prune(keep_days=7) == 0


async def test_pruning_works_in_chunks_and_stops_at_recent_rows(db):
    repo = OutboxRepo(db)
    for number in range(25):
        await repo.enqueue(number, "text", {"text": "x"}, f"k{number}")
    await db.execute(
        "UPDATE outbox SET sent_at = '2026-01-01T00:00:00+00:00', created_at = '2026-01-01T00:00:00+00:00'"
    )
    await db.execute("UPDATE outbox SET created_at = '2999-01-01' WHERE id > 20")
    async with db.traced() as statements:
        assert await repo.prune(datetime(2026, 6, 1, tzinfo=UTC), chunk=4) == 20
    deletes = [s for s in statements if s.startswith("DELETE")]
    assert len(deletes) == 5, "20 old rows in chunks of 4; the chunk of recent rows ends the walk"
    assert [row["id"] for row in await db.fetch_all("SELECT id FROM outbox")] == [21, 22, 23, 24, 25]


class PushQueuedMidway(Outbox):
    """An outbox where a status push is queued right after the notifier's first look at the broadcast."""

    looked = 0

    async def due(self, limit, lane=None, skip_chats=()):
        found = await super().due(limit, lane, skip_chats)
        if lane is Lane.BULK:
            self.looked += 1
            if self.looked == 1:
                await self.queue(77, push(5), "push:5")
        return found


async def test_a_push_queued_during_a_broadcast_goes_before_the_rest_of_it(db):
    outbox, clock = PushQueuedMidway(db), VirtualTime()
    await queue_broadcast(db, "b2", list(range(1000, 1060)), "Big sale", 9001)
    bot = RecordingBot(clock)
    sender = notifier(outbox, clock, per_second=20, bulk_share=0.5, round_seconds=1.0)
    report = await sender.drain(bot)

    assert report.sent == 61 and await outbox.pending_count() == 0
    chats = [chat for _, chat, _ in bot.sent]
    assert chats.index(77) == sender.round_bulk, "right after the round under way, not after 50 more"
    assert await Broadcasts(db).progress("b2") == (60, 0, 0)


async def test_pushes_go_first_at_the_full_rate_and_a_broadcast_keeps_to_its_share(db):
    outbox, clock = Outbox(db), VirtualTime()
    await queue_broadcast(db, "b3", list(range(2000, 2040)), "News", 9001)
    for number in range(40):
        await outbox.queue(3000 + number, push(number), f"push:{number}")
    bot = RecordingBot(clock)
    await notifier(outbox, clock, per_second=10, bulk_share=0.25).drain(bot)

    pushes = [at for at, chat, _ in bot.sent if chat >= 3000]
    broadcast = [at for at, chat, _ in bot.sent if chat < 3000]
    assert len(pushes) == 40 and len(broadcast) == 40
    assert max(pushes) < min(broadcast), "every waiting push before any broadcast message"
    assert pushes[-1] - pushes[0] == pytest.approx(3.9), "pushes at the full 10 a second"
    assert broadcast[-1] - broadcast[0] == pytest.approx(39 / 2.5), "the broadcast at a quarter of it"
    for start in broadcast:
        assert sum(1 for at in broadcast if start <= at < start + 1.0) <= 3, "at most 2.5 a second"


async def test_a_chat_still_gets_its_messages_in_order_and_paced(db):
    outbox, clock = Outbox(db), VirtualTime()
    for number in range(3):
        await outbox.queue(5, push(number), f"push:{number}")
    bot = RecordingBot(clock)
    sender = notifier(outbox, clock, per_second=30, chat_interval=1.0)
    await sender.drain(bot)
    assert len(bot.sent) == 1, "the chat waits its interval: the rest go in a later drain"
    clock.now += 1.0
    await sender.drain(bot)
    clock.now += 1.0
    await sender.drain(bot)
    assert [re.search(r"#(\d+)", text)[1] for _, _, text in bot.sent] == ["0", "1", "2"]


async def test_the_upgrade_moves_queued_broadcasts_to_their_lane_and_counts_their_progress(tmp_path):
    before = tmp_path / "before"
    before.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        if path.name < "0007":
            (before / path.name).write_text(path.read_text())
    database = await Database.open(tmp_path / "old.sqlite3", migrations=before)
    insert = (
        "INSERT INTO outbox (chat_id, kind, payload, key, not_before, created_at, sent_at, dropped_at) "
        "VALUES (?, 'text', '{\"text\": \"Sale\"}', ?, '2026-01-01', '2026-01-01', ?, ?)"
    )
    for chat, sent, dropped in ((1, "2026-01-01", None), (2, None, "2026-01-01"), (3, None, None)):
        await database.execute(insert, (chat, f"broadcast:9001-5:{chat}", sent, dropped))
    await database.execute(insert, (4, "order:1:completed", None, None))
    await database.close()

    database = await Database.open(tmp_path / "old.sqlite3")
    try:
        assert await Broadcasts(database).progress("9001-5") == (1, 1, 1)
        lanes = {m.chat_id: m.lane for m in await OutboxRepo(database).due(10)}
        assert lanes == {3: Lane.BULK, 4: Lane.URGENT}
        await Outbox(database).prune(keep_days=7)
        assert await Broadcasts(database).progress("9001-5") == (1, 1, 1)
    finally:
        await database.close()
