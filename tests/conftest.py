"""Shared fixtures: one fake Telegram server and one sandbox panel server per test session."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest

from bot.panel.sandbox import SandboxPanel, SandboxServer
from tests.fakes.telegram_server import FakeTelegram
from tests.harness import BACKUP_KEY, PANEL_KEY, bot_running, make_settings


@pytest.fixture(scope="session")
def fake_telegram():
    fake = FakeTelegram().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def sandbox_server():
    server = SandboxServer(SandboxPanel(key=PANEL_KEY, pending_seconds=0, progress_seconds=0)).start()
    yield server
    server.stop()


@pytest.fixture
def sandbox(sandbox_server):
    """The session's sandbox panel, reset to its starting state for this test."""
    panel = sandbox_server.panel
    panel.reset()
    return panel


@pytest.fixture(scope="session")
def backup_server():
    """A second sandbox panel, for a second provider (`providers={"backup": …}`): its own key, orders, balance."""
    server = SandboxServer(SandboxPanel(key=BACKUP_KEY, pending_seconds=0, progress_seconds=0)).start()
    yield server
    server.stop()


@pytest.fixture
def backup(backup_server):
    """The session's second sandbox panel, reset to its starting state for this test."""
    panel = backup_server.panel
    panel.reset()
    return panel


@pytest.fixture
def settings_for(fake_telegram, sandbox_server, tmp_path):
    """Settings for a fresh bot on the fake server: `settings_for(bot, **overrides)`."""

    def make(bot, **overrides):
        return make_settings(fake_telegram, bot, sandbox_server.url, tmp_path, **overrides)

    return make


@pytest.fixture
def launch(fake_telegram, sandbox, settings_for):
    """`async with launch(**settings) as running:` — a bot with its own settings; call again to restart it
    on the same database and token (pass `bot=running.bot`)."""

    def start(bot=None, **overrides):
        bot = bot or fake_telegram.new_bot()
        return bot_running(fake_telegram, sandbox, settings_for(bot, **overrides), bot)

    return start


@pytest.fixture
async def shop_bot(fake_telegram, sandbox, settings_for):
    """The real bot, running against the fake Telegram server and the sandbox panel over HTTP."""
    bot = fake_telegram.new_bot()
    async with bot_running(fake_telegram, sandbox, settings_for(bot), bot) as running:
        await eventually(lambda: running.shop is not None)
        yield running


_TRUTHY = object()


async def eventually(
    condition: Callable[[], object],
    timeout: float = 5.0,
    interval: float = 0.01,
    *,
    equals: object = _TRUTHY,
):
    """Poll `condition` (a function, sync or async) until its value equals `equals` and return that value.

    Without `equals` it waits for a truthy value: use that only when the condition itself is the exact
    state the test needs (a boolean), not "something arrived" — an earlier or partial state is truthy too.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if asyncio.iscoroutine(value):
            value = await value
        if (value == equals) if equals is not _TRUTHY else value:
            return value
        if time.monotonic() > deadline:
            wanted = "a truthy value" if equals is _TRUTHY else repr(equals)
            raise AssertionError(f"condition not met in {timeout} s: wanted {wanted}, last saw {value!r}")
        await asyncio.sleep(interval)
