"""What the shop tells people, as typed records: pushes to customers and notices to admins.

The shop queues them in the outbox (in the same transaction as the change they report); the
Telegram layer words each kind in the reader's language and draws its buttons. The shop never
writes button data: a notice carries semantic `actions` (settle this order, decide this deposit)
that the Telegram layer renders as buttons.

Each kind is a frozen dataclass; `encode` turns one into the outbox row's (kind, payload) and `decode`
reads it back — money as exact decimal text, enums as their values. A payload this version cannot read
(an unknown kind, a missing or mistyped field) decodes to None, and the notifier drops it with a log line.
The payload field names are the ones the dict payloads of earlier versions used, so messages queued
before an upgrade are still sent.
"""

from __future__ import annotations

import dataclasses
import enum
import logging
import types
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, Union, get_args, get_origin, get_type_hints

from bot.store.outbox import Lane
from bot.store.states import DepositState, OrderState, RefillState

log = logging.getLogger(__name__)
_KINDS: dict[str, type[Message]] = {}


@dataclass(frozen=True)
class Message:
    """Base of every outbox message kind; `kind` is what the outbox row stores, `lane` whether it goes
    before broadcasts (URGENT: someone is waiting for it) or after them (BULK)."""

    kind: ClassVar[str]
    lane: ClassVar[Lane] = Lane.URGENT
    # field name -> payload key, where an earlier version named the payload key differently
    renamed: ClassVar[dict[str, str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        kind = cls.__dict__.get("kind")
        if kind is None:
            return
        if kind in _KINDS:
            raise TypeError(f"message kind {kind!r} is used by {_KINDS[kind].__name__} already")
        _KINDS[kind] = cls


class Settle(enum.StrEnum):
    PLACED = "placed"
    FAILED = "failed"


@dataclass(frozen=True)
class SettleOrder:
    """An admin action: settle the placement of an uncertain order as placed, or as not placed."""

    order_id: int
    outcome: Settle


@dataclass(frozen=True)
class DecideDeposit:
    """An admin action: approve or reject a deposit request."""

    deposit_id: int
    approve: bool


NoticeAction = SettleOrder | DecideDeposit


@dataclass(frozen=True)
class AdminNotice(Message):
    """A notice to the admins: a text key with its values, and the actions it offers."""

    kind: ClassVar[str] = "admin"
    text: str
    values: dict[str, Any] = dataclasses.field(default_factory=dict)
    actions: tuple[NoticeAction, ...] = ()


def money_text(amount: Decimal) -> str:
    """Money as the outbox stores it: exact decimal text."""
    return str(amount)


# --- pushes to customers ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderStatusPush(Message):
    """An order changed state on the panel; `refund` is what the change gave back (0 for none)."""

    kind: ClassVar[str] = "order_status"
    order_id: int
    service: str
    state: OrderState
    status_raw: str
    quantity: int
    delivered: int | None
    refund: Decimal
    currency: str


@dataclass(frozen=True)
class RefillPush(Message):
    """A refill reached a final state."""

    kind: ClassVar[str] = "refill_status"
    order_id: int
    state: RefillState
    status_raw: str


@dataclass(frozen=True)
class WalletPush(Message):
    """An admin credited (positive `amount`) or debited (negative) the wallet, with a note."""

    kind: ClassVar[str] = "wallet"
    amount: Decimal
    note: str = ""
    currency: str = ""


@dataclass(frozen=True)
class ReferralPush(Message):
    """A customer the reader invited paid for delivered work: `amount` (their reward) is in the reader's wallet.
    The order itself is the friend's business: not named."""

    kind: ClassVar[str] = "referral"
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class AdminRefundPush(Message):
    """An admin refunded what was left of an order's payment."""

    kind: ClassVar[str] = "refund"
    order_id: int
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class ResolvedPush(Message):
    """An admin settled an uncertain order: placed after all, or not placed and refunded `amount`."""

    kind: ClassVar[str] = "resolved"
    order_id: int
    placed: bool
    amount: Decimal = Decimal(0)
    currency: str = ""


@dataclass(frozen=True)
class UncertainPush(Message):
    """A restart found the order mid-placement: it may exist on the panel, the admins are checking."""

    kind: ClassVar[str] = "uncertain"
    order_id: int


@dataclass(frozen=True)
class DepositPush(Message):
    """An admin approved or rejected a deposit request."""

    kind: ClassVar[str] = "deposit"
    renamed: ClassVar[dict[str, str]] = {"deposit_id": "id"}
    deposit_id: int
    state: DepositState
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class BroadcastText(Message):
    """A broadcast: text an admin wrote (HTML-escaped already), sent as it is."""

    kind: ClassVar[str] = "text"
    lane: ClassVar[Lane] = Lane.BULK
    text: str


# --- support tickets ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TicketNotice(Message):
    """A customer's message in a support ticket, shown to the admins with Reply / Close. `message_id` is the
    ticket message's ID: when a copy of this is sent, the Telegram message that showed it is recorded against it
    (migration 0012's trigger reads it from the payload, into ticket_notices), so an admin's reply to any copy
    finds the ticket. `photo` is a
    Telegram file_id: the notice is then that photo, its caption the text."""

    kind: ClassVar[str] = "ticket_notice"
    ticket_id: int
    message_id: int
    user: int
    user_name: str
    user_username: str
    text: str
    first: bool  # the message that opened the ticket
    photo: str | None = None
    order_id: int | None = None
    service: str = ""
    order_state: OrderState | None = None


@dataclass(frozen=True)
class TicketAnswerPush(Message):
    """An admin answered the customer's ticket (text, or a photo with `text` as its caption)."""

    kind: ClassVar[str] = "ticket_answer"
    ticket_id: int
    text: str
    photo: str | None = None


@dataclass(frozen=True)
class TicketClosedPush(Message):
    """An admin closed the customer's ticket."""

    kind: ClassVar[str] = "ticket_closed"
    ticket_id: int


def photo_of(message: Message) -> str | None:
    """The Telegram file_id a message is sent as (a photo with the text as its caption), if any."""
    return message.photo if isinstance(message, TicketNotice | TicketAnswerPush) else None


# --- the codec ----------------------------------------------------------------------------------------------


_FIELDS: dict[type[Message], list[tuple[str, str]]] = {}  # per kind: (payload key, field name), found once
_AS_IS = frozenset({int, str, bool, type(None)})  # exactly these types (enums and Decimal are converted)


def encode(message: Message) -> tuple[str, dict[str, Any]]:
    """(kind, payload) for the outbox row: plain JSON data."""
    if isinstance(message, AdminNotice):
        return message.kind, {
            "key": message.text,
            "values": {name: _plain(value) for name, value in message.values.items()},
            "actions": [_action_data(action) for action in message.actions],
        }
    names = _FIELDS.get(type(message))
    if names is None:
        names = _FIELDS[type(message)] = [
            (message.renamed.get(item.name, item.name), item.name) for item in dataclasses.fields(message)
        ]
    return message.kind, {key: _plain(getattr(message, name)) for key, name in names}


def decode(kind: str, payload: object) -> Message | None:
    """The message an outbox row holds, or None when this version cannot read it."""
    cls = _KINDS.get(kind)
    if cls is None or not isinstance(payload, dict):
        return None
    try:
        if cls is AdminNotice:
            return _decode_notice(payload)
        hints = get_type_hints(cls)
        values: dict[str, object] = {}
        for item in dataclasses.fields(cls):
            key = cls.renamed.get(item.name, item.name)
            if key not in payload:
                if item.default is dataclasses.MISSING:
                    return None
                continue
            values[item.name] = _read(hints[item.name], payload[key])
        return cls(**values)
    except (KeyError, TypeError, ValueError, InvalidOperation) as error:
        log.debug("outbox payload of kind %r does not read: %s", kind, error)
        return None


def _plain(value: object) -> object:
    if type(value) in _AS_IS:  # the common case first: the status sync encodes 100 000 pushes
        return value
    if isinstance(value, Decimal):
        return money_text(value)
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _read(hint: Any, value: object) -> object:
    """`value` from JSON as the field's type; TypeError / ValueError when it is not one."""
    if get_origin(hint) in (Union, types.UnionType):
        options = get_args(hint)
        if value is None and type(None) in options:
            return None
        (hint,) = [option for option in options if option is not type(None)]
    if hint is Decimal:
        if not isinstance(value, str | int):
            raise TypeError(f"money is {value!r}")
        amount = Decimal(value)
        if not amount.is_finite():
            raise ValueError(f"money is {value!r}")
        return amount
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint(value)
    if hint is bool:
        if not isinstance(value, bool):
            raise TypeError(f"not a bool: {value!r}")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"not an int: {value!r}")
        return value
    if hint is str:
        if not isinstance(value, str):
            raise TypeError(f"not a str: {value!r}")
        return value
    raise TypeError(f"no reader for {hint!r}")


def _action_data(action: NoticeAction) -> dict[str, object]:
    if isinstance(action, SettleOrder):
        return {"settle": action.order_id, "outcome": action.outcome.value}
    return {"deposit": action.deposit_id, "approve": action.approve}


def _read_action(data: object) -> NoticeAction:
    if not isinstance(data, dict):
        raise TypeError(f"not an action: {data!r}")
    if "settle" in data and isinstance(data["settle"], int):
        return SettleOrder(data["settle"], Settle(str(data.get("outcome"))))
    if "deposit" in data and isinstance(data["deposit"], int) and isinstance(data.get("approve"), bool):
        return DecideDeposit(data["deposit"], data["approve"])
    raise ValueError(f"unknown action {data!r}")


# The buttons the dict payloads of the previous version carried, read back as the actions they were.
_LEGACY_BUTTONS: dict[str, Callable[[int], NoticeAction]] = {
    "admin.btn_placed": lambda n: SettleOrder(n, Settle.PLACED),
    "admin.btn_not_placed": lambda n: SettleOrder(n, Settle.FAILED),
    "admin.btn_approve": lambda n: DecideDeposit(n, True),
    "admin.btn_reject": lambda n: DecideDeposit(n, False),
}


def legacy_action(button: object) -> NoticeAction:
    if not isinstance(button, list | tuple) or len(button) != 2:
        raise TypeError(f"not a button: {button!r}")
    label, data = button
    number = str(data).split(":")[1] if str(data).count(":") == 2 else ""
    if label not in _LEGACY_BUTTONS or not number.isdigit():
        raise ValueError(f"unknown button {button!r}")
    return _LEGACY_BUTTONS[label](int(number))


def _decode_notice(payload: dict[str, Any]) -> AdminNotice:
    text, values = payload["key"], payload.get("values", {})
    if not isinstance(text, str) or not isinstance(values, dict):
        raise TypeError("an admin notice needs a text key and values")
    if "actions" in payload:
        actions = tuple(_read_action(data) for data in payload["actions"])
    else:
        actions = tuple(legacy_action(button) for row in payload.get("buttons", []) for button in row)
    return AdminNotice(text, values, actions)
