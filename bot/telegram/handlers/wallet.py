"""The wallet: balance and history, deposit requests, Telegram Stars payments."""

from __future__ import annotations

import html
import re

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup, LabeledPrice, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    PreCheckoutQueryHandler,
    filters,
)

from bot.config import Settings
from bot.shop.deposits import STARS_PACKS
from bot.shop.inputs import InputError
from bot.telegram import keyboards
from bot.telegram.callbacks import Funds, Menu, Screen, StarsPack, Wallet
from bot.telegram.common import (
    END,
    TYPED,
    input_error_text,
    lang_of,
    prompt,
    show,
    support_rows,
)
from bot.telegram.context import ShopContext
from bot.telegram.i18n import money, t, when

AMOUNT = 0
STARS_PAYLOAD = re.compile(r"^stars:(\d{1,15}):(\d{1,6})$")


def _funding_rows(context: ShopContext, lang: str) -> list[list[Button]]:
    """The ways to add funds the operator has switched on."""
    rows = []
    if context.shop.settings.deposit_requests:
        rows.append([Button(t(lang, "order.add_funds"), callback_data=Wallet(Funds.REQUEST).pack())])
    if context.shop.settings.stars_enabled:
        rows.append([Button(t(lang, "stars.button"), callback_data=Wallet(Funds.STARS).pack())])
    return rows


async def _balance_text(context: ShopContext, user_id: int, lang: str) -> str:
    shop = context.shop
    currency = await shop.currency()
    text = t(lang, "balance.text", balance=money(await shop.wallet.balance(user_id), currency, lang))
    history = await shop.wallet.history(user_id, 5)
    if history:
        zone = await shop.timezone()
        lines = [
            f"{when(e.created_at, zone, lang)} {money(e.amount, currency, lang)} · {html.escape(e.reason)}"
            for e in history
        ]
        text += "\n\n" + t(lang, "balance.history") + "\n" + "\n".join(lines)
    return text


async def balance(update: Update, context: ShopContext) -> None:
    """Show the wallet (the sum of its ledger), its last entries, and the ways to add funds."""
    user = update.effective_user
    if user is None:
        return
    lang = await lang_of(update, context)
    redeem = [Button(t(lang, "code.redeem"), callback_data=Wallet(Funds.CODE).pack())]  # a gift code
    rows = [*_funding_rows(context, lang), redeem, *support_rows(context, lang), keyboards.home_row(lang)]
    await show(update, await _balance_text(context, user.id, lang), InlineKeyboardMarkup(rows))


async def add_funds_screen(update: Update, context: ShopContext) -> None:
    """Add funds from elsewhere (the summary card): the ways to pay, in a new message, so the card stays.
    With no way to pay set up, say plainly what to do: contact support, or that payments are not set up."""
    lang = await lang_of(update, context)
    rows = _funding_rows(context, lang)
    instructions = context.shop.settings.payment_instructions.strip()
    if instructions:
        said = html.escape(instructions)
    elif rows:
        said = t(lang, "funds.choose")
    else:
        rows = support_rows(context, lang)
        said = t(lang, "funds.contact" if rows else "funds.none")
    text = t(lang, "funds.instructions", instructions=said)
    if update.callback_query:
        await update.callback_query.answer()
    if update.effective_message is not None:
        await update.effective_message.reply_text(text, reply_markup=InlineKeyboardMarkup(rows) if rows else None)


async def ask_amount(update: Update, context: ShopContext) -> int:
    """Add funds by request: how much?"""
    lang = await lang_of(update, context)
    shop = context.shop
    currency = await shop.currency()
    text = t(
        lang,
        "deposit.ask",
        min=money(shop.settings.deposit_min, currency, lang),
        max=money(shop.settings.deposit_max, currency, lang),
    )
    cancel = Button(t(lang, "order.cancel"), callback_data=Wallet(Funds.CANCEL).pack())
    await show(update, text, InlineKeyboardMarkup([[cancel]]))
    return AMOUNT


async def receive_amount(update: Update, context: ShopContext) -> int:
    """Record the request, show the payment instructions, tell the admins."""
    lang = await lang_of(update, context)
    return END if await record_deposit(update, context, keyboards.back_home(lang)) else AMOUNT


async def record_deposit(update: Update, context: ShopContext, markup: InlineKeyboardMarkup | None) -> bool:
    """The amount typed at the deposit prompt: record the request and say how to pay (True), or say
    what is wrong with the amount (False: the prompt waits)."""
    lang = await lang_of(update, context)
    shop = context.shop
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return True
    try:
        amount = shop.deposits.check_amount(message.text or "")
    except InputError as error:
        await message.reply_text(input_error_text(lang, error))
        return False
    currency = await shop.currency()
    deposit_id = await shop.deposits.request(user.id, amount, currency)
    instructions = shop.settings.payment_instructions.strip()
    text = t(
        lang,
        "deposit.sent",
        id=deposit_id,
        amount=money(amount, currency, lang),
        instructions=html.escape(instructions) if instructions else t(lang, "deposit.no_instructions"),
    )
    await message.reply_text(text, reply_markup=markup)
    return True


async def cancel_deposit(update: Update, context: ShopContext) -> int:
    lang = await lang_of(update, context)
    await show(update, t(lang, "deposit.cancelled"), keyboards.back_home(lang))
    return END


# --- Telegram Stars ---------------------------------------------------------------------------------------------


async def stars_menu(update: Update, context: ShopContext) -> None:
    lang = await lang_of(update, context)
    shop = context.shop
    currency = await shop.currency()
    rows = [
        [
            Button(
                f"⭐ {stars} → {money(shop.deposits.stars_value(stars, currency), currency, lang)}",
                callback_data=StarsPack(stars).pack(),
            )
        ]
        for stars in STARS_PACKS
    ]
    rows.append(keyboards.home_row(lang))
    await show(update, t(lang, "stars.choose"), InlineKeyboardMarkup(rows))


async def stars_invoice(update: Update, context: ShopContext) -> None:
    """An invoice in XTR; the payload names the customer and the pack, checked again at pre-checkout."""
    lang = await lang_of(update, context)
    query, user, chat = update.callback_query, update.effective_user, update.effective_chat
    pack = StarsPack.of(query.data if query else None)
    shop = context.shop
    if query is None or user is None or chat is None:
        return
    if pack is None or pack.stars not in STARS_PACKS or not shop.settings.stars_enabled:
        await query.answer(t(lang, "error.stale"))
        return
    currency = await shop.currency()
    await query.answer()
    value = money(shop.deposits.stars_value(pack.stars, currency), currency, lang)
    await context.bot.send_invoice(
        chat.id,
        title=t(lang, "stars.title"),
        description=t(lang, "stars.description", amount=value),
        payload=f"stars:{user.id}:{pack.stars}",
        currency="XTR",
        provider_token="",
        prices=[LabeledPrice(t(lang, "stars.title"), pack.stars)],
    )


async def pre_checkout(update: Update, context: ShopContext) -> None:
    """Answer Telegram within 10 seconds: yes only for our own, unaltered invoice."""
    query = update.pre_checkout_query
    if query is None:
        return
    match = STARS_PAYLOAD.match(query.invoice_payload or "")
    ok = (
        context.shop.settings.stars_enabled
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


async def paid(update: Update, context: ShopContext) -> None:
    """Credit a successful payment once, keyed by Telegram's charge ID."""
    lang = await lang_of(update, context)
    await credit_payment(update, context, keyboards.back_home(lang))


async def credit_payment(update: Update, context: ShopContext, markup: InlineKeyboardMarkup | None) -> bool:
    """Credit a successful payment once and say so; False when it was credited before (or is not one)."""
    message, user = update.effective_message, update.effective_user
    payment = message.successful_payment if message else None
    if message is None or user is None or payment is None:
        return False
    lang = await lang_of(update, context)
    shop = context.shop
    currency = await shop.currency()
    amount = await shop.deposits.credit_stars(
        user.id, payment.total_amount, payment.telegram_payment_charge_id, currency
    )
    if amount is None:
        return False  # the same payment delivered again: credited the first time
    await message.reply_text(t(lang, "stars.credited", amount=money(amount, currency, lang)), reply_markup=markup)
    return True


def build_deposit_conversation(settings: Settings) -> BaseHandler[Update, ShopContext, object]:
    """Add funds by request: the amount prompt. Any other button or command leaves it and does what it says."""
    return prompt(
        "deposit",
        entry_points=[CallbackQueryHandler(ask_amount, pattern=Wallet.match_where(action=Funds.REQUEST))],
        states={AMOUNT: [MessageHandler(TYPED, receive_amount)]},
        cancels=[
            CallbackQueryHandler(cancel_deposit, pattern=Wallet.match_where(action=Funds.CANCEL)),
            CommandHandler("cancel", cancel_deposit),
        ],
        timeout_minutes=settings.order_timeout_minutes,
    )


def handlers() -> list[BaseHandler[Update, ShopContext, None]]:
    return [
        CallbackQueryHandler(balance, pattern=Menu.match_where(screen=Screen.BALANCE)),
        CallbackQueryHandler(stars_menu, pattern=Wallet.match_where(action=Funds.STARS)),
        CallbackQueryHandler(stars_invoice, pattern=StarsPack.match),
        PreCheckoutQueryHandler(pre_checkout),
        MessageHandler(filters.SUCCESSFUL_PAYMENT, paid),
    ]
