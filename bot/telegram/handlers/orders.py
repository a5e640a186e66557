"""My orders: the list (newest first, paginated) and one order's detail with Refresh.

Buttons carry order IDs; every handler looks the order up *for the user who
pressed*, so a forged or stale button finds nothing and reveals nothing.
"""

from __future__ import annotations

import html
import re

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from bot.panel import ErrorKind, PanelError, PanelRefused
from bot.store import Order, OrderState
from bot.telegram import keyboards
from bot.telegram.common import lang_of, shop_of, show
from bot.telegram.i18n import money, number, t

PAGE = re.compile(r"^orders:(\d{1,5})$")
DETAIL = re.compile(r"^ord:(\d{1,12})(?::(r|refill|cancel))?$")


def status_name(lang: str, order: Order) -> str:
    return t(lang, f"status.{order.state}", raw=html.escape(order.panel_status or order.state))


async def my_orders(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The customer's orders, a page at a time."""
    lang = await lang_of(update, context)
    match = PAGE.match(update.callback_query.data)
    number = int(match.group(1)) if match else 0
    shop = shop_of(context)
    user_id = update.effective_user.id
    total = await shop.orders.count_for_user(user_id)
    if total == 0:
        await show(update, t(lang, "orders.none"), keyboards.back_home(lang))
        return
    pages = -(-total // keyboards.PAGE_SIZE)
    number = min(max(number, 0), pages - 1)
    orders = await shop.orders.for_user(user_id, number * keyboards.PAGE_SIZE, keyboards.PAGE_SIZE)
    rows = [
        [
            Button(
                t(lang, "orders.item", id=o.id, service=o.service_name, status=status_name(lang, o))[:64],
                callback_data=f"ord:{o.id}",
            )
        ]
        for o in orders
    ]
    nav = []
    if number > 0:
        nav.append(Button(t(lang, "catalog.prev"), callback_data=f"orders:{number - 1}"))
    if pages > 1:
        nav.append(Button(t(lang, "catalog.page", page=number + 1, pages=pages), callback_data="noop"))
    if number < pages - 1:
        nav.append(Button(t(lang, "catalog.next"), callback_data=f"orders:{number + 1}"))
    if nav:
        rows.append(nav)
    if await _refillable(shop, user_id):
        rows.append([Button(t(lang, "orders.refill_all"), callback_data="orders:refill_all")])
    rows.append(keyboards.home_row(lang))
    await show(update, t(lang, "orders.title"), InlineKeyboardMarkup(rows))


async def detail(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """One order; `:r` asks the panel first, `:refill` and `:cancel` ask the panel for those."""
    lang = await lang_of(update, context)
    order_id, action = DETAIL.match(update.callback_query.data).groups()
    shop = shop_of(context)
    order = await shop.orders.get_for_user(int(order_id), update.effective_user.id)
    if order is None:
        await update.callback_query.answer(t(lang, "orders.not_found"), show_alert=True)
        return
    service = await shop.catalog.repo.service(order.service_id)
    note = ""
    try:
        if action == "r":
            await shop.tracking.refresh(order)
        elif action == "refill" and await shop.refills.can_refill(order, service):
            note = _answer(
                lang, await shop.refills.request(order), "orders.refill_sent", "orders.refill_refused", order.id
            )
        elif action == "cancel" and _can_cancel(order, service):
            note = _answer(
                lang, await shop.tracking.cancel(order), "orders.cancel_sent", "orders.cancel_refused", order.id
            )
    except PanelError:
        note = t(lang, "orders.refresh_failed" if action == "r" else "orders.panel_busy")
    order = await shop.orders.get_for_user(order.id, order.user_id)
    rows = [[Button(t(lang, "orders.refresh"), callback_data=f"ord:{order.id}:r")]]
    if await shop.refills.can_refill(order, service):
        rows.append([Button(t(lang, "orders.refill"), callback_data=f"ord:{order.id}:refill")])
    if _can_cancel(order, service):
        rows.append([Button(t(lang, "orders.cancel"), callback_data=f"ord:{order.id}:cancel")])
    rows.append([Button(t(lang, "orders.back"), callback_data="orders:0"), *keyboards.home_row(lang)])
    text = detail_text(lang, order) + (f"\n\n<i>{note}</i>" if note else "")
    await show(update, text, InlineKeyboardMarkup(rows))


def _can_cancel(order: Order, service) -> bool:
    return (
        service is not None
        and service.can_cancel
        and order.state is OrderState.PENDING
        and order.panel_order_id is not None
    )


def _answer(lang: str, result, done_key: str, refused_key: str, order_id: int) -> str:
    if isinstance(result, PanelRefused):
        return t(lang, refused_key, reason=refusal_words(lang, result))
    return t(lang, done_key, id=order_id)


def refusal_words(lang: str, refused: PanelRefused) -> str:
    """The panel's refusal in plain words: its own text only where it helps (never a key or a balance)."""
    known = {
        ErrorKind.NOT_ELIGIBLE: "refusal.not_eligible",
        ErrorKind.ORDER_NOT_FOUND: "refusal.order_not_found",
        ErrorKind.RATE_LIMITED: "refusal.rate_limited",
    }
    return t(lang, known.get(refused.kind, "refusal.other"))


async def refill_all(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "Refill all eligible": one many-orders `refill` call for the customer's eligible orders."""
    lang = await lang_of(update, context)
    shop = shop_of(context)
    eligible = await _refillable(shop, update.effective_user.id)
    if not eligible:
        await update.callback_query.answer(t(lang, "orders.refill_none"), show_alert=True)
        return
    try:
        results = await shop.refills.request_many(eligible)
    except PanelError:
        await update.callback_query.answer(t(lang, "orders.panel_busy"), show_alert=True)
        return
    accepted = sum(1 for r in results.values() if not isinstance(r, PanelRefused))
    await update.callback_query.answer()
    await update.effective_message.reply_text(
        t(lang, "orders.refill_all_sent", count=accepted), reply_markup=keyboards.back_home(lang)
    )


async def _refillable(shop, user_id: int) -> list[Order]:
    eligible = []
    for order in await shop.orders.done_for_user(user_id):
        if await shop.refills.can_refill(order, await shop.catalog.repo.service(order.service_id)):
            eligible.append(order)
    return eligible


def detail_text(lang: str, order: Order) -> str:
    unknown = t(lang, "orders.unknown")
    delivered = order.delivered
    progress = f"{number(delivered, lang)} / {number(order.quantity, lang)}" if delivered is not None else unknown
    return t(
        lang,
        "orders.detail",
        id=order.id,
        service=html.escape(order.service_name),
        link=html.escape(order.link),
        quantity=number(order.quantity, lang),
        status=status_name(lang, order),
        progress=progress,
        start_count=number(order.start_count, lang) if order.start_count else unknown,
        price=money(order.price, order.currency, lang),
        created=order.created_at[:16].replace("T", " "),
    )


def handlers() -> list:
    return [
        CallbackQueryHandler(my_orders, pattern=r"^(menu:orders|orders:\d{1,5})$"),
        CallbackQueryHandler(detail, pattern=DETAIL),
        CallbackQueryHandler(refill_all, pattern=r"^orders:refill_all$"),
    ]
