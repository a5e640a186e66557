"""Webhook mode: Telegram must send the secret, or the bot's webhook server answers 403 and handles nothing."""

from __future__ import annotations

import itertools
import logging
import socket
import stat
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from telegram import Update
from telegram.ext import Application

from bot import app as app_module
from bot.app import Webhook, build_application, webhook_of
from tests.conftest import eventually

ADMIN_ID = 9551  # its chat is used by no other test (the fake keeps chats for the whole session)
PUBLIC_URL = "https://bot.example.test"
_update_ids = itertools.count(500_000)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@asynccontextmanager
async def webhook_running(app: Application, webhook: Webhook) -> AsyncIterator[Application]:
    """Start the application as `run_webhook` does (post_init included), with the options `run` gives it."""
    await app.initialize()
    try:
        if app.post_init:
            await app.post_init(app)
        await app.updater.start_webhook(
            listen=webhook.listen,
            port=webhook.port,
            url_path=webhook.url_path,
            webhook_url=webhook.webhook_url,
            secret_token=webhook.secret_token,
            allowed_updates=Update.ALL_TYPES,
        )
        await app.start()
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()
    finally:
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)


def command_update(user_id: int, text: str) -> dict:
    """What Telegram posts to the webhook when `user_id` sends the command `text` in private."""
    user = {"id": user_id, "is_bot": False, "first_name": "Olga", "language_code": "en"}
    chat = {"id": user_id, "type": "private", "first_name": "Olga"}
    message = {
        "message_id": next(_update_ids),
        "date": int(time.time()),
        "chat": chat,
        "from": user,
        "text": text,
        "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}],
    }
    return {"update_id": next(_update_ids), "message": message}


async def test_only_an_update_with_the_secret_is_handled(fake_telegram, sandbox, settings_for, tmp_path):
    bot = fake_telegram.new_bot()
    settings = settings_for(
        bot, admin_ids=str(ADMIN_ID), webhook_url=PUBLIC_URL, webhook_listen="127.0.0.1", webhook_port=free_port()
    )
    webhook = webhook_of(settings)  # no WEBHOOK_SECRET: the bot makes one
    endpoint = f"http://127.0.0.1:{webhook.port}/telegram"
    admin = fake_telegram.user(bot, ADMIN_ID, "Olga")

    def answers(fragment: str) -> int:
        """The bot's messages to the admin, since this test began, that contain `fragment`."""
        return sum(fragment in message.text for message in admin.chat if message.message_id > start)

    start = max((message.message_id for message in admin.chat), default=0)

    async with webhook_running(build_application(settings), webhook), httpx.AsyncClient() as client:
        assert fake_telegram.webhooks[bot.token]["url"] == f"{PUBLIC_URL}/telegram"
        assert fake_telegram.webhooks[bot.token]["secret_token"] == webhook.secret_token

        forged = [{}, {"X-Telegram-Bot-Api-Secret-Token": "guessed-secret"}]
        statuses = [
            (await client.post(endpoint, json=command_update(ADMIN_ID, "/pbalance"), headers=h)).status_code
            for h in forged
        ]
        right = {"X-Telegram-Bot-Api-Secret-Token": webhook.secret_token}
        response = await client.post(endpoint, json=command_update(ADMIN_ID, "/pbalance"), headers=right)
        assert [*statuses, response.status_code] == [403, 403, 200]

        await eventually(lambda: answers("Panel balance"), equals=1)
        # one user's updates are handled in order: once this one is answered, nothing before it is pending
        await client.post(endpoint, json=command_update(ADMIN_ID, "/nonsense"), headers=right)
        await eventually(lambda: answers("don't know that command"), equals=1)
        assert answers("Panel balance") == 1


def test_a_made_secret_is_kept_beside_the_database_and_survives_a_restart(fake_telegram, settings_for, tmp_path):
    settings = settings_for(fake_telegram.new_bot(), webhook_url=PUBLIC_URL + "/", webhook_path="/hooks/shop/")
    first = webhook_of(settings)
    assert settings.webhook_secret_file == tmp_path / "webhook-secret"
    assert settings.webhook_secret_file.read_text().strip() == first.secret_token
    assert stat.S_IMODE(settings.webhook_secret_file.stat().st_mode) == 0o600
    assert len(first.secret_token) >= 32
    assert (first.url_path, first.webhook_url) == ("hooks/shop", f"{PUBLIC_URL}/hooks/shop")
    assert webhook_of(settings).secret_token == first.secret_token  # the next start, same secret


def test_a_given_secret_is_used_and_nothing_is_written(fake_telegram, settings_for, tmp_path):
    settings = settings_for(fake_telegram.new_bot(), webhook_url=PUBLIC_URL, webhook_secret="operator-Secret_1")
    assert webhook_of(settings).secret_token == "operator-Secret_1"
    assert not settings.webhook_secret_file.exists()


@pytest.mark.parametrize("value", ["has space", "semi;colon", "x" * 257])
def test_a_secret_telegram_would_refuse_is_a_settings_error(fake_telegram, settings_for, value):
    with pytest.raises(ValueError, match="webhook_secret"):
        settings_for(fake_telegram.new_bot(), webhook_secret=value)


def test_run_logs_where_it_listens_and_never_the_secret(fake_telegram, settings_for, monkeypatch, caplog):
    settings = settings_for(fake_telegram.new_bot(), webhook_url=PUBLIC_URL, webhook_port=8555)
    given: dict = {}
    monkeypatch.setattr(Application, "run_webhook", lambda self, **options: given.update(options))
    with caplog.at_level(logging.INFO, logger="bot"):
        app_module.run(settings)
    secret = settings.webhook_secret_file.read_text().strip()
    assert given["secret_token"] == secret
    assert (given["listen"], given["port"], given["url_path"]) == ("0.0.0.0", 8555, "telegram")
    assert given["webhook_url"] == f"{PUBLIC_URL}/telegram"
    assert f"webhook: listening on 0.0.0.0:8555/telegram; Telegram calls {PUBLIC_URL}/telegram" in caplog.text
    assert secret not in caplog.text and secret not in repr(webhook_of(settings))
