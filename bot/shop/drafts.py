"""An order being put together, and what each service type asks the customer for.

The draft is the customer's own input, checked field by field (`bot.shop.inputs`); it carries no
price. A price exists only as a `Quote` (`bot.shop.quotes`), minted when the summary card is shown.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from bot.panel import NewOrder


class Ask(enum.StrEnum):
    """What the customer is asked for after choosing a service; the values are stable (sessions keep them)."""

    LINK = "link"
    QUANTITY = "quantity"
    LIST = "list"
    SUGGEST = "suggest"
    SEARCH = "search"
    COMMENTS = "comments"


LIST_FIELDS = (Ask.LIST, Ask.SUGGEST, Ask.SEARCH, Ask.COMMENTS)
OPTIONAL_FIELDS = (Ask.SUGGEST, Ask.SEARCH)  # at least one of the two
PACKAGE_TYPES = frozenset({"Package", "Custom Comments Package"})

_STEPS: dict[str, tuple[Ask, ...]] = {
    "Package": (Ask.LINK,),
    "Custom Comments": (Ask.LINK, Ask.COMMENTS),
    "Special (1DG)": (Ask.LINK, Ask.QUANTITY, Ask.LIST),
    "Special 1 (1DG)": (Ask.LINK, Ask.QUANTITY, Ask.SUGGEST, Ask.SEARCH),
}


def steps_for(service_type: str) -> tuple[Ask, ...]:
    """What the customer is asked for, in order; everything else orderable is link + quantity."""
    return _STEPS.get(service_type, (Ask.LINK, Ask.QUANTITY))


COMMENT_TYPES = frozenset({"Custom Comments"})  # one unit per comment line (the orderable comment types)


def comment_lines(lists: dict[str, list[str]]) -> list[str]:
    """The customer's comments, one per non-empty line."""
    return [line for line in lists.get(Ask.COMMENTS, []) if line.strip()]


def units_of(service_type: str, quantity: int | None, lists: dict[str, list[str]]) -> int:
    """What is charged: comment lines, one package, or the quantity."""
    if service_type in COMMENT_TYPES:
        return len(comment_lines(lists))
    if service_type in PACKAGE_TYPES:
        return 1
    return quantity or 0


@dataclass
class Draft:
    """What the customer has given so far for one service."""

    service_id: str
    link: str | None = None
    quantity: int | None = None
    lists: dict[str, list[str]] = field(default_factory=dict)
    code: str | None = None  # a discount code the customer gave on the summary card (checked at every quote)

    def as_json(self) -> dict[str, Any]:
        data = {"service_id": self.service_id, "link": self.link, "quantity": self.quantity, "lists": self.lists}
        return data | ({"code": self.code} if self.code else {})

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Draft:
        lists = data.get("lists") or {}
        return cls(
            service_id=str(data["service_id"]),
            link=data.get("link"),
            quantity=data.get("quantity"),
            lists={str(k): [str(line) for line in v] for k, v in lists.items()},
            code=str(data["code"]) if data.get("code") else None,
        )

    def units(self, service_type: str) -> int:
        return units_of(service_type, self.quantity, self.lists)

    def panel_order(self, service_type: str) -> NewOrder:
        """What `add` sends; comment services get `quantity` = the number of comment lines, as charged."""
        quantity = self.quantity if Ask.QUANTITY in steps_for(service_type) else None
        lists = {name: [line for line in lines if line.strip()] for name, lines in self.lists.items()}
        if service_type in COMMENT_TYPES:
            quantity = len(comment_lines(lists))
        extras = {name: "\n".join(lines) for name, lines in lists.items() if lines}
        return NewOrder(self.service_id, self.link or "", quantity, extras)
