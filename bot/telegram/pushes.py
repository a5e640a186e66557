"""Turning queued messages into Telegram messages, in the recipient's language."""

from __future__ import annotations

import contextlib
import html
from decimal import Decimal, InvalidOperation

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup

from bot.config import MAIN_PROVIDER
from bot.shop import messages as m
from bot.telegram import callbacks
from bot.telegram.i18n import money, number, t

Rendered = tuple[str, InlineKeyboardMarkup | None]


def render(message: m.Message, lang: str, support: str | None = None) -> Rendered | None:
    """(text, keyboard) for one outbox message; None for a kind this version does not draw. `support` is
    where "Contact support" leads (SUPPORT_CONTACT), if anywhere."""
    match message:
        case m.OrderStatusPush():
            return _order_status(message, lang), _view(message.order_id, lang, again=True)
        case m.DepositPush(deposit_id=deposit_id, state=m.DepositState.REJECTED, amount=amount, currency=currency):
            text = t(lang, "push.deposit_rejected", id=deposit_id, amount=money(amount, currency, lang))
            if support is None:
                return text, None
            button = Button(t(lang, "support.button"), url=support)
            return f"{text} {t(lang, 'support.if_paid')}", InlineKeyboardMarkup([[button]])
        case m.RefillPush(order_id=order_id, state=state):
            return t(lang, f"push.refill_{state}", id=order_id), _view(order_id, lang)
        case m.WalletPush(amount=amount, note=note, currency=currency):
            key = "push.credited" if amount > 0 else "push.debited"
            return t(lang, key, amount=money(abs(amount), currency, lang).strip(), note=html.escape(note)), None
        case m.AdminRefundPush(order_id=order_id, amount=amount, currency=currency):
            return t(lang, "push.admin_refund", id=order_id, amount=money(amount, currency, lang)), _view(
                order_id, lang
            )
        case m.ReferralPush(amount=amount, currency=currency):
            return t(lang, "push.referral", amount=money(amount, currency, lang)), None
        case m.ResolvedPush(order_id=order_id, placed=True):
            return t(lang, "push.resolved_placed", id=order_id), _view(order_id, lang)
        case m.ResolvedPush(order_id=order_id, amount=amount, currency=currency):
            return t(lang, "push.resolved_refunded", id=order_id, amount=money(amount, currency, lang)), None
        case m.UncertainPush(order_id=order_id):
            return t(lang, "order.uncertain", id=order_id), _view(order_id, lang)
        case m.DepositPush(deposit_id=deposit_id, state=state, amount=amount, currency=currency):
            return t(lang, f"push.deposit_{state}", id=deposit_id, amount=money(amount, currency, lang)), None
        case m.AdminNotice():
            return _admin_notice(message, lang)
        case m.BroadcastText(text=text):
            return text, None
        case m.TicketNotice():
            return _ticket_notice(message, lang)
        case m.TicketAnswerPush(ticket_id=ticket_id, text=text, photo=photo):
            answer = _fit(t(lang, "support.answer", id=ticket_id), text, photo)
            close = Button(t(lang, "support.close"), callback_data=callbacks.MyTicket(ticket_id).pack())
            return answer, InlineKeyboardMarkup([[close]])
        case m.TicketClosedPush(ticket_id=ticket_id):
            return t(lang, "support.closed_push", id=ticket_id), None
    return None


CAPTION_MAX = 1024  # Telegram's limit on a photo's caption
TEXT_MAX = 4096  # and on a text message's text


def _units(text: str) -> int:
    """The length of `text` as Telegram measures its limits: in UTF-16 code units (many emoji take two)."""
    return len(text.encode("utf-16-le")) // 2


def _fit(head: str, text: str, photo: str | None) -> str:
    """`head`, a blank line, then someone's `text`, HTML-escaped; the text is cut (with …) so that the message
    stays within Telegram's limit — a photo's caption, else a text's — counted as Telegram counts it."""
    room = (CAPTION_MAX if photo is not None else TEXT_MAX) - _units(head) - 2
    if _units(text) > room:
        kept = text.encode("utf-16-le")[: 2 * max(0, room - 1)]
        text = kept.decode("utf-16-le", errors="ignore") + "…"  # an emoji's first half alone is dropped
    return f"{head}\n\n{html.escape(text)}".rstrip() if text else head


def _ticket_notice(notice: m.TicketNotice, lang: str) -> Rendered:
    """A customer's ticket message for the admins: who, about which order, the message, Reply / Close."""
    if notice.order_id is not None:
        state = t(lang, f"status.{notice.order_state}", raw=notice.order_state or "") if notice.order_state else ""
        about = t(lang, "support.notice_order", id=notice.order_id, service=html.escape(notice.service), state=state)
    else:
        about = t(lang, "support.notice_no_order")
    key = "support.notice_new" if notice.first else "support.notice_more"
    head = t(lang, key, id=notice.ticket_id, user=person(notice.user, notice.user_name, notice.user_username))
    text = _fit(f"{head}\n{about}", notice.text, notice.photo)
    act = callbacks.TicketAct
    buttons = [
        Button(t(lang, "support.reply"), callback_data=callbacks.TicketAction(notice.ticket_id, act.REPLY).pack()),
        Button(t(lang, "support.close"), callback_data=callbacks.TicketAction(notice.ticket_id, act.CLOSE).pack()),
    ]
    return text, InlineKeyboardMarkup([buttons])


def _order_status(push: m.OrderStatusPush, lang: str) -> str:
    name = t(lang, f"status.{push.state}", raw=html.escape(push.status_raw or push.state))
    progress = (
        f"{number(push.delivered, lang)} / {number(push.quantity, lang)}"
        if push.delivered is not None
        else f"{t(lang, 'orders.unknown')} / {number(push.quantity, lang)}"  # no progress reported: no count
    )
    text = t(lang, "push.order", id=push.order_id, status=name, progress=progress, service=html.escape(push.service))
    if push.refund > 0:
        text += "\n" + t(lang, "push.refund", amount=money(push.refund, push.currency, lang))
    return text


def person(user_id: int, name: str = "", username: str = "") -> str:
    """Someone in an admin text: `@username (ID)`, else their name as a link to them `(ID)`, else the ID as
    a link; HTML, escaped."""
    if username:
        return f"@{html.escape(username)} ({user_id})"
    link = f'<a href="tg://user?id={user_id}">{html.escape(name or str(user_id))}</a>'
    return f"{link} ({user_id})" if name else link


# shown like the customer screens when the notice names its currency (all in the shop's currency)
_MONEY_VALUES = ("price", "amount", "margin", "shop_cost")


def attempt_text(lang: str, ref: str, outcome: str, detail: str) -> str:
    """One try to place an order, as admins read it: `• backup:12 — refused: Not enough funds`."""
    return t(
        lang,
        "admin.attempt",
        ref=html.escape(ref),
        outcome=t(lang, f"attempt.{outcome}"),
        detail=f": {html.escape(detail)}" if detail else "",
    )


def _failed_over(lang: str, tried: object) -> str:
    """The legs a new order went past before it was placed (none: it was placed on its primary)."""
    if not isinstance(tried, list) or not tried:
        return ""
    lines = [attempt_text(lang, str(ref), str(outcome), str(detail)) for ref, outcome, detail in tried]
    return t(lang, "admin.failed_over", attempts="\n".join(lines))


def _admin_notice(notice: m.AdminNotice, lang: str) -> Rendered:
    raw = notice.values
    values = {k: html.escape(v) if isinstance(v, str) else v for k, v in raw.items()}
    for role in ("user", "admin"):
        if isinstance(raw.get(role), int) and f"{role}_name" in raw:
            values[role] = person(raw[role], str(raw[f"{role}_name"]), str(raw.get(f"{role}_username", "")))
    currency = raw.get("currency")
    for key in _MONEY_VALUES:
        if isinstance(currency, str) and isinstance(raw.get(key), str):
            with contextlib.suppress(InvalidOperation):  # not a number: shown as it came
                values[key] = money(Decimal(raw[key]), currency, lang)
    if "tried" in raw:
        values["tried"] = _failed_over(lang, raw["tried"])
    values.setdefault("provider", MAIN_PROVIDER)  # queued before the shop had several panels: about main
    values.setdefault("provider_service", values["provider"])
    rows: list[list[Button]] = []
    deciding = False  # the last row holds deposit decisions
    for action in notice.actions:
        match action:
            case m.SettleOrder(order_id=order_id, outcome=outcome):
                label = "admin.btn_placed" if outcome is m.Settle.PLACED else "admin.btn_not_placed"
                data = callbacks.SettleOrder(order_id, outcome).pack()
                rows.append([Button(t(lang, label), callback_data=data)])  # each on a row of its own
                deciding = False
            case m.DecideDeposit(deposit_id=deposit_id, approve=approve):
                label = "admin.btn_approve" if approve else "admin.btn_reject"
                decision = callbacks.Decision.APPROVE if approve else callbacks.Decision.REJECT
                button = Button(t(lang, label), callback_data=callbacks.DepositDecision(deposit_id, decision).pack())
                if deciding:
                    rows[-1].append(button)  # Approve and Reject side by side
                else:
                    rows.append([button])
                deciding = True
    return t(lang, notice.text, **values), InlineKeyboardMarkup(rows) if rows else None


def _view(order_id: int, lang: str, again: bool = False) -> InlineKeyboardMarkup:
    """View the order; with `again`, My orders and Order again (the same service, a new link) too."""
    rows = [[Button(t(lang, "push.view", id=order_id), callback_data=callbacks.OrderAction(order_id).pack())]]
    if again:
        rows.append(
            [
                Button(t(lang, "menu.orders"), callback_data=callbacks.OrdersPage().pack()),
                Button(t(lang, "order.again"), callback_data=callbacks.OrderAgain(order_id).pack()),
            ]
        )
    return InlineKeyboardMarkup(rows)
