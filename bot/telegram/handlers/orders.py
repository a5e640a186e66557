"""My orders: the list (newest first, paginated) and one order's detail with Refresh, Refill and Cancel.

Buttons carry order IDs; the shop looks every order up *for the user who pressed*, so a forged or
stale button finds nothing and reveals nothing.
"""

from __future__ import annotations

import html
from datetime import UTC, tzinfo

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.shop.my_orders import OrderAct, OrderView
from bot.shop.types import Order
from bot.telegram import keyboards
from bot.telegram.callbacks import Act, Menu, NewTicket, Noop, OrderAction, OrdersPage, RefillAll, Screen
from bot.telegram.common import lang_of, show
from bot.telegram.context import ShopContext
from bot.telegram.i18n import money, number, t, when

_ACTS = {
    Act.VIEW: OrderAct.VIEW,
    Act.REFRESH: OrderAct.REFRESH,
    Act.REFILL: OrderAct.REFILL,
    Act.CANCEL: OrderAct.CANCEL,
}


def status_name(lang: str, order: Order) -> str:
    return t(lang, f"status.{order.state}", raw=html.escape(order.panel_status or order.state))


async def my_orders(update: Update, context: ShopContext) -> None:
    """The customer's orders, a page at a time."""
    user = update.effective_user
    if user is None:
        return
    lang = await lang_of(update, context)
    asked = OrdersPage.of(update.callback_query.data if update.callback_query else None)
    page = await context.shop.my_orders.page(user.id, asked.page if asked else 0, keyboards.PAGE_SIZE)
    if not page.orders:
        await show(update, t(lang, "orders.none"), keyboards.back_home(lang))
        return
    rows = [
        [
            Button(
                t(lang, "orders.item", id=o.id, service=o.service_name, status=status_name(lang, o))[:64],
                callback_data=OrderAction(o.id).pack(),
            )
        ]
        for o in page.orders
    ]
    nav = []
    if page.number > 0:
        nav.append(Button(t(lang, "catalog.prev"), callback_data=OrdersPage(page.number - 1).pack()))
    if page.pages > 1:
        label = t(lang, "catalog.page", page=page.number + 1, pages=page.pages)
        nav.append(Button(label, callback_data=Noop().pack()))
    if page.number < page.pages - 1:
        nav.append(Button(t(lang, "catalog.next"), callback_data=OrdersPage(page.number + 1).pack()))
    if nav:
        rows.append(nav)
    if page.any_refillable:
        rows.append([Button(t(lang, "orders.refill_all"), callback_data=RefillAll().pack())])
    rows.append(keyboards.home_row(lang))
    await show(update, t(lang, "orders.title"), InlineKeyboardMarkup(rows))


async def detail(update: Update, context: ShopContext) -> None:
    """One order; Refresh asks the panel first, Refill and Cancel ask the panel for those."""
    lang = await lang_of(update, context)
    pressed = OrderAction.of(update.callback_query.data if update.callback_query else None)
    user = update.effective_user
    view = (
        await context.shop.my_orders.view(user.id, pressed.order_id, _ACTS[pressed.act]) if pressed and user else None
    )
    if view is None:
        if update.callback_query:
            await update.callback_query.answer(t(lang, "orders.not_found"), show_alert=True)
        return
    late = f"\n\n{t(lang, 'orders.late')}" if view.late else ""
    zone = await context.shop.timezone()
    if view.unchanged_since:
        late += f"\n\n<i>{t(lang, 'orders.no_change', time=when(view.unchanged_since, zone, lang))}</i>"
    text = detail_text(lang, view.order, zone, view.refill_days) + late + _note(lang, view)
    await show(update, text, _detail_keyboard(lang, view))


def _note(lang: str, view: OrderView) -> str:
    if view.note is None:
        return ""
    reason = t(lang, f"refusal.{view.why}") if view.why else ""
    return f"\n\n<i>{t(lang, f'orders.{view.note}', id=view.order.id, reason=reason)}</i>"


def _detail_keyboard(lang: str, view: OrderView) -> InlineKeyboardMarkup:
    order_id = view.order.id
    rows = [[Button(t(lang, "orders.refresh"), callback_data=OrderAction(order_id, Act.REFRESH).pack())]]
    if view.can_refill:
        rows.append([Button(t(lang, "orders.refill"), callback_data=OrderAction(order_id, Act.REFILL).pack())])
    if view.can_cancel:
        rows.append([Button(t(lang, "orders.cancel"), callback_data=OrderAction(order_id, Act.CANCEL).pack())])
    rows.append([Button(t(lang, "menu.support"), callback_data=NewTicket(order_id).pack())])
    rows.append([Button(t(lang, "orders.back"), callback_data=OrdersPage().pack()), *keyboards.home_row(lang)])
    return InlineKeyboardMarkup(rows)


async def refill_all(update: Update, context: ShopContext) -> None:
    """ "Refill all eligible": one many-orders `refill` call for the customer's eligible orders."""
    lang = await lang_of(update, context)
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    result = await context.shop.my_orders.refill_all(user.id)
    if result.no_refills:
        await query.answer(t(lang, "orders.refill_unsupported"), show_alert=True)
        return
    if result.eligible == 0:
        await query.answer(t(lang, "orders.refill_none"), show_alert=True)
        return
    if result.panel_busy:
        await query.answer(t(lang, "orders.panel_busy"), show_alert=True)
        return
    await query.answer()
    if update.effective_message is not None:
        await update.effective_message.reply_text(
            t(lang, "orders.refill_all_sent", count=result.accepted), reply_markup=keyboards.back_home(lang)
        )


def detail_text(lang: str, order: Order, zone: tzinfo | None = None, refill_days: int | None = None) -> str:
    """One order as its owner reads it; times in `zone` (the shop's), the refill window when known."""
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
        created=when(order.created_at, zone or UTC, lang),
        refill=t(lang, "orders.refill_window", days=refill_days) if refill_days else "",
    )


def handlers() -> list[BaseHandler[Update, ShopContext, None]]:
    return [
        CallbackQueryHandler(my_orders, pattern=Menu.match_where(screen=Screen.ORDERS)),
        CallbackQueryHandler(my_orders, pattern=OrdersPage.match),
        CallbackQueryHandler(detail, pattern=OrderAction.match),
        CallbackQueryHandler(refill_all, pattern=RefillAll.match),
    ]
