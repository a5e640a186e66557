"""The upstream panel (API v2): the client, its results and errors, and the sandbox panel."""

from bot.panel.client import PanelClient
from bot.panel.errors import ErrorKind, PanelError, PanelOutcomeUnknown, PanelRefused, PanelUnavailable
from bot.panel.models import (
    Balance,
    NewOrder,
    OrderState,
    OrderStatus,
    RefillState,
    RefillStatus,
    Service,
    ServiceType,
)

__all__ = [
    "Balance",
    "ErrorKind",
    "NewOrder",
    "OrderState",
    "OrderStatus",
    "PanelClient",
    "PanelError",
    "PanelOutcomeUnknown",
    "PanelRefused",
    "PanelUnavailable",
    "RefillState",
    "RefillStatus",
    "Service",
    "ServiceType",
]
