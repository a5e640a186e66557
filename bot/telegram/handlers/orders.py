"""My orders."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from bot.telegram import keyboards
from bot.telegram.common import lang_of, show
from bot.telegram.i18n import t


async def my_orders(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The customer's orders; there is no ordering yet, so there are none."""
    lang = await lang_of(update, context)
    await show(update, t(lang, "orders.none"), keyboards.back_home(lang))


def handlers() -> list:
    return [CallbackQueryHandler(my_orders, pattern=r"^menu:orders$")]
