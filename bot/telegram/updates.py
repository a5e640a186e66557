"""Updates of different users run concurrently; the updates of one user, one after the other.

A panel call that takes seconds for one customer must not hold up everyone else,
while one customer's double tap must still be handled in order. An update first waits
for its user's turn and only then for one of the `max_concurrent_updates` slots, so a
backlog of one user's updates (an admin's burst of commands) waits on that user's
lock and holds one slot at most: it never fills the slots the other users need.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable

from telegram import Update
from telegram.ext import BaseUpdateProcessor

_ALWAYS_FREE = 2**31 - 1


class PerUserSequential(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = 64):
        # PTB takes its own semaphore before `do_process_update` (and `process_update` is final), so it is
        # made wide enough never to wait; the real bound is `_slots`, taken after the user's lock.
        super().__init__(_ALWAYS_FREE)
        self.slots = max_concurrent_updates
        self._free = asyncio.Semaphore(max_concurrent_updates)
        self._running = 0
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    @property
    def running(self) -> int:
        """Updates being handled now (at most `slots`); PTB's own counters see an unbounded processor."""
        return self._running

    async def do_process_update(self, update: object, coroutine: Awaitable[object]) -> None:
        """The user's turn first, then a slot: one user's backlog waits on its own lock, holding no slot."""
        async with self._lock_for(update), self._free:
            self._running += 1
            try:
                await coroutine
            finally:
                self._running -= 1

    def _lock_for(self, update: object) -> asyncio.Lock:
        key = 0
        if isinstance(update, Update):
            if update.effective_user is not None:
                key = update.effective_user.id
            elif update.effective_chat is not None:
                key = update.effective_chat.id
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        return lock

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""
