"""Promo and gift codes: `/code` for admins, and *Redeem a code* under Balance for customers.

A discount code is typed on the summary card instead (bot.telegram.handlers.order); both use the words here for
a code that gave nothing.
"""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Any

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.config import Settings
from bot.shop.code_desk import CodeReport
from bot.shop.codes import Code, CodeKind, CodeProblem, Gift, Refused
from bot.telegram import keyboards
from bot.telegram.access import AdminAccess
from bot.telegram.callbacks import Funds, Menu, Screen, Wallet
from bot.telegram.common import END, NEW, TYPED, lang_of, prompt, show
from bot.telegram.context import ShopContext
from bot.telegram.handlers.admin import Usage, command
from bot.telegram.handlers.wallet import balance
from bot.telegram.i18n import money, t, when

ENTER_CODE = 0  # the gift code prompt, opened from Balance


def refused_text(lang: str, refused: Refused) -> str:
    """Why a typed code gave nothing, in the customer's words."""
    if refused.problem is CodeProblem.SLOWED:
        return "⏳ " + t(lang, "code.slowed", minutes=refused.wait_minutes)
    return "⚠️ " + t(lang, f"code.{refused.problem.value}", code=html.escape(refused.code))


# --- customers: a gift code from Balance ------------------------------------------------------------------------


def _prompt_markup(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[Button(t(lang, "order.cancel"), callback_data=Wallet(Funds.CANCEL).pack())]])


async def ask_gift(update: Update, context: ShopContext) -> int:
    """*Redeem a code*: ask for it."""
    lang = await lang_of(update, context)
    await show(update, t(lang, "code.ask_gift"), _prompt_markup(lang))
    return ENTER_CODE


async def receive_gift(update: Update, context: ShopContext) -> int:
    """The code typed: credited once, or why not (the prompt waits again, unless the customer must wait)."""
    lang = await lang_of(update, context)
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return END
    result = await context.shop.codes.redeem_gift(user.id, message.text or "")
    if isinstance(result, Gift):
        await message.reply_text(_credited(lang, result, await context.shop.currency()), reply_markup=_after(lang))
        return END
    if result.problem in (CodeProblem.SLOWED, CodeProblem.ALREADY):
        await message.reply_text(refused_text(lang, result), reply_markup=_after(lang))
        return END
    await message.reply_text(
        f"{refused_text(lang, result)}\n\n{t(lang, 'code.ask_gift')}", reply_markup=_prompt_markup(lang)
    )
    return ENTER_CODE


def _credited(lang: str, gift: Gift, currency: str) -> str:
    return t(
        lang,
        "code.credited",
        code=html.escape(gift.code),
        amount=money(gift.amount, currency, lang),
        balance=money(gift.balance, currency, lang),
    )


def _after(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[Button(t(lang, "menu.balance"), callback_data=Menu(Screen.BALANCE).pack())], keyboards.home_row(lang)]
    )


async def not_text(update: Update, context: ShopContext) -> int:
    lang = await lang_of(update, context)
    await show(update, t(lang, "code.ask_gift"), _prompt_markup(lang))
    return ENTER_CODE


async def cancel_gift(update: Update, context: ShopContext) -> int:
    """Cancel at the prompt: the Balance screen again."""
    await balance(update, context)
    return END


def build_gift_conversation(settings: Settings) -> BaseHandler[Update, ShopContext, object]:
    """*Redeem a code*: the prompt. Any other button or command leaves it and does what it says."""
    return prompt(
        "gift_code",
        entry_points=[CallbackQueryHandler(ask_gift, pattern=Wallet.match_where(action=Funds.CODE))],
        states={
            ENTER_CODE: [
                MessageHandler(TYPED, receive_gift),
                MessageHandler(NEW & ~filters.COMMAND, not_text),
            ]
        },
        cancels=[
            CallbackQueryHandler(cancel_gift, pattern=Wallet.match_where(action=Funds.CANCEL)),
            CommandHandler("cancel", cancel_gift),
        ],
        timeout_minutes=settings.order_timeout_minutes,
    )


# --- admins: /code ----------------------------------------------------------------------------------------------


async def code(update: Update, context: ShopContext, args: list[str], lang: str) -> str | None:
    """/code new … · /code list · /code show CODE · /code off CODE"""
    user = update.effective_user
    assert user is not None  # a command from an admin
    shop = context.shop
    action = args[0].lower() if args else ""
    currency = await shop.currency()
    if action == "new":
        created = await shop.code_desk.create(user.id, args[1:], currency, await shop.timezone())
        return t(lang, "code.created", line=code_line(lang, created, currency))
    if action == "list" and len(args) == 1:
        codes = await shop.code_desk.all()
        lines = [f"• {code_line(lang, found, currency)}" for found in codes]
        return "\n".join([t(lang, "code.list"), *lines]) if lines else t(lang, "code.none")
    if action == "off" and len(args) == 2:
        turned = await shop.code_desk.turn_off(user.id, args[1])
        return t(lang, "code.turned_off", code=html.escape(turned.code))
    if action == "show" and len(args) == 2:
        return await _report_text(context, lang, await shop.code_desk.report(args[1]), currency)
    raise Usage


def code_line(lang: str, found: Code, currency: str) -> str:
    """One code as admins read it: what it gives, where, how many uses, until when, on or off."""
    if found.kind is CodeKind.GIFT:
        what = t(lang, "code.gift_value", amount=money(found.amount or Decimal(0), currency, lang))
    else:
        what = t(lang, "code.discount_value", percent=f"{found.percent}")
        if found.service_id is not None:
            what += t(lang, "code.on_service", id=html.escape(found.service_id))
        elif found.category_id is not None:
            what += t(lang, "code.on_category", id=found.category_id)
    limit = f"/{found.uses_limit}" if found.uses_limit is not None else ""
    until = t(lang, "code.until", date=found.until) if found.until else t(lang, "code.no_end")
    state = t(lang, "code.state_on" if found.active else "code.state_off")
    return t(
        lang,
        "code.line",
        code=html.escape(found.code),
        what=what,
        used=found.used,
        limit=limit,
        until=until,
        state=state,
    )


async def _report_text(context: ShopContext, lang: str, report: CodeReport, currency: str) -> str:
    zone = await context.shop.timezone()
    uses = [
        t(
            lang,
            "code.use",
            user=use.user_id,
            when=when(use.created_at, zone, lang),
            amount=money(use.amount, currency, lang),
            order=t(lang, "code.use_order", id=use.order_id) if use.order_id is not None else "",
        )
        for use in report.uses
    ]
    return t(
        lang,
        "code.show",
        line=code_line(lang, report.code, currency),
        uses="\n".join(uses) or "—",
        total=money(report.total, currency, lang),
    )


def handlers(access: AdminAccess) -> list[BaseHandler[Any, Any, Any]]:
    return [CommandHandler("code", command("code", code), filters=access.admins)]
