"""Build the PTB Application from the settings, and run it (polling or webhook)."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from telegram import Bot, BotCommand, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    Defaults,
    MessageHandler,
    filters,
)

from bot import jobs
from bot.config import Settings
from bot.logs import install_redaction
from bot.panel import PanelClient
from bot.panel.connect import panel_from_settings
from bot.shop.shop import Shop
from bot.telegram.access import AdminAccess
from bot.telegram.context import CONTEXT_TYPES, ShopContext
from bot.telegram.handlers import admin, codes, errors, invite, order, owner, start, support, wallet
from bot.telegram.handlers import orders as orders_handlers
from bot.telegram.handlers import routes as routes_handlers
from bot.telegram.i18n import t
from bot.telegram.notifier import Notifier
from bot.telegram.persistence import StorePersistence
from bot.telegram.updates import PerUserSequential

log = logging.getLogger(__name__)
COMMANDS = ("start", "help", "language", "cancel")


def build_application(settings: Settings, panel: PanelClient | None = None) -> Application:
    """The bot, ready to run; the shop itself is opened in `post_init` (it needs the event loop)."""
    if settings.bot_token is None:
        raise ValueError("BOT_TOKEN is not set")
    access = AdminAccess()  # the admin filters; they follow the shop's admins once it is open

    async def post_init(application: Application) -> None:
        shop = await Shop.open(settings, panel or panel_from_settings(settings))
        application.bot_data["shop"] = shop
        access.follow(shop.staff)
        if shop.staff.claim_code is not None:
            log.warning(
                "no admin yet: to become the owner, send /claim %s to @%s in a private chat",
                shop.staff.claim_code,
                application.bot.username,
            )
        application.bot_data["notifier"] = Notifier(
            shop.outbox,
            settings.default_language,
            per_second=settings.push_per_second,
            bulk_share=settings.broadcast_share,
            chat_interval=settings.push_chat_interval,
            group_interval=settings.push_group_interval,
            max_attempts=settings.push_max_attempts,
            support=settings.support_url,
        )
        await shop.ordering.recover_interrupted()
        await shop.catalog.sync_all()
        jobs.schedule(application)
        await _set_commands(application)

    async def post_shutdown(application: Application) -> None:
        shop = application.bot_data.pop("shop", None)
        if shop is not None:
            await shop.close()

    base_url = settings.telegram_api_url
    application = (
        ApplicationBuilder()
        .token(settings.bot_token.get_secret_value())
        .base_url(base_url)
        .base_file_url(_file_url(base_url))
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .context_types(CONTEXT_TYPES)
        .rate_limiter(AIORateLimiter(max_retries=2))
        .persistence(StorePersistence(settings.database_path))
        .concurrent_updates(PerUserSequential())
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    add_handlers(application, settings, access)
    application.add_error_handler(errors.on_error)
    return application


def add_handlers(
    application: Application[Any, ShopContext, Any, Any, Any, Any], settings: Settings, access: AdminAccess
) -> None:
    """Every handler, in the order they match. Order matters: in a group the first handler that matches an
    update handles it, and the groups run one after the other."""
    # Group -2, first of all: an edited command is not a new one (an admin fixing a typo in /credit or /broadcast
    # must not run it twice); edited text in the prompts is ignored by their own filters (common.NEW).
    application.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE & filters.COMMAND, _ignore), group=-2)
    # Group -1, before anything: banned customers are ignored and, in maintenance, customers get a notice.
    application.add_handler(admin.gate_handler(), group=-1)
    # Admin commands and the buttons of admin notices: filtered to admins, so customers fall through them.
    application.add_handlers(admin.handlers(settings, access))
    application.add_handlers(routes_handlers.handlers(access))
    application.add_handlers(codes.handlers(access))
    # Setting up: /claim (anyone, in private), /setgroup and /setup (admins), the admins' Admin screen.
    application.add_handlers(owner.handlers(access))
    # The prompts: New order, the deposit amount, a gift code, a new support ticket. While one waits, a button or
    # command of another screen leaves it and is handled again below, as if no prompt had been waiting
    # (common.leave_prompt).
    application.add_handler(order.build_order_conversation(settings))
    application.add_handler(wallet.build_deposit_conversation(settings))
    application.add_handler(codes.build_gift_conversation(settings))
    application.add_handler(support.build_ticket_conversation(settings.order_timeout_minutes))
    # Support, the admins' side: /tickets, Reply / Close, answers in the admin group, /cancel of a Reply —
    # after the prompts, so an admin's /cancel or text in a prompt is the prompt's.
    application.add_handlers(support.admin_handlers(access))
    # The screens: the menu, help and language; My orders; the wallet and Stars; Invite friends; Support; an old
    # card's Confirm.
    for module in (start, orders_handlers, wallet, invite, order, support):
        application.add_handlers(module.handlers())
    # Last: a button nothing above recognises has expired; a command nobody knows gets the usual answer.
    application.add_handler(CallbackQueryHandler(start.expired))
    # Text or a photo in private no step waits for: to the customer's open support ticket (an admin's answer,
    # when it is one); with no ticket open, text gets a hint and the menu (commands go on below). Voice, files,
    # stickers while a ticket is open: "send text or a photo".
    application.add_handlers(support.private_message_handlers())
    application.add_handler(admin.unknown_handler())


async def _ignore(update: Update, context: ShopContext) -> None:
    """Handled by doing nothing: no later handler sees the update."""
    raise ApplicationHandlerStop


def _file_url(base_url: str) -> str:
    """`https://api.telegram.org/bot` → `https://api.telegram.org/file/bot`."""
    head, _, tail = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{tail}" if head else base_url


async def _set_commands(application: Application) -> None:
    for lang in ("en", "vi"):
        commands = [BotCommand(name, t(lang, f"cmd.{name}")) for name in COMMANDS]
        await application.bot.set_my_commands(commands, language_code=None if lang == "en" else lang)


async def telegram_username(settings: Settings) -> str:
    """Ask Telegram who the bot is: a start-up check that fails fast with a clear error."""
    if settings.bot_token is None:
        raise ValueError("BOT_TOKEN is not set")
    bot = Bot(
        settings.bot_token.get_secret_value(),
        base_url=settings.telegram_api_url,
        base_file_url=_file_url(settings.telegram_api_url),
    )
    async with bot:
        return bot.username


@dataclass(frozen=True)
class Webhook:
    """Where the webhook server listens, the URL Telegram is told to call, and the secret it must send."""

    listen: str
    port: int
    url_path: str
    webhook_url: str
    secret_token: str = field(repr=False)

    def describe(self) -> str:
        """One line for the log: host, port, path and the public URL, never the secret."""
        return f"webhook: listening on {self.listen}:{self.port}/{self.url_path}; Telegram calls {self.webhook_url}"


def webhook_of(settings: Settings) -> Webhook:
    """The webhook as configured: WEBHOOK_URL + "/" + WEBHOOK_PATH, and WEBHOOK_SECRET or, without it, the
    secret the bot made on its first start and keeps beside the database (`webhook_secret_file`)."""
    path = settings.webhook_path
    url = settings.webhook_url.rstrip("/") + (f"/{path}" if path else "/")
    if settings.webhook_secret is not None:
        secret = settings.webhook_secret.get_secret_value()
    else:
        secret = _stored_secret(settings.webhook_secret_file)
    return Webhook(settings.webhook_listen, settings.webhook_port, path, url, secret)


def _stored_secret(file: Path) -> str:
    """The secret kept in `file`, made (random, readable by its owner only) if the file is missing or spoiled."""
    with contextlib.suppress(FileNotFoundError):
        secret = file.read_text().strip()
        if re.fullmatch(r"[A-Za-z0-9_-]{32,256}", secret):
            return secret
    secret = secrets.token_urlsafe(32)
    file.parent.mkdir(parents=True, exist_ok=True)
    temporary = file.with_name(file.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write(secret + "\n")
    os.replace(temporary, file)
    log.info("webhook: no WEBHOOK_SECRET, so the bot made one and keeps it in %s", file)
    return secret


def run(settings: Settings) -> None:
    application = build_application(settings)
    if settings.webhook_url:
        webhook = webhook_of(settings)
        # a secret the bot made is scrubbed from the logs like one from the settings
        install_redaction(settings.model_copy(update={"webhook_secret": SecretStr(webhook.secret_token)}))
        log.info(webhook.describe())
        application.run_webhook(
            listen=webhook.listen,
            port=webhook.port,
            url_path=webhook.url_path,
            webhook_url=webhook.webhook_url,
            secret_token=webhook.secret_token,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
