"""The panel client's error taxonomy and the catalogue of panel error texts.

Three kinds of failure matter to the shop, because each calls for a different
reaction:

- `PanelRefused`: the panel answered and said no (with its text). Nothing happened.
- `PanelUnavailable`: no usable answer (network, 5xx, HTML, garbage). For read
  actions it is safe to try again.
- `PanelOutcomeUnknown`: a write that may have reached the panel; it must not be
  repeated blindly (an `add` may have created an order).

No exception text ever carries the request (and so never the API key).
"""

from __future__ import annotations

import enum
import re

from bot.panel.parsing import get, normalise_word, to_int, to_text


class ErrorKind(enum.StrEnum):
    INVALID_API_KEY = "invalid_api_key"
    INVALID_SERVICE = "invalid_service"
    INVALID_LINK = "invalid_link"
    INVALID_QUANTITY = "invalid_quantity"
    INSUFFICIENT_FUNDS = "insufficient_funds"
    DUPLICATE_ACTIVE_LINK = "duplicate_active_link"
    ORDER_NOT_FOUND = "order_not_found"
    REFILL_NOT_FOUND = "refill_not_found"
    NOT_ELIGIBLE = "not_eligible"
    RATE_LIMITED = "rate_limited"
    BAD_REQUEST = "bad_request"
    UNSUPPORTED = "unsupported"  # the panel has no such action (refill, refill_status, cancel)
    UNKNOWN = "unknown"


class PanelError(Exception):
    """Anything that went wrong talking to the panel."""


class PanelRefused(PanelError):
    """The panel answered with an error: `kind` says which, `text` is its own words."""

    def __init__(self, text: str, kind: ErrorKind | None = None, *, retry_after: float | None = None) -> None:
        self.text = text
        self.kind = kind or classify(text)
        self.retry_after = retry_after
        super().__init__(f"panel refused ({self.kind}): {text}")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PanelRefused) and (self.kind, self.text) == (other.kind, other.text)

    __hash__ = None  # type: ignore[assignment]


class PanelUnavailable(PanelError):
    """No usable answer; `excerpt` is at most 200 characters of what came back."""

    def __init__(self, reason: str, excerpt: str = "") -> None:
        self.reason = reason
        self.excerpt = excerpt[:200]
        super().__init__(f"panel unavailable: {reason}" + (f" [{self.excerpt}]" if excerpt else ""))


class PanelOutcomeUnknown(PanelError):
    """A write may or may not have been carried out by the panel."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"panel outcome unknown: {reason}")


_CATALOGUE: dict[ErrorKind, tuple[str, ...]] = {
    ErrorKind.INVALID_API_KEY: (
        "Invalid API key",
        "Incorrect API key",
        "API key is incorrect",
        "API is Disable for this user or User Not Found! Contact the Support",
        "Your account is inactive",
        "Your account is not active",
        "Your account has been suspended.",
    ),
    ErrorKind.INVALID_SERVICE: (
        "Incorrect service ID",
        "Invalid Service Id",
        "Service ID does not exists",
        "Service is inactive or not found",
        "Disabled service ID",
        "error.incorrect_service_id",
        "neworder.error.incorrect_service_id",
    ),
    ErrorKind.INVALID_LINK: ("Bad link", "Incorrect link", "Invalid Link", "neworder.error.link"),
    ErrorKind.INVALID_QUANTITY: (
        "Quantity less than minimal N",
        "Quantity more than maximum N",
        "Quantity more than maximal",
        "Quantity less than maximum N",
        "Minimum quantity is N",
        "Maximum quantity is N",
        "You did not meet the minimum number.",
        "The maximum number has been exceeded.",
        "neworder.error.min_quantity",
        "neworder.error.max_quantity",
    ),
    ErrorKind.INSUFFICIENT_FUNDS: (
        "Not enough funds on balance",
        "You have insufficient balance",
        "Insufficient balance",
        "Low balance",
        "neworder.error.not_enough_funds",
    ),
    ErrorKind.DUPLICATE_ACTIVE_LINK: (
        "You have active order with this link. Please wait until order being completed.",
        "neworder.error.link_duplicate",
    ),
    ErrorKind.ORDER_NOT_FOUND: (
        "Incorrect order ID",
        "Order not found",
        "Invalid Order Id",
        "Invalid Order Ids",
        "The selected order id is invalid.",
    ),
    ErrorKind.REFILL_NOT_FOUND: ("Refill not found", "Incorrect refill ID"),
    ErrorKind.NOT_ELIGIBLE: (
        "Order not eligible for refill.",
        "Refill is disabled for this service",
        "The order is not completed",
        "The order was completed or refill was requested less than 24 hours ago",
        "You are not eligible to send refill request.",
        "You are not eligible to cancel this order.",
    ),
    ErrorKind.RATE_LIMITED: ("Too many requests", "Too many failed attempts"),
    ErrorKind.BAD_REQUEST: (
        "Incorrect request",
        "Invalid action",
        "Wrong action",
        "The selected action is invalid.",
        "You must fill in the required fields.",
        "Runs is required",
        "Interval time is required",
        "This services does not support Dripfeed feature!",
        "Maximum 100 orders",
        "Method Not Allowed",
    ),
}

# The numeric `status` one much-copied panel script adds, used only for texts we do not know.
_NUMERIC_STATUS = {
    102: ErrorKind.INVALID_API_KEY,
    103: ErrorKind.INVALID_API_KEY,
    104: ErrorKind.ORDER_NOT_FOUND,
    105: ErrorKind.INVALID_SERVICE,
    107: ErrorKind.BAD_REQUEST,
    108: ErrorKind.INVALID_QUANTITY,
    109: ErrorKind.INVALID_QUANTITY,
    113: ErrorKind.INSUFFICIENT_FUNDS,
}


def _comparable(text: str) -> str:
    return normalise_word(text).rstrip(".!?: ")


def _build_index() -> tuple[dict[str, ErrorKind], list[tuple[str, ErrorKind]]]:
    exact: dict[str, ErrorKind] = {}
    prefixes: list[tuple[str, ErrorKind]] = []
    for kind, texts in _CATALOGUE.items():
        for text in texts:
            if text.endswith(" N"):
                prefixes.append((_comparable(text[:-2]), kind))
            else:
                exact[_comparable(text)] = kind
    return exact, prefixes


_EXACT, _PREFIXES = _build_index()
_ENDS_IN_NUMBER = re.compile(r"^(.*?)[\s:]*[\d.,]+$")


def classify(text: str, numeric_status: int | None = None) -> ErrorKind:
    """The class of a panel error text (docs/panel-api.md §5, "Catalogue")."""
    key = _comparable(text)
    if key in _EXACT:
        return _EXACT[key]
    match = _ENDS_IN_NUMBER.match(key)
    if match:
        head = match.group(1)
        for prefix, kind in _PREFIXES:
            if head == prefix:
                return kind
    return _NUMERIC_STATUS.get(numeric_status or 0, ErrorKind.UNKNOWN)


def error_text(data: object) -> str | None:
    """The error text in any of the shapes panels use, or None if `data` holds no error.

    Shapes: `{"error": "t"}`, `{"error": {"code":…, "message": "t"}}`,
    `{"status": "error", "message": "t"}`, and a bare string (in batches)."""
    if isinstance(data, str):
        return data.strip() or "error"
    if not isinstance(data, dict):
        return None
    error = get(data, "error", "errors")
    if isinstance(error, dict):
        return to_text(get(error, "message", "text", "error")) or "error"
    if isinstance(error, list) and error:
        return to_text(error[0]) or "error"
    if error not in (None, False, "") and not isinstance(error, list):
        return to_text(error) or "error"
    status = get(data, "status")
    message = to_text(get(data, "message", "msg"))
    if isinstance(status, str) and status.strip().lower() in {"error", "fail", "failed"} and message:
        return message
    return None


def refusal_from(data: object, *, http_status: int = 200, retry_after: float | None = None) -> PanelRefused | None:
    """A `PanelRefused` if `data` is an error answer, else None."""
    text = error_text(data)
    if text is None:
        return None
    numeric = to_int(get(data, "status")) if isinstance(data, dict) else None
    if http_status == 429:
        kind = ErrorKind.RATE_LIMITED
    elif http_status == 401:
        kind = ErrorKind.INVALID_API_KEY
    else:
        kind = classify(text, numeric)
    return PanelRefused(text, kind, retry_after=retry_after)
