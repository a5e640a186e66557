"""The outbox's typed messages: the codec both ways, payloads of the previous version, and admin buttons."""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal

import pytest

from bot.shop import messages as m
from bot.store.states import DepositState, OrderState, RefillState
from bot.telegram.pushes import render

ORDER = {"id": 5, "user": 1, "service": "Likes", "quantity": 100, "price": "900", "currency": "VND", "link": "x",
         "panel_id": "", "error": "", "state": "uncertain", "amount": "50000"}  # fmt: skip
EXAMPLES = [
    m.OrderStatusPush(7, "Likes", OrderState.PARTIAL, "Partial", 1000, 400, Decimal("12.50"), "VND"),
    m.OrderStatusPush(7, "Likes", OrderState.PENDING, "Pending", 1000, None, Decimal(0), "VND"),
    m.RefillPush(7, RefillState.COMPLETED, "Completed"),
    m.WalletPush(Decimal("-5000"), "fee", "VND"),
    m.AdminRefundPush(7, Decimal("0.10"), "USD"),
    m.ResolvedPush(7, placed=True),
    m.ResolvedPush(7, placed=False, amount=Decimal(900), currency="VND"),
    m.DepositPush(3, DepositState.APPROVED, Decimal(50000), "VND"),
    m.BroadcastText("hello &lt;all&gt;"),
    m.AdminNotice("admin.uncertain", ORDER, (m.SettleOrder(5, m.Settle.PLACED), m.SettleOrder(5, m.Settle.FAILED))),
    m.AdminNotice("admin.deposit", {**ORDER, "id": 3}, (m.DecideDeposit(3, True), m.DecideDeposit(3, False))),
]


@pytest.mark.parametrize("message", EXAMPLES, ids=lambda message: type(message).__name__)
def test_every_kind_goes_through_the_outbox_and_back(message):
    kind, payload = m.encode(message)
    assert m.decode(kind, json.loads(json.dumps(payload))) == message
    assert render(message, "en") is not None


def test_payloads_of_the_previous_version_still_read():
    old_status = {"order_id": 1, "service": "S", "state": "completed", "status_raw": "Completed", "quantity": 10,
                  "delivered": 10, "refund": "0", "currency": "VND"}  # fmt: skip
    assert m.decode("order_status", old_status) == m.OrderStatusPush(
        1, "S", OrderState.COMPLETED, "Completed", 10, 10, Decimal(0), "VND"
    )
    old_deposit = {"id": 3, "state": "rejected", "amount": "100", "currency": "VND"}
    assert m.decode("deposit", old_deposit) == m.DepositPush(3, DepositState.REJECTED, Decimal(100), "VND")
    assert m.decode("resolved", {"order_id": 2, "placed": True}) == m.ResolvedPush(2, True)
    old_notice = {
        "key": "admin.uncertain",
        "values": ORDER,
        "buttons": [[["admin.btn_placed", "unc:5:placed"]], [["admin.btn_not_placed", "unc:5:failed"]]],
    }
    assert m.decode("admin", old_notice) == EXAMPLES[-2]


@pytest.mark.parametrize(
    "kind, payload",
    [
        ("carrier_pigeon", {"text": "hi"}),
        ("text", {}),
        ("text", {"text": 5}),
        ("wallet", {"amount": "lots"}),
        ("wallet", {"amount": "NaN"}),
        ("refill_status", {"order_id": 1, "state": "teleported", "status_raw": ""}),
        ("admin", {"key": "admin.x", "buttons": [[["admin.btn_placed", "weird"]]]}),
        ("admin", "not a dict"),
    ],
)
def test_what_this_version_cannot_read_decodes_to_none(kind, payload):
    assert m.decode(kind, payload) is None


def test_an_order_notice_queued_before_several_panels_names_main():
    text, _ = render(EXAMPLES[-2], "en")
    assert "may or may not exist on panel <b>main</b>" in text


def test_admin_actions_become_the_buttons_of_before():
    _, placed = render(EXAMPLES[-2], "en")
    assert [[b.callback_data for b in row] for row in placed.inline_keyboard] == [["unc:5:placed"], ["unc:5:failed"]]
    _, decided = render(EXAMPLES[-1], "en")
    assert [[b.callback_data for b in row] for row in decided.inline_keyboard] == [["dep:3:ok", "dep:3:no"]]


def _telegram_length(text: str) -> int:
    """How Telegram measures a caption or a text against its limit: UTF-16 code units of what is shown."""
    return len(html.unescape(re.sub(r"<[^>]+>", "", text)).encode("utf-16-le")) // 2


@pytest.mark.parametrize("photo, limit", [("photo-file-id", 1024), (None, 4096)], ids=["caption", "text"])
@pytest.mark.parametrize("before", ["", "a"], ids=["even", "odd"])  # the cut lands between or inside an emoji
def test_a_ticket_message_of_emoji_is_cut_to_telegrams_limit_as_telegram_counts_it(photo, limit, before):
    """An emoji is one Python character but two UTF-16 units, which is what Telegram counts: 2000 of them under
    a photo (or after a long order line) would be refused, and the notice lost."""
    text = before + "😀" * 1999 + "<"
    notice = m.TicketNotice(1, 2, 5, "Ann", "ann", text, True, photo, 3, "Likes " * 40, OrderState.PENDING)
    answer = m.TicketAnswerPush(1, text, photo)
    for message in (notice, answer):
        rendered = render(message, "en")
        assert rendered is not None
        shown = rendered[0]
        assert _telegram_length(shown) <= limit
        assert shown.encode()  # no half of an emoji left over (a lone surrogate cannot be encoded)
        if message is notice or photo is not None:  # too long as Telegram counts: cut, using the room there is
            assert shown.endswith("😀…") and _telegram_length(shown) >= limit - 40  # the head counted with tags
        else:
            assert shown.endswith("&lt;")  # short enough: whole
