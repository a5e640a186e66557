"""Running the real bot against the fake Telegram server and the sandbox panel over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from telegram import Update
from telegram.ext import Application

from bot.app import build_application
from bot.config import Settings
from bot.panel import PanelClient
from bot.panel.sandbox import SANDBOX_URL, SandboxPanel, SandboxTransport
from bot.shop.drafts import Draft
from bot.shop.ordering import Placement
from bot.shop.shop import Shop
from bot.store import Database, OrderRepo
from tests.fakes.telegram_server import FakeBot, FakeTelegram, FakeUser

PANEL_KEY = "panel-key-SECRET-42"
BACKUP_KEY = "backup-key-SECRET-7"  # the second sandbox provider's (tests/conftest.py `backup`)


def make_settings(fake: FakeTelegram, bot: FakeBot, panel_url: str, data_dir: Path, **overrides) -> Settings:
    values = dict(
        bot_token=bot.token,
        telegram_api_url=fake.base_url,
        panel_api_url=panel_url,
        panel_api_key=PANEL_KEY,
        database_path=data_dir / "bot.sqlite3",
        admin_ids="",
        admin_chat_id=None,
        shop_currency="",
        panel_read_retries=1,
        webhook_url="",
    )
    values.update(overrides)
    return Settings(_env_file=None, **values)


@dataclass
class RunningBot:
    app: Application
    fake: FakeTelegram
    bot: FakeBot
    sandbox: SandboxPanel
    settings: Settings

    @property
    def shop(self) -> Shop:
        return self.app.bot_data["shop"]

    def user(self, user_id: int = 1001, first_name: str = "Alice", language_code: str = "en") -> FakeUser:
        return self.fake.user(self.bot, user_id, first_name, language_code)


@asynccontextmanager
async def running(app: Application) -> AsyncIterator[Application]:
    """Start the application as `run_polling` does (post_init included), stop it the same way."""
    await app.initialize()
    try:
        if app.post_init:
            await app.post_init(app)
        await app.updater.start_polling(poll_interval=0.0, timeout=1, allowed_updates=Update.ALL_TYPES)
        await app.start()
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()
            if app.post_stop:
                await app.post_stop(app)
    finally:
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)


@asynccontextmanager
async def bot_running(
    fake: FakeTelegram, sandbox: SandboxPanel, settings: Settings, bot: FakeBot
) -> AsyncIterator[RunningBot]:
    async with running(build_application(settings)) as app:
        yield RunningBot(app, fake, bot, sandbox, settings)


def db_of(shop: Shop) -> Database:
    """The shop's database, for tests that look at what was stored (the shop itself hides it)."""
    return shop._db


def orders_of(shop: Shop) -> OrderRepo:
    return OrderRepo(shop._db)


async def place_now(shop: Shop, user_id: int, draft: Draft) -> Placement:
    """Quote the draft and confirm that very card, as a customer tapping Confirm at once would."""
    card = await shop.ordering.quote(user_id, draft)
    assert card is not None, f"service {draft.service_id} cannot be ordered"
    return await shop.ordering.place(user_id, card.quote.id)


def sandbox_client(panel: SandboxPanel) -> PanelClient:
    """A client of an in-process sandbox panel, with its key; no retries, so a test sees an outage at once."""
    return PanelClient(SANDBOX_URL, panel.key or "k", transport=SandboxTransport(panel), read_retries=0)
