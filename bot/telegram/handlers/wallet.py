"""The wallet: balance and history, deposit requests, Telegram Stars payments."""

from __future__ import annotations

import html
import re

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup, LabeledPrice, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    PreCheckoutQueryHandler,
    filters,
)

from bot.config import Settings
from bot.shop.deposits import STARS_PACKS
from bot.shop.inputs import InputError
from bot.telegram import keyboards
from bot.telegram.common import conversation, lang_of, shop_of, show
from bot.telegram.i18n import money, t, values_in

AMOUNT = 0
STARS_PAYLOAD = re.compile(r"^stars:(\d{1,15}):(\d{1,6})$")


async def balance(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Show the wallet (the sum of its ledger), its last entries, and the ways to add funds."""
    lang = await lang_of(update, context)
    shop = shop_of(context)
    user_id = update.effective_user.id
    currency = await shop.currency()
    text = t(lang, "balance.text", balance=money(await shop.wallet.balance(user_id), currency, lang))
    history = await shop.wallet.history(user_id, 5)
    if history:
        lines = [f"{e.created_at[:10]} {money(e.amount, currency, lang)} · {html.escape(e.reason)}" for e in history]
        text += "\n\n" + t(lang, "balance.history") + "\n" + "\n".join(lines)
    rows = []
    if shop.settings.deposit_requests:
        rows.append([Button(t(lang, "order.add_funds"), callback_data="dep:new")])
    if shop.settings.stars_enabled:
        rows.append([Button(t(lang, "stars.button"), callback_data="stars:menu")])
    rows.append(keyboards.home_row(lang))
    await show(update, text, InlineKeyboardMarkup(rows))
    return ConversationHandler.END


async def ask_amount(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Add funds by request: how much?"""
    lang = await lang_of(update, context)
    shop = shop_of(context)
    currency = await shop.currency()
    await show(
        update,
        t(
            lang,
            "deposit.ask",
            min=money(shop.settings.deposit_min, currency, lang),
            max=money(shop.settings.deposit_max, currency, lang),
        ),
        InlineKeyboardMarkup([[Button(t(lang, "order.cancel"), callback_data="dep:cancel")]]),
    )
    return AMOUNT


async def receive_amount(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Record the request, show the payment instructions, tell the admins."""
    lang = await lang_of(update, context)
    shop = shop_of(context)
    try:
        amount = shop.deposits.check_amount(update.message.text)
    except InputError as error:
        await update.message.reply_text("⚠️ " + t(lang, error.code, **values_in(lang, error.values)))
        return AMOUNT
    currency = await shop.currency()
    deposit_id = await shop.deposits.request(update.effective_user.id, amount, currency)
    instructions = shop.settings.payment_instructions.strip()
    await update.message.reply_text(
        t(
            lang,
            "deposit.sent",
            id=deposit_id,
            amount=money(amount, currency, lang),
            instructions=html.escape(instructions) if instructions else t(lang, "funds.none"),
        ),
        reply_markup=keyboards.back_home(lang),
    )
    return ConversationHandler.END


async def cancel_deposit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    lang = await lang_of(update, context)
    await show(update, t(lang, "deposit.cancelled"), keyboards.back_home(lang))
    return ConversationHandler.END


# --- Telegram Stars ---


async def stars_menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    lang = await lang_of(update, context)
    shop = shop_of(context)
    currency = await shop.currency()
    rows = [
        [
            Button(
                f"⭐ {stars} → {money(shop.deposits.stars_value(stars, currency), currency, lang)}",
                callback_data=f"stars:{stars}",
            )
        ]
        for stars in STARS_PACKS
    ]
    rows.append(keyboards.home_row(lang))
    await show(update, t(lang, "stars.choose"), InlineKeyboardMarkup(rows))


async def stars_invoice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An invoice in XTR; the payload names the customer and the pack, checked again at pre-checkout."""
    lang = await lang_of(update, context)
    stars = int(update.callback_query.data.split(":")[1])
    shop = shop_of(context)
    if stars not in STARS_PACKS or not shop.settings.stars_enabled:
        await update.callback_query.answer(t(lang, "error.stale"))
        return
    currency = await shop.currency()
    await update.callback_query.answer()
    await context.bot.send_invoice(
        update.effective_chat.id,
        title=t(lang, "stars.title"),
        description=t(
            lang, "stars.description", amount=money(shop.deposits.stars_value(stars, currency), currency, lang)
        ),
        payload=f"stars:{update.effective_user.id}:{stars}",
        currency="XTR",
        provider_token="",
        prices=[LabeledPrice(t(lang, "stars.title"), stars)],
    )


async def pre_checkout(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer Telegram within 10 seconds: yes only for our own, unaltered invoice."""
    query = update.pre_checkout_query
    match = STARS_PAYLOAD.match(query.invoice_payload or "")
    ok = (
        shop_of(context).settings.stars_enabled
        and match is not None
        and query.currency == "XTR"
        and int(match.group(1)) == query.from_user.id
        and int(match.group(2)) == query.total_amount
        and int(match.group(2)) in STARS_PACKS
    )
    if ok:
        await query.answer(ok=True)
    else:
        await query.answer(ok=False, error_message=t(await lang_of(update, context), "stars.refused"))


async def paid(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Credit a successful payment once, keyed by Telegram's charge ID."""
    lang = await lang_of(update, context)
    payment = update.message.successful_payment
    shop = shop_of(context)
    currency = await shop.currency()
    amount = await shop.deposits.credit_stars(
        update.effective_user.id, payment.total_amount, payment.telegram_payment_charge_id, currency
    )
    if amount is None:
        return  # the same payment delivered again: credited the first time
    await update.message.reply_text(
        t(lang, "stars.credited", amount=money(amount, currency, lang)), reply_markup=keyboards.back_home(lang)
    )


def build_deposit_handlers(settings: Settings) -> list:
    return [
        conversation(
            entry_points=[CallbackQueryHandler(ask_amount, pattern=r"^dep:new$")],
            states={AMOUNT: [MessageHandler(filters.TEXT & ~filters.COMMAND, receive_amount)]},
            fallbacks=[
                CallbackQueryHandler(cancel_deposit, pattern=r"^dep:cancel$"),
                CommandHandler("cancel", cancel_deposit),
                CallbackQueryHandler(balance, pattern=r"^menu:"),
            ],
            name="deposit",
            persistent=False,
            conversation_timeout=settings.order_timeout_minutes * 60,
        ),
        CallbackQueryHandler(balance, pattern=r"^menu:balance$"),
        CallbackQueryHandler(stars_menu, pattern=r"^stars:menu$"),
        CallbackQueryHandler(stars_invoice, pattern=r"^stars:\d{1,6}$"),
        PreCheckoutQueryHandler(pre_checkout),
        MessageHandler(filters.SUCCESSFUL_PAYMENT, paid),
    ]
