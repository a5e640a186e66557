"""Updates of different users run concurrently; the updates of one user, one after the other.

A panel call that takes seconds for one customer must not hold up everyone else,
while one customer's double tap must still be handled in order.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class PerUserSequential(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = 64):
        super().__init__(max_concurrent_updates)
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    async def do_process_update(self, update: object, coroutine: Awaitable[object]) -> None:
        key = 0
        if isinstance(update, Update):
            if update.effective_user is not None:
                key = update.effective_user.id
            elif update.effective_chat is not None:
                key = update.effective_chat.id
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        async with lock:
            await coroutine

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""
