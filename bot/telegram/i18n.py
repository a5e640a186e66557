"""The one translation function every user-facing text goes through.

Catalogs live in `locales/<lang>.py` as a `TEXTS` dict; both must have the same
keys and placeholders (a test checks). Values interpolated into texts are escaped
by the caller when they come from outside (panel names, links, user names).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from decimal import Decimal

from bot.telegram.locales import en, vi

CATALOGS: dict[str, dict[str, str]] = {"en": en.TEXTS, "vi": vi.TEXTS}
DEFAULT = "en"


def t(lang: str, key: str, **values: object) -> str:
    """The text `key` in `lang` (English when missing), with `values` filled in."""
    catalog = CATALOGS.get(lang, CATALOGS[DEFAULT])
    template = catalog.get(key) or CATALOGS[DEFAULT][key]
    return template.format(**values) if values else template


def number(value: int, lang: str) -> str:
    """`50000` → `50,000` (en) or `50.000` (vi)."""
    text = f"{value:,}"
    return text.replace(",", ".") if lang == "vi" else text


def values_in(lang: str, values: dict[str, object]) -> dict[str, object]:
    """Whole numbers formatted for `lang`; anything else as it is."""
    return {k: number(v, lang) if isinstance(v, int) and not isinstance(v, bool) else v for k, v in values.items()}


def money(amount: Decimal, currency: str, lang: str) -> str:
    """`1250000 VND` → `1,250,000 VND` (en) or `1.250.000 VND` (vi); exact, no float."""
    text = f"{amount.normalize():,f}" if amount == amount.to_integral_value() else f"{amount:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if lang == "vi":
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{text} {currency}".strip()


def when(moment: str | datetime, zone: tzinfo, lang: str, now: datetime | None = None) -> str:
    """A stored time as people read it, in the shop's zone: `today 14:05`, `yesterday 09:12`, else a date."""
    if isinstance(moment, str):
        text = moment
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return text[:16]
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(zone)
    today = (now or datetime.now(UTC)).astimezone(zone).date()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return t(lang, "time.today", time=clock)
    if local.date() == today - timedelta(days=1):
        return t(lang, "time.yesterday", time=clock)
    day = local.strftime("%d/%m/%Y") if lang == "vi" else local.strftime("%Y-%m-%d")
    return t(lang, "time.date", date=day, time=clock)


def duration(span: timedelta) -> str:
    """A rough duration: `45m`, `2h`, `3d` (rounded up to the unit, never 0)."""
    minutes = max(1, -(-int(span.total_seconds()) // 60))
    if minutes < 60:
        return f"{minutes}m"
    hours = -(-minutes // 60)
    return f"{hours}h" if hours < 48 else f"{-(-hours // 24)}d"
