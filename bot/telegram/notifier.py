"""Sending the outbox within Telegram's limits.

About 30 messages a second overall, about one a second per chat and 20 a minute
per group: PTB's AIORateLimiter does not hold the per-chat pace for private chats,
and for groups it waits inside send_message, which would hold a whole drain (and
every customer's push) behind a burst of admin notices; so the notifier paces
itself, groups every 3 seconds. Sends start at most `per_second`
a second and run concurrently (a slow answer does not hold the next one back); a
chat gets its next message only after `chat_interval`. `RetryAfter` postpones
the message and its chat; a user who blocked the bot (403) is marked and their
queue dropped; other failures are retried a few times with backoff, then dropped
with a log line.
"""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from dataclasses import dataclass
from datetime import timedelta

from telegram import Bot
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning

from bot.shop.outbox import DueMessage, Outbox
from bot.telegram.pushes import render

log = logging.getLogger(__name__)


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
        chat_interval: float = 1.0,
        group_interval: float = 3.0,
        max_attempts: int = 5,
        batch: int = 1000,
        support: str | None = None,
    ) -> None:
        self.outbox = outbox
        self.support = support  # SUPPORT_CONTACT's link, for the pushes that offer it
        self.default_language = default_language
        self.min_gap = 1.0 / per_second
        self.chat_interval = chat_interval
        self.group_interval = max(group_interval, chat_interval)
        self.max_attempts = max_attempts
        self.batch = batch
        self._next_start = 0.0
        self._chat_ready: dict[int, float] = {}

    async def drain(self, bot: Bot) -> DrainReport:
        """Send what is due now; messages of a chat that is not ready yet wait for the next drain."""
        report = DrainReport()
        tasks: list[asyncio.Task[None]] = []
        seen_chats: set[int] = set()
        for message in await self.outbox.due(self.batch):
            if message.chat_id in seen_chats or self._chat_ready.get(message.chat_id, 0.0) > time.monotonic():
                seen_chats.add(message.chat_id)  # keep a chat's messages in order
                continue
            seen_chats.add(message.chat_id)
            await self._pace()
            interval = self.group_interval if message.chat_id < 0 else self.chat_interval
            self._chat_ready[message.chat_id] = time.monotonic() + interval
            tasks.append(asyncio.create_task(self._send(bot, message, report)))
        if tasks:
            await asyncio.gather(*tasks)
        self._forget_idle_chats()
        return report

    async def _pace(self) -> None:
        now = time.monotonic()
        wait = self._next_start - now
        if wait > 0:
            await asyncio.sleep(wait)
        self._next_start = max(now, self._next_start) + self.min_gap

    def _forget_idle_chats(self) -> None:
        now = time.monotonic()
        for chat_id in [c for c, ready in self._chat_ready.items() if ready < now]:
            del self._chat_ready[chat_id]

    async def _send(self, bot: Bot, message: DueMessage, report: DrainReport) -> None:
        recipient = await self.outbox.recipient(message.chat_id, self.default_language)
        if recipient.blocked:
            await self.outbox.drop(message.id, "blocked")
            report.dropped += 1
            return
        rendered = render(message.message, recipient.language, self.support) if message.message is not None else None
        if rendered is None:
            log.error("outbox message %s has an unknown kind %r (or payload): dropped", message.id, message.kind)
            await self.outbox.drop(message.id, f"unknown kind {message.kind}")
            report.dropped += 1
            return
        text, markup = rendered
        try:
            await bot.send_message(message.chat_id, text, reply_markup=markup, message_thread_id=message.thread_id)
        except RetryAfter as error:
            seconds = retry_after_seconds(error)
            self._chat_ready[message.chat_id] = time.monotonic() + seconds
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
            await self.outbox.mark_sent(message.id)
            report.sent += 1

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
