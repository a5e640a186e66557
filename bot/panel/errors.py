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
import logging
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from bot.panel.parsing import get, normalise_word, to_int, to_text

log = logging.getLogger(__name__)


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
    """Anything that went wrong talking to the panel; `timed_out`: it did not answer in time (slow, not broken)."""

    timed_out: bool = False


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


def meaning_text(text: str) -> str:
    """The text reduced for reading its meaning: lower case, accents stripped (đ→d), apostrophes
    dropped (`can't` → `cant`), any other punctuation and runs of spaces one space."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"['’`]", "", text.lower())
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


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


# --- reading the meaning (docs/panel-api.md §5): keyword families over `meaning_text` -------------
# Each family is a regex alternation of whole words; `_attached` finds a noun with a qualifier
# after it ("refill not found", "link you gave is not valid") or before it ("invalid order id").


def _attached(noun: str, after: str, before: str | None = None, gap: int = 2) -> re.Pattern[str]:
    between = rf"(?:\s\S+){{0,{gap}}}\s"
    before = after if before is None else before
    return re.compile(
        rf"\b(?:{noun})\b{between}(?:{after})\b|\b(?:{before})\b{between}(?:{noun})\b|\bno\s(?:{noun})\b{between}found\b"
    )


def _near(first: str, second: str, gap: int = 4) -> re.Pattern[str]:
    """Both families within `gap` words of each other, in either order."""
    between = rf"(?:\s\S+){{0,{gap}}}\s"
    return re.compile(rf"\b(?:{first})\b{between}(?:{second})\b|\b(?:{second})\b{between}(?:{first})\b")


def _words(family: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{family})\b")


_BAD = (
    r"invalid|incorrect|wrong|unknown|bad|not valid|isnt valid|is not valid|malformed|not correct"
    r"|khong hop le|khong dung|khong chinh xac|sai"
)
_GONE = r"not found|not exists?|does not exist|doesnt exist|do not exist|dont exist|khong ton tai|khong tim thay"
_GONE_BEFORE = (
    r"no such|could not find|couldnt find|cannot find|cant find|can not find|unable to find|did not find"
    r"|khong tim thay|khong co"
)
_ORDER = r"orders?|don hang|don|ma don(?: hang)?"
_ORDER_ID = r"orders? (?:id|ids|number|numbers|no)|(?:ma|id) don(?: hang)?"
_REFILL = r"refills?|refilled|refilling|bao hanh"
_REFILL_ID = rf"(?:{_REFILL})(?: request)? (?:id|ids|number|numbers)|(?:ma|id) (?:bao hanh|refill)"
_CANCEL = r"cancel|cancell?ation|cancell?ed|cancell?ing|huy|huy don"
_CANNOT = (
    r"disabled|not supported|unsupported|not available|unavailable|not allowed|not possible|not permitted"
    r"|not enabled|(?:does|do) not (?:offer|support|allow)|(?:doesnt|dont) (?:offer|support|allow)"
    r"|khong ho tro|khong kha dung|khong the|khong duoc|cannot|cant|can not|unable|too early|not eligible"
)
_FUNDS = r"balance|funds?|money|credits?|so du"
_SHORT = r"insufficient|not enough|too low|low|lower|not sufficient|lack of|khong du|thieu|khong con du"
_QUANTITY = r"quantity|qty|amount|so luong|luong dat"
_BOUND = r"min|minimal|minimum|max|maximal|maximum|at least|at most|toi thieu|toi da|it nhat|nhieu nhat"
_COMPARED = (
    r"less than|more than|greater than|lower than|higher than|fewer than|exceeds?|exceeded|below|above"
    r"|vuot qua|nho hon|lon hon|it hon|nhieu hon"
)
_LINK = r"links?|urls?|lien ket|duong dan"
_SERVICE = r"services?|service id|dich vu|goi dich vu"
_SERVICE_OFF = (
    rf"{_BAD}|{_GONE}|inactive|not active|disabled|not available|unavailable|paused|stopped|deactivated"
    r"|tam dung|ngung hoat dong|dang bao tri"
)
_ACCOUNT = r"api key|key|api access|api token|token|account|user|tai khoan"
_ACCOUNT_OFF = (
    rf"{_BAD}|{_GONE}|inactive|not active|suspended|banned|blocked|disabled|disable|deactivated|locked|expired"
    r"|bi khoa|bi cam|vo hieu hoa"
)
_ACTION = r"action|actions|method|chuc nang|hanh dong"
_ACTION_MISSING = (
    rf"{_BAD}|{_GONE}|unsupported|not supported|not available|not allowed|not implemented|khong (?:duoc )?ho tro"
)

_Rule = tuple[ErrorKind, tuple[tuple[re.Pattern[str], ...], ...]]  # a kind; any of these all-of groups

# Order matters: the more specific meaning first ("refill not found" before "not found",
# "insufficient balance" before anything about accounts).
_MEANINGS: tuple[_Rule, ...] = (
    (
        ErrorKind.RATE_LIMITED,
        ((_words(r"too many|rate limit|rate limited|rate limits|throttled|qua nhieu yeu cau|qua nhieu lan"),),),
    ),
    (
        ErrorKind.DUPLICATE_ACTIVE_LINK,
        (
            (
                _near(
                    r"active|running|pending|in progress|processing|unfinished|dang chay|dang xu ly"
                    r"|chua hoan thanh",
                    _ORDER,
                    3,
                ),
                _words(_LINK),
            ),
            (_words(r"duplicate|duplicated|trung|trung lap"), _words(_LINK)),
        ),
    ),
    (
        ErrorKind.INSUFFICIENT_FUNDS,
        ((_near(_SHORT, _FUNDS, 5),), (_words(r"khong du tien|thieu tien|het tien|nap them tien|het so du"),)),
    ),
    (
        ErrorKind.REFILL_NOT_FOUND,
        ((_attached(_REFILL_ID + "|" + _REFILL, _GONE, _GONE_BEFORE),), (_attached(_REFILL_ID, _BAD),)),
    ),
    (
        ErrorKind.ORDER_NOT_FOUND,
        (
            (_attached(rf"{_ORDER_ID}|{_ORDER}", _GONE, _GONE_BEFORE),),
            (_attached(_ORDER_ID, _BAD),),
            (re.compile(rf"^(?:{_BAD}) (?:{_ORDER})$|^(?:{_ORDER}) (?:is )?(?:{_BAD})$"),),
        ),
    ),
    (
        ErrorKind.NOT_ELIGIBLE,
        (
            (_near(rf"{_REFILL}|{_CANCEL}", _CANNOT, 4),),
            (
                _words(
                    r"not eligible|ineligible|too early|khong du dieu kien|not (?:yet )?completed"
                    r"|chua hoan thanh|cannot be (?:refilled|cancell?ed)|already (?:been )?(?:refilled|cancell?ed)"
                    r"|(?:less than|within) \d+ (?:hours?|days?|minutes?) ago"
                ),
            ),
        ),
    ),
    (
        ErrorKind.INVALID_QUANTITY,
        (
            (_near(_BOUND, rf"{_QUANTITY}|number|orders?|don", 3),),
            (_near(_COMPARED, _QUANTITY, 3),),
            (_near(_COMPARED, _BOUND, 2),),
            (_attached(_QUANTITY, rf"{_BAD}|too (?:low|high|small|large|big)|not allowed", _BAD),),
        ),
    ),
    (ErrorKind.INVALID_LINK, ((_attached(_LINK, rf"{_BAD}|broken|not supported|unsupported", _BAD, gap=3),),)),
    (ErrorKind.INVALID_SERVICE, ((_attached(_SERVICE, _SERVICE_OFF, rf"{_BAD}|{_GONE_BEFORE}|disabled", gap=3),),)),
    (ErrorKind.INVALID_API_KEY, ((_attached(_ACCOUNT, _ACCOUNT_OFF, rf"{_BAD}|{_GONE_BEFORE}", gap=3),),)),
    (
        ErrorKind.BAD_REQUEST,
        (
            (_attached(_ACTION, _ACTION_MISSING),),
            (
                _words(
                    r"(?:incorrect|invalid|bad|wrong|malformed) request|method not allowed|not implemented"
                    r"|required|missing|fill in|drip ?feed|khong duoc de trong"
                ),
            ),
        ),
    ),
)

_NO_SUCH_ACTION = (
    _attached(_ACTION, _ACTION_MISSING),
    _words(
        r"(?:incorrect|invalid|bad|unknown|unsupported) (?:request|action|method)|method not allowed|not implemented"
    ),
)


def _by_meaning(text: str) -> ErrorKind | None:
    words = meaning_text(text)
    for kind, alternatives in _MEANINGS:
        if any(all(pattern.search(words) for pattern in group) for group in alternatives):
            return kind
    return None


def means_no_such_action(text: str) -> bool:
    """Whether a whole-call error says the action does not exist on this panel ("Incorrect request",
    "Unknown action", "Method Not Allowed", …): for refill, refill_status and cancel, `unsupported`."""
    words = meaning_text(text)
    return any(pattern.search(words) for pattern in _NO_SUCH_ACTION)


def classify(text: str, numeric_status: int | None = None) -> ErrorKind:
    """The class of a panel error text (docs/panel-api.md §5, "Catalogue"), then by meaning.

    The catalogue's texts first, exactly; then keyword families in English and Vietnamese;
    then the numeric `status` some panels add. What is still unrecognised is `unknown`, and its
    wording is logged once per panel host (see `speaking_for`)."""
    key = _comparable(text)
    if key in _EXACT:
        return _EXACT[key]
    match = _ENDS_IN_NUMBER.match(key)
    if match:
        head = match.group(1)
        for prefix, kind in _PREFIXES:
            if head == prefix:
                return kind
    meant = _by_meaning(text) or _NUMERIC_STATUS.get(numeric_status or 0)
    if meant is None:
        _note_unknown(text)
        return ErrorKind.UNKNOWN
    return meant


# --- unrecognised wordings: a warning once per panel host and wording -----------------------------

_speaker: ContextVar[tuple[str, Callable[[str], str]] | None] = ContextVar("panel_speaker", default=None)
_heard: set[tuple[str, str]] = set()
_HEARD_LIMIT = 1000  # past this many distinct wordings, stop logging new ones (bounded memory)


@contextmanager
def speaking_for(host: str, redact: Callable[[str], str]) -> Iterator[None]:
    """Errors classified inside this block came from the panel at `host`; `redact` hides the key."""
    token = _speaker.set((host, redact))
    try:
        yield
    finally:
        _speaker.reset(token)


def _note_unknown(text: str) -> None:
    host, redact = _speaker.get() or ("", _unchanged)
    shown = redact(text)
    heard = (host, _comparable(shown))
    if heard in _heard or len(_heard) >= _HEARD_LIMIT:
        return
    _heard.add(heard)
    log.warning("panel %s: unrecognised error wording %.200r (classified unknown)", host or "?", shown)


def _unchanged(text: str) -> str:
    return text


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
