"""/start, the main menu, /help and the language switch."""

from __future__ import annotations

import html

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.shop.customers import LANGUAGES, start_link
from bot.telegram import keyboards
from bot.telegram.callbacks import Language, Menu, Noop, Screen
from bot.telegram.common import lang_of, main_menu, show
from bot.telegram.context import ShopContext
from bot.telegram.i18n import t


def _first_name(update: Update) -> str:
    user = update.effective_user
    return html.escape(user.first_name or "") if user else ""


async def start(update: Update, context: ShopContext) -> None:
    """Register the customer on first contact and show the main menu."""
    user = update.effective_user
    if user is None:
        return
    link = start_link(context.args[0] if context.args else None)
    _, created = await context.shop.customers.register(
        user.id, user.username, user.first_name, link, user.language_code
    )
    lang = await lang_of(update, context)
    text = t(lang, "menu.title", name=_first_name(update))
    if created:
        text = f"{t(lang, 'menu.welcome')}\n\n{text}"
    if _admin_in_private(update, context):
        text = f"{text}\n\n{t(lang, 'admin.welcome')}"
    await show(update, text, _menu(update, context, lang))


def _admin_in_private(update: Update, context: ShopContext) -> bool:
    chat, user = update.effective_chat, update.effective_user
    return chat is not None and chat.type == "private" and user is not None and context.shop.staff.is_admin(user.id)


def _menu(update: Update, context: ShopContext, lang: str) -> InlineKeyboardMarkup:
    """The main menu; admins in private also get *Admin*."""
    return (
        keyboards.admin_main_menu(lang, invite=context.shop.referrals.enabled)
        if _admin_in_private(update, context)
        else main_menu(context, lang)
    )


async def home(update: Update, context: ShopContext) -> None:
    """Back to the main menu from any screen."""
    lang = await lang_of(update, context)
    await show(update, t(lang, "menu.title", name=_first_name(update)), _menu(update, context, lang))


async def help_(update: Update, context: ShopContext) -> None:
    """Explain how the shop works."""
    lang = await lang_of(update, context)
    user, chat = update.effective_user, update.effective_chat
    admin = user is not None and context.shop.staff.is_admin(user.id)
    if admin and chat is not None and chat.type != chat.PRIVATE:  # the admin group: the admin help only
        await show(update, t(lang, "admin.guide"))
        return
    text = t(lang, "help.text")
    if admin:
        text += "\n\n" + t(lang, "admin.guide")
    await show(update, text, keyboards.back_home(lang))


async def choose_language(update: Update, context: ShopContext) -> None:
    """Offer the languages the shop speaks."""
    lang = await lang_of(update, context)
    await show(update, t(lang, "lang.choose"), keyboards.languages())


async def set_language(update: Update, context: ShopContext) -> None:
    """Store the chosen language and show the menu in it."""
    chosen = Language.of(update.callback_query.data if update.callback_query else None)
    user = update.effective_user
    if chosen is None or user is None or chosen.code not in LANGUAGES:
        await expired(update, context)
        return
    lang = chosen.code
    customers = context.shop.customers
    await customers.register(user.id, user.username, user.first_name)
    await customers.set_language(user.id, lang)
    context.session.lang = lang
    text = f"{t(lang, 'lang.set')}\n\n{t(lang, 'menu.title', name=_first_name(update))}"
    await show(update, text, main_menu(context, lang))


async def nothing_to_cancel(update: Update, context: ShopContext) -> None:
    """/cancel when no order, deposit or broadcast is under way."""
    lang = await lang_of(update, context)
    await show(update, t(lang, "cancel.nothing"), main_menu(context, lang))


async def noop(update: Update, context: ShopContext) -> None:
    """Buttons that only label something (page numbers) just stop the spinner."""
    if update.callback_query:
        await update.callback_query.answer()


async def expired(update: Update, context: ShopContext) -> None:
    """A button nothing else recognises (an old menu, a forged press): say so and offer a fresh menu."""
    lang = await lang_of(update, context)
    if update.callback_query:
        await update.callback_query.answer(t(lang, "error.stale"))
    if update.effective_message is not None:
        text = t(lang, "menu.title", name=_first_name(update))
        await update.effective_message.reply_text(text, reply_markup=main_menu(context, lang))


async def free_text(update: Update, context: ShopContext) -> None:
    """Text typed outside any step ("xin chào"): a short hint and the main menu."""
    lang = await lang_of(update, context)
    await show(update, t(lang, "hint.free_text"), main_menu(context, lang))


def handlers() -> list[BaseHandler[Update, ShopContext, None]]:
    return [
        CommandHandler("start", start),
        CommandHandler("help", help_),
        CommandHandler("language", choose_language),
        CommandHandler("cancel", nothing_to_cancel),
        CallbackQueryHandler(home, pattern=Menu.match_where(screen=Screen.HOME)),
        CallbackQueryHandler(help_, pattern=Menu.match_where(screen=Screen.HELP)),
        CallbackQueryHandler(choose_language, pattern=Menu.match_where(screen=Screen.LANGUAGE)),
        CallbackQueryHandler(set_language, pattern=Language.match),
        CallbackQueryHandler(noop, pattern=Noop.match),
    ]
