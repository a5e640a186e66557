"""Browsing the catalog: categories, then the services of one category (paginated)."""

from __future__ import annotations

import html
import re

from telegram import InlineKeyboardButton as Button
from telegram import Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from bot.telegram import keyboards
from bot.telegram.common import lang_of, shop_of, show
from bot.telegram.i18n import money, t
from bot.telegram.paging import paginate

CATEGORY_PAGE = re.compile(r"^cats:(\d{1,4})$")
CATEGORY = re.compile(r"^cat:(\d{1,9}):(\d{1,4})$")


async def categories(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the categories that have something to order, a page at a time."""
    lang = await lang_of(update, context)
    match = CATEGORY_PAGE.match(update.callback_query.data or "")
    number = int(match.group(1)) if match else 0
    found = await shop_of(context).catalog.categories()
    if not found:
        await show(update, t(lang, "catalog.empty"), keyboards.back_home(lang))
        return
    page = paginate(found, number, keyboards.PAGE_SIZE)
    markup = keyboards.paged(
        page, lang,
        button=lambda c: Button(f"{c.name} ({c.service_count})", callback_data=f"cat:{c.id}:0"),
        page_data=lambda n: f"cats:{n}",
        extra_rows=[keyboards.home_row(lang)],
    )
    await show(update, t(lang, "catalog.categories"), markup)


async def services(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The services of one category with their price per 1000 and limits."""
    lang = await lang_of(update, context)
    category_id, number = map(int, CATEGORY.match(update.callback_query.data).groups())
    shop = shop_of(context)
    category = await shop.catalog.category(category_id)
    found = await shop.catalog.services_in(category_id) if category else []
    if not found:
        await update.callback_query.answer(t(lang, "catalog.category_gone"))
        update.callback_query.data = "cats:0"
        await categories(update, context)
        return
    prices = await shop.price_list()
    page = paginate(found, number, keyboards.PAGE_SIZE)

    def button(service) -> Button:
        price = money(prices.per_thousand(service, category.markup_percent), prices.currency, lang)
        return Button(f"#{service.id} {service.title} — {price}"[:64], callback_data=f"svc:{service.id}"[:64])

    markup = keyboards.paged(
        page, lang, button=button, page_data=lambda n: f"cat:{category_id}:{n}",
        extra_rows=[[Button(t(lang, "menu.back"), callback_data="cats:0")], keyboards.home_row(lang)],
    )
    await show(update, t(lang, "catalog.services", category=html.escape(category.name)), markup)


def handlers() -> list:
    return [
        CallbackQueryHandler(categories, pattern=r"^(menu:order|cats:\d{1,4})$"),
        CallbackQueryHandler(services, pattern=CATEGORY),
    ]
