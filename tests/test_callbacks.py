"""Button data: one codec, every kind within Telegram's 64 bytes, anything else is an expired button."""

from __future__ import annotations

import dataclasses
import enum
from typing import get_type_hints

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.telegram import callbacks
from bot.telegram.callbacks import Callback, CallbackTooLong, OrderAction, PickService, parse


def _largest(kind: type[Callback]) -> Callback:
    """The longest data this kind can carry: the largest IDs and the longest enum values."""
    hints = get_type_hints(kind)
    values: dict[str, object] = {}
    for item in dataclasses.fields(kind):
        hint = hints[item.name]
        if hint is int:
            values[item.name] = 10**15 - 1
        elif isinstance(hint, type) and issubclass(hint, enum.Enum):
            values[item.name] = max(hint, key=lambda member: len(str(member.value)))
        else:
            values[item.name] = "x" * 40 if kind is not callbacks.Language else "vi"
    return kind(**values)


@pytest.mark.parametrize("kind", sorted(callbacks.kinds().values(), key=lambda k: k.prefix), ids=lambda k: k.__name__)
def test_every_kind_fits_in_64_bytes_and_reads_back(kind):
    largest = _largest(kind)
    data = largest.pack()
    assert len(data.encode()) <= 64, data
    assert parse(data) == largest and kind.unpack(data) == largest


def test_buttons_already_sent_keep_working():
    """Data written by the previous version for order pushes and admin notices still parses."""
    assert parse("ord:17") == OrderAction(17, callbacks.Act.VIEW)
    assert parse("unc:5:placed") == callbacks.SettleOrder(5, callbacks.Settle.PLACED)
    assert parse("dep:3:no") == callbacks.DepositDecision(3, callbacks.Decision.REJECT)


@pytest.mark.parametrize(
    "data",
    [
        "",
        "zzz",
        "ord",
        "ord:x",
        "ord:1:explode",
        "ord:1:r:extra",
        "menu:bogus",
        "svc:",
        "svc:a:b",
        "cat:1:2:3",
        "ok:a b",
    ],
)
def test_anything_else_is_an_expired_button(data):
    assert parse(data) is None


def test_data_that_would_not_fit_is_refused_when_built():
    with pytest.raises(CallbackTooLong):
        callbacks.Confirm("q" * 70).pack()
    with pytest.raises(ValueError):
        PickService("has:colon").pack()


@given(st.text(max_size=80))
def test_parsing_never_raises(data):
    found = parse(data)
    assert found is None or parse(found.pack()) == found
