"""A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests.

The bot under test is PTB's real `Application` with `base_url` pointed here. The
server answers the methods the bot uses the way Telegram does, errors included
(bad HTML, over-long callback_data, "message is not modified", blocked users,
per-chat flood limits), keeps each chat's messages as the user would see them
(edits applied), and lets tests act as users: send text (in a forum topic, as a reply), edit what they sent,
press buttons.

It runs in a background thread; the async helpers on `FakeUser` poll it with short
sleeps so the test's event loop (where the bot runs) keeps turning.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.parser
import email.policy
import html
import itertools
import json
import re
import struct
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

ALLOWED_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "tg-spoiler",
    "span",
    "blockquote",
    "tg-emoji",
}


class ApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after


class _HtmlCheck(HTMLParser):
    """Telegram's HTML: only its tags, properly nested."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            raise ApiError(400, f'Bad Request: can\'t parse entities: Unsupported start tag "{tag}"')
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            raise ApiError(400, f'Bad Request: can\'t parse entities: Unmatched end tag "{tag}"')


def check_html(text: str) -> str:
    """Validate like Telegram does and return the text as the user sees it."""
    checker = _HtmlCheck()
    checker.feed(text)
    checker.close()
    if checker.stack:
        raise ApiError(400, f'Bad Request: can\'t parse entities: unclosed tag "{checker.stack[-1]}"')
    return html.unescape(re.sub(r"<[^>]+>", "", text))


@dataclass
class ChatMessage:
    message_id: int
    chat_id: int
    text: str  # as the user sees it (tags stripped)
    raw: str  # as the bot sent it
    reply_markup: dict | None
    from_bot: bool
    version: int
    thread_id: int | None = None
    invoice: dict | None = None
    photo: bytes | None = None  # an uploaded photo, as sent; `raw` is then its caption
    file_id: str | None = None  # the photo's file_id (None: `photo<message_id>`)

    @property
    def buttons(self) -> list[dict]:
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button for row in rows for button in row]

    def button(self, label: str) -> dict:
        for button in self.buttons:
            if label in button["text"]:
                return button
        raise AssertionError(f"no button {label!r} in {[b['text'] for b in self.buttons]}: {self.text!r}")

    def to_api(self, bot_user: dict, chat: dict) -> dict:
        data = {"message_id": self.message_id, "date": int(time.time()), "chat": chat}
        if self.thread_id is not None:  # a message in a forum topic
            data.update(message_thread_id=self.thread_id, is_topic_message=True)
        if self.photo is None:
            data["text"] = self.raw
        else:
            width, height = _png_size(self.photo)
            file_id = self.file_id or f"photo{self.message_id}"
            size = {"file_id": file_id, "file_unique_id": f"u{file_id}"}
            data["photo"] = [{**size, "width": width, "height": height, "file_size": len(self.photo)}]
            if self.raw:
                data["caption"] = self.raw
        data["from"] = bot_user
        if self.reply_markup:
            data["reply_markup"] = self.reply_markup
        return data


@dataclass
class FakeBot:
    token: str
    id: int
    username: str
    updates: list[dict] = field(default_factory=list)
    commands: dict[str, list] = field(default_factory=dict)
    # The newest message version when the bot was made: chats are kept by user ID for the whole session, and
    # what earlier tests' bots sent to the same user is none of this bot's.
    born_after: int = 0

    @property
    def user(self) -> dict:
        return {"id": self.id, "is_bot": True, "first_name": "Shop", "username": self.username}


class FakeTelegram:
    """The server. `start()`, then `new_bot()` per test and `user(...)` per customer."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.bots: dict[str, FakeBot] = {}
        self.chats: dict[int, dict[int, ChatMessage]] = {}
        self.chat_info: dict[int, dict] = {}
        self.calls: list[tuple[str, str, dict]] = []  # (token, method, params)
        self.blocked: set[int] = set()
        self.toasts: dict[int, list[str]] = {}
        self.queries: dict[str, int] = {}  # open callback queries → who pressed
        self.pre_checkout_answers: dict[str, tuple[bool, str | None]] = {}
        self.flood_limits = False
        self.sent_at: dict[int, list[float]] = {}
        self.webhooks: dict[str, dict] = {}  # token → the parameters of its last setWebhook
        self.files: dict[str, bytes] = {}  # file_id → the photo: what sendPhoto may send again by its file_id
        self.written: dict[tuple[int, int], dict] = {}  # (chat, message) → what a user sent: what an edit changes
        self._ids = itertools.count(1)
        self._versions = itertools.count(1)
        handler = type("Handler", (_Handler,), {"fake": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/bot"

    def start(self) -> FakeTelegram:
        threading.Thread(target=self.httpd.serve_forever, name="fake-telegram", daemon=True).start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def new_bot(self) -> FakeBot:
        with self.lock:
            bot_id = 7_000_000 + next(self._ids)
            bot = FakeBot(token=f"{bot_id}:TEST-token-{bot_id}-secret", id=bot_id, username=f"shop{bot_id}_bot")
            bot.born_after = max((m.version for chat in self.chats.values() for m in chat.values()), default=0)
            self.bots[bot.token] = bot
            return bot

    def user(
        self,
        bot: FakeBot,
        user_id: int,
        first_name: str = "Alice",
        language_code: str = "en",
        username: str | None = None,
    ) -> FakeUser:
        return FakeUser(
            self,
            bot,
            {
                "id": user_id,
                "is_bot": False,
                "first_name": first_name,
                "username": username or first_name.lower(),
                "language_code": language_code,
            },
        )

    # --- what a user does ------------------------------------------------------------

    def push_update(self, bot: FakeBot, kind: str, payload: dict) -> None:
        with self.lock:
            bot.updates.append({"update_id": next(self._ids), kind: payload})
            self.changed.notify_all()

    def user_message(self, bot: FakeBot, user: dict, text: str, reply_to: ChatMessage | None = None) -> int:
        """`user` writes `text` in their private chat, as a reply to `reply_to` if given; the message's ID."""
        chat = self._private_chat(user)
        with self.lock:
            message_id = next(self._ids)
            self.chats.setdefault(chat["id"], {})[message_id] = ChatMessage(
                message_id, chat["id"], text, text, None, False, next(self._versions)
            )
        message = {"message_id": message_id, "date": int(time.time()), "chat": chat, "from": user, **_text(text)}
        if reply_to is not None:
            message["reply_to_message"] = reply_to.to_api(bot.user, chat)
        self._written(bot, message)
        return message_id

    def user_media(self, bot: FakeBot, user: dict, kind: str, fields: dict) -> int:
        """`user` sends something other than text in private: `kind` is the Message field ("voice", "document",
        "sticker", "video"...), `fields` the object's own (a file_id and file_unique_id are filled in)."""
        chat = self._private_chat(user)
        message_id = next(self._ids)
        media = {"file_id": f"{kind}{message_id}", "file_unique_id": f"u{kind}{message_id}", **fields}
        message = {"message_id": message_id, "date": int(time.time()), "chat": chat, "from": user, kind: media}
        self._written(bot, message)
        return message_id

    def edit_message(self, bot: FakeBot, chat_id: int, message_id: int, text: str) -> None:
        """The user who sent message `message_id` in `chat_id` edits it to `text`: Telegram sends an
        `edited_message` update, the same message (ID, chat, reply) with the new text and an `edit_date`."""
        with self.lock:
            sent = self.written[(chat_id, message_id)]
            edited = {k: v for k, v in sent.items() if k not in ("text", "entities")}
            edited.update(_text(text), edit_date=int(time.time()))
            self.written[(chat_id, message_id)] = edited
            shown = self.chats.get(chat_id, {}).get(message_id)
            if shown is not None:
                shown.text = shown.raw = text
        self.push_update(bot, "edited_message", edited)

    def _written(self, bot: FakeBot, message: dict) -> None:
        """A user's new message: kept (to be edited) and sent to the bot."""
        with self.lock:
            self.written[(message["chat"]["id"], message["message_id"])] = message
        self.push_update(bot, "message", message)

    def user_photo(self, bot: FakeBot, user: dict, data: bytes, caption: str = "") -> str:
        """`user` sends a photo (with a caption) in their private chat; the photo's file_id."""
        chat = self._private_chat(user)
        with self.lock:
            message_id = next(self._ids)
            file_id = f"userphoto{message_id}"
            self.files[file_id] = data
            stored = ChatMessage(message_id, chat["id"], caption, caption, None, False, next(self._versions))
            stored.photo, stored.file_id = data, file_id
            self.chats.setdefault(chat["id"], {})[message_id] = stored
        message = stored.to_api(user, chat)
        self.push_update(bot, "message", message)
        return file_id

    def press(self, bot: FakeBot, user: dict, message: ChatMessage, data: str) -> str:
        chat = self._private_chat(user) if message.chat_id == user["id"] else self._group_chat(message.chat_id)
        query_id = str(next(self._ids))
        with self.lock:
            self.queries[query_id] = user["id"]
        self.push_update(
            bot,
            "callback_query",
            {
                "id": query_id,
                "from": user,
                "chat_instance": str(message.chat_id),
                "data": data,
                "message": message.to_api(bot.user, chat),
            },
        )
        return query_id

    def pay(self, bot: FakeBot, user: dict, invoice: dict, charge_id: str) -> str:
        """Telegram's side of a Stars payment: the pre-checkout query; the payment if it was accepted."""
        query_id = str(next(self._ids))
        self.push_update(
            bot,
            "pre_checkout_query",
            {
                "id": query_id,
                "from": user,
                "currency": invoice["currency"],
                "total_amount": invoice["total"],
                "invoice_payload": invoice["payload"],
            },
        )
        return query_id

    def payment_succeeded(self, bot: FakeBot, user: dict, invoice: dict, charge_id: str) -> None:
        chat = self._private_chat(user)
        self.push_update(
            bot,
            "message",
            {
                "message_id": next(self._ids),
                "date": int(time.time()),
                "chat": chat,
                "from": user,
                "successful_payment": {
                    "currency": invoice["currency"],
                    "total_amount": invoice["total"],
                    "invoice_payload": invoice["payload"],
                    "telegram_payment_charge_id": charge_id,
                    "provider_payment_charge_id": "",
                },
            },
        )

    def group_message(
        self,
        bot: FakeBot,
        user: dict,
        chat_id: int,
        text: str,
        reply_to: ChatMessage | None = None,
        thread_id: int | None = None,
    ) -> int:
        """`user` writes `text` in the group `chat_id` (the admin group), as a reply to `reply_to` if given, in
        the forum topic `thread_id` if given (else in reply_to's topic, if it is in one); the message's ID. As in
        Telegram, a message in a topic that replies to nothing else replies to the topic's first message."""
        chat = self._group_chat(chat_id)
        message = {"message_id": next(self._ids), "date": int(time.time()), "chat": chat, "from": user, **_text(text)}
        thread_id = thread_id if thread_id is not None else reply_to.thread_id if reply_to else None
        if thread_id is not None:
            message.update(message_thread_id=thread_id, is_topic_message=True)
        if reply_to is not None:
            message["reply_to_message"] = reply_to.to_api(bot.user, chat)
        elif thread_id is not None:
            message["reply_to_message"] = {
                "message_id": thread_id,
                "date": int(time.time()),
                "chat": chat,
                "from": user,
                "message_thread_id": thread_id,
                "forum_topic_created": {"name": f"Topic {thread_id}", "icon_color": 7322096},
            }
        self._written(bot, message)
        return message["message_id"]

    def _group_chat(self, chat_id: int) -> dict:
        return self.chat_info.setdefault(chat_id, {"id": chat_id, "type": "supergroup", "title": "Admins"})

    def _private_chat(self, user: dict) -> dict:
        chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        if user.get("username"):
            chat["username"] = user["username"]
        self.chat_info.setdefault(user["id"], chat)
        return chat

    # --- the Bot API ------------------------------------------------------------------

    def call(self, token: str, method: str, params: dict) -> Any:
        with self.lock:
            bot = self.bots.get(token)
            if bot is None:
                raise ApiError(401, "Unauthorized")
            self.calls.append((token, method, params))
        if method == "getUpdates":
            return self._get_updates(bot, params)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        with self.lock:
            result = handler(bot, params)
            self.changed.notify_all()
            return result

    def _get_updates(self, bot: FakeBot, params: dict) -> list[dict]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 5.0)
        with self.lock:
            bot.updates = [u for u in bot.updates if u["update_id"] >= offset]
            while not bot.updates and time.monotonic() < deadline:
                self.changed.wait(timeout=max(0.0, deadline - time.monotonic()))
                bot.updates = [u for u in bot.updates if u["update_id"] >= offset]
            return list(bot.updates[: int(params.get("limit") or 100)])

    def _m_getMe(self, bot, params):
        return {
            **bot.user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _m_deleteWebhook(self, bot, params):
        self.webhooks.pop(bot.token, None)
        return True

    def _m_setWebhook(self, bot, params):
        """Telegram checks the URL and the secret token; the fake only keeps them (`webhooks`)."""
        if not str(params.get("url") or "").startswith("https://"):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        self.webhooks[bot.token] = dict(params)
        return True

    def _m_getWebhookInfo(self, bot, params):
        webhook = self.webhooks.get(bot.token, {})
        return {"url": webhook.get("url", ""), "has_custom_certificate": False, "pending_update_count": 0}

    def _m_setMyCommands(self, bot, params):
        bot.commands[params.get("language_code") or ""] = _json(params.get("commands")) or []
        return True

    def _m_getMyCommands(self, bot, params):
        return bot.commands.get(params.get("language_code") or "", [])

    def _m_sendChatAction(self, bot, params):
        return True

    def _m_answerCallbackQuery(self, bot, params):
        user_id = self.queries.pop(params.get("callback_query_id"), None)
        if user_id is None:
            raise ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        if params.get("text"):
            self.toasts.setdefault(user_id, []).append(params["text"])
        return True

    def _m_sendMessage(self, bot, params):
        chat_id = int(params["chat_id"])
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        self._flood_check(chat_id)
        text, markup = self._validated(params)
        message = ChatMessage(
            next(self._ids),
            chat_id,
            check_html(text) if _is_html(params) else text,
            text,
            markup,
            True,
            next(self._versions),
            _int(params.get("message_thread_id")),
        )
        self.chats.setdefault(chat_id, {})[message.message_id] = message
        chat = self.chat_info.get(chat_id, {"id": chat_id, "type": "private"})
        return message.to_api(bot.user, chat)

    def _m_sendPhoto(self, bot, params):
        """An upload (multipart, as the bot sends its charts) or the file_id of a photo Telegram has (one a user
        sent, or one sent before): the message reads `[photo] caption`."""
        chat_id = int(params["chat_id"])
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        photo = params.get("photo")
        if isinstance(photo, str):
            photo = self.files.get(photo)
        if not isinstance(photo, bytes):
            raise ApiError(400, "Bad Request: wrong remote file identifier specified")
        if not photo:
            raise ApiError(400, "Bad Request: file must be non-empty")
        self._flood_check(chat_id)
        caption = params.get("caption") or ""
        markup = _json(params.get("reply_markup"))
        _check_markup(markup)
        plain = check_html(caption) if _is_html(params) else caption
        if _utf16(plain) > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        message = ChatMessage(
            next(self._ids),
            chat_id,
            f"[photo] {plain}".rstrip(),
            caption,
            markup,
            True,
            next(self._versions),
            _int(params.get("message_thread_id")),
            photo=photo,
        )
        self.chats.setdefault(chat_id, {})[message.message_id] = message
        self.files[f"photo{message.message_id}"] = photo
        return message.to_api(bot.user, self.chat_info.get(chat_id, {"id": chat_id, "type": "private"}))

    def _m_editMessageText(self, bot, params):
        message = self._message(params)
        text, markup = self._validated(params)
        plain = check_html(text) if _is_html(params) else text
        if plain == message.text and markup == message.reply_markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup of the message",
            )
        message.text, message.raw, message.reply_markup = plain, text, markup
        message.version = next(self._versions)
        return message.to_api(bot.user, self.chat_info.get(message.chat_id, {"id": message.chat_id}))

    def _m_editMessageReplyMarkup(self, bot, params):
        message = self._message(params)
        markup = _json(params.get("reply_markup"))
        _check_markup(markup)
        if markup == message.reply_markup:
            raise ApiError(400, "Bad Request: message is not modified")
        message.reply_markup = markup
        message.version = next(self._versions)
        return message.to_api(bot.user, self.chat_info.get(message.chat_id, {"id": message.chat_id}))

    def _m_sendInvoice(self, bot, params):
        chat_id = int(params["chat_id"])
        prices = _json(params.get("prices")) or []
        if params.get("currency") != "XTR" or not prices:
            raise ApiError(400, "Bad Request: invalid invoice")
        message = ChatMessage(
            next(self._ids),
            chat_id,
            f"INVOICE {params.get('title')}",
            params.get("title", ""),
            None,
            True,
            next(self._versions),
        )
        message.invoice = {
            "payload": params.get("payload"),
            "currency": params.get("currency"),
            "total": sum(int(p["amount"]) for p in prices),
        }
        self.chats.setdefault(chat_id, {})[message.message_id] = message
        return message.to_api(bot.user, self.chat_info.get(chat_id, {"id": chat_id, "type": "private"}))

    def _m_answerPreCheckoutQuery(self, bot, params):
        self.pre_checkout_answers[params["pre_checkout_query_id"]] = (
            str(params.get("ok")).lower() == "true",
            params.get("error_message"),
        )
        return True

    def _m_deleteMessage(self, bot, params):
        chat = self.chats.get(int(params["chat_id"]), {})
        if chat.pop(int(params["message_id"]), None) is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        return True

    def _message(self, params: dict) -> ChatMessage:
        chat = self.chats.get(int(params.get("chat_id") or 0), {})
        message = chat.get(int(params.get("message_id") or 0))
        if message is None or not message.from_bot:
            raise ApiError(400, "Bad Request: message to edit not found")
        return message

    def _validated(self, params: dict) -> tuple[str, dict | None]:
        text = params.get("text") or ""
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if _utf16(check_html(text) if _is_html(params) else text) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        markup = _json(params.get("reply_markup"))
        _check_markup(markup)
        return text, markup

    def _flood_check(self, chat_id: int) -> None:
        """About one message a second per chat, 30 a second overall, as Telegram enforces."""
        if not self.flood_limits:
            return
        now = time.monotonic()
        recent = [t for t in self.sent_at.get(chat_id, []) if now - t < 1.0]
        overall = sum(1 for times in self.sent_at.values() for t in times if now - t < 1.0)
        if recent or overall >= 30:
            raise ApiError(429, "Too Many Requests: retry after 1", retry_after=1)
        self.sent_at.setdefault(chat_id, []).append(now)

    # --- reading --------------------------------------------------------------------

    def messages(self, chat_id: int) -> list[ChatMessage]:
        with self.lock:
            return sorted(self.chats.get(chat_id, {}).values(), key=lambda m: m.message_id)

    def methods(self, token: str) -> list[str]:
        with self.lock:
            return [method for t, method, _ in self.calls if t == token]


class FakeUser:
    """A Telegram user talking to one bot, as a test drives it."""

    def __init__(self, fake: FakeTelegram, bot: FakeBot, user: dict):
        self.fake = fake
        self.bot = bot
        self.user = user
        self.id = user["id"]
        self._mark = bot.born_after  # `expect` never sees what an earlier test's bot sent this user
        with fake.lock:
            self._toasts_before = len(fake.toasts.get(self.id, []))

    def _action(self) -> None:
        with self.fake.lock:
            self._mark = max((m.version for m in self.fake.chats.get(self.id, {}).values()), default=0)

    def send(self, text: str, reply_to: ChatMessage | None = None) -> int:
        """Send `text` (as a reply to `reply_to` if given); the message's ID (what `edit` takes)."""
        self._action()
        return self.fake.user_message(self.bot, self.user, text, reply_to)

    def send_media(self, kind: str, **fields: Any) -> int:
        """Send a voice note, a document, a sticker... (`FakeTelegram.user_media`)."""
        self._action()
        return self.fake.user_media(self.bot, self.user, kind, fields)

    def edit(self, message_id: int, text: str) -> None:
        """Edit a message we sent in our private chat to `text`."""
        self._action()
        self.fake.edit_message(self.bot, self.id, message_id, text)

    def send_photo(self, data: bytes, caption: str = "") -> str:
        """Send a photo with a caption; its file_id."""
        self._action()
        return self.fake.user_photo(self.bot, self.user, data, caption)

    def press_data(self, data: str, message: ChatMessage | None = None) -> None:
        """Press a button with this callback_data (a forged one, if no such button exists)."""
        self._action()
        self.fake.press(self.bot, self.user, message or self.last(), data)

    def press(self, label: str, message: ChatMessage | None = None) -> None:
        message = message or self.last_with_buttons()
        self.press_data(message.button(label)["callback_data"], message)

    @property
    def chat(self) -> list[ChatMessage]:
        """What this test's bot sent this user (not what earlier tests' bots sent the same user ID)."""
        return [m for m in self.fake.messages(self.id) if m.from_bot and m.version > self.bot.born_after]

    def fresh(self) -> list[str]:
        """The texts of the bot messages new or edited since our last action, oldest first."""
        return [m.text for m in sorted(self.chat, key=lambda m: m.version) if m.version > self._mark]

    @property
    def toasts(self) -> list[str]:
        """The callback-query answers (toasts, alerts) shown to this user since this `FakeUser` was made."""
        with self.fake.lock:
            return self.fake.toasts.get(self.id, [])[self._toasts_before :]

    def last(self) -> ChatMessage:
        return max(self.chat, key=lambda m: m.version)

    def last_with_buttons(self) -> ChatMessage:
        return max((m for m in self.chat if m.buttons), key=lambda m: m.version)

    async def expect(self, fragment: str, timeout: float = 5.0) -> ChatMessage:
        """Wait for a bot message, new or edited since our last action, that contains `fragment`."""
        deadline = time.monotonic() + timeout
        while True:
            fresh = [m for m in self.chat if m.version > self._mark]
            for message in sorted(fresh, key=lambda m: m.version, reverse=True):
                if fragment in message.text:
                    return message
            if time.monotonic() > deadline:
                seen = [m.text[:120] for m in sorted(fresh, key=lambda m: m.version)]
                raise AssertionError(f"no message with {fragment!r}; new since last action: {seen}")
            await asyncio.sleep(0.01)


def _utf16(text: str) -> int:
    """A length as Telegram checks its limits: UTF-16 code units of the text after entities are parsed."""
    return len(text.encode("utf-16-le")) // 2


def _text(text: str) -> dict[str, Any]:
    """A user message's `text`, and its `entities` when it starts with a command."""
    command = re.match(r"^/\w+(@\w+)?", text)
    if command:
        return {"text": text, "entities": [{"type": "bot_command", "offset": 0, "length": command.end()}]}
    return {"text": text}


def _json(value: Any) -> Any:
    if value is None or isinstance(value, (dict, list)):
        return value
    try:
        return json.loads(value)
    except ValueError:
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object") from None


def _check_markup(markup: dict | None) -> None:
    for row in (markup or {}).get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            if not button.get("text"):
                raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header; (0, 0) for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    return 0, 0


def _form_data(content_type: str, body: bytes) -> dict[str, Any]:
    """A multipart/form-data body: text fields as str, uploaded files as bytes; `attach://name` values resolved."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise ApiError(400, "Bad Request: can't parse the multipart body")
    params: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        params[str(name)] = payload if part.get_filename() is not None else payload.decode()
    for key, value in list(params.items()):
        if isinstance(value, str) and value.startswith("attach://"):
            params[key] = params.get(value.removeprefix("attach://"), value)
    return params


def _is_html(params: dict) -> bool:
    return (params.get("parse_mode") or "").upper() == "HTML"


def _int(value: Any) -> int | None:
    return int(value) if value not in (None, "") else None


class _Handler(BaseHTTPRequestHandler):
    fake: FakeTelegram
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        match = re.match(r"^/bot([^/]+)/(\w+)$", self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        if not match:
            return self._send(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        content_type = self.headers.get("Content-Type", "")
        try:
            if content_type.startswith("multipart/form-data"):
                params = _form_data(content_type, body)
            elif "json" in content_type and body:
                params = json.loads(body)
            else:
                params = dict(parse_qsl(body.decode()))
            result = self.fake.call(match.group(1), match.group(2), params)
        except ApiError as error:
            answer: dict[str, Any] = {"ok": False, "error_code": error.code, "description": error.description}
            if error.retry_after is not None:
                answer["parameters"] = {"retry_after": error.retry_after}
            return self._send(error.code, answer)
        self._send(200, {"ok": True, "result": result})

    do_GET = do_POST

    def _send(self, status: int, data: dict) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a long poll the bot gave up on
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass
