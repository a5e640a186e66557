"""The sandbox answers an ID made of non-ASCII digits as a panel would: not found, never a crash."""

from __future__ import annotations

import json

from bot.panel.sandbox import SandboxPanel


def test_superscript_digits_are_an_unknown_order_not_a_crash():
    panel = SandboxPanel()
    single = panel.handle({"key": "k", "action": "status", "order": "²"})
    assert json.loads(single.body) == {"error": "Incorrect order ID"}
    many = panel.handle({"key": "k", "action": "status", "orders": "²,1"})
    assert json.loads(many.body) == {"²": {"error": "Incorrect order ID"}, "1": {"error": "Incorrect order ID"}}
    refill = panel.handle({"key": "k", "action": "refill_status", "refill": "³"})
    assert "error" in json.loads(refill.body)
