"""Typed results of the panel API, and the normalisation of types and statuses.

Raw texts are always kept next to the normalised value: admins and customers see
what the panel said, the shop decides on the normalised state (docs/panel-api.md §2, §4).
"""

from __future__ import annotations

import enum
import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from bot.panel.parsing import normalise_word


class ServiceType(enum.StrEnum):
    """The service types of API v2; `OTHER` is an unknown name, treated as Default."""

    DEFAULT = "Default"
    PACKAGE = "Package"
    CUSTOM_COMMENTS = "Custom Comments"
    SPECIAL_LIST = "Special (1DG)"
    SPECIAL_SUGGEST = "Special 1 (1DG)"
    CUSTOM_COMMENTS_PACKAGE = "Custom Comments Package"
    MENTIONS = "Mentions"
    MENTIONS_WITH_HASHTAGS = "Mentions with Hashtags"
    MENTIONS_CUSTOM_LIST = "Mentions Custom List"
    MENTIONS_HASHTAG = "Mentions Hashtag"
    MENTIONS_USER_FOLLOWERS = "Mentions User Followers"
    MENTIONS_MEDIA_LIKERS = "Mentions Media Likers"
    COMMENT_LIKES = "Comment Likes"
    COMMENT_REPLIES = "Comment Replies"
    POLL = "Poll"
    INVITES_FROM_GROUPS = "Invites from Groups"
    SUBSCRIPTIONS = "Subscriptions"
    WEB_TRAFFIC = "Web Traffic"
    SEO = "SEO"
    OTHER = "Other"


_TYPE_ALIASES = {normalise_word(t.value): t for t in ServiceType if t is not ServiceType.OTHER}
_TYPE_ALIASES |= {
    "mentions users followers": ServiceType.MENTIONS_USER_FOLLOWERS,
    "website traffic": ServiceType.WEB_TRAFFIC,
    "": ServiceType.DEFAULT,
}


def service_type(raw: str | None) -> ServiceType:
    """Match a type name case-insensitively, `_`/`-`/spaces alike; missing = Default."""
    return _TYPE_ALIASES.get(normalise_word(raw or ""), ServiceType.OTHER)


class OrderState(enum.StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    PARTIAL = "partial"
    CANCELED = "canceled"
    FAILED = "failed"
    UNKNOWN = "unknown"

    @property
    def is_final(self) -> bool:
        return self in _FINAL_ORDER_STATES


_FINAL_ORDER_STATES = {OrderState.COMPLETED, OrderState.PARTIAL, OrderState.CANCELED}

_ORDER_STATES = {
    "pending": OrderState.PENDING,
    "awaiting": OrderState.PENDING,
    "in progress": OrderState.IN_PROGRESS,
    "in progess": OrderState.IN_PROGRESS,
    "processing": OrderState.IN_PROGRESS,
    "active": OrderState.IN_PROGRESS,
    "paused": OrderState.IN_PROGRESS,
    "completed": OrderState.COMPLETED,
    "expired": OrderState.COMPLETED,
    "partial": OrderState.PARTIAL,
    "canceled": OrderState.CANCELED,
    "cancelled": OrderState.CANCELED,
    "refunded": OrderState.CANCELED,
    "fail": OrderState.FAILED,
    "failed": OrderState.FAILED,
    "error": OrderState.FAILED,
}


def _status_word(raw: str | None) -> str:
    """A status name for lookup (§4): trimmed, lower case, `_`/`-`/spaces as one space, no punctuation."""
    return normalise_word(re.sub(r"[^\w\s-]+", " ", raw or ""))


@functools.lru_cache(maxsize=1024)  # a panel uses a handful of status words, 100 000 times in a sync
def order_state(raw: str | None) -> OrderState:
    """The state of an order status name; anything else (the empty status too) is `unknown`, never final."""
    return _ORDER_STATES.get(_status_word(raw), OrderState.UNKNOWN)


class RefillState(enum.StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    REJECTED = "rejected"
    UNKNOWN = "unknown"

    @property
    def is_final(self) -> bool:
        return self in (RefillState.COMPLETED, RefillState.REJECTED)


_REFILL_STATES = {
    "pending": RefillState.PENDING,
    "awaiting": RefillState.PENDING,
    "in progress": RefillState.IN_PROGRESS,
    "in progess": RefillState.IN_PROGRESS,
    "processing": RefillState.IN_PROGRESS,
    "approved": RefillState.IN_PROGRESS,  # the request was accepted, the refill is not done yet
    "accepted": RefillState.IN_PROGRESS,
    "completed": RefillState.COMPLETED,
    "processed": RefillState.COMPLETED,
    "partial": RefillState.COMPLETED,
    **{
        word: RefillState.REJECTED
        for word in ("rejected", "canceled", "cancelled", "refunded", "failed", "fail", "error")
    },
}


@functools.lru_cache(maxsize=1024)
def refill_state(raw: str | None) -> RefillState:
    return _REFILL_STATES.get(_status_word(raw), RefillState.UNKNOWN)


@dataclass(frozen=True, slots=True)
class Service:
    """One entry of the panel's catalog. `rate` is in the panel's currency."""

    id: str
    name: str
    category: str
    type: ServiceType
    type_raw: str
    rate: Decimal
    min: int
    max: int
    refill: bool = False
    cancel: bool = False
    dripfeed: bool = False
    description: str = ""


@dataclass(frozen=True, slots=True)
class OrderStatus:
    """The panel's view of one order. Missing numbers are None, never guessed."""

    status_raw: str
    state: OrderState
    charge: Decimal | None = None
    start_count: int | None = None
    remains: int | None = None
    currency: str | None = None


@dataclass(frozen=True, slots=True)
class RefillStatus:
    status_raw: str
    state: RefillState


@dataclass(frozen=True, slots=True)
class Balance:
    amount: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class NewOrder:
    """What `add` sends. `extra` holds the type's fields (`list`, `suggest`, `comments`, …)."""

    service_id: str
    link: str
    quantity: int | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def form(self) -> dict[str, str]:
        fields = {"service": self.service_id, "link": self.link}
        if self.quantity is not None:
            fields["quantity"] = str(self.quantity)
        fields.update(self.extra)
        return fields
