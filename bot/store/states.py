"""The states the store keeps for orders, refills and deposits (their values are what the rows hold)."""

from __future__ import annotations

import enum


class OrderState(enum.StrEnum):
    """The shop's order states: the first three are the shop's own, the rest mirror the panel."""

    PLACING = "placing"  # being sent to the panel
    UNCERTAIN = "uncertain"  # may exist on the panel; an admin settles it
    REFUSED = "refused"  # not placed; refunded
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    PARTIAL = "partial"
    CANCELED = "canceled"
    FAILED = "failed"
    UNKNOWN = "unknown"


class RefillState(enum.StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    REJECTED = "rejected"


class DepositState(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class TicketState(enum.StrEnum):
    """A support ticket: waiting for the admins, answered by them (the customer may write again), closed."""

    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"
