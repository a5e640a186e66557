"""Small helpers every handler uses: the shop, the user's language, answering in place."""

from __future__ import annotations

import logging
import warnings

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes, ConversationHandler
from telegram.warnings import PTBUserWarning

from bot.shop.customers import pick_language
from bot.shop.shop import Shop

log = logging.getLogger(__name__)


def shop_of(context: ContextTypes.DEFAULT_TYPE) -> Shop:
    return context.application.bot_data["shop"]


async def lang_of(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The user's language: cached in user_data, else the stored choice, else the client's."""
    cached = context.user_data.get("lang") if context.user_data is not None else None
    if cached:
        return cached
    shop = shop_of(context)
    tg_user = update.effective_user
    stored = await shop.customers.get(tg_user.id) if tg_user else None
    lang = pick_language(
        stored.language if stored else None, tg_user.language_code if tg_user else None, shop.settings.default_language
    )
    if context.user_data is not None:
        context.user_data["lang"] = lang
    return lang


async def show(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Edit the message a button belongs to, or send a new one for typed input.

    "Message is not modified" (the same button pressed twice) is normal, not an error."""
    query = update.callback_query
    if query is not None:
        await query.answer()
        try:
            await query.edit_message_text(text, reply_markup=markup)
        except BadRequest as error:
            if "not modified" not in str(error).lower():
                raise
        return
    await update.effective_message.reply_text(text, reply_markup=markup)


def conversation(**options) -> ConversationHandler:
    """A ConversationHandler tracked per chat and user: ours mix buttons and typed text (per_message=False),
    which PTB warns about for every CallbackQueryHandler inside."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*per_message=False.*", category=PTBUserWarning)
        return ConversationHandler(per_message=False, **options)
