"""/start, the main menu, /help and the language switch."""

from __future__ import annotations

import html

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from bot.shop.customers import referrer_from
from bot.telegram import keyboards
from bot.telegram.common import lang_of, shop_of, show
from bot.telegram.i18n import t


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Register the customer on first contact and show the main menu."""
    user = update.effective_user
    referrer = referrer_from(context.args[0] if context.args else None)
    _, created = await shop_of(context).customers.register(
        user.id, user.username, user.first_name, referrer, user.language_code
    )
    lang = await lang_of(update, context)
    text = t(lang, "menu.title", name=html.escape(user.first_name or ""))
    if created:
        text = f"{t(lang, 'menu.welcome')}\n\n{text}"
    await update.message.reply_text(text, reply_markup=keyboards.main_menu(lang))


async def home(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Back to the main menu from any screen."""
    lang = await lang_of(update, context)
    name = html.escape(update.effective_user.first_name or "")
    await show(update, t(lang, "menu.title", name=name), keyboards.main_menu(lang))


async def help_(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain how the shop works."""
    lang = await lang_of(update, context)
    text = t(lang, "help.text")
    if shop_of(context).settings.is_admin(update.effective_user.id):
        text += t(lang, "admin.help")
    await show(update, text, keyboards.back_home(lang))


async def choose_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer the languages the shop speaks."""
    lang = await lang_of(update, context)
    await show(update, t(lang, "lang.choose"), keyboards.languages())


async def set_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Store the chosen language and show the menu in it."""
    lang = update.callback_query.data.removeprefix("lang:")
    user = update.effective_user
    shop = shop_of(context)
    await shop.customers.register(user.id, user.username, user.first_name)
    await shop.customers.set_language(user.id, lang)
    context.user_data["lang"] = lang
    name = html.escape(user.first_name or "")
    await show(update, f"{t(lang, 'lang.set')}\n\n{t(lang, 'menu.title', name=name)}", keyboards.main_menu(lang))


async def nothing_to_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/cancel when no order, deposit or broadcast is under way."""
    lang = await lang_of(update, context)
    await update.message.reply_text(t(lang, "cancel.nothing"), reply_markup=keyboards.main_menu(lang))


async def noop(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Buttons that only label something (page numbers) just stop the spinner."""
    await update.callback_query.answer()


async def expired(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button nothing else recognises (an old menu, a forged press): say so and offer a fresh menu."""
    lang = await lang_of(update, context)
    await update.callback_query.answer(t(lang, "error.stale"))
    name = html.escape(update.effective_user.first_name or "")
    await update.effective_message.reply_text(t(lang, "menu.title", name=name), reply_markup=keyboards.main_menu(lang))


def handlers() -> list:
    return [
        CommandHandler("start", start),
        CommandHandler("help", help_),
        CommandHandler("language", choose_language),
        CommandHandler("cancel", nothing_to_cancel),
        CallbackQueryHandler(home, pattern=r"^menu:home$"),
        CallbackQueryHandler(help_, pattern=r"^menu:help$"),
        CallbackQueryHandler(choose_language, pattern=r"^menu:lang$"),
        CallbackQueryHandler(set_language, pattern=r"^lang:(en|vi)$"),
        CallbackQueryHandler(noop, pattern=r"^noop$"),
    ]
