"""Reading what real panels send, whatever shape it comes in (docs/panel-api.md §6).

Numbers arrive as JSON numbers, strings or null; keys in any case; flags as
booleans, integers or strings. These helpers turn such values into exact Python
values and never raise on odd input: they answer `None` instead.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import parse_qsl

_YES = {"1", "true", "yes", "y", "on"}
_SPACES = re.compile(r"[\s_\-]+")


def normalise_word(text: str) -> str:
    """Trim, lower-case, and treat `_`, `-` and runs of spaces as one space."""
    return _SPACES.sub(" ", text).strip().lower()


def parse_body(raw: bytes) -> Any:
    """Decode a panel answer: JSON (numbers as Decimal), or `a=b` form text.

    Returns `None` when the body is neither (HTML pages, empty bodies)."""
    text = raw.decode("utf-8", errors="replace").strip().lstrip("\ufeff").strip()
    if not text:
        return None
    try:
        return json.loads(text, parse_float=Decimal, parse_int=Decimal)
    except ValueError:
        pass
    if "=" in text and "<" not in text and "\n" not in text:
        pairs = parse_qsl(text, keep_blank_values=True)
        if pairs:
            return dict(pairs)
    return None


def get(mapping: Any, *names: str) -> Any:
    """Look a key up case-insensitively, trying each name in turn."""
    if not isinstance(mapping, dict):
        return None
    for name in names:
        if name in mapping:
            return mapping[name]
    lowered = {str(k).lower(): v for k, v in mapping.items()}
    for name in names:
        if name.lower() in lowered:
            return lowered[name.lower()]
    return None


def has(mapping: Any, name: str) -> bool:
    return isinstance(mapping, dict) and any(str(k).lower() == name for k in mapping)


def to_decimal(value: Any) -> Decimal | None:
    """An exact amount from a number or numeric text; None for anything else."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def to_int(value: Any) -> int | None:
    number = to_decimal(value)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


def to_flag(value: Any) -> bool:
    """Only a clear yes is yes: true, 1, "1", "true", "yes"."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, Decimal)):
        return value == 1
    if isinstance(value, str):
        return value.strip().lower() in _YES
    return False


def to_id(value: Any) -> str | None:
    """IDs are opaque: kept as text. Numbers become their integer text."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, Decimal)):
        number = to_decimal(value)
        if number is None or number != number.to_integral_value():
            return None
        return str(int(number))
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def to_text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def split_lines(text: str) -> list[str]:
    """One entry per line: split on any line break (or a typed `\\n`), drop empty ones."""
    parts = re.split(r"\r\n|\n|\r|\\n", text)
    return [part.strip() for part in parts if part.strip()]
