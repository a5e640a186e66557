"""`/route SERVICE [add|remove|order …]` (admins): the providers that serve a shop service, in order.

The route shows each stop's provider service, its cost in its provider's currency and the shop's, and its
range; a suggestion has an "Add as fallback" button, which adds it when an admin presses it (twice: once).
"""

from __future__ import annotations

import html
import logging
from typing import Any

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.shop.drafts import PACKAGE_TYPES
from bot.shop.inputs import InputError
from bot.shop.routes import Problem, Route, RouteChange, Stop
from bot.telegram.access import AdminAccess
from bot.telegram.callbacks import CallbackTooLong, RouteAdd
from bot.telegram.common import is_not_modified, lang_of
from bot.telegram.context import ShopContext
from bot.telegram.handlers.admin import Usage, admins_only, command
from bot.telegram.i18n import money, t, values_in

log = logging.getLogger(__name__)
ACTIONS = ("add", "remove", "order")


def _stop_line(lang: str, stop: Stop, shop_currency: str) -> str:
    found = stop.service
    if found is None or stop.cost is None or stop.shop_cost is None:
        return t(lang, "route.gone", ref=html.escape(stop.ref))
    line = t(
        lang,
        "route.stop",
        ref=html.escape(stop.ref),
        name=html.escape(found.name),
        cost=money(stop.cost, stop.currency, lang),
        shop_cost=money(stop.shop_cost, shop_currency, lang),
        min=found.min_quantity,
        max=found.max_quantity,
    )
    return line + (" — " + t(lang, "route.below_cost") if stop.problem is Problem.BELOW_COST else "")


def route_text(lang: str, route: Route) -> str:
    service = route.service
    per = t(lang, "route.per_package" if service.type in PACKAGE_TYPES else "route.per_1000")
    lines = [
        t(
            lang,
            "route.title",
            id=html.escape(service.id),
            name=html.escape(service.title),
            price=money(route.price, route.currency, lang),
            per=per,
            min=service.min_quantity,
            max=service.max_quantity,
        ),
        t(lang, "route.primary", stop=_stop_line(lang, route.primary, route.currency)),
    ]
    lines += [
        t(lang, "route.fallback", n=n, stop=_stop_line(lang, stop, route.currency))
        for n, stop in enumerate(route.fallbacks, start=1)
    ]
    if not route.fallbacks:
        lines.append(t(lang, "route.no_fallbacks", id=html.escape(service.id)))
    if route.suggestions:
        lines.append("\n" + t(lang, "route.suggestions"))
        lines += [f"• {_stop_line(lang, stop, route.currency)}" for stop in route.suggestions]
    return "\n".join(lines)


def route_buttons(lang: str, route: Route) -> InlineKeyboardMarkup | None:
    rows = []
    for stop in route.suggestions:
        try:
            data = RouteAdd(route.service.id, stop.number).pack()
        except (CallbackTooLong, ValueError):  # an ID too long for a button: it can still be typed
            continue
        if RouteAdd.unpack(data) is None:  # an ID buttons cannot carry: the same
            continue
        rows.append([Button(t(lang, "route.add_button", ref=stop.ref)[:64], callback_data=data)])
    return InlineKeyboardMarkup(rows) if rows else None


def _change_text(lang: str, change: RouteChange) -> str:
    text = route_text(lang, change.route)
    partial = change.partial_range
    if partial is not None and partial.service is not None:
        service = change.route.service
        warning = t(
            lang,
            "route.partial_range",
            ref=html.escape(partial.ref),
            min=partial.service.min_quantity,
            max=partial.service.max_quantity,
            wanted_min=service.min_quantity,
            wanted_max=service.max_quantity,
        )
        text += "\n\n⚠️ " + warning
    return text


async def route(update: Update, context: ShopContext, args: list[str], lang: str) -> str | None:
    """/route SERVICE · /route SERVICE add|remove P:ID · /route SERVICE order P:ID P:ID …"""
    routes, message = context.shop.routes, update.effective_message
    assert message is not None and update.effective_user is not None  # a command from an admin
    admin_id = update.effective_user.id
    if len(args) == 1:
        found = await routes.route(args[0])
        await message.reply_text(route_text(lang, found), reply_markup=route_buttons(lang, found))
        return None
    if len(args) < 3 or args[1].lower() not in ACTIONS:
        raise Usage
    action = args[1].lower()
    if action == "order":
        change = await routes.reorder(admin_id, args[0], args[2:])
    elif len(args) != 3:
        raise Usage
    elif action == "add":
        change = await routes.add(admin_id, args[0], args[2])
    else:
        change = await routes.remove(admin_id, args[0], args[2])
    await message.reply_text(_change_text(lang, change), reply_markup=route_buttons(lang, change.route))
    return None


async def add_suggestion(update: Update, context: ShopContext) -> None:
    """ "Add as fallback": the suggestion joins the route, and the message shows the new route."""
    lang = await lang_of(update, context)
    query = update.callback_query
    assert query is not None and update.effective_user is not None  # registered as a CallbackQueryHandler
    pressed = RouteAdd.of(query.data)
    if pressed is None:  # the pattern matched it: cannot happen
        await query.answer()
        return
    try:
        change = await context.shop.routes.add_suggested(update.effective_user.id, pressed.service_id, pressed.number)
    except InputError as error:  # pressed twice, or the catalog changed since: nothing was added
        await query.answer(t(lang, error.code, **values_in(lang, error.values))[:200], show_alert=True)
        return
    await query.answer(t(lang, "route.added", ref=change.added))
    try:
        await query.edit_message_text(_change_text(lang, change), reply_markup=route_buttons(lang, change.route))
    except BadRequest as error:
        if not is_not_modified(error):
            raise


def handlers(access: AdminAccess) -> list[BaseHandler[Any, Any, Any]]:
    return [
        CommandHandler("route", command("route", route), filters=access.admins),
        CallbackQueryHandler(admins_only(add_suggestion), pattern=RouteAdd.match),
    ]
