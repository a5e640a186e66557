"""What a customer types during an order, checked before anything is charged.

Each check returns the clean value or raises `InputError` with a text key and the
values its message needs; the Telegram layer words it in the customer's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bot.panel.parsing import split_lines
from bot.shop.platforms import link_is_of

MAX_LINK_LENGTH = 2048
MAX_NUMBER_LENGTH = 12
_GROUPED = re.compile(r"^\d{1,3}([ ,._])\d{3}(\1\d{3})*$")


@dataclass
class InputError(Exception):
    code: str
    values: dict[str, object] = field(default_factory=dict)


def parse_link(text: str, platform: str | None) -> str:
    link = text.strip()
    if len(link) > MAX_LINK_LENGTH:
        raise InputError("input.link_too_long", {"max": MAX_LINK_LENGTH})
    parts = urlsplit(link)
    if parts.scheme not in ("http", "https") or "." not in (parts.hostname or "") or any(c.isspace() for c in link):
        raise InputError("input.link_invalid")
    if platform and not link_is_of(link, platform):
        raise InputError("input.link_platform", {"platform": platform.capitalize()})
    return link


def parse_quantity(text: str, minimum: int, maximum: int) -> int:
    """A whole number; thousands may be grouped as `1,000`, `1.000` or `1 000` (never `2.5`)."""
    cleaned = text.strip()
    if _GROUPED.match(cleaned):
        cleaned = re.sub(r"\D", "", cleaned)
    if len(cleaned) > MAX_NUMBER_LENGTH or not cleaned.isdigit() or not cleaned.isascii():
        raise InputError("input.quantity_not_number", {"min": minimum, "max": maximum})
    quantity = int(cleaned)
    if not minimum <= quantity <= maximum:
        raise InputError("input.quantity_range", {"min": minimum, "max": maximum})
    return quantity


def parse_lines(text: str, max_lines: int, max_length: int) -> list[str]:
    lines = split_lines(text)
    if not lines:
        raise InputError("input.list_empty")
    if len(lines) > max_lines:
        raise InputError("input.list_too_many", {"max": max_lines, "count": len(lines)})
    longest = max(len(line) for line in lines)
    if longest > max_length:
        raise InputError("input.list_line_too_long", {"max": max_length})
    return lines
