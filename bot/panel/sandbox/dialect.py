"""How the sandbox panel words its answers: the seed dialect, and the quirk profiles.

The panel logic in `panel.py` decides *what* happened; a `Dialect` decides how it
is written on the wire, so each quirk real panels have (docs/panel-api.md §7,
"Quirk profiles") is one switch here and the client can be tested against all.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypedDict, TypeVar

from bot.panel.sandbox.catalog import SandboxService

# Every quirk profile, with the line `./run.sh sandbox --help` shows for it.
PROFILES: dict[str, str] = {
    "standard": "the standard dialect: cancel/dripfeed flags, a drip-feed service, currency in status",
    "numbers": "every number as a JSON number",
    "string_ids": "service, order and refill IDs as text",
    "extra_fields": 'unknown keys, "status": "success" envelopes',
    "missing_fields": "no refill flag in the catalog; start_counter for start_count",
    "status_spelling": 'processing, Awaiting, Cancelled, completed; "remains": "Unknown"',
    "batch_shapes": "batch status as an array, bare-string errors, single status wrapped by ID",
    "catalog_shapes": '{"services": [...]}, flags as 1/"0", lower-case types, an unknown type',
    "raw_error_keys": "neworder.error.* keys instead of error texts",
    "http_errors": "refusals with HTTP 400/401/422; add and refill answered with 201",
    "rate_limit": "over N calls a minute (default one add): 429 Too many requests, Retry-After",
    "garbage": "every Nth answer HTML, empty or null; JSON labelled text/html with leading whitespace",
    "lost_add": "add creates the order but never answers",
    "latency": "a delay before every answer",
    "no_cancel": "no cancel action: the whole call is refused (Incorrect request)",
    "no_refill_status": "no refill_status action: the whole call is refused (Incorrect request)",
    "no_refill": "no refill action (nor refill_status): the whole call is refused (Incorrect request)",
    "one_id_bare": "a one-ID batch (orders=5, refills=7) answered in the single-item shape, not keyed by ID",
    "smartpanel": "SmartPanel 4.x: all numbers and IDs as text, one_id_bare, remains 0 while Pending, "
    "its own error texts, no_refill_status (This action is Invalid)",
    "strict-http": "refusals as HTTP 4xx (400 input, 401 key, 402 funds, 404 unknown ID, 405 action, "
    "429 throttled); every 10th answer a 5xx HTML page",
}

# Profiles that switch others on, and pairs that contradict each other.
IMPLIES: dict[str, tuple[str, ...]] = {
    "smartpanel": ("one_id_bare", "no_refill_status"),
    "no_refill": ("no_refill_status",),
}
CONFLICTS: tuple[tuple[str, str], ...] = (
    ("smartpanel", "numbers"),  # SmartPanel quotes every number
    ("one_id_bare", "batch_shapes"),  # both decide the shape of a one-ID batch
    ("strict-http", "http_errors"),  # two different maps of refusals to HTTP statuses
)


def resolve_profiles(names: Iterable[str]) -> frozenset[str]:
    """The profiles named, with those they imply; ValueError (one line) for an unknown name or a contradiction."""
    given = [name.strip() for name in names if name.strip()]
    for name in given:
        if name not in PROFILES:
            raise ValueError(f"unknown sandbox profile '{name}' (profiles: {', '.join(PROFILES)})")
    profiles = set(given)
    for name in given:
        profiles.update(IMPLIES.get(name, ()))
    for first, second in CONFLICTS:
        if first in profiles and second in profiles:
            raise ValueError(f"sandbox profiles '{first}' and '{second}' cannot be combined")
    return frozenset(profiles)


T = TypeVar("T")


class DialectOptions(TypedDict, total=False):
    """The knobs of the quirk profiles, as `SandboxPanel.set_profiles` passes them on."""

    garbage_every: int
    error_every: int
    latency: float
    limit_per_minute: int
    limited_actions: tuple[str, ...]


_VALIDATION_KEYS = {"incorrect_service_id", "link", "min_quantity", "max_quantity"}
# The refusals of `add` that `raw_error_keys` writes as `neworder.error.<key>`.
_NEWORDER_KEYS = _VALIDATION_KEYS | {"not_enough_funds", "link_duplicate"}
# SmartPanel 4.x's words for some refusals; `{value}` is the refusal's value (a quantity).
_SMARTPANEL_WORDS = {
    "not_enough_funds": "Your balance is not enough to place this order",
    "order_id": "Order not found.",
    "link": "Please enter a valid link",
    "min_quantity": "Minimum quantity for this service is {value}",
    "max_quantity": "Maximum quantity for this service is {value}",
    "refill_refused": "Refill is not available for this order",
    "action": "This action is Invalid",
}
# strict-http: the HTTP status of a refusal by its key (anything else is bad input, 400).
_STRICT_STATUS = {"key": 401, "not_enough_funds": 402, "order_id": 404, "refill_id": 404, "action": 405}
_SERVER_ERRORS = (
    (502, "Bad Gateway"),
    (503, "Service Unavailable"),
    (500, "Internal Server Error"),
    (504, "Gateway Timeout"),
)
_SPELLING = {"Pending": "Awaiting", "In progress": "processing", "Canceled": "Cancelled", "Completed": "completed"}


class Refusal(Exception):
    """A refusal in the seed's words; `key` names it so a profile can reword it or pick its HTTP status.

    Keys: `request` (malformed), `key`, `action` (no such action), `order_id`/`refill_id` (unknown),
    the `add` ones (`_NEWORDER_KEYS`), `refill_refused`, `cancel_refused`. `value` fills a reworded text.
    """

    def __init__(self, text: str, key: str | None = None, value: object = None) -> None:
        super().__init__(text)
        self.text = text
        self.key = key
        self.value = value


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})
    delay: float = 0.0
    lost: bool = False


def _plain(amount: Decimal) -> str:
    """`Decimal('2.50')` → `2.5`, `Decimal('5E+6')` → `5000000`."""
    text = format(amount.normalize(), "f")
    return text if "." not in text else text.rstrip("0").rstrip(".")


_NUMBER_MARK = re.compile(r'"\\u0000(-?[0-9.]+)\\u0000"')


def encode(data: object) -> bytes:
    """JSON with Decimals written as exact JSON numbers (never through float)."""

    def mark(value: object) -> object:
        if isinstance(value, Decimal):
            return f"\0{_plain(value)}\0"
        if isinstance(value, dict):
            return {k: mark(v) for k, v in value.items()}
        if isinstance(value, list):
            return [mark(v) for v in value]
        return value

    return _NUMBER_MARK.sub(r"\1", json.dumps(mark(data), ensure_ascii=False)).encode()


class Dialect:
    """The seed dialect plus any combination of quirk profiles."""

    def __init__(
        self,
        profiles: Iterable[str] = (),
        *,
        garbage_every: int = 3,
        error_every: int = 10,
        latency: float = 0.2,
        limit_per_minute: int = 1,
        limited_actions: tuple[str, ...] = ("add",),
    ) -> None:
        self.profiles = resolve_profiles(profiles)
        self.garbage_every = garbage_every
        self.error_every = error_every
        self.latency = latency
        self.limit_per_minute = limit_per_minute
        self.limited_actions = limited_actions
        self._answers = itertools.count(1)
        self._calls = itertools.count(1)
        self._server_errors = itertools.cycle(_SERVER_ERRORS)
        self._garbage = itertools.cycle(
            [
                (502, "<html><body><h1>502 Bad Gateway</h1></body></html>"),
                (200, ""),
                (200, "null"),
            ]
        )

    def has(self, profile: str) -> bool:
        return profile in self.profiles

    # --- values -----------------------------------------------------------------------

    def id(self, number: int) -> int | str:
        return str(number) if self.has("string_ids") or self.has("smartpanel") else number

    def id_of(self, raw: str) -> int | str:
        """An ID echoed back in a batch, as the panel writes its IDs."""
        return self.id(int(raw)) if raw.isdecimal() else raw

    def money(self, amount: Decimal) -> Decimal | str:
        return amount if self.has("numbers") else _plain(amount)

    def count(self, number: int) -> Decimal | str:
        return Decimal(number) if self.has("numbers") else str(number)

    def flag(self, value: bool) -> bool | str:
        return ("1" if value else "0") if self.has("catalog_shapes") else value

    # --- shapes -----------------------------------------------------------------------

    def catalog(self, services: list[SandboxService]) -> object:
        entries = [self._service(s) for s in services]
        if self.has("catalog_shapes"):
            entries.append(
                {
                    "service": self.id(99),
                    "name": "Instagram auto likes",
                    "type": "Auto Likes",
                    "category": "Instagram",
                    "rate": self.money(Decimal("20000")),
                    "min": self.count(10),
                    "max": self.count(5000),
                    "refill": self.flag(False),
                }
            )
            return {"services": entries}
        return entries

    def _service(self, s: SandboxService) -> dict[str, object]:
        type_name = s.type
        if self.has("catalog_shapes"):
            type_name = {"Default": "default", "Custom Comments": "Custom_comments"}.get(type_name, type_name)
        entry: dict[str, object] = {
            "service": self.id(s.id),
            "name": s.name,
            "type": type_name,
            "category": s.category,
            "rate": self.money(s.rate),
            "min": self.count(s.min),
            "max": self.count(s.max),
            "refill": self.flag(s.refill),
        }
        if self.has("standard"):
            entry |= {"cancel": self.flag(s.cancel), "dripfeed": self.flag(s.dripfeed)}
        if self.has("missing_fields"):
            del entry["refill"]
        if self.has("extra_fields"):
            entry |= {"desc": f"{s.name} — fast start", "sort": s.id}
        return entry

    def status_entry(
        self, status: str, charge: Decimal, start_count: int, remains: int, currency: str
    ) -> dict[str, object]:
        entry: dict[str, object] = {
            "charge": self.money(charge),
            "start_count": self.count(start_count),
            "status": status,
            "remains": self.count(remains),
        }
        if self.has("smartpanel"):
            pending = status == "Pending"
            entry = {"status": status, "charge": entry["charge"], "start_count": entry["start_count"]}
            entry["remains"] = self.count(0 if pending else remains)
        if self.has("standard"):
            entry["currency"] = currency
        if self.has("missing_fields"):
            entry["start_counter"] = entry.pop("start_count")
        if self.has("status_spelling"):
            entry["status"] = _SPELLING.get(status, status)
            if status == "In progress":
                entry["remains"] = "Unknown"
        if self.has("extra_fields"):
            entry["link_note"] = ""
        return entry

    def single_status(self, raw_id: str, entry: dict[str, object]) -> object:
        return {raw_id: entry} if self.has("batch_shapes") else entry

    def many_statuses(self, entries: dict[str, dict[str, object] | Refusal]) -> object:
        if self.has("batch_shapes"):
            return [{"order": self.id_of(raw), **e} for raw, e in entries.items() if not isinstance(e, Refusal)]
        return {raw: self._entry_or_error(e) for raw, e in entries.items()}

    def single_refill_status(self, status: str) -> dict[str, object]:
        return {"status": status}

    def single_refill(self, refill_id: int) -> dict[str, object]:
        value = Decimal(refill_id) if self.has("numbers") else str(refill_id)
        return {"status": "success", "refill": value} if self.has("extra_fields") else {"refill": value}

    def many_refills(self, results: dict[str, int | Refusal]) -> object:
        return [{"order": self.id_of(raw), "refill": self._entry_or_error(r, self.id)} for raw, r in results.items()]

    def many_refill_statuses(self, results: dict[str, str | Refusal]) -> object:
        if self.has("batch_shapes"):
            return {raw: (self.words(r) if isinstance(r, Refusal) else r) for raw, r in results.items()}
        return [{"refill": self.id_of(raw), "status": self._entry_or_error(r)} for raw, r in results.items()]

    def many_cancels(self, results: dict[str, bool | Refusal]) -> object:
        accepted: object = "1" if self.has("smartpanel") else 1
        return [
            {"order": self.id_of(raw), "cancel": self._entry_or_error(r, lambda _: accepted)}
            for raw, r in results.items()
        ]

    def refill_not_found(self) -> Refusal:
        return Refusal("Refill not found" if self.has("standard") else "Incorrect refill ID", "refill_id")

    def words(self, refusal: Refusal) -> str:
        """The refusal's text as this panel writes it."""
        if self.has("smartpanel") and refusal.key in _SMARTPANEL_WORDS:
            return _SMARTPANEL_WORDS[refusal.key].format(value=refusal.value)
        return refusal.text

    def _entry_or_error(self, value: T | Refusal, convert: Callable[[T], object] | None = None) -> object:
        if isinstance(value, Refusal):
            return {"error": self.words(value)}
        return convert(value) if convert else value

    # --- answers ----------------------------------------------------------------------

    def refusal(self, refusal: Refusal) -> Answer:
        text = self.words(refusal)
        if self.has("raw_error_keys") and refusal.key in _NEWORDER_KEYS:
            text = f"neworder.error.{refusal.key}"
        status = 200
        if self.has("http_errors"):
            status = 401 if refusal.key == "key" else 422 if refusal.key in _VALIDATION_KEYS else 400
        if self.has("strict-http"):
            status = _STRICT_STATUS.get(refusal.key or "", 400)
        return self._finish(Answer(status=status, body=encode({"error": text})))

    def success(self, action: str, data: object) -> Answer:
        lost = isinstance(data, dict) and bool(data.pop("_lost", False))
        if self.has("extra_fields") and action in {"add", "balance"} and isinstance(data, dict):
            data = {"status": "success", **data}
        status = 201 if self.has("http_errors") and action in {"add", "refill"} else 200
        answer = self._finish(Answer(status=status, body=encode(data)))
        answer.lost = lost
        return answer

    def rate_limited(self, action: str, now: float, calls: list[tuple[float, str]]) -> Answer | None:
        if not self.has("rate_limit") or action not in self.limited_actions:
            return None
        calls[:] = [(t, a) for t, a in calls if now - t < 60]
        recent = [t for t, a in calls if a == action]
        if len(recent) >= self.limit_per_minute:
            return self.too_many_requests(max(1, int(60 - (now - recent[0]))))
        calls.append((now, action))
        return None

    def too_many_requests(self, wait: int) -> Answer:
        return Answer(
            status=429,
            body=encode({"error": "Too many requests"}),
            headers={"Content-Type": "application/json", "Retry-After": str(wait)},
        )

    def scheduled_failure(self) -> Answer | None:
        """strict-http: every `error_every`th call (counted from the profile's start) fails with a 5xx page."""
        if not self.has("strict-http") or self.error_every <= 0:
            return None
        return self.server_error() if next(self._calls) % self.error_every == 0 else None

    def server_error(self) -> Answer:
        """A 5xx from the web server in front of the panel: an HTML page, not JSON (statuses in turn)."""
        status, reason = next(self._server_errors)
        page = f"<html><head><title>{status} {reason}</title></head><body><h1>{reason}</h1><hr>nginx</body></html>"
        return Answer(status=status, body=page.encode(), headers={"Content-Type": "text/html"})

    def _finish(self, answer: Answer) -> Answer:
        if self.has("latency"):
            answer.delay = self.latency
        if self.has("garbage"):
            if next(self._answers) % self.garbage_every == 0:
                answer.status, text = next(self._garbage)
                answer.body = text.encode()
                answer.headers = {"Content-Type": "text/html"}
            else:
                answer.body = b"\n  " + answer.body
                answer.headers = {"Content-Type": "text/html; charset=utf-8"}
        return answer
