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

from bot.panel import PanelError
from bot.store import Order
from bot.telegram import keyboards
from bot.telegram.common import lang_of, shop_of, show
from bot.telegram.i18n import money, number, t

PAGE = re.compile(r"^orders:(\d{1,5})$")
DETAIL = re.compile(r"^ord:(\d{1,12})(:r)?$")


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
    rows = [[Button(t(lang, "orders.item", id=o.id, service=o.service_name, status=status_name(lang, o))[:64],
                    callback_data=f"ord:{o.id}")] for o in orders]
    nav = []
    if number > 0:
        nav.append(Button(t(lang, "catalog.prev"), callback_data=f"orders:{number - 1}"))
    if pages > 1:
        nav.append(Button(t(lang, "catalog.page", page=number + 1, pages=pages), callback_data="noop"))
    if number < pages - 1:
        nav.append(Button(t(lang, "catalog.next"), callback_data=f"orders:{number + 1}"))
    if nav:
        rows.append(nav)
    rows.append(keyboards.home_row(lang))
    await show(update, t(lang, "orders.title"), InlineKeyboardMarkup(rows))


async def detail(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """One order; with `:r`, ask the panel for its status first."""
    lang = await lang_of(update, context)
    order_id, refresh = DETAIL.match(update.callback_query.data).groups()
    shop = shop_of(context)
    order = await shop.orders.get_for_user(int(order_id), update.effective_user.id)
    if order is None:
        await update.callback_query.answer(t(lang, "orders.not_found"), show_alert=True)
        return
    note = ""
    if refresh:
        try:
            await shop.tracking.refresh(order)
        except PanelError:
            note = f"\n\n<i>{t(lang, 'orders.refresh_failed')}</i>"
        order = await shop.orders.get_for_user(order.id, order.user_id)
    rows = [[Button(t(lang, "orders.refresh"), callback_data=f"ord:{order.id}:r")],
            [Button(t(lang, "orders.back"), callback_data="orders:0"), *keyboards.home_row(lang)]]
    await show(update, detail_text(lang, order) + note, InlineKeyboardMarkup(rows))


def detail_text(lang: str, order: Order) -> str:
    unknown = t(lang, "orders.unknown")
    delivered = order.delivered
    progress = f"{number(delivered, lang)} / {number(order.quantity, lang)}" if delivered is not None else unknown
    return t(lang, "orders.detail", id=order.id, service=html.escape(order.service_name),
             link=html.escape(order.link), quantity=number(order.quantity, lang), status=status_name(lang, order),
             progress=progress, start_count=number(order.start_count, lang) if order.start_count else unknown,
             price=money(order.price, order.currency, lang), created=order.created_at[:16].replace("T", " "))


def handlers() -> list:
    return [
        CallbackQueryHandler(my_orders, pattern=r"^(menu:orders|orders:\d{1,5})$"),
        CallbackQueryHandler(detail, pattern=DETAIL),
    ]
