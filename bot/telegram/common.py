"""Small helpers every handler uses: the user's language, answering in place, conversations, error texts."""

from __future__ import annotations

import logging
import warnings
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler, MessageHandler, filters
from telegram.warnings import PTBUserWarning

from bot.shop.customers import pick_language
from bot.shop.inputs import InputError
from bot.telegram import keyboards
from bot.telegram.context import ShopContext
from bot.telegram.i18n import t, values_in

log = logging.getLogger(__name__)
END = ConversationHandler.END

# A new message only. Telegram also sends an edit of an earlier message (edited_message), and PTB's message
# handlers match it like a new one: an edit must not submit a prompt's input, a ticket message or an answer again.
NEW = filters.UpdateType.MESSAGE
TYPED = NEW & filters.TEXT & ~filters.COMMAND  # what a prompt waits for: text typed in a new message


async def lang_of(update: Update, context: ShopContext) -> str:
    """The user's language: kept in the session, else the stored choice, else the client's."""
    session = context.session
    if session.lang:
        return session.lang
    shop = context.shop
    tg_user = update.effective_user
    stored = await shop.customers.get(tg_user.id) if tg_user else None
    lang = pick_language(
        stored.language if stored else None,
        tg_user.language_code if tg_user else None,
        shop.settings.default_language,
    )
    session.lang = lang
    return lang


def input_error_text(lang: str, error: InputError) -> str:
    """What the customer typed was refused: the reason, in their language."""
    return "⚠️ " + t(lang, error.code, **values_in(lang, error.values))


def is_not_modified(error: BadRequest) -> bool:
    """The same button pressed twice: the message already shows this."""
    return "not modified" in str(error).lower()


async def show(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Edit the message a button belongs to, or send a new one for typed input.

    "Message is not modified" (the same button pressed twice) is normal, not an error."""
    query = update.callback_query
    if query is not None:
        await query.answer()
        try:
            await query.edit_message_text(text, reply_markup=markup)
        except BadRequest as error:
            if not is_not_modified(error):
                raise
        return
    if update.effective_message is not None:
        await update.effective_message.reply_text(text, reply_markup=markup)


async def leave_prompt(update: Update, context: ShopContext) -> int:
    """A button or command that belongs to another screen, pressed while a prompt waits: leave the prompt,
    then handle the update again as if no prompt had been waiting (it runs after this one, in order)."""
    await context.application.update_queue.put(update)
    return END


def conversation(**options: Any) -> ConversationHandler[ShopContext]:
    """A ConversationHandler tracked per chat and user: ours mix buttons and typed text (per_message=False),
    which PTB warns about for every CallbackQueryHandler inside."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*per_message=False.*", category=PTBUserWarning)
        return ConversationHandler(per_message=False, **options)


def prompt(
    name: str,
    entry_points: list[BaseHandler[Update, ShopContext, Any]],
    states: dict[object, list[BaseHandler[Update, ShopContext, Any]]],
    cancels: list[BaseHandler[Update, ShopContext, Any]],
    timeout_minutes: float,
) -> ConversationHandler[ShopContext]:
    """A one-question prompt (a deposit's amount, a gift code, a ticket's message): kept across restarts, given up
    after `timeout_minutes`; `cancels` end it, and any other button or command leaves it (`leave_prompt`)."""
    return conversation(
        entry_points=entry_points,
        states=states,
        fallbacks=[*cancels, CallbackQueryHandler(leave_prompt), MessageHandler(filters.COMMAND, leave_prompt)],
        name=name,
        persistent=True,
        conversation_timeout=timeout_minutes * 60,
    )


def support_rows(context: ShopContext, lang: str) -> list[list[InlineKeyboardButton]]:
    """A "Contact support" URL button when SUPPORT_CONTACT is set; nothing otherwise."""
    url = context.shop.settings.support_url
    return [[InlineKeyboardButton(t(lang, "support.button"), url=url)]] if url else []


def main_menu(context: ShopContext, lang: str) -> InlineKeyboardMarkup:
    """The customer's main menu as this shop has it (*Invite friends* only while referral rewards are on)."""
    return keyboards.main_menu(lang, invite=context.shop.referrals.enabled)
