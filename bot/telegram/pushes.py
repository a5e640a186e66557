"""Turning queued events into messages, in the recipient's language."""

from __future__ import annotations

import html
from decimal import Decimal

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup

from bot.telegram.i18n import money, number, t


def render(kind: str, payload: dict, lang: str) -> tuple[str, InlineKeyboardMarkup | None] | None:
    """(text, keyboard) for one outbox message; None for a kind this version does not know."""
    if kind == "order_status":
        return _order_status(payload, lang), _view(payload["order_id"], lang)
    if kind == "refill_status":
        return t(lang, f"push.refill_{payload['state']}", id=payload["order_id"]), _view(payload["order_id"], lang)
    if kind == "wallet":
        key = "push.credited" if Decimal(payload["amount"]) > 0 else "push.debited"
        return t(
            lang,
            key,
            amount=money(abs(Decimal(payload["amount"])), payload.get("currency", ""), lang).strip(),
            note=html.escape(payload.get("note") or ""),
        ), None
    if kind == "refund":
        return t(
            lang,
            "push.admin_refund",
            id=payload["order_id"],
            amount=money(Decimal(payload["amount"]), payload["currency"], lang),
        ), _view(payload["order_id"], lang)
    if kind == "resolved":
        if payload["placed"]:
            return t(lang, "push.resolved_placed", id=payload["order_id"]), _view(payload["order_id"], lang)
        return t(
            lang,
            "push.resolved_refunded",
            id=payload["order_id"],
            amount=money(Decimal(payload["amount"]), payload["currency"], lang),
        ), None
    if kind == "deposit":
        return t(
            lang,
            f"push.deposit_{payload['state']}",
            id=payload["id"],
            amount=money(Decimal(payload["amount"]), payload["currency"], lang),
        ), None
    if kind == "admin":
        values = {k: html.escape(v) if isinstance(v, str) else v for k, v in payload.get("values", {}).items()}
        rows = [
            [Button(t(lang, label), callback_data=data) for label, data in row] for row in payload.get("buttons", [])
        ]
        return t(lang, payload["key"], **values), InlineKeyboardMarkup(rows) if rows else None
    if kind == "text":
        markup = payload.get("reply_markup")
        return payload["text"], InlineKeyboardMarkup.de_json(markup, None) if markup else None
    return None


def _order_status(payload: dict, lang: str) -> str:
    state = payload["state"]
    name = t(lang, f"status.{state}", raw=html.escape(payload.get("status_raw") or state))
    delivered = payload.get("delivered")
    progress = (
        f"{number(delivered, lang)} / {number(payload['quantity'], lang)}"
        if delivered is not None
        else number(payload["quantity"], lang)
    )
    text = t(
        lang,
        "push.order",
        id=payload["order_id"],
        status=name,
        progress=progress,
        service=html.escape(payload.get("service") or ""),
    )
    refund = Decimal(payload.get("refund") or 0)
    if refund > 0:
        text += "\n" + t(lang, "push.refund", amount=money(refund, payload["currency"], lang))
    return text


def _view(order_id: int, lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[Button(t(lang, "push.view", id=order_id), callback_data=f"ord:{order_id}")]])
