"""Which dialect a panel speaks, seen from a few harmless calls (for `./run.sh check`).

The probe reads raw answers (it does not go through `PanelClient`, whose job is to hide
the differences): how numbers are written, how a one-ID `status` batch comes back, and
whether `refill_status` and `cancel` exist. Those two are asked about IDs no account has
(`PROBE_IDS`): a per-ID "not found" means the action exists; a whole-call "no such action"
(HTTP 404/405, or a text like `This action is Invalid` or `Incorrect request`) means it does not.
Nothing is created or changed on the panel.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx

from bot.panel.client import USER_AGENT
from bot.panel.errors import ErrorKind, classify, error_text
from bot.panel.parsing import get, normalise_word, parse_body

# Order / refill IDs far above any real panel's counters, so that asking about them touches nothing.
PROBE_IDS = ("999999999", "999999998")
PROBED_ACTIONS = {"refill_status": "refills", "cancel": "orders"}
_NOT_FOUND = {ErrorKind.ORDER_NOT_FOUND, ErrorKind.REFILL_NOT_FOUND}
_ACTION_WORDS = ("invalid", "unknown", "wrong", "incorrect", "unsupported", "not supported", "not allowed", "not exist")


class Support(enum.StrEnum):
    SUPPORTED = "supported"
    UNSUPPORTED = "unsupported"
    UNKNOWN = "unknown"  # no usable answer, or one that says neither


class NumberStyle(enum.StrEnum):
    TEXT = "text"  # "balance": "343423"
    NUMBERS = "numbers"  # "balance": 343423
    UNKNOWN = "unknown"


class BatchShape(enum.StrEnum):
    """How `status` with `orders=<one ID>` is answered."""

    KEYED = "keyed by ID"  # {"5": {...}} — the documented shape
    LIST = "as a list"  # [{"order": 5, ...}] (unknown IDs left out)
    BARE = "in the single-item shape, not keyed"  # {"status": ...} / {"error": ...}, though two IDs come keyed
    ONE_ERROR = "as one error for the whole call"  # unknown IDs: one error, for one ID as for two
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ActionProbe:
    action: str
    support: Support
    evidence: str  # what the panel answered, e.g. 'HTTP 200 {"error": "This action is Invalid"}'


@dataclass(frozen=True)
class PanelDialect:
    """What the probe saw."""

    numbers: NumberStyle
    one_id_batch: BatchShape
    actions: tuple[ActionProbe, ...]

    @property
    def unsupported(self) -> tuple[str, ...]:
        return tuple(a.action for a in self.actions if a.support is Support.UNSUPPORTED)

    def support(self, action: str) -> Support:
        return next((a.support for a in self.actions if a.action == action), Support.UNKNOWN)

    def describe(self) -> list[str]:
        """Two lines for `check`: the answer shapes, then the actions."""
        actions = ", ".join(
            f"{a.action} {a.support}" + ("" if a.support is Support.SUPPORTED else f" ({a.evidence})")
            for a in self.actions
        )
        return [
            f"panel dialect: numbers as {self.numbers}; a one-ID status batch answered {self.one_id_batch}",
            f"panel actions: {actions}",
        ]


@dataclass(frozen=True)
class _Raw:
    status: int
    data: Any  # parsed JSON (numbers as Decimal) or form text; None if neither
    text: str

    @property
    def evidence(self) -> str:
        return f"HTTP {self.status} {self.text[:80]}".strip()


async def probe_panel(
    url: str,
    key: str,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    connect_timeout: float = 10.0,
    read_timeout: float = 30.0,
    attempts: int = 3,
    retry_delay: float = 0.5,
) -> PanelDialect:
    """Probe the panel at `url`; never raises for what the panel does (an unusable answer is `unknown`)."""
    timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
    async with httpx.AsyncClient(transport=transport, timeout=timeout, headers={"User-Agent": USER_AGENT}) as http:

        async def call(action: str, **fields: str) -> _Raw | None:
            raw = None
            for attempt in range(attempts):
                if attempt:
                    await asyncio.sleep(retry_delay * attempt)
                try:
                    response = await http.post(url, data={"key": key, "action": action, **fields})
                except httpx.HTTPError:
                    continue
                text = response.content[:200].decode("utf-8", errors="replace").replace(key, "***").strip()
                raw = _Raw(response.status_code, parse_body(response.content), " ".join(text.split()))
                if raw.data is not None and raw.status < 500 and raw.status != 429:
                    return raw
            return raw if raw is not None and raw.data is not None else None

        numbers = _number_style(await call("balance"))
        shape = await _batch_shape(call)
        actions = []
        for action, field in PROBED_ACTIONS.items():
            actions.append(_support(action, await call(action, **{field: PROBE_IDS[0]})))
    return PanelDialect(numbers=numbers, one_id_batch=shape, actions=tuple(actions))


def _number_style(raw: _Raw | None) -> NumberStyle:
    value = get(raw.data, "balance") if raw is not None else None
    if isinstance(value, str):
        return NumberStyle.TEXT
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return NumberStyle.NUMBERS
    return NumberStyle.UNKNOWN


async def _batch_shape(call: Callable[..., Awaitable[_Raw | None]]) -> BatchShape:
    one = await call("status", orders=PROBE_IDS[0])
    if one is None:
        return BatchShape.UNKNOWN
    if isinstance(one.data, list):
        return BatchShape.LIST
    if not isinstance(one.data, dict):
        return BatchShape.UNKNOWN
    if PROBE_IDS[0] in {str(k).strip() for k in one.data}:
        return BatchShape.KEYED
    if error_text(one.data) is None:
        return BatchShape.BARE if get(one.data, "status") is not None else BatchShape.UNKNOWN
    two = await call("status", orders=",".join(PROBE_IDS))
    if two is None:
        return BatchShape.UNKNOWN
    if isinstance(two.data, list) or (isinstance(two.data, dict) and set(PROBE_IDS) & {str(k) for k in two.data}):
        return BatchShape.BARE
    return BatchShape.ONE_ERROR if error_text(two.data) is not None else BatchShape.UNKNOWN


def no_such_action(text: str) -> bool:
    """Does a whole-call error text say the action does not exist?"""
    words = normalise_word(text).rstrip(".!?: ")
    if words in {"incorrect request", "method not allowed"}:
        return True
    return "action" in words and any(word in words for word in _ACTION_WORDS)


def _support(action: str, raw: _Raw | None) -> ActionProbe:
    if raw is None:
        return ActionProbe(action, Support.UNKNOWN, "no usable answer")
    whole_call = error_text(raw.data) if isinstance(raw.data, dict) else None
    if raw.status == 405 or (whole_call is not None and no_such_action(whole_call)):
        support = Support.UNSUPPORTED
    elif whole_call is not None and classify(whole_call) in _NOT_FOUND:
        support = Support.SUPPORTED  # a "not found" for the one ID asked about
    elif raw.status == 404:
        support = Support.UNSUPPORTED  # no such endpoint
    elif whole_call is None and 200 <= raw.status < 300 and isinstance(raw.data, list | dict):
        support = Support.SUPPORTED  # answered per ID
    else:
        support = Support.UNKNOWN
    return ActionProbe(action, support, raw.evidence)
