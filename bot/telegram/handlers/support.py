"""Support tickets: the customer's Support screen and messages, the admins' answers, Close and /tickets.

A customer writes a new ticket at a prompt (a persistent conversation: Support in the menu, or on an
order's screen); afterwards, anything they type in private while a ticket is open goes to it — that handler
is the last before the free-text hint, so every step and prompt above sees the customer's text first.
Admins answer by replying to a ticket's notice in the admin group, or with Reply (their next message there
answers; /cancel stops it); the pending Reply is kept in the admin's session, so it survives a restart.
"""

from __future__ import annotations

import contextlib
from typing import Any

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.shop.inputs import InputError
from bot.telegram import keyboards
from bot.telegram.access import AdminAccess
from bot.telegram.callbacks import Menu, MyTicket, NewTicket, Screen, TicketAct, TicketAction
from bot.telegram.common import END, NEW, input_error_text, lang_of, main_menu, prompt, show
from bot.telegram.context import ShopContext
from bot.telegram.handlers import start
from bot.telegram.i18n import t, when
from bot.telegram.pushes import person

WRITE = 0
_MESSAGE = NEW & ((filters.TEXT & ~filters.COMMAND) | filters.PHOTO)  # an edit is not a message again
# what a ticket cannot hold (voice, a file, a sticker, a video...): the customer is told to send text or a photo
_UNSUPPORTED = NEW & (
    filters.VOICE
    | filters.AUDIO
    | filters.VIDEO
    | filters.VIDEO_NOTE
    | filters.ANIMATION
    | filters.Document.ALL
    | filters.Sticker.ALL
)
_ENDS_PROMPT = {"support.too_many", "orders.not_found"}  # errors after which writing again does not help


def _content(message: Message) -> tuple[str, str | None]:
    """(text, photo file_id): a text message, or a photo (its largest size) with its caption."""
    if message.photo:
        return message.caption or "", message.photo[-1].file_id
    return message.text or "", None


def place_of(message: Message) -> tuple[int, int | None]:
    """Where a message is: its chat, and its forum topic (None outside topics). A pending Reply is answered only
    there: an admin's message in another topic of the group, or another chat, is not the answer."""
    return message.chat_id, message.message_thread_id if message.is_topic_message else None


def _ticket_keyboard(lang: str, ticket_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [Button(t(lang, "support.close_mine", id=ticket_id), callback_data=MyTicket(ticket_id).pack())],
            [Button(t(lang, "support.new"), callback_data=NewTicket().pack()), *keyboards.home_row(lang)],
        ]
    )


# --- the customer ---------------------------------------------------------------------------------------------


async def support_home(update: Update, context: ShopContext) -> int:
    """Support in the menu: the tickets still open, or (none) the prompt for a new one."""
    user = update.effective_user
    if user is None:
        return END
    live = await context.shop.support.live(user.id)
    if not live:
        return await _ask(update, context, None)
    lang = await lang_of(update, context)
    lines = [t(lang, "support.line", id=ticket.id, state=t(lang, f"support.state_{ticket.state}")) for ticket in live]
    text = t(lang, "support.live", tickets="\n".join(lines), id=live[0].id)
    await show(update, text, _ticket_keyboard(lang, live[0].id))
    return END


async def new_ticket(update: Update, context: ShopContext) -> int:
    """New ticket (from Support, or an order's screen): the prompt."""
    pressed = NewTicket.of(update.callback_query.data if update.callback_query else None)
    return await _ask(update, context, pressed.order_id if pressed and pressed.order_id else None)


async def _ask(update: Update, context: ShopContext, order_id: int | None) -> int:
    """Ask for the message, unless the customer has as many tickets open as they may."""
    lang = await lang_of(update, context)
    user = update.effective_user
    if user is None:
        return END
    try:
        await context.shop.support.check_can_open(user.id)
    except InputError as error:
        await show(update, input_error_text(lang, error), keyboards.back_home(lang))
        return END
    context.session.ticket_order = order_id or 0
    text = t(lang, "support.ask")
    if order_id:
        text = f"{t(lang, 'support.ask_order', id=order_id)}\n\n{text}"
    cancel = Button(t(lang, "order.cancel"), callback_data=Menu(Screen.HOME).pack())  # leaves the prompt
    await show(update, text, InlineKeyboardMarkup([[cancel]]))
    return WRITE


async def receive_ticket(update: Update, context: ShopContext) -> int:
    """The new ticket's first message: stored and sent to the admins; or why not (the prompt may wait)."""
    lang = await lang_of(update, context)
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return END
    text, photo = _content(message)
    order_id = context.session.ticket_order or None
    try:
        written = await context.shop.support.open(user.id, order_id, text, photo)
    except InputError as error:
        await message.reply_text(input_error_text(lang, error))
        if error.code in _ENDS_PROMPT:
            context.session.ticket_order = None
            return END
        return WRITE
    context.session.ticket_order = None
    await message.reply_text(
        t(lang, "support.opened", id=written.ticket_id), reply_markup=_ticket_keyboard(lang, written.ticket_id)
    )
    return END


async def text_or_photo(update: Update, context: ShopContext) -> int:
    """Something a ticket cannot hold, at the prompt: say what it takes; nothing is stored, the prompt waits."""
    await _say_text_or_photo(update, context)
    return WRITE


async def _say_text_or_photo(update: Update, context: ShopContext) -> None:
    if update.effective_message is not None:
        lang = await lang_of(update, context)
        await update.effective_message.reply_text(t(lang, "support.text_or_photo"))


async def cancel_ticket(update: Update, context: ShopContext) -> int:
    context.session.ticket_order = None
    lang = await lang_of(update, context)
    await show(update, t(lang, "support.cancelled"), main_menu(context, lang))
    return END


async def close_mine(update: Update, context: ShopContext) -> None:
    """The customer closes their ticket (a second press, or someone else's ticket: nothing to close)."""
    lang = await lang_of(update, context)
    pressed = MyTicket.of(update.callback_query.data if update.callback_query else None)
    user = update.effective_user
    if pressed is None or user is None:
        return
    closed = await context.shop.support.close_mine(user.id, pressed.ticket_id)
    key = "support.closed_mine" if closed else "support.closed_before"
    await show(update, t(lang, key, id=pressed.ticket_id), main_menu(context, lang))


async def private_message(update: Update, context: ShopContext) -> None:
    """Text or a photo in private that no step waited for: an admin's answer (a reply to a ticket notice, or
    after Reply), else the customer's message to their open ticket, else the usual hint."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    if context.shop.staff.is_admin(user.id) and await _admin_answer(update, context):
        return
    text, photo = _content(message)
    lang = await lang_of(update, context)
    try:
        written = await context.shop.support.write(user.id, text, photo)
    except InputError as error:
        await message.reply_text(input_error_text(lang, error))
        return
    if written is None:
        await start.free_text(update, context)
        return
    await message.reply_text(
        t(lang, "support.added", id=written.ticket_id), reply_markup=_ticket_keyboard(lang, written.ticket_id)
    )


async def private_other(update: Update, context: ShopContext) -> None:
    """Voice, a file, a sticker... in private while a ticket is open: it would not reach the admins, so the
    customer is told what does (with no ticket open, it is ignored as before)."""
    user = update.effective_user
    if user is not None and await context.shop.support.live(user.id):
        await _say_text_or_photo(update, context)


# --- the admins -----------------------------------------------------------------------------------------------


async def ticket_action(update: Update, context: ShopContext) -> None:
    """Reply / Close under a ticket's notice (anyone but an admin: an expired button)."""
    lang = await lang_of(update, context)
    query, user = update.callback_query, update.effective_user
    pressed = TicketAction.of(query.data if query else None)
    if query is None or user is None or pressed is None:
        return
    if not context.shop.staff.is_admin(user.id):
        await query.answer(t(lang, "error.stale"))
        return
    await query.answer()
    notice = query.message if isinstance(query.message, Message) else None
    if pressed.act is TicketAct.REPLY:
        if notice is not None:  # (a message too old for Telegram to send: nowhere known to wait for the answer)
            context.session.replying, context.session.replying_in = pressed.ticket_id, place_of(notice)
            await notice.reply_text(t(lang, "support.reply_ask", id=pressed.ticket_id))
        return
    try:
        await context.shop.support.close(user.id, pressed.ticket_id)
    except InputError as error:
        if notice is not None:
            await notice.reply_text(input_error_text(lang, error))
        return
    if notice is not None:
        admin = person(user.id, user.full_name, user.username or "")
        await notice.reply_text(t(lang, "support.closed_by", id=pressed.ticket_id, admin=admin))
        with contextlib.suppress(BadRequest):  # the buttons went already
            await notice.edit_reply_markup(None)  # no more Reply / Close under it


async def admin_group_message(update: Update, context: ShopContext) -> None:
    """An admin's message in the admin group: an answer to a ticket when it is one; else nothing."""
    await _admin_answer(update, context)


async def _admin_answer(update: Update, context: ShopContext) -> bool:
    """If this admin message answers a ticket (a reply to its notice, or the next message after Reply), send it
    to the customer and say so; True when it was such an answer."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return False
    replied = message.reply_to_message
    ticket_id = await context.shop.support.ticket_shown_by(message.chat_id, replied.message_id) if replied else None
    if ticket_id is None:  # not a reply to a ticket: the message after Reply, where the admin pressed it
        ticket_id = _pending_reply(context, message)
    if ticket_id is None:
        return False
    lang = await lang_of(update, context)
    text, photo = _content(message)
    try:
        await context.shop.support.answer(user.id, ticket_id, text, photo)
    except InputError as error:
        await message.reply_text(input_error_text(lang, error))
        return True
    await message.reply_text(t(lang, "support.answered", id=ticket_id))
    return True


def _pending_reply(context: ShopContext, message: Message) -> int | None:
    """The ticket of the admin's pending Reply, taken (it is for one message) if `message` is where Reply was
    pressed; None otherwise, and the Reply keeps waiting."""
    session = context.session
    if session.replying is None or session.replying_in != place_of(message):
        return None
    ticket_id, session.replying, session.replying_in = session.replying, None, None
    return ticket_id


async def cancel(update: Update, context: ShopContext) -> None:
    """/cancel: an admin's pending Reply stops; otherwise the usual answer."""
    if context.session.replying is None:
        await start.nothing_to_cancel(update, context)
        return
    ticket_id, context.session.replying, context.session.replying_in = context.session.replying, None, None
    if update.effective_message is not None:
        lang = await lang_of(update, context)
        await update.effective_message.reply_text(t(lang, "support.reply_cancelled", id=ticket_id))


async def tickets(update: Update, context: ShopContext) -> None:
    """/tickets: the tickets not closed, the longest waiting first."""
    message = update.effective_message
    if message is None:
        return
    lang = await lang_of(update, context)
    waiting = await context.shop.support.waiting()
    if not waiting:
        await message.reply_text(t(lang, "support.list_none"))
        return
    zone = await context.shop.timezone()
    lines = [t(lang, "support.list_title", count=len(waiting))]
    for item in waiting:
        ticket = item.ticket
        order = (
            t(
                lang,
                "support.list_order",
                id=ticket.order_id,
                state=t(lang, f"status.{item.order_state}", raw=item.order_state or ""),
            )
            if ticket.order_id is not None
            else ""
        )
        lines.append(
            t(
                lang,
                "support.list_line",
                id=ticket.id,
                state=t(lang, f"support.state_{ticket.state}"),
                user=person(ticket.user_id, item.first_name, item.username or ""),
                order=order,
                last=when(item.last_message_at, zone, lang),
            )
        )
    await message.reply_text("\n".join(lines))


# --- the handlers ---------------------------------------------------------------------------------------------


def build_ticket_conversation(order_timeout_minutes: float) -> BaseHandler[Update, ShopContext, Any]:
    """The new ticket's prompt. Any other button or command leaves it and does what it says."""
    return prompt(
        "support",
        entry_points=[
            CallbackQueryHandler(support_home, pattern=Menu.match_where(screen=Screen.SUPPORT)),
            CallbackQueryHandler(new_ticket, pattern=NewTicket.match),
        ],
        states={
            WRITE: [
                MessageHandler(filters.ChatType.PRIVATE & _MESSAGE, receive_ticket),
                MessageHandler(filters.ChatType.PRIVATE & _UNSUPPORTED, text_or_photo),
            ]
        },
        cancels=[CommandHandler("cancel", cancel_ticket)],
        timeout_minutes=order_timeout_minutes,
    )


def admin_handlers(access: AdminAccess) -> list[BaseHandler[Update, ShopContext, Any]]:
    """/tickets, Reply / Close, an admin's answer in the admin group, /cancel of a pending Reply."""
    return [
        CommandHandler("tickets", tickets, filters=access.admins),
        CallbackQueryHandler(ticket_action, pattern=TicketAction.match),
        MessageHandler(access.users & access.groups & _MESSAGE, admin_group_message),
        CommandHandler("cancel", cancel, filters=access.users),
    ]


def handlers() -> list[BaseHandler[Update, ShopContext, Any]]:
    return [CallbackQueryHandler(close_mine, pattern=MyTicket.match)]


def private_message_handlers() -> list[BaseHandler[Update, ShopContext, Any]]:
    """Last before the free-text hint: text or a photo in private that nothing above waited for; anything else a
    customer sends while a ticket is open."""
    return [
        MessageHandler(filters.ChatType.PRIVATE & _MESSAGE, private_message),
        MessageHandler(filters.ChatType.PRIVATE & _UNSUPPORTED, private_other),
    ]
