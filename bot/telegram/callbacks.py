"""Every button's data, built and read in one place.

Each kind of button is a small frozen record with a prefix: `OrderAction(17, "refresh").pack()` gives
`"ord:17:r"` and `parse("ord:17:r")` gives the record back. Data that does not parse — forged, cut, or
written by an older version of the bot — parses to None, and the handler for that says "this button has
expired". Telegram allows 64 bytes of data per button; `pack` refuses anything longer.

Handlers match with `Kind.match` (or `Kind.match_where(field=value)`) as their `pattern`, and read the
record with `Kind.of(update)`. Nothing here is trusted: every handler re-checks what it touches.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Self, get_type_hints

from bot.shop.messages import Settle

MAX_BYTES = 64
_SEPARATOR = ":"
_ID = re.compile(r"^[\w.-]{1,40}$")
_KINDS: dict[str, type[Callback]] = {}


class CallbackTooLong(ValueError):
    """A button's data would pass Telegram's 64 bytes."""


@dataclass(frozen=True)
class Callback:
    """A kind of button data. Fields are int, str (no `:`) or a StrEnum; the prefix names the kind."""

    prefix: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        prefix = cls.__dict__.get("prefix")
        if prefix is None:
            return
        if prefix in _KINDS:
            raise TypeError(f"callback prefix {prefix!r} is used by {_KINDS[prefix].__name__} already")
        _KINDS[prefix] = cls

    def pack(self) -> str:
        parts = [self.prefix]
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            text = value.value if isinstance(value, enum.Enum) else str(value)
            if _SEPARATOR in text or not text:
                raise ValueError(f"{type(self).__name__}.{item.name} cannot be packed: {text!r}")
            parts.append(text)
        data = _SEPARATOR.join(parts)
        if len(data.encode()) > MAX_BYTES:
            raise CallbackTooLong(f"{type(self).__name__} data is {len(data.encode())} bytes: {data[:70]!r}")
        return data

    @classmethod
    def unpack(cls, data: str) -> Self | None:
        """This kind from `data`, or None when `data` is of another kind or malformed."""
        prefix, _, rest = data.partition(_SEPARATOR)
        if prefix != cls.prefix:
            return None
        fields = dataclasses.fields(cls)
        parts = rest.split(_SEPARATOR) if rest else []
        required = sum(1 for f in fields if f.default is dataclasses.MISSING)
        if not required <= len(parts) <= len(fields):  # trailing fields with a default may be left out
            return None
        hints = get_type_hints(cls)
        values: dict[str, object] = {}
        for item, text in zip(fields, parts, strict=False):
            value = _convert(hints[item.name], text)
            if value is None:
                return None
            values[item.name] = value
        return cls(**values)

    @classmethod
    def match(cls, data: object) -> bool:
        """A `pattern` for CallbackQueryHandler: any button of this kind."""
        return isinstance(data, str) and cls.unpack(data) is not None

    @classmethod
    def match_where(cls, **wanted: object) -> Callable[[object], bool]:
        """A `pattern` for buttons of this kind whose fields equal `wanted`."""

        def matches(data: object) -> bool:
            found = cls.unpack(data) if isinstance(data, str) else None
            return found is not None and all(getattr(found, k) == v for k, v in wanted.items())

        return matches

    @classmethod
    def of(cls, data: str | None) -> Self | None:
        return cls.unpack(data) if data else None


def _convert(kind: Any, text: str) -> object | None:
    if kind is int:
        return int(text) if text.isdigit() and len(text) <= 15 else None
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        try:
            return kind(text)
        except ValueError:
            return None
    return text if _ID.match(text) else None


def parse(data: str | None) -> Callback | None:
    """Whatever kind `data` is, or None: the button has expired (or was never ours)."""
    if not data:
        return None
    kind = _KINDS.get(data.partition(_SEPARATOR)[0])
    return kind.unpack(data) if kind else None


def kinds() -> dict[str, type[Callback]]:
    return dict(_KINDS)


# --- the customer's screens --------------------------------------------------------------------------------


class Screen(enum.StrEnum):
    HOME = "home"
    NEW_ORDER = "order"
    ORDERS = "orders"
    BALANCE = "balance"
    HELP = "help"
    LANGUAGE = "lang"
    SUPPORT = "support"  # the customer's support tickets
    ADMIN = "admin"  # the admin commands, grouped by task (admins only)
    INVITE = "invite"  # Invite friends: the customer's invite link (when REFERRAL_PERCENT is set)


@dataclass(frozen=True)
class Menu(Callback):
    """A main-menu button: it opens its screen from wherever the customer is."""

    prefix: ClassVar[str] = "menu"
    screen: Screen


@dataclass(frozen=True)
class Language(Callback):
    prefix: ClassVar[str] = "lang"
    code: str


@dataclass(frozen=True)
class Noop(Callback):
    """A label on a keyboard (the page number): pressing it does nothing."""

    prefix: ClassVar[str] = "noop"


# --- New order ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Categories(Callback):
    prefix: ClassVar[str] = "cats"
    page: int = 0


@dataclass(frozen=True)
class CategoryPage(Callback):
    prefix: ClassVar[str] = "cat"
    category_id: int
    page: int = 0


@dataclass(frozen=True)
class PickService(Callback):
    prefix: ClassVar[str] = "svc"
    service_id: str


class Step(enum.StrEnum):
    BACK = "back"
    SKIP = "skip"
    CANCEL = "cancel"
    ADD_FUNDS = "add_funds"
    CODE = "code"  # *Have a code?* on the summary card


@dataclass(frozen=True)
class OrderStep(Callback):
    """Back, Skip, Cancel, Add funds and Have a code? inside the New order conversation."""

    prefix: ClassVar[str] = "order"
    step: Step


@dataclass(frozen=True)
class Confirm(Callback):
    """Confirm on a summary card: the quote it shows."""

    prefix: ClassVar[str] = "ok"
    quote_id: str


# --- My orders ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrdersPage(Callback):
    prefix: ClassVar[str] = "orders"
    page: int = 0


@dataclass(frozen=True)
class RefillAll(Callback):
    prefix: ClassVar[str] = "refill_all"


class Act(enum.StrEnum):
    VIEW = "v"
    REFRESH = "r"
    REFILL = "refill"
    CANCEL = "cancel"


@dataclass(frozen=True)
class OrderAction(Callback):
    prefix: ClassVar[str] = "ord"
    order_id: int
    act: Act = Act.VIEW


@dataclass(frozen=True)
class OrderAgain(Callback):
    """Order the service of this order again, for a new link."""

    prefix: ClassVar[str] = "again"
    order_id: int


# --- the wallet ---------------------------------------------------------------------------------------------


class Funds(enum.StrEnum):
    REQUEST = "new"
    CANCEL = "cancel"
    STARS = "stars"
    CODE = "code"  # *Redeem a code*: a gift code for the wallet


@dataclass(frozen=True)
class Wallet(Callback):
    prefix: ClassVar[str] = "wallet"
    action: Funds


@dataclass(frozen=True)
class StarsPack(Callback):
    prefix: ClassVar[str] = "stars"
    stars: int


# --- support tickets ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewTicket(Callback):
    """The customer starts writing a new support ticket, about their order `order_id` (0: about no order)."""

    prefix: ClassVar[str] = "tknew"
    order_id: int = 0


@dataclass(frozen=True)
class MyTicket(Callback):
    """The customer closes their own ticket."""

    prefix: ClassVar[str] = "tkmine"
    ticket_id: int


class TicketAct(enum.StrEnum):
    REPLY = "r"
    CLOSE = "c"


@dataclass(frozen=True)
class TicketAction(Callback):
    """An admin's button under a ticket's notice: Reply (their next message answers it) or Close."""

    prefix: ClassVar[str] = "tk"
    ticket_id: int
    act: TicketAct


# --- admins -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SettleOrder(Callback):
    """An admin settles an order whose placement is uncertain."""

    prefix: ClassVar[str] = "unc"
    order_id: int
    outcome: Settle


@dataclass(frozen=True)
class RouteAdd(Callback):
    """ "Add as fallback" under a suggestion of /route: that provider service joins the shop service's route."""

    prefix: ClassVar[str] = "route"
    service_id: str
    number: int  # the provider service's number (`Stop.number`): provider and ID would not fit in 64 bytes


class Decision(enum.StrEnum):
    APPROVE = "ok"
    REJECT = "no"


@dataclass(frozen=True)
class DepositDecision(Callback):
    prefix: ClassVar[str] = "dep"
    deposit_id: int
    decision: Decision


class Go(enum.StrEnum):
    SEND = "go"
    DROP = "no"


@dataclass(frozen=True)
class BroadcastGo(Callback):
    prefix: ClassVar[str] = "bc"
    go: Go
