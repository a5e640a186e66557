"""The error handler: log the failure, tell the user without details, treat expected noise as such."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError

from bot.telegram.common import support_rows
from bot.telegram.context import ShopContext
from bot.telegram.i18n import t

log = logging.getLogger(__name__)
_HARMLESS = ("message is not modified", "query is too old", "query id is invalid")


async def on_error(update: object, context: ShopContext) -> None:
    """Jobs reach here with no update; Telegram's own hiccups are logged briefly."""
    error = context.error
    if isinstance(error, BadRequest) and any(text in str(error).lower() for text in _HARMLESS):
        return
    if isinstance(error, (NetworkError, Forbidden)) and not isinstance(error, BadRequest):
        log.warning("telegram: %s", error)
        return
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("unhandled error (update %s)", update_id, exc_info=error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    lang = context.session.lang or "en"
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()
        rows = support_rows(context, lang)
        markup = InlineKeyboardMarkup(rows) if rows else None
        await context.bot.send_message(update.effective_chat.id, t(lang, "error.generic"), reply_markup=markup)
    except TelegramError as send_error:
        log.warning("could not tell the user about the error: %s", send_error)
