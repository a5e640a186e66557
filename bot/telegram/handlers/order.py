"""The New order conversation: category → service → link → quantity → lists → summary → Confirm.

What is asked after the service follows its type (`shop.ordering.steps_for`). The
draft lives in `user_data["order"]` (persisted), so a restart resumes where the
customer was. Every button is re-checked against the store; nothing in
callback_data is trusted.
"""

from __future__ import annotations

import html
import re
from collections.abc import Awaitable, Callable

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.config import Settings
from bot.shop.inputs import InputError
from bot.shop.ordering import LIST_STEPS, OPTIONAL_STEPS, Draft, Outcome, Placement, Quote, steps_for
from bot.shop.pricing import PACKAGE_TYPES
from bot.store import Order, StoredService
from bot.telegram import keyboards
from bot.telegram.common import conversation, lang_of, shop_of, show
from bot.telegram.handlers.start import home, start
from bot.telegram.i18n import money, number, t, values_in
from bot.telegram.paging import paginate

CHOOSING, INPUT, CONFIRM = range(3)
END = ConversationHandler.END
CATEGORY = re.compile(r"^cat:(\d{1,9}):(\d{1,4})$")
SERVICE = re.compile(r"^svc:([\w.-]{1,40})$")


# --- state kept between steps ---


def _state(context: ContextTypes.DEFAULT_TYPE) -> dict:
    return context.user_data.setdefault("order", {})


def _draft(context: ContextTypes.DEFAULT_TYPE) -> Draft | None:
    data = _state(context).get("draft")
    return Draft.from_dict(data) if data else None


def _save(context: ContextTypes.DEFAULT_TYPE, draft: Draft, step: str | None) -> None:
    _state(context).update(draft=draft.as_dict(), step=step)


def _forget(context: ContextTypes.DEFAULT_TYPE) -> None:
    context.user_data.pop("order", None)


def _row(lang: str, *names: str) -> list[Button]:
    return [Button(t(lang, f"order.{name}"), callback_data=f"order:{name}") for name in names]


# --- choosing a service ---


async def categories(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """List the categories that have something to order, a page at a time."""
    lang = await lang_of(update, context)
    data = update.callback_query.data if update.callback_query else ""
    number = int(data.split(":")[1]) if data.startswith("cats:") else 0
    found = await shop_of(context).catalog.categories()
    if not found:
        await show(update, t(lang, "catalog.empty"), keyboards.back_home(lang))
        return END
    page = paginate(found, number, keyboards.PAGE_SIZE)
    markup = keyboards.paged(
        page,
        lang,
        button=lambda c: Button(f"{c.name} ({c.service_count})", callback_data=f"cat:{c.id}:0"),
        page_data=lambda n: f"cats:{n}",
        extra_rows=[_row(lang, "cancel")],
    )
    await show(update, f"{t(lang, 'catalog.categories')}\n<i>{t(lang, 'catalog.search_hint')}</i>", markup)
    return CHOOSING


async def services(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """The services of one category with their price per 1000."""
    category_id, number = map(int, CATEGORY.match(update.callback_query.data).groups())
    return await _show_services(update, context, category_id, number)


async def _show_services(update: Update, context: ContextTypes.DEFAULT_TYPE, category_id: int, number: int) -> int:
    lang = await lang_of(update, context)
    shop = shop_of(context)
    category = await shop.catalog.category(category_id)
    found = await shop.catalog.services_in(category_id) if category else []
    if not found:
        if update.callback_query:
            await update.callback_query.answer(t(lang, "catalog.category_gone"))
        return await categories(update, context)
    _state(context)["category_id"] = category_id
    prices = await shop.price_list()
    page = paginate(found, number, keyboards.PAGE_SIZE)
    markup = keyboards.paged(
        page,
        lang,
        button=lambda s: _service_button(s, prices.per_thousand(s, category.markup_percent), prices.currency, lang),
        page_data=lambda n: f"cat:{category_id}:{n}",
        extra_rows=[[Button(t(lang, "order.back"), callback_data="cats:0"), *_row(lang, "cancel")]],
    )
    await show(update, t(lang, "catalog.services", category=html.escape(category.name)), markup)
    return CHOOSING


def _service_button(service: StoredService, price, currency: str, lang: str) -> Button:
    label = f"#{service.id} {service.title} — {money(price, currency, lang)}"
    return Button(label[:64], callback_data=f"svc:{service.id}")


async def search(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """A typed service number or part of a name while choosing."""
    lang = await lang_of(update, context)
    text = update.message.text.strip()[:60]
    shop = shop_of(context)
    found = await shop.ordering.search(text)
    if len(found) == 1 and text.lstrip("#").isdigit():
        return await _start_service(update, context, found[0])
    if not found:
        await update.message.reply_text(t(lang, "order.search_none", text=html.escape(text)))
        return await categories(update, context)
    prices = await shop.price_list()
    rows = [[_service_button(s, prices.per_thousand(s), prices.currency, lang)] for s in found]
    rows.append([Button(t(lang, "order.back"), callback_data="cats:0"), *_row(lang, "cancel")])
    await update.message.reply_text(
        t(lang, "order.search_results", text=html.escape(text)), reply_markup=InlineKeyboardMarkup(rows)
    )
    return CHOOSING


async def choose_service(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """A service button: check it can still be ordered, then ask the first question."""
    service_id = SERVICE.match(update.callback_query.data).group(1)
    service = await shop_of(context).ordering.orderable(service_id)
    if service is None:
        lang = await lang_of(update, context)
        await update.callback_query.answer(t(lang, "order.gone"), show_alert=True)
        return await categories(update, context)
    return await _start_service(update, context, service)


async def _start_service(update: Update, context: ContextTypes.DEFAULT_TYPE, service: StoredService) -> int:
    _state(context)["category_id"] = service.category_id
    draft = Draft(service_id=service.id)
    return await _ask(update, context, draft, steps_for(service.type)[0], service)


# --- the questions ---


async def _card(context: ContextTypes.DEFAULT_TYPE, service: StoredService, lang: str) -> str:
    shop = shop_of(context)
    prices = await shop.price_list()
    category = await shop.catalog.category(service.category_id)
    markup = category.markup_percent if category else None
    key = "order.card_package" if service.type in PACKAGE_TYPES else "order.card"
    return t(
        lang,
        key,
        id=html.escape(service.id),
        name=html.escape(service.title),
        price=money(prices.per_thousand(service, markup), prices.currency, lang),
        min=number(service.min_quantity, lang),
        max=number(service.max_quantity, lang),
        refill=t(lang, "order.yes" if service.can_refill else "order.no"),
    )


async def _ask(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    draft: Draft,
    step: str,
    service: StoredService,
    error: str | None = None,
) -> int:
    """Ask for `step` (after an error message, if any) and wait for the answer."""
    lang = await lang_of(update, context)
    _save(context, draft, step)
    if step == "link":
        category = await shop_of(context).catalog.category(service.category_id)
        platform = category.platform if category else None
        question = (
            t(lang, "order.ask_link_platform", platform=platform.capitalize())
            if platform
            else t(lang, "order.ask_link")
        )
    else:
        question = t(
            lang, f"order.ask_{step}", min=number(service.min_quantity, lang), max=number(service.max_quantity, lang)
        )
    text = f"{await _card(context, service, lang)}\n\n{question}"
    if error:
        text = f"⚠️ {error}\n\n{text}"
    buttons = _row(lang, "skip") if step in OPTIONAL_STEPS else []
    markup = InlineKeyboardMarkup(
        [buttons, _row(lang, "back", "cancel")] if buttons else [_row(lang, "back", "cancel")]
    )
    await show(update, text, markup)
    return INPUT


async def _current(context: ContextTypes.DEFAULT_TYPE) -> tuple[Draft | None, StoredService | None, str | None]:
    """The draft, its service if still orderable, and the step being asked."""
    draft = _draft(context)
    if draft is None:
        return None, None, None
    return draft, await shop_of(context).ordering.orderable(draft.service_id), _state(context).get("step")


async def receive(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """The customer's answer to the current question."""

    async def accept(draft: Draft, step: str, service: StoredService) -> None:
        category = await shop_of(context).catalog.category(service.category_id)
        shop_of(context).ordering.accept(
            draft, step, update.message.text, service, category.platform if category else None
        )

    return await _advance(update, context, accept)


async def skip(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Skip an optional list (suggest or search)."""

    async def leave_out(draft: Draft, step: str, service: StoredService) -> None:
        shop_of(context).ordering.skip(draft, step)

    return await _advance(update, context, leave_out)


async def _advance(
    update: Update, context: ContextTypes.DEFAULT_TYPE, change: Callable[[Draft, str, StoredService], Awaitable[None]]
) -> int:
    """Apply `change` to the draft at the current step: on to the next step, or the same question with the error."""
    draft, service, step = await _current(context)
    if service is None or step is None:
        return await _service_gone(update, context)
    try:
        await change(draft, step, service)
    except InputError as error:
        lang = await lang_of(update, context)
        return await _ask(update, context, draft, step, service, t(lang, error.code, **values_in(lang, error.values)))
    return await _next(update, context, draft, step, service)


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """A photo or sticker where text was asked for."""
    draft, service, step = await _current(context)
    if service is None or step is None:
        return await _service_gone(update, context)
    lang = await lang_of(update, context)
    return await _ask(update, context, draft, step, service, t(lang, "input.text_expected"))


async def _next(
    update: Update, context: ContextTypes.DEFAULT_TYPE, draft: Draft, step: str, service: StoredService
) -> int:
    steps = steps_for(service.type)
    following = steps.index(step) + 1
    if following < len(steps):
        return await _ask(update, context, draft, steps[following], service)
    return await summary(update, context, draft, service)


async def back(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """One step back: the previous question, or the service list from the first one."""
    draft, service, step = await _current(context)
    if service is None:
        return await _service_gone(update, context)
    steps = steps_for(service.type)
    if step is None:  # on the summary card: back to the last question
        return await _ask(update, context, draft, steps[-1], service)
    position = steps.index(step)
    if position == 0:
        return await _show_services(update, context, service.category_id, 0)
    return await _ask(update, context, draft, steps[position - 1], service)


async def _service_gone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    lang = await lang_of(update, context)
    if update.callback_query:
        await update.callback_query.answer(t(lang, "order.gone"), show_alert=True)
    else:
        await update.message.reply_text(t(lang, "order.gone"))
    return await categories(update, context)


# --- summary and confirmation ---


async def summary(update: Update, context: ContextTypes.DEFAULT_TYPE, draft: Draft, service: StoredService) -> int:
    """The summary card: what, where, how many, the exact price and the wallet after."""
    lang = await lang_of(update, context)
    quote = await _quote(update, context, draft, service)
    _save(context, draft, None)
    text = _summary_text(lang, draft, quote)
    first = [Button(t(lang, "order.confirm"), callback_data=f"ok:{draft.token}")]
    if quote.shortfall > 0:
        text += t(lang, "order.summary_short", shortfall=money(quote.shortfall, quote.currency, lang))
        first = _row(lang, "add_funds")
    elif quote.exempt:
        text += t(lang, "order.summary_exempt")
    await show(update, text, InlineKeyboardMarkup([first, _row(lang, "back", "cancel")]))
    return CONFIRM


async def _quote(update: Update, context: ContextTypes.DEFAULT_TYPE, draft: Draft, service: StoredService) -> Quote:
    shop = shop_of(context)
    category = await shop.catalog.category(service.category_id)
    user_id = update.effective_user.id
    return await shop.ordering.quote(
        user_id,
        draft,
        service,
        await shop.price_list(),
        category.markup_percent if category else None,
        shop.settings.is_admin(user_id),
    )


def _summary_text(lang: str, draft: Draft, quote: Quote) -> str:
    lists = "".join(
        t(lang, "order.summary_list", name=t(lang, f"order.list_name.{name}"), count=len(lines))
        for name, lines in draft.lists.items()
        if name in LIST_STEPS and lines
    )
    return t(
        lang,
        "order.summary",
        service=html.escape(f"#{quote.service.id} {quote.service.title}"),
        link=html.escape(draft.link or ""),
        quantity=number(quote.units, lang),
        lists=lists,
        price=money(quote.price, quote.currency, lang),
        balance=money(quote.balance, quote.currency, lang),
        after=money(quote.after, quote.currency, lang),
    )


async def confirm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Place the order: exactly once for this summary card, whatever is tapped again."""
    lang = await lang_of(update, context)
    token = update.callback_query.data.removeprefix("ok:")
    draft = _draft(context)
    if draft is None or draft.token != token:
        return await stale_confirm(update, context)
    shop = shop_of(context)
    user_id = update.effective_user.id
    service = await shop.ordering.orderable(draft.service_id)
    category = await shop.catalog.category(service.category_id) if service else None
    placement = await shop.ordering.place(
        user_id,
        draft,
        await shop.price_list(),
        category.markup_percent if category else None,
        shop.settings.is_admin(user_id),
    )
    if placement.outcome is Outcome.NO_FUNDS:
        text = t(lang, "order.no_funds", shortfall=money(placement.shortfall, await shop.currency(), lang))
        await show(update, text, InlineKeyboardMarkup([_row(lang, "add_funds"), _row(lang, "back", "cancel")]))
        return CONFIRM
    if placement.outcome is Outcome.GONE:
        return await _service_gone(update, context)
    if placement.outcome is Outcome.PANEL_SHORT:
        _forget(context)
        await show(update, t(lang, "order.panel_short"), keyboards.back_home(lang))
        return END
    _forget(context)
    followable = placement.outcome in (Outcome.PLACED, Outcome.ALREADY, Outcome.UNCERTAIN)
    await show(update, placement_text(lang, placement), _follow(lang, placement.order if followable else None))
    return END


def placement_text(lang: str, placement: Placement) -> str:
    order = placement.order
    price = money(order.price, order.currency, lang)
    if placement.outcome is Outcome.PLACED:
        return t(
            lang,
            "order.placed",
            id=order.id,
            service=html.escape(order.service_name),
            quantity=number(order.quantity, lang),
            price=price,
        )
    if placement.outcome is Outcome.ALREADY:
        return t(lang, "order.already", id=order.id)
    if placement.outcome is Outcome.UNCERTAIN:
        return t(lang, "order.uncertain", id=order.id)
    error = placement.error
    if error is not None and error.kind in ("invalid_link", "invalid_quantity"):
        return t(lang, "order.refused", reason=html.escape(error.text), price=price)
    return t(lang, "order.unavailable", price=price)


def _follow(lang: str, order: Order | None) -> InlineKeyboardMarkup:
    """A button to the order's detail view (when there is an order to follow), and the menu."""
    rows = [[Button(t(lang, "order.follow", id=order.id), callback_data=f"ord:{order.id}")]] if order else []
    rows.append(keyboards.home_row(lang))
    return InlineKeyboardMarkup(rows)


async def stale_confirm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Confirm on an old card: say which order it placed, if it did; otherwise that it expired."""
    lang = await lang_of(update, context)
    token = update.callback_query.data.removeprefix("ok:")
    order = await shop_of(context).orders.by_token_for_user(token, update.effective_user.id)
    if order is not None:
        await update.callback_query.answer()
        await update.effective_message.reply_text(
            t(lang, "order.already", id=order.id), reply_markup=_follow(lang, order)
        )
    else:
        await update.callback_query.answer(t(lang, "order.expired_card"), show_alert=True)
    return CONFIRM if _draft(context) else END


async def add_funds(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """The operator's payment instructions; the summary card stays to confirm later."""
    lang = await lang_of(update, context)
    instructions = shop_of(context).settings.payment_instructions.strip()
    await update.callback_query.answer()
    text = t(
        lang, "funds.instructions", instructions=html.escape(instructions) if instructions else t(lang, "funds.none")
    )
    await update.effective_message.reply_text(text)
    return CONFIRM


# --- leaving ---


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """/cancel or the Cancel button: drop the draft, nothing charged."""
    lang = await lang_of(update, context)
    _forget(context)
    await show(update, t(lang, "order.cancelled"), keyboards.main_menu(lang))
    return END


async def leave_to_menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """The main menu (or /start) in the middle of an order ends it."""
    _forget(context)
    if update.callback_query:
        await home(update, context)
    else:
        await start(update, context)
    return END


async def timed_out(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The conversation sat idle: say so once, politely."""
    lang = await lang_of(update, context)
    minutes = int(shop_of(context).settings.order_timeout_minutes)
    _forget(context)
    chat = update.effective_chat
    if chat is not None:
        await context.bot.send_message(
            chat.id, t(lang, "order.timeout", minutes=minutes), reply_markup=keyboards.main_menu(lang)
        )


def build_order_conversation(settings: Settings) -> ConversationHandler:
    browse = [
        CallbackQueryHandler(categories, pattern=r"^(menu:order|cats:\d{1,4})$"),
        CallbackQueryHandler(services, pattern=CATEGORY),
        CallbackQueryHandler(choose_service, pattern=SERVICE),
    ]
    step_buttons = [
        CallbackQueryHandler(back, pattern=r"^order:back$"),
        CallbackQueryHandler(skip, pattern=r"^order:skip$"),
    ]
    return conversation(
        entry_points=browse,
        states={
            CHOOSING: [*browse, MessageHandler(filters.TEXT & ~filters.COMMAND, search)],
            INPUT: [
                MessageHandler(filters.TEXT & ~filters.COMMAND, receive),
                MessageHandler(~filters.COMMAND, not_text),
                *step_buttons,
                *browse,
            ],
            CONFIRM: [
                CallbackQueryHandler(confirm, pattern=r"^ok:[\w-]{1,20}$"),
                CallbackQueryHandler(add_funds, pattern=r"^order:add_funds$"),
                *step_buttons,
                *browse,
            ],
            ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)],
        },
        fallbacks=[
            CommandHandler("cancel", cancel),
            CallbackQueryHandler(cancel, pattern=r"^order:cancel$"),
            CommandHandler("start", leave_to_menu),
            CallbackQueryHandler(leave_to_menu, pattern=r"^menu:home$"),
        ],
        name="order",
        persistent=True,
        allow_reentry=True,
        conversation_timeout=settings.order_timeout_minutes * 60,
    )


def handlers() -> list:
    """Outside a conversation: an old Confirm says what it placed, or that it expired."""
    return [CallbackQueryHandler(stale_confirm, pattern=r"^ok:[\w-]{1,20}$")]
