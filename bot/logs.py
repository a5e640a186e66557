"""Logging set-up. Secrets never reach a log line: a filter scrubs them from every record.

httpx logs every request URL at INFO, and PTB's URLs contain the bot token, so the
httpx logger stays at WARNING; the filter is the second lock on the same door.
"""

from __future__ import annotations

import logging

from bot.config import Settings


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s and len(s) >= 4]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        scrubbed, exc_text = message, record.exc_text or ""
        for secret in self.secrets:
            scrubbed = scrubbed.replace(secret, "***")
            exc_text = exc_text.replace(secret, "***")
        record.msg, record.args = scrubbed, None
        if record.exc_text:
            record.exc_text = exc_text
        return True


def secrets_of(settings: Settings) -> list[str]:
    values = [settings.panel_api_key.get_secret_value()]
    for secret in (settings.bot_token, settings.webhook_secret):
        if secret is not None:
            values.append(secret.get_secret_value())
    return values


def setup_logging(settings: Settings) -> None:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=settings.log_level)
    install_redaction(settings)
    for noisy in ("httpx", "httpcore", "apscheduler", "aiosqlite"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def install_redaction(settings: Settings) -> None:
    """Scrub the settings' secrets from every record handled by the root logger's handlers."""
    redact = RedactSecrets(secrets_of(settings))
    for handler in logging.getLogger().handlers:
        for old in [f for f in handler.filters if isinstance(f, RedactSecrets)]:
            handler.removeFilter(old)
        handler.addFilter(redact)
