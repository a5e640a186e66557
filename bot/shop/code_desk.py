"""`/code` (admins): create, list, show and turn off promo and gift codes.

`/code new CODE gift AMOUNT [uses N] [until YYYY-MM-DD]` and
`/code new CODE discount PERCENT [uses N] [until YYYY-MM-DD] [service ID | category ID]`.
Every word is checked before anything is written; a refused command changes nothing. A new code and a code
turned off are written to the admin log and echoed to the admins in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.shop.admin import AdminDesk, audit, parse_amount
from bot.shop.codes import Code, CodeKind, code_of, normal
from bot.shop.inputs import InputError
from bot.shop.notices import AdminNotices
from bot.store import CatalogRepo, Database
from bot.store.codes import CodeRepo, CodeRow, CodeUse

OPTIONS = ("uses", "until", "service", "category")
MAX_USES = 10**9


@dataclass(frozen=True)
class CodeReport:
    """`/code show`: the code, who used it, and what it gave in all."""

    code: Code
    uses: list[CodeUse]

    @property
    def total(self) -> Decimal:
        return sum((use.amount for use in self.uses), Decimal(0))


class CodeDesk:
    def __init__(self, db: Database, notices: AdminNotices, desk: AdminDesk):
        self.db = db
        self.notices = notices
        self.desk = desk

    async def create(self, admin_id: int, words: list[str], currency: str, zone: ZoneInfo) -> Code:
        """`words`: CODE KIND VALUE [OPTION VALUE]…, all checked before the code is written."""
        if len(words) < 3 or len(words) % 2 == 0:
            raise InputError("usage.code")
        name = normal(words[0])
        if name is None or words[0].strip().lower() in ("new", "list", "off", "show"):
            raise InputError("code.bad_name", {"text": words[0][:40]})
        kind = words[1].lower()
        if kind not in (CodeKind.GIFT, CodeKind.DISCOUNT):
            raise InputError("code.bad_kind", {"text": words[1][:40]})
        options = _options(words[3:])
        if kind == CodeKind.GIFT and ("service" in options or "category" in options):
            raise InputError("code.gift_scope")
        row = CodeRow(
            code=name,
            kind=kind,
            amount=parse_amount(words[2], currency) if kind == CodeKind.GIFT else None,
            percent=_percent(words[2]) if kind == CodeKind.DISCOUNT else None,
            uses_limit=_uses(options["uses"]) if "uses" in options else None,
            until=None,
            expires_at=None,
            service_id=await self._service(options.get("service")),
            category_id=await self._category(options.get("category")),
            active=True,
            created_by=admin_id,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        if "until" in options:
            last_day, ends = _until(options["until"], zone)
            row = replace(row, until=last_day.isoformat(), expires_at=ends.isoformat(timespec="seconds"))
        async with self.db.transaction() as tx:
            if not await CodeRepo(tx).add(row):
                raise InputError("code.exists", {"code": name})
            await audit(tx, self.notices, admin_id, "code_new", _describe(row))
        return code_of(row)

    async def all(self) -> list[Code]:
        return [code_of(row) for row in await CodeRepo(self.db).all()]

    async def turn_off(self, admin_id: int, text: str) -> Code:
        code = await self._find(text)
        async with self.db.transaction() as tx:
            if not await CodeRepo(tx).turn_off(code.code):
                raise InputError("code.already_off", {"code": code.code})
            await audit(tx, self.notices, admin_id, "code_off", code.code)
        return await self._find(code.code)

    async def report(self, text: str) -> CodeReport:
        code = await self._find(text)
        return CodeReport(code, await CodeRepo(self.db).uses(code.code))

    async def _find(self, text: str) -> Code:
        name = normal(text)
        row = await CodeRepo(self.db).get(name) if name else None
        if row is None:
            raise InputError("code.no_code", {"text": text[:40]})
        return code_of(row)

    async def _service(self, text: str | None) -> str | None:
        return (await self.desk.find_service(text)).id if text is not None else None

    async def _category(self, text: str | None) -> int | None:
        if text is None:
            return None
        found = await CatalogRepo(self.db).category(int(text)) if text.isdigit() and len(text) < 10 else None
        if found is None:
            raise InputError("admin.no_category", {"text": text[:40]})
        return found.id


def _options(words: list[str]) -> dict[str, str]:
    """`uses 5 until 2030-01-01 …` as {option: value}; an unknown or repeated option is refused."""
    found: dict[str, str] = {}
    for name, value in zip(words[::2], words[1::2], strict=True):
        option = name.lower()
        if option not in OPTIONS:
            raise InputError("code.bad_option", {"text": name[:40]})
        if option in found:
            raise InputError("code.twice", {"option": option})
        found[option] = value
    if "service" in found and "category" in found:
        raise InputError("code.one_scope")
    return found


def _percent(text: str) -> Decimal:
    try:
        value = parse_amount(text.rstrip("%"))
    except InputError:
        raise InputError("code.bad_percent", {"text": text[:40]}) from None
    if value > 100:
        raise InputError("code.bad_percent", {"text": text[:40]})
    return value


def _uses(text: str) -> int:
    if not text.isdigit() or not 0 < int(text[:12]) <= MAX_USES:
        raise InputError("code.bad_uses", {"text": text[:40]})
    return int(text)


def _until(text: str, zone: ZoneInfo) -> tuple[date, datetime]:
    """The last day a code works (shop time) and the instant after it; a day gone by is refused."""
    try:
        last_day = date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        last_day = None
    if last_day is None:
        raise InputError("code.bad_date", {"text": text[:40]})
    ends = datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    if ends <= datetime.now(UTC):
        raise InputError("code.past_date", {"date": text})
    return last_day, ends


def _describe(row: CodeRow) -> str:
    """A new code, as the admin log keeps it."""
    value = f"{row.amount}" if row.kind == CodeKind.GIFT else f"{row.percent}%"
    parts = [row.code, row.kind, value]
    if row.uses_limit is not None:
        parts.append(f"uses {row.uses_limit}")
    if row.until is not None:
        parts.append(f"until {row.until}")
    if row.service_id is not None:
        parts.append(f"service {row.service_id}")
    if row.category_id is not None:
        parts.append(f"category {row.category_id}")
    return " ".join(parts)
