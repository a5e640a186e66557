"""What the shop tells people, as typed records: pushes to customers and notices to admins.

The shop queues them in the outbox (in the same transaction as the change they report); the
Telegram layer words each kind in the reader's language and draws its buttons. The shop never
writes button data: a notice carries semantic `actions` (settle this order, decide this deposit)
that the Telegram layer renders as buttons.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar


class Message:
    """Base of every outbox message kind; `kind` is what the outbox row stores."""

    kind: ClassVar[str]


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
