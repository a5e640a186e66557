"""The customer's wallet balance and, for now, the empty order list."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from bot.telegram import keyboards
from bot.telegram.common import lang_of, shop_of, show
from bot.telegram.i18n import money, t


async def balance(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the wallet: the sum of the customer's ledger."""
    lang = await lang_of(update, context)
    shop = shop_of(context)
    amount = await shop.customers.balance(update.effective_user.id)
    text = t(lang, "balance.text", balance=money(amount, await shop.currency(), lang))
    await show(update, text, keyboards.back_home(lang))


def handlers() -> list:
    return [CallbackQueryHandler(balance, pattern=r"^menu:balance$")]
