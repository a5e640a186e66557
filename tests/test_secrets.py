"""The bot token and the panel key never reach a log line, even at DEBUG and through errors."""

from __future__ import annotations

import logging

import pytest

from bot.logs import RedactSecrets, install_redaction, setup_logging
from bot.panel import PanelRefused
from tests.harness import PANEL_KEY


@pytest.fixture
def logging_levels():
    names = ("httpx", "httpcore", "apscheduler", "")
    saved = {name: logging.getLogger(name).level for name in names}
    yield
    for name, level in saved.items():
        logging.getLogger(name).setLevel(level)
    for handler in logging.getLogger().handlers:
        for f in [f for f in handler.filters if isinstance(f, RedactSecrets)]:
            handler.removeFilter(f)


async def journey_with_failures(shop_bot, monkeypatch):
    """A customer's journey plus a handler crash and a panel refusal, all of which log."""
    alice = shop_bot.user(2001)
    alice.send("/start")
    await alice.expect("What would you like to do?")
    alice.press("New order")
    await alice.expect("Choose a category")

    async def broken(user_id):
        raise RuntimeError("wallet exploded")

    monkeypatch.setattr(shop_bot.shop.wallet, "balance", broken)
    alice.send("/start")
    await alice.expect("What would you like to do?")
    alice.press("Balance")
    await alice.expect("Something went wrong")
    shop_bot.sandbox.key = "another-key"
    with pytest.raises(PanelRefused):
        await shop_bot.shop.providers.main.client.balance()
    assert await shop_bot.shop.catalog.sync() is None


async def test_no_secret_in_logs_as_the_bot_configures_them(shop_bot, caplog, monkeypatch, logging_levels):
    caplog.set_level(logging.DEBUG)
    setup_logging(shop_bot.settings)
    install_redaction(shop_bot.settings)
    await journey_with_failures(shop_bot, monkeypatch)
    text = caplog.text + "".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "wallet exploded" in text, "the crash was logged"
    assert shop_bot.bot.token not in text and PANEL_KEY not in text


async def test_our_own_log_lines_carry_no_secret_even_without_the_filter(shop_bot, caplog, monkeypatch, logging_levels):
    """Only httpx's request lines (kept at WARNING) would show the token; nothing of ours does."""
    caplog.set_level(logging.DEBUG)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    await journey_with_failures(shop_bot, monkeypatch)
    assert shop_bot.bot.token not in caplog.text and PANEL_KEY not in caplog.text


def test_the_filter_scrubs_messages_arguments_and_tracebacks():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "token %s in %s", ("s3cr3t-token", "url"), None)
    try:
        raise ValueError("bad s3cr3t-token")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    RedactSecrets(["s3cr3t-token"]).filter(record)
    assert "s3cr3t-token" not in record.getMessage() and "s3cr3t-token" not in record.exc_text
