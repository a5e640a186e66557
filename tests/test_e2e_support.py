"""End to end: support tickets — from an order to the admin group and back, photos, limits, /tickets, a restart."""

from __future__ import annotations

import struct
import zlib

import pytest

from tests.conftest import eventually
from tests.fakes.telegram_server import ChatMessage, FakeTelegram, FakeUser
from tests.harness import RunningBot, db_of
from tests.ordering_steps import fund, place

GROUP = -100888
SUPPORT_TOPIC = 7
ADMIN = dict(
    admin_ids="9001",
    admin_chat_id=GROUP,
    admin_topics=f"support={SUPPORT_TOPIC}",
    status_sync_seconds=3600,
    outbox_poll_seconds=0.05,
    push_chat_interval=0.05,
    push_group_interval=0.05,
)


def png(width: int = 3, height: int = 2) -> bytes:
    """A tiny PNG (its header is what the fake server reads)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))


@pytest.fixture(autouse=True)
def fresh_group(fake_telegram):
    """The fake server lives for the whole session: each test starts with an empty admin group."""
    with fake_telegram.lock:
        fake_telegram.chats.pop(GROUP, None)


async def notice(fake: FakeTelegram, fragment: str) -> ChatMessage:
    """The last message in the admin group that contains `fragment`, once there is one."""
    found = await eventually(lambda: [m for m in fake.messages(GROUP) if fragment in m.text])
    return found[-1]


async def stored(running: RunningBot, sql: str, *params) -> list[tuple]:
    return [tuple(row) for row in await db_of(running.shop).fetch_all(sql, params)]


async def open_ticket(user: FakeUser, text: str) -> ChatMessage:
    """Support from the menu, then the first message; the bot's confirmation."""
    user.send("/start")
    await user.expect("What would you like to do?")
    user.press("Support")
    await user.expect("Write your question")
    user.send(text)
    return await user.expect("is sent to the admins")


async def test_a_ticket_from_an_order_is_answered_by_a_reply_in_the_group_and_closed(launch, fake_telegram):
    async with launch(**ADMIN) as running:
        alice, admin = running.user(6301, "Alice"), running.user(9001, "Boss")
        await fund(running, 6301, "100000")
        order_id = await place(alice, "1000")
        alice.send("/start")
        await alice.expect("What would you like to do?")
        alice.press("My orders")
        await alice.expect("Your orders")
        alice.press(f"#{order_id}")
        await alice.expect("Link:")
        alice.press("Support")
        await alice.expect(f"About order #{order_id}")
        alice.send("My likes have not arrived <yet>")
        opened = await alice.expect("is sent to the admins")
        assert "Ticket #1" in opened.text

        first = await notice(fake_telegram, "New ticket #1")
        assert "@alice (6301)" in first.text
        assert f"Order #{order_id}" in first.text and "Facebook post likes" in first.text
        assert "Pending" in first.text or "In progress" in first.text
        assert "My likes have not arrived <yet>" in first.text
        assert first.thread_id == SUPPORT_TOPIC
        assert [b["text"] for b in first.buttons] == ["↩️ Reply", "✅ Close"]

        admin.send("/tickets")  # in private: the admins' list
        listed = await admin.expect("Open tickets (1)")
        assert f"order #{order_id}" in listed.text and "waiting for an answer" in listed.text

        fake_telegram.group_message(running.bot, admin.user, GROUP, "We are on it", reply_to=first)
        answer = await alice.expect("Support answered your ticket #1")
        assert "We are on it" in answer.text
        await notice(fake_telegram, "Sent to the customer (ticket #1)")
        assert await stored(running, "SELECT state FROM tickets") == [("answered",)]

        alice.send("Thanks, still nothing")
        await alice.expect("Added to ticket #1")
        again = await notice(fake_telegram, "Ticket #1: @alice (6301) writes again")
        assert "Thanks, still nothing" in again.text and f"Order #{order_id}" in again.text
        rows = await stored(running, "SELECT ticket_id, admin_id FROM ticket_messages ORDER BY id")
        assert rows == [(1, None), (1, 9001), (1, None)]
        assert await stored(running, "SELECT state FROM tickets") == [("open",)]

        admin.press("Close", again)
        closed = await alice.expect("was closed by support")
        assert "#1" in closed.text
        await notice(fake_telegram, "Ticket #1 closed by")
        assert await stored(running, "SELECT state, closed_by FROM tickets") == [("closed", 9001)]

        alice.send("hello?")  # no ticket open: the usual hint, nothing stored
        await alice.expect("I work with the buttons")
        assert len(await stored(running, "SELECT id FROM ticket_messages")) == 3


async def test_a_photo_reaches_the_admins_as_a_photo_and_reply_button_answers(launch, fake_telegram):
    async with launch(**ADMIN) as running:
        alice, admin = running.user(6302, "Alice"), running.user(9001, "Boss")
        alice.send("/start")
        await alice.expect("What would you like to do?")
        alice.press("Support")
        await alice.expect("Write your question")
        picture = png(5, 4)
        alice.send_photo(picture, "The screen says error 42")
        await alice.expect("is sent to the admins")
        shown = await notice(fake_telegram, "New ticket")
        assert shown.photo == picture
        assert shown.text.startswith("[photo]") and "The screen says error 42" in shown.text
        assert "No order named." in shown.text

        admin.press("Reply", shown)
        await notice(fake_telegram, "Your next message here is the answer")
        fake_telegram.group_message(running.bot, admin.user, GROUP, "Please restart the app", thread_id=SUPPORT_TOPIC)
        answer = await alice.expect("Support answered your ticket")
        assert "Please restart the app" in answer.text
        await notice(fake_telegram, "Sent to the customer")
        # Reply was for one message
        fake_telegram.group_message(running.bot, admin.user, GROUP, "just chatting", thread_id=SUPPORT_TOPIC)
        fake_telegram.group_message(running.bot, admin.user, GROUP, "/tickets")  # handled after it, in order
        await notice(fake_telegram, "Open tickets (1)")
        assert len(await stored(running, "SELECT id FROM ticket_messages WHERE admin_id = 9001")) == 1
        assert not [m for m in alice.chat if "just chatting" in m.text]


async def test_limits_are_said_plainly_and_store_nothing(launch, fake_telegram):
    async with launch(support_max_open=1, support_per_minute=2, **ADMIN) as running:
        alice = running.user(6303, "Alice")
        await open_ticket(alice, "first")
        alice.send("second")
        await alice.expect("Added to ticket #1")
        alice.send("third")  # a third in a minute: too fast
        await alice.expect("writing very fast")
        assert len(await stored(running, "SELECT id FROM ticket_messages")) == 2

        alice.send("/start")
        await alice.expect("What would you like to do?")
        alice.press("Support")
        await alice.expect("Your open tickets")
        alice.press("New ticket")
        await alice.expect("limit of 1 open ticket")
        assert len(await stored(running, "SELECT id FROM tickets")) == 1

        alice.send("/start")
        await alice.expect("What would you like to do?")
        alice.press("Support")
        await alice.expect("Your open tickets")
        alice.press("Close ticket #1")
        await alice.expect("Ticket #1 is closed")
        alice.press("Support", alice.last_with_buttons())
        await alice.expect("Write your question")  # the customer may open a new one now


async def test_tickets_lists_the_longest_waiting_first(launch, fake_telegram):
    async with launch(**ADMIN) as running:
        bob, alice, admin = running.user(6304, "Bob"), running.user(6305, "Alice"), running.user(9001, "Boss")
        await open_ticket(bob, "Bob's question")
        await open_ticket(alice, "Alice's question")
        fake_telegram.group_message(running.bot, admin.user, GROUP, "/tickets")
        listed = await notice(fake_telegram, "Open tickets (2)")
        assert listed.text.index("@bob") < listed.text.index("@alice")
        assert "No open tickets" not in listed.text


async def test_a_restart_keeps_the_ticket_and_a_reply_still_reaches_the_customer(launch, fake_telegram):
    async with launch(**ADMIN) as running:
        bot = running.bot
        alice, admin = running.user(6306, "Alice"), running.user(9001, "Boss")
        await open_ticket(alice, "Before the restart")
        shown = await notice(fake_telegram, "New ticket #1")
        await eventually(lambda: stored(running, "SELECT message_id FROM ticket_notices"), equals=[(shown.message_id,)])
    async with launch(bot=bot, **ADMIN) as again:
        alice, admin = again.user(6306, "Alice"), again.user(9001, "Boss")
        fake_telegram.group_message(again.bot, admin.user, GROUP, "Answered after a restart", reply_to=shown)
        answer = await alice.expect("Answered after a restart", timeout=10)
        assert "ticket #1" in answer.text
        alice.send("One more thing")
        await alice.expect("Added to ticket #1")
        assert await stored(again, "SELECT state FROM tickets") == [("open",)]


async def test_with_no_admin_group_each_admin_answers_by_replying_to_their_own_copy(launch, fake_telegram):
    """Each admin is sent the notice in private, as a message of their own chat: a reply to any copy answers."""
    in_private = {k: v for k, v in ADMIN.items() if k not in ("admin_ids", "admin_chat_id", "admin_topics")}
    async with launch(**in_private, admin_ids="9001,9002") as running:
        alice = running.user(6307, "Alice")
        boss, second = running.user(9001, "Boss"), running.user(9002, "Second")
        await open_ticket(alice, "Help please")
        copies = [
            await eventually(lambda admin=admin: [m for m in admin.chat if "New ticket #1" in m.text])
            for admin in (boss, second)
        ]
        second.send("Answer from the second admin", reply_to=copies[1][-1])
        await second.expect("Sent to the customer (ticket #1)")
        await alice.expect("Answer from the second admin")
        boss.send("And from the first", reply_to=copies[0][-1])
        await boss.expect("Sent to the customer (ticket #1)")
        await alice.expect("And from the first")
        rows = await stored(running, "SELECT admin_id, text FROM ticket_messages WHERE admin_id > 0 ORDER BY id")
        assert rows == [(9002, "Answer from the second admin"), (9001, "And from the first")]


async def test_an_admin_editing_an_answer_does_not_send_it_again(launch, fake_telegram):
    """Telegram sends an edit as an `edited_message`: neither a reply nor a pending Reply takes it as an answer."""
    async with launch(**ADMIN) as running:
        alice, admin = running.user(6308, "Alice"), running.user(9001, "Boss")
        await open_ticket(alice, "Where is my order?")
        first = await notice(fake_telegram, "New ticket #1")
        answer_id = fake_telegram.group_message(running.bot, admin.user, GROUP, "We are on it", reply_to=first)
        await alice.expect("We are on it")
        await notice(fake_telegram, "Sent to the customer (ticket #1)")
        admin.press("Reply", first)  # a pending Reply does not take the edit either
        await notice(fake_telegram, "Your next message here is the answer")
        fake_telegram.edit_message(running.bot, GROUP, answer_id, "We are on it (fixed)")
        fake_telegram.group_message(running.bot, admin.user, GROUP, "Done now", thread_id=SUPPORT_TOPIC)
        await alice.expect("Done now")
        rows = await stored(running, "SELECT text FROM ticket_messages WHERE admin_id > 0 ORDER BY id")
        assert rows == [("We are on it",), ("Done now",)]
        assert not [m for m in alice.chat if "(fixed)" in m.text]


async def test_a_customer_editing_a_message_does_not_add_it_to_the_ticket_again(launch, fake_telegram):
    async with launch(support_per_minute=3, **ADMIN) as running:
        alice = running.user(6309, "Alice")
        alice.send("/start")
        await alice.expect("What would you like to do?")
        alice.press("Support")
        await alice.expect("Write your question")
        first = alice.send("My order is late")
        await alice.expect("is sent to the admins")
        second = alice.send("It was yesterday")
        await alice.expect("Added to ticket #1")
        alice.edit(first, "My order is very late")
        alice.edit(second, "It was the day before")
        alice.send("One more thing")  # handled after the edits: the third of three a minute is still welcome
        await alice.expect("Added to ticket #1")
        rows = await stored(running, "SELECT text FROM ticket_messages ORDER BY id")
        assert rows == [("My order is late",), ("It was yesterday",), ("One more thing",)]
        await notice(fake_telegram, "One more thing")
        shown = [m.text for m in fake_telegram.messages(GROUP) if "Ticket #1" in m.text or "ticket #1" in m.text]
        assert len(shown) == 3 and not [text for text in shown if "late" in text and "very" in text]


async def test_voice_files_and_stickers_are_answered_with_what_support_takes_and_store_nothing(launch, fake_telegram):
    async with launch(**ADMIN) as running:
        alice = running.user(6310, "Alice")
        alice.send("/start")
        await alice.expect("What would you like to do?")
        alice.press("Support")
        await alice.expect("Write your question")
        alice.send_media("voice", duration=4, mime_type="audio/ogg")  # at the prompt: it keeps waiting
        await alice.expect("Support takes text or a photo (with a caption)")
        alice.send("My order is late")
        await alice.expect("is sent to the admins")
        media = [
            ("voice", {"duration": 4}),
            ("document", {"file_name": "screenshot.png", "mime_type": "image/png"}),  # a screenshot sent as a file
            ("sticker", {"width": 512, "height": 512, "is_animated": False, "is_video": False, "type": "regular"}),
            ("video", {"width": 640, "height": 480, "duration": 3}),
        ]
        for kind, fields in media:
            alice.send_media(kind, **fields)
            answer = await alice.expect("Support takes text or a photo")
            assert "Nothing was sent" in answer.text
        rows = await stored(running, "SELECT text FROM ticket_messages")
        assert rows == [("My order is late",)]
        await notice(fake_telegram, "New ticket #1")
        assert not [m for m in fake_telegram.messages(GROUP) if "writes again" in m.text]


async def test_a_pending_reply_is_answered_only_in_the_topic_where_it_was_pressed(launch, fake_telegram):
    """In a forum group the admins talk in other topics too: those messages are not the answer, and the Reply
    keeps waiting for one in the ticket's topic."""
    async with launch(**ADMIN) as running:
        alice, admin = running.user(6311, "Alice"), running.user(9001, "Boss")
        await open_ticket(alice, "Is my order placed?")
        shown = await notice(fake_telegram, "New ticket #1")
        admin.press("Reply", shown)
        await notice(fake_telegram, "Your next message here is the answer")
        fake_telegram.group_message(running.bot, admin.user, GROUP, "Orders topic talk", thread_id=SUPPORT_TOPIC + 1)
        fake_telegram.group_message(running.bot, admin.user, GROUP, "General topic talk")
        fake_telegram.group_message(running.bot, admin.user, GROUP, "Yes, it is placed", thread_id=SUPPORT_TOPIC)
        await alice.expect("Yes, it is placed")
        sent = await notice(fake_telegram, "Sent to the customer (ticket #1)")
        assert sent.thread_id == SUPPORT_TOPIC
        rows = await stored(running, "SELECT text FROM ticket_messages WHERE admin_id > 0")
        assert rows == [("Yes, it is placed",)]
        assert not [m for m in alice.chat if "talk" in m.text]
