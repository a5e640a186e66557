"""Sending the outbox within Telegram's limits, what people wait for first.

About 30 messages a second overall, about one a second per chat and 20 a minute
per group: PTB's AIORateLimiter does not hold the per-chat pace for private chats,
and for groups it waits inside send_message, which would hold a whole drain (and
every customer's push) behind a burst of admin notices; so the notifier paces
itself, groups every 3 seconds. Sends start at most `per_second`
a second and run concurrently (a slow answer does not hold the next one back); a
chat gets its next message only after `chat_interval`. `RetryAfter` postpones
the message and its chat; a user who blocked the bot (403) is marked and their
queue dropped; other failures are retried a few times with backoff, then dropped
with a log line. A message may be a photo (a Telegram file_id) with its text as the
caption; the ID of the Telegram message each send became is kept with the outbox row
(an admin's reply to a support ticket's notice finds the ticket by it).

A drain works in rounds of about `round_seconds`, reading the outbox again each
round: pushes and notices (the URGENT lane) first, then broadcast messages (BULK),
which start at most `bulk_share` × `per_second` a second, so that a push queued in
the middle of a big broadcast goes out in the next round and the bot's direct
replies (button answers, which go through the same rate limiter) keep headroom.
"""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning

from bot.shop.messages import photo_of
from bot.shop.outbox import DueMessage, Lane, Outbox
from bot.telegram.pushes import Rendered, render

log = logging.getLogger(__name__)
_MAX_SKIPPED = 500  # chats a query leaves out at most (SQLite's parameter limit is far above)


@dataclass
class DrainReport:
    sent: int = 0
    blocked: int = 0
    postponed: int = 0
    dropped: int = 0


class Notifier:
    def __init__(
        self,
        outbox: Outbox,
        default_language: str = "en",
        *,
        per_second: float = 29.5,
        bulk_share: float = 0.5,
        chat_interval: float = 1.0,
        group_interval: float = 3.0,
        max_attempts: int = 5,
        round_seconds: float = 1.0,
        support: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.outbox = outbox
        self.support = support  # SUPPORT_CONTACT's link, for the pushes that offer it
        self.default_language = default_language
        self.min_gap = 1.0 / per_second
        self.bulk_gap = 1.0 / (per_second * bulk_share)
        self.round_sends = max(1, round(per_second * round_seconds))  # sends a round starts, at most
        self.round_bulk = max(1, round(per_second * bulk_share * round_seconds))  # broadcast ones among them
        self.chat_interval = chat_interval
        self.group_interval = max(group_interval, chat_interval)
        self.max_attempts = max_attempts
        self._next_start = 0.0
        self._next_bulk = 0.0
        self._chat_ready: dict[int, float] = {}
        self._busy: set[int] = set()  # chats with a send under way
        self._clock, self._sleep = clock, sleep

    async def drain(self, bot: Bot) -> DrainReport:
        """Send what is due now, round by round, until a round finds nothing it may send; messages of a chat
        that is not ready yet wait for a later round or drain."""
        report = DrainReport()
        tasks: list[asyncio.Task[None]] = []  # all of this drain's sends: their errors reach the caller
        try:
            while await self._round(bot, report, tasks):
                self._forget_idle_chats()
        finally:
            if tasks:
                await asyncio.gather(*tasks)
        self._forget_idle_chats()
        return report

    async def _round(self, bot: Bot, report: DrainReport, tasks: list[asyncio.Task[None]]) -> int:
        """Start up to `round_sends` sends, URGENT ones first; how many started."""
        started = 0
        for lane, limit in ((Lane.URGENT, self.round_sends), (Lane.BULK, self.round_bulk)):
            limit = min(limit, self.round_sends - started)
            if limit <= 0:
                break
            seen_chats = set(self._not_ready())
            for message in await self.outbox.due(limit, lane, skip_chats=seen_chats):
                if message.chat_id in seen_chats or not self._ready(message.chat_id):
                    seen_chats.add(message.chat_id)  # keep a chat's messages in order
                    continue
                seen_chats.add(message.chat_id)
                rendered = await self._rendered(message, report)
                if rendered is None:
                    continue
                await self._pace(bulk=lane is Lane.BULK)  # the send goes out now: no database read holds it back
                interval = self.group_interval if message.chat_id < 0 else self.chat_interval
                self._chat_ready[message.chat_id] = self._clock() + interval
                self._busy.add(message.chat_id)
                tasks.append(asyncio.create_task(self._send(bot, message, *rendered, report)))
                started += 1
        return started

    def _ready(self, chat_id: int) -> bool:
        return chat_id not in self._busy and self._chat_ready.get(chat_id, 0.0) <= self._clock()

    def _not_ready(self) -> list[int]:
        """Chats that may not get a message now: one is under way, or their interval has not passed."""
        now = self._clock()
        return [*self._busy, *(chat for chat, ready in self._chat_ready.items() if ready > now)][:_MAX_SKIPPED]

    async def _pace(self, *, bulk: bool) -> None:
        now = self._clock()
        start = max(now, self._next_start, self._next_bulk if bulk else now)
        if start > now:
            await self._sleep(start - now)
        self._next_start = start + self.min_gap
        if bulk:
            self._next_bulk = start + self.bulk_gap

    def _forget_idle_chats(self) -> None:
        now = self._clock()
        for chat_id in [c for c, ready in self._chat_ready.items() if ready < now]:
            del self._chat_ready[chat_id]

    async def _rendered(self, message: DueMessage, report: DrainReport) -> Rendered | None:
        """The message in its reader's language; None (and dropped) for a blocked chat or an unknown kind."""
        recipient = await self.outbox.recipient(message.chat_id, self.default_language)
        if recipient.blocked:
            await self.outbox.drop(message.id, "blocked")
            report.dropped += 1
            return None
        rendered = render(message.message, recipient.language, self.support) if message.message is not None else None
        if rendered is None:
            log.error("outbox message %s has an unknown kind %r (or payload): dropped", message.id, message.kind)
            await self.outbox.drop(message.id, f"unknown kind {message.kind}")
            report.dropped += 1
        return rendered

    async def _send(
        self, bot: Bot, message: DueMessage, text: str, markup: InlineKeyboardMarkup | None, report: DrainReport
    ) -> None:
        try:
            await self._deliver(bot, message, text, markup, report)
        finally:
            self._busy.discard(message.chat_id)

    async def _deliver(
        self, bot: Bot, message: DueMessage, text: str, markup: InlineKeyboardMarkup | None, report: DrainReport
    ) -> None:
        try:
            sent = await self._send_one(bot, message, text, markup)
        except RetryAfter as error:
            seconds = retry_after_seconds(error)
            self._chat_ready[message.chat_id] = self._clock() + seconds
            await self.outbox.postpone(message.id, seconds, "RetryAfter", count_attempt=False)
            report.postponed += 1
        except Forbidden as error:
            await self.outbox.mark_blocked(message.chat_id)
            dropped = await self.outbox.drop_chat(message.chat_id, f"blocked: {error.message}")
            log.info("chat %s blocked the bot: %d queued messages dropped", message.chat_id, dropped)
            report.blocked += 1
        except BadRequest as error:
            log.warning("outbox message %s refused by Telegram (%s): dropped", message.id, error.message)
            await self.outbox.drop(message.id, error.message)
            report.dropped += 1
        except TelegramError as error:
            await self._retry_later(message, str(error), report)
        else:
            await self.outbox.mark_sent(message.id, getattr(sent, "message_id", None))
            report.sent += 1

    @staticmethod
    async def _send_one(bot: Bot, message: DueMessage, text: str, markup: InlineKeyboardMarkup | None) -> object:
        """A text message, or a photo (a Telegram file_id) with the text as its caption."""
        photo = photo_of(message.message) if message.message is not None else None
        if photo is not None:
            return await bot.send_photo(
                message.chat_id, photo, caption=text, reply_markup=markup, message_thread_id=message.thread_id
            )
        return await bot.send_message(message.chat_id, text, reply_markup=markup, message_thread_id=message.thread_id)

    async def _retry_later(self, message: DueMessage, error: str, report: DrainReport) -> None:
        if message.attempts + 1 >= self.max_attempts:
            log.warning("outbox message %s failed %d times (%s): dropped", message.id, message.attempts + 1, error)
            await self.outbox.drop(message.id, error)
            report.dropped += 1
            return
        await self.outbox.postpone(message.id, min(300.0, 2.0**message.attempts), error)
        report.postponed += 1


def retry_after_seconds(error: RetryAfter) -> float:
    """PTB 22 gives seconds or (opted in, and from v23) a timedelta: accept both."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
