"""Admin commands, in the admin group and in private chats with admins.

From anyone else an admin command is treated exactly like an unknown command,
so nothing reveals that it exists. Each command checks its arguments and answers
a wrong call with its usage line.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Awaitable, Callable, Coroutine
from datetime import tzinfo
from decimal import Decimal
from typing import Any, TypeVar, cast

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram import InlineKeyboardButton as Button
from telegram.error import BadRequest
from telegram.ext import (
    ApplicationHandlerStop,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    JobQueue,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.config import MAIN_PROVIDER, Settings
from bot.shop.admin import AdminOrderView, Gate, PanelTrouble, parse_amount
from bot.shop.alerts import BalanceReading
from bot.shop.inputs import InputError
from bot.shop.timing import compact
from bot.telegram import charts
from bot.telegram.access import AdminAccess
from bot.telegram.callbacks import BroadcastGo, Decision, DepositDecision, Go, Settle, SettleOrder
from bot.telegram.common import TYPED, conversation, input_error_text, lang_of, leave_prompt
from bot.telegram.context import ShopContext
from bot.telegram.handlers.orders import detail_text
from bot.telegram.i18n import money, t, values_in, when
from bot.telegram.pushes import attempt_text, person

log = logging.getLogger(__name__)

Context = ShopContext
Command = Callable[[Update, Context, list[str], str], Awaitable[str | None]]
R = TypeVar("R")
ADMIN_COMMANDS = (
    "pbalance",
    "stats",
    "order",
    "user",
    "referrals",
    "credit",
    "debit",
    "refund",
    "resolve",
    "markup",
    "price",
    "service",
    "platform",
    "sync",
    "route",
    "code",
    "ban",
    "unban",
    "maintenance",
    "lowbalance",
    "broadcast",
)


def admins_only(
    handler: Callable[[Update, Context], Coroutine[Any, Any, R]],
) -> Callable[[Update, Context], Coroutine[Any, Any, R | int]]:
    """Buttons in admin notices: pressed by anyone else, they answer like a stale button and do nothing."""

    async def guarded(update: Update, context: Context) -> R | int:
        if not context.shop.staff.is_admin(_user_id(update)):
            if update.callback_query is not None:
                await update.callback_query.answer(t(await lang_of(update, context), "error.stale"))
            return ConversationHandler.END
        return await handler(update, context)

    guarded.__doc__ = handler.__doc__
    return guarded


def _user_id(update: Update) -> int:
    user = update.effective_user
    assert user is not None  # admin commands, texts and buttons all come from a user
    return user.id


def _message(update: Update) -> Message:
    message = update.effective_message
    assert message is not None  # commands and texts carry one; our buttons sit on one
    return message


def _text(update: Update) -> str:
    return _message(update).text or ""


class Usage(Exception):
    """The command was called with the wrong arguments."""


def command(name: str, run: Command) -> Callable[[Update, Context], Coroutine[Any, Any, None]]:
    async def handle(update: Update, context: Context) -> None:
        lang = await lang_of(update, context)
        try:
            reply = await run(update, context, context.args or [], lang)
        except Usage:
            reply = t(lang, f"usage.{name}")
        except InputError as error:
            reply = input_error_text(lang, error)
        except PanelTrouble as error:
            reply = "⚠️ " + t(lang, "admin.panel_error", error=html.escape(error.reason[:300]))
        if reply:
            await _message(update).reply_text(reply)

    handle.__doc__ = f"/{name} (admins only)"
    return handle


# --- reading ---


async def pbalance(update: Update, context: Context, args: list[str], lang: str) -> str | None:
    """Every panel's balance, asked now (it also refreshes the shop's last known balances); a one-panel shop
    reads as it always did."""
    shop_currency = await context.shop.currency()
    balances = await context.shop.desk.panel_balances(shop_currency)
    if len(balances) == 1:
        return _one_balance(balances[0].reading, lang)
    lines = [t(lang, "admin.pbalances")]
    for item in balances:
        reading = item.reading
        known = money(reading.known, reading.currency, lang) if reading.known is not None else "—"
        in_shop = "" if item.in_shop is None else " ≈ " + money(item.in_shop, shop_currency, lang)
        alert = (
            t(lang, "admin.pbalance_alert", threshold=money(reading.threshold, reading.currency, lang))
            if reading.threshold > 0
            else t(lang, "admin.pbalance_alert_off")
        )
        marks = (t(lang, "admin.pbalance_low") if reading.low else "") + (
            "" if reading.answered else t(lang, "admin.pbalance_no_answer")
        )
        lines.append(
            t(lang, "admin.pbalance_line", provider=html.escape(reading.provider), balance=known + in_shop, alert=alert)
            + marks
        )
    return "\n".join(lines)


def _one_balance(report: BalanceReading, lang: str) -> str:
    if report.known is None:
        return t(lang, "admin.panel_unreachable")
    balance = money(report.known, report.currency, lang)
    stale = "" if report.answered else "\n" + t(lang, "admin.pbalance_stale")
    if report.threshold <= 0:  # alerts are off: no "alert below 0"
        return t(lang, "admin.pbalance_no_alert", balance=balance) + stale
    return t(lang, "admin.pbalance", balance=balance, threshold=money(report.threshold, report.currency, lang)) + stale


async def stats(update: Update, context: Context, args: list[str], lang: str) -> str | None:
    """The period's figures as text, then its orders and revenue per day as a chart."""
    if len(args) > 1:
        raise Usage
    period = args[0] if args else "today"
    report = await context.shop.desk.stats(period)
    series = await context.shop.desk.daily(period, await context.shop.timezone())
    currency = await context.shop.currency()
    states = (
        ", ".join(f"{t(lang, f'status.{state}', raw=state)}: {count}" for state, count in sorted(report.orders.items()))
        or "—"
    )
    message = _message(update)
    summary = t(
        lang,
        "admin.stats",
        period=report.period,
        customers=report.new_customers,
        orders=states,
        turnover=money(report.turnover, currency, lang),
        refunds=money(report.refunds, currency, lang),
        cost=money(report.cost, currency, lang),
        margin=money(report.margin, currency, lang),
    )
    if report.split:
        summary += "\n\n" + t(lang, "admin.stats_by_provider")
        for name, figures in report.by_provider.items():
            summary += "\n" + t(
                lang,
                "admin.stats_provider",
                provider=html.escape(name),
                turnover=money(figures.turnover, currency, lang),
                cost=money(figures.cost, currency, lang),
                margin=money(figures.margin, currency, lang),
            )
    if report.referral_rewards or context.shop.referrals.enabled:
        summary += "\n" + t(lang, "admin.stats_referrals", amount=money(report.referral_rewards, currency, lang))
    await message.reply_text(summary)
    png = await asyncio.to_thread(  # matplotlib takes a tenth of a second or more: not on the event loop
        charts.orders_and_revenue,
        series.days,
        orders_label=t(lang, "admin.chart_orders"),
        revenue_label=t(lang, "admin.chart_revenue", currency=currency),
    )
    caption = t(lang, "admin.stats_chart", period=t(lang, f"admin.chart_period.{series.period}"))
    await message.reply_photo(png, caption=caption, filename="stats.png")
    return None


async def order(update: Update, context: Context, args: list[str], lang: str) -> str | None:
    if len(args) != 1:
        raise Usage
    view = await context.shop.desk.order_view(args[0])
    found, timing = view.order, view.timing
    expected = timing.expectation
    return (
        detail_text(lang, found)
        + "\n"
        + t(
            lang,
            "admin.order_extra",
            user=found.user_id,
            panel_id=html.escape(found.panel_order_id or "—"),
            state=found.state,
            error=html.escape(found.error or "—"),
        )
        + "\n"
        + t(
            lang,
            "admin.order_timing",
            typical=compact(expected.typical),
            basis=t(lang, "admin.timing_learned", count=expected.samples)
            if expected.learned
            else t(lang, "admin.timing_default"),
            elapsed=compact(timing.elapsed),
            late_after=compact(expected.late_after),
        )
        + (f" {t(lang, 'admin.timing_late')}" if timing.late else "")
        + "\n"
        + _order_route(lang, view, await context.shop.timezone())
    )


def _order_route(lang: str, view: AdminOrderView, zone: tzinfo) -> str:
    """`/order N`'s provider line (where it is held, its service there, the margin) and every try to place it."""
    found = view.order
    provider = t(
        lang,
        "admin.order_provider",
        provider=html.escape(found.provider),
        provider_service=html.escape(found.provider_service_id or "—"),
        margin=money(view.margin, found.currency, lang) if view.margin is not None else "—",
    )
    lines = [
        t(
            lang,
            "admin.attempt_at",
            time=when(a.created_at, zone, lang),
            attempt=attempt_text(lang, f"{a.provider}:{a.provider_service_id}", a.outcome, a.detail),
        )
        for a in view.attempts
    ]
    attempts = "\n".join(lines) or t(lang, "admin.no_attempts")
    return provider + "\n" + t(lang, "admin.order_attempts", attempts=attempts)


async def user(update: Update, context: Context, args: list[str], lang: str) -> str | None:
    if len(args) != 1:
        raise Usage
    shop = context.shop
    report = await shop.desk.user_report(args[0])
    currency = await shop.currency()
    orders = (
        "\n".join(
            f"#{o.id} {html.escape(o.service_name)} · {o.state} · {money(o.price, o.currency, lang)}"
            for o in report.orders
        )
        or "—"
    )
    ledger = (
        "\n".join(
            f"{e.created_at[:16]} {e.kind} {money(e.amount, currency, lang)} {html.escape(e.reason)}"
            for e in report.ledger
        )
        or "—"
    )
    u = report.user
    inviter = report.inviter
    text = t(
        lang,
        "admin.user",
        id=u.id,
        name=html.escape(u.first_name),
        username=html.escape(u.username or "—"),
        balance=money(report.balance, currency, lang),
        banned=t(lang, "order.yes" if u.is_banned else "order.no"),
        orders=orders,
        ledger=ledger,
    )
    who = person(inviter.id, inviter.first_name, inviter.username or "") if inviter else "—"
    return text + "\n" + t(lang, "admin.user_referrals", inviter=who, invited=report.invited)


async def referrals(update: Update, context: Context, args: list[str], lang: str) -> str | None:
    """`/referrals [days]`: the rewards paid in the period and the top inviters (joined, period, all time)."""
    if len(args) > 1:
        raise Usage
    shop = context.shop
    report = await shop.referrals.report(args[0] if args else None)
    currency = await shop.currency()
    lines = "\n".join(
        t(
            lang,
            "admin.referrals_line",
            user=person(i.user.id, i.user.first_name, i.user.username or ""),
            joined=i.joined,
            period=money(i.in_period, currency, lang),
            total=money(i.total, currency, lang),
        )
        for i in report.inviters
    )
    text = t(
        lang,
        "admin.referrals",
        days=report.days,
        paid=money(report.paid, currency, lang),
        percent=f"{shop.referrals.percent.normalize():f}",
        lines=lines or t(lang, "admin.referrals_none"),
    )
    return text + ("" if shop.referrals.enabled else t(lang, "admin.referrals_off"))


# --- money ---


def _adjust(sign: int) -> Command:
    async def run(update: Update, context: Context, args: list[str], lang: str) -> str | None:
        if len(args) < 2:
            raise Usage
        shop = context.shop
        currency = await shop.currency()
        amount = parse_amount(args[1], currency) * sign
        note = " ".join(args[2:])[:200]
        balance = await shop.desk.adjust(
            _user_id(update),
            args[0],
            amount,
            note,
            event=f"message:{_message(update).chat_id}:{_message(update).id}",
            currency=currency,
        )
        return t(lang, "admin.adjusted", balance=money(balance, currency, lang))

    return run


async def refund(update: Update, context: Context, args: list[str], lang: str) -> str | None:
    if len(args) != 1:
        raise Usage
    shop = context.shop
    amount = await shop.desk.refund(_user_id(update), args[0])
    return t(lang, "admin.refunded", amount=money(amount, await shop.currency(), lang))


async def resolve(update: Update, context: Context, args: list[str], lang: str) -> str | None:
    if len(args) < 2 or not args[0].lstrip("#").isdigit() or args[1] not in ("placed", "failed"):
        raise Usage
    if args[1] == "placed" and len(args) != 3:
        raise Usage
    resolved = await context.shop.desk.resolve(
        _user_id(update), int(args[0].lstrip("#")), args[2] if args[1] == "placed" else None
    )
    return t(lang, "admin.resolved", id=resolved.id, state=resolved.state)


# --- catalog ---


def _percent_or_off(text: str) -> Decimal | None:
    if text.lower() == "off":
        return None
    value = parse_amount(text.rstrip("%"))
    if value > 10000:
        raise InputError("admin.bad_amount", {"text": text})
    return value


async def markup(update: Update, context: Context, args: list[str], lang: str) -> str | None:
    shop = context.shop
    if not args:
        overrides = await shop.desk.overrides()
        lines = [t(lang, "admin.markup_global", value=(await shop.pricing.price_list()).markup_percent)]
        lines += [f"📁 {html.escape(c.name)}: {c.markup_percent}%" for c in overrides.categories]
        lines += [
            f"#{s.id} {html.escape(s.title)}: "
            + (f"{s.markup_percent}%" if s.markup_percent is not None else "")
            + (f" = {s.fixed_price}" if s.fixed_price is not None else "")
            for s in overrides.services
        ]
        return "\n".join(lines)
    if len(args) == 1:
        await shop.desk.set_markup(_user_id(update), "global", None, _percent_or_off(args[0]))
    elif len(args) >= 3 and args[0] in ("category", "service"):
        await shop.desk.set_markup(_user_id(update), args[0], " ".join(args[1:-1]), _percent_or_off(args[-1]))
    else:
        raise Usage
    return t(lang, "admin.saved")


async def price(update: Update, context: Context, args: list[str], lang: str) -> str | None:
    if len(args) != 2:
        raise Usage
    value = None if args[1].lower() == "off" else parse_amount(args[1], await context.shop.currency())
    service = await context.shop.desk.set_price(_user_id(update), args[0], value)
    return t(lang, "admin.price_set", id=service.id, price=value if value is not None else "off")


async def service(update: Update, context: Context, args: list[str], lang: str) -> str | None:
    if len(args) < 2:
        raise Usage
    desk, admin_id = context.shop.desk, _user_id(update)
    action = args[1].lower()
    if action in ("on", "off") and len(args) == 2:
        changed = await desk.change_service(admin_id, args[0], "is_enabled", int(action == "on"))
    elif action == "rename" and len(args) >= 3:
        changed = await desk.change_service(admin_id, args[0], "display_name", " ".join(args[2:])[:100])
    elif action == "lists" and len(args) == 3 and args[2].lower() in ("on", "off"):
        changed = await desk.change_service(admin_id, args[0], "is_listed", int(args[2].lower() == "on"))
    else:
        raise Usage
    return t(
        lang,
        "admin.service",
        id=changed.id,
        name=html.escape(changed.title),
        enabled=t(lang, "order.yes" if changed.is_enabled else "order.no"),
        listed=t(lang, "order.yes" if changed.is_listed else "order.no"),
    )


async def platform(update: Update, context: Context, args: list[str], lang: str) -> str | None:
    if len(args) < 2:
        raise Usage
    value = None if args[-1].lower() in ("off", "any") else args[-1].lower()
    await context.shop.desk.set_platform(_user_id(update), " ".join(args[:-1]), value)
    return t(lang, "admin.saved")


async def sync(update: Update, context: Context, args: list[str], lang: str) -> str | None:
    result = await context.shop.desk.sync_catalog()
    if result is None:
        return t(lang, "admin.sync_failed")
    return t(
        lang,
        "admin.synced",
        total=result.total,
        added=len(result.added),
        removed=len(result.removed),
        repriced=len(result.rate_changed),
    )


# --- customers and the shop ---


def _ban(banned: bool) -> Command:
    async def run(update: Update, context: Context, args: list[str], lang: str) -> str | None:
        if len(args) != 1:
            raise Usage
        target = await context.shop.desk.ban(_user_id(update), args[0], banned)
        return t(lang, "admin.banned" if banned else "admin.unbanned", id=target.id)

    return run


async def maintenance(update: Update, context: Context, args: list[str], lang: str) -> str | None:
    if len(args) != 1 or args[0].lower() not in ("on", "off"):
        raise Usage
    on = args[0].lower() == "on"
    await context.shop.desk.set_flag(_user_id(update), "maintenance", "on" if on else None)
    return t(lang, "admin.maintenance_on" if on else "admin.maintenance_off")


async def lowbalance(update: Update, context: Context, args: list[str], lang: str) -> str | None:
    """`/lowbalance AMOUNT` (main) or `/lowbalance PROVIDER AMOUNT`, in that panel's currency."""
    if len(args) not in (1, 2):
        raise Usage
    provider = args[0].lower() if len(args) == 2 else MAIN_PROVIDER
    amount, currency = await context.shop.desk.set_low_balance(_user_id(update), provider, args[-1])
    if len(args) == 1:
        return t(lang, "admin.lowbalance", amount=str(amount))
    return t(lang, "admin.lowbalance_of", provider=html.escape(provider), amount=money(amount, currency, lang))


# --- buttons in notices ---


def _query(update: Update) -> CallbackQuery:
    query = update.callback_query
    assert query is not None  # registered as a CallbackQueryHandler
    return query


async def deposit_decision(update: Update, context: Context) -> None:
    """Approve / Reject on a deposit request; only the first decision counts."""
    lang = await lang_of(update, context)
    query = _query(update)
    pressed = DepositDecision.of(query.data)
    if pressed is None:  # the pattern matched it: cannot happen
        await query.answer()
        return
    shop = context.shop
    applied, deposit = await shop.deposits.decide(
        _user_id(update), pressed.deposit_id, pressed.decision is Decision.APPROVE, await shop.currency()
    )
    if not applied or deposit is None:
        await query.answer(
            t(
                lang,
                "admin.deposit_done",
                state=deposit.state if deposit else "?",
                admin=deposit.decided_by if deposit else "?",
            )
        )
        return
    await query.answer()
    note = t(lang, "admin.deposit_decided", id=deposit.id, state=deposit.state, admin=_who(update))
    await query.edit_message_text(f"{_message(update).text_html}\n\n{note}")  # and no more buttons


def _who(update: Update) -> str:
    """The admin acting, as admin notices name people."""
    user = update.effective_user
    assert user is not None  # admins_only let them through
    return person(user.id, user.full_name, user.username or "")


async def _settled(context: Context, chat_id: int, message_id: int, text_html: str, note: str) -> None:
    """The uncertain-order notice, edited to say who settled it and how; its buttons go."""
    try:
        await context.bot.edit_message_text(f"{text_html}\n\n{note}", chat_id=chat_id, message_id=message_id)
    except BadRequest as error:  # gone, or edited already
        log.info("the notice of a settled order was not edited: %s", error.message)


RESOLVE_ID = 0


async def uncertain_placed(update: Update, context: Context) -> int:
    """ "Placed on the panel as #…": ask which panel order it is."""
    lang = await lang_of(update, context)
    pressed = SettleOrder.of(_query(update).data)
    if pressed is None:  # the pattern matched it: cannot happen
        return ConversationHandler.END
    context.session.resolving = pressed.order_id
    notice = _message(update)
    context.session.resolving_notice = (notice.chat_id, notice.message_id, notice.text_html)
    await _query(update).answer()
    await _ask_panel_id(update, context, lang, pressed.order_id)
    return RESOLVE_ID


async def _ask_panel_id(update: Update, context: Context, lang: str, order_id: int | None) -> None:
    """Ask for the order ID on the panel that holds the order: with several panels, the admin must know which."""
    try:
        order = await context.shop.desk.find_order(str(order_id))
    except InputError as error:
        await _message(update).reply_text(input_error_text(lang, error))
        return
    await _message(update).reply_text(t(lang, "admin.ask_panel_id", id=order.id, provider=order.provider))


async def uncertain_panel_id(update: Update, context: Context) -> int:
    lang = await lang_of(update, context)
    panel_id = _text(update).strip().lstrip("#")
    if not panel_id or len(panel_id) > 64 or " " in panel_id:
        await _ask_panel_id(update, context, lang, context.session.resolving)
        return RESOLVE_ID
    order_id, context.session.resolving = context.session.resolving, None
    if order_id is None:
        return ConversationHandler.END
    try:
        resolved = await context.shop.desk.resolve(_user_id(update), order_id, panel_id)
    except InputError as error:
        await _message(update).reply_text(input_error_text(lang, error))
        return ConversationHandler.END
    await _message(update).reply_text(t(lang, "admin.resolved", id=resolved.id, state=resolved.state))
    notice, context.session.resolving_notice = context.session.resolving_notice, None
    if notice is not None:
        note = t(lang, "admin.settled", id=resolved.id, state=resolved.state, admin=_who(update))
        await _settled(context, notice[0], notice[1], notice[2], note)
    return ConversationHandler.END


async def uncertain_failed(update: Update, context: Context) -> None:
    """ "Not placed": refund the customer."""
    lang = await lang_of(update, context)
    query = _query(update)
    pressed = SettleOrder.of(query.data)
    if pressed is None:  # the pattern matched it: cannot happen
        await query.answer()
        return
    try:
        resolved = await context.shop.desk.resolve(_user_id(update), pressed.order_id, None)
    except InputError as error:
        await query.answer(t(lang, error.code, **values_in(lang, error.values)), show_alert=True)
        return
    await query.answer()
    await _message(update).reply_text(t(lang, "admin.resolved", id=resolved.id, state=resolved.state))
    notice = _message(update)
    note = t(lang, "admin.settled", id=resolved.id, state=resolved.state, admin=_who(update))
    await _settled(context, notice.chat_id, notice.message_id, notice.text_html, note)


async def cancel_resolving(update: Update, context: Context) -> int:
    context.session.resolving = context.session.resolving_notice = None
    await _message(update).reply_text(t(await lang_of(update, context), "admin.cancelled"))
    return ConversationHandler.END


# --- broadcast ---

TEXT, PREVIEW = range(2)


async def broadcast_start(update: Update, context: Context) -> int:
    """/broadcast: ask for the message."""
    await _message(update).reply_text(t(await lang_of(update, context), "admin.broadcast_ask"))
    return TEXT


async def broadcast_text(update: Update, context: Context) -> int:
    lang = await lang_of(update, context)
    context.session.broadcast = html.escape(_text(update)[:3500])
    audience = await context.shop.broadcasts.audience_size()
    markup = InlineKeyboardMarkup(
        [
            [
                Button(t(lang, "order.confirm"), callback_data=BroadcastGo(Go.SEND).pack()),
                Button(t(lang, "order.cancel"), callback_data=BroadcastGo(Go.DROP).pack()),
            ]
        ]
    )
    await _message(update).reply_text(
        t(lang, "admin.broadcast_preview", count=audience, text=context.session.broadcast), reply_markup=markup
    )
    return PREVIEW


async def broadcast_go(update: Update, context: Context) -> int:
    """Queue the message for every customer; a job edits the progress into this message."""
    lang = await lang_of(update, context)
    query = _query(update)
    text, context.session.broadcast = context.session.broadcast, None
    if text is None:
        await query.answer()
        return ConversationHandler.END
    shop = context.shop
    broadcast_id = f"{_user_id(update)}-{update.update_id}"
    total = await shop.broadcasts.send(_user_id(update), broadcast_id, text)
    await query.answer()
    await query.edit_message_text(t(lang, "admin.broadcast_progress", sent=0, failed=0, total=total))
    assert context.job_queue is not None  # the bot is built with a job queue
    jobs = cast("JobQueue[ShopContext]", context.job_queue)  # PTB types its queue with the default context
    jobs.run_repeating(
        broadcast_report,
        interval=shop.settings.outbox_poll_seconds * 2,
        first=0.5,
        name=f"broadcast-{broadcast_id}",
        data={
            "id": broadcast_id,
            "total": total,
            "chat": _message(update).chat_id,
            "message": _message(update).message_id,
            "lang": lang,
        },
    )
    return ConversationHandler.END


async def broadcast_cancel(update: Update, context: Context) -> int:
    context.session.broadcast = None
    if update.callback_query:
        await update.callback_query.answer()
    await _message(update).reply_text(t(await lang_of(update, context), "admin.cancelled"))
    return ConversationHandler.END


async def broadcast_report(context: Context) -> None:
    """Progress of a broadcast, edited into the admin's message until nothing is waiting."""
    job = context.job
    assert job is not None and isinstance(job.data, dict)  # scheduled by broadcast_go
    data = job.data
    sent, failed, waiting = await context.shop.broadcasts.progress(data["id"])
    key = "admin.broadcast_done" if waiting == 0 else "admin.broadcast_progress"
    text = t(data["lang"], key, sent=sent, failed=failed, total=data["total"])
    if text != data.get("last"):
        data["last"] = text
        await context.bot.edit_message_text(text, chat_id=data["chat"], message_id=data["message"])
    if waiting == 0:
        job.schedule_removal()


# --- the gate and unknown commands ---


async def gate(update: Update, context: Context) -> None:
    """Before any handler: banned customers are ignored; in maintenance, customers get a polite notice."""
    user = update.effective_user
    if user is None or "shop" not in context.application.bot_data:
        return
    shop = context.shop
    if shop.staff.is_admin(user.id):
        return
    verdict = await shop.desk.gate(user.id)
    if verdict is Gate.BANNED:
        if update.callback_query:
            await update.callback_query.answer()
        raise ApplicationHandlerStop
    if verdict is Gate.MAINTENANCE:
        lang = await lang_of(update, context)
        if update.callback_query:
            await update.callback_query.answer(t(lang, "maintenance"), show_alert=True)
        elif update.effective_chat and update.effective_chat.type == "private" and update.effective_message:
            await update.effective_message.reply_text(t(lang, "maintenance"))
        raise ApplicationHandlerStop


async def unknown_command(update: Update, context: Context) -> None:
    """Any command the bot does not know — and admin commands from anyone else."""
    if update.effective_chat is not None and update.effective_chat.type == "private" and update.message:
        await update.message.reply_text(t(await lang_of(update, context), "unknown_command"))


def _leaving() -> list[BaseHandler[Update, ShopContext, int]]:
    """Another button or command while an admin prompt waits: leave the prompt, then do what was asked."""
    return [CallbackQueryHandler(leave_prompt), MessageHandler(filters.COMMAND, leave_prompt)]


def handlers(settings: Settings, access: AdminAccess) -> list[BaseHandler[Any, Any, Any]]:
    admins = access.admins  # the admins (ADMIN_IDS, the owner) in private or in the admin group
    table: dict[str, Command] = {
        "pbalance": pbalance,
        "stats": stats,
        "order": order,
        "user": user,
        "referrals": referrals,
        "credit": _adjust(1),
        "debit": _adjust(-1),
        "refund": refund,
        "resolve": resolve,
        "markup": markup,
        "price": price,
        "service": service,
        "platform": platform,
        "sync": sync,
        "ban": _ban(True),
        "unban": _ban(False),
        "maintenance": maintenance,
        "lowbalance": lowbalance,
    }
    only_admins = access.users
    return [
        *(CommandHandler(name, command(name, run), filters=admins) for name, run in table.items()),
        conversation(
            entry_points=[CommandHandler("broadcast", broadcast_start, filters=admins)],
            states={
                TEXT: [MessageHandler(TYPED & admins, broadcast_text)],
                PREVIEW: [CallbackQueryHandler(broadcast_go, pattern=BroadcastGo.match_where(go=Go.SEND))],
            },
            fallbacks=[
                CommandHandler("cancel", broadcast_cancel),
                CallbackQueryHandler(broadcast_cancel, pattern=BroadcastGo.match_where(go=Go.DROP)),
                *_leaving(),
            ],
            name="broadcast",
            persistent=False,
        ),
        conversation(
            entry_points=[
                CallbackQueryHandler(
                    admins_only(uncertain_placed), pattern=SettleOrder.match_where(outcome=Settle.PLACED)
                )
            ],
            states={RESOLVE_ID: [MessageHandler(TYPED & only_admins, uncertain_panel_id)]},
            fallbacks=[CommandHandler("cancel", cancel_resolving), *_leaving()],
            name="resolve",
            persistent=False,
        ),
        CallbackQueryHandler(admins_only(uncertain_failed), pattern=SettleOrder.match_where(outcome=Settle.FAILED)),
        CallbackQueryHandler(admins_only(deposit_decision), pattern=DepositDecision.match),
    ]


def gate_handler() -> TypeHandler:
    return TypeHandler(Update, gate)


def unknown_handler() -> MessageHandler:
    return MessageHandler(filters.COMMAND, unknown_command)
