"""Promo and gift codes, as customers use them.

A gift code credits the wallet once per customer: the use and the ledger entry (kind `gift`, key
`code:{CODE}:user:{id}`) are written in one transaction with the check of the code's limits, so a code with one
use left, typed by two customers at the same instant, is given once. A discount code takes a percent off one
order: it is part of the binding quote (`bot.shop.quotes`), and its use is counted in the transaction that charges
the order (`bot.shop.ordering`).

Codes are matched case-insensitively (kept upper-cased). A code typed that does not apply is a wrong try; after
CODE_TRIES of them within CODE_TRIES_MINUTES the customer is asked to wait, and codes are not even looked at
until then. The tries are stored, so a restart does not forget them.
"""

from __future__ import annotations

import enum
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from bot.shop.pricing import round_up
from bot.store import Connection, Database, LedgerRepo, StoredService
from bot.store.codes import CodeRepo, CodeRow

CODE_TEXT = re.compile(r"^[A-Z0-9_-]{3,32}$")


class CodeKind(enum.StrEnum):
    GIFT = "gift"
    DISCOUNT = "discount"


class CodeProblem(enum.StrEnum):
    """Why a typed code gave nothing; each has its own message."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED_UP = "used_up"
    OFF = "off"  # turned off by an admin
    ALREADY = "already"  # this customer used it before
    NOT_HERE = "not_here"  # a discount for another service or category
    NOT_GIFT = "not_gift"  # a discount code typed under Balance
    NOT_DISCOUNT = "not_discount"  # a gift code typed on the summary card
    SLOWED = "slowed"  # too many wrong tries: not even looked at


@dataclass(frozen=True)
class Code:
    code: str
    kind: CodeKind
    amount: Decimal | None  # a gift's credit
    percent: Decimal | None  # a discount's percent
    uses_limit: int | None
    until: str | None  # the last day it works, shop time (YYYY-MM-DD)
    expires_at: datetime | None
    service_id: str | None
    category_id: int | None
    active: bool
    created_by: int
    created_at: str
    used: int

    @property
    def left(self) -> int | None:
        return None if self.uses_limit is None else max(0, self.uses_limit - self.used)

    def problem(self, now: datetime, kind: CodeKind) -> CodeProblem | None:
        """What keeps the code from being used now as `kind`, leaving aside who uses it and on what."""
        if not self.active:
            return CodeProblem.OFF
        if self.expires_at is not None and now >= self.expires_at:
            return CodeProblem.EXPIRED
        if self.left == 0:
            return CodeProblem.USED_UP
        if self.kind is not kind:
            return CodeProblem.NOT_GIFT if kind is CodeKind.GIFT else CodeProblem.NOT_DISCOUNT
        return None

    def covers(self, service: StoredService) -> bool:
        """A discount's scope: every service, one service, or the services of one category."""
        if self.service_id is not None:
            return service.id == self.service_id
        return self.category_id is None or service.category_id == self.category_id


def code_of(row: CodeRow) -> Code:
    return Code(
        code=row.code,
        kind=CodeKind(row.kind),
        amount=row.amount,
        percent=row.percent,
        uses_limit=row.uses_limit,
        until=row.until,
        expires_at=datetime.fromisoformat(row.expires_at) if row.expires_at else None,
        service_id=row.service_id,
        category_id=row.category_id,
        active=row.active,
        created_by=row.created_by,
        created_at=row.created_at,
        used=row.used,
    )


def normal(text: str) -> str | None:
    """A code as typed, as codes are kept (upper-cased); None when it cannot be one."""
    name = text.strip().upper()
    return name if CODE_TEXT.match(name) else None


@dataclass(frozen=True)
class Discount:
    """A discount code as a quote applies it."""

    code: str
    percent: Decimal

    def apply(self, total: Decimal, currency: str) -> Decimal:
        """The price after the discount, rounded up like every shop price, never below 0."""
        return max(Decimal(0), round_up(total * (100 - self.percent) / 100, currency))


@dataclass(frozen=True)
class Refused:
    """A typed code that gave nothing, and why (with how long to wait, when slowed)."""

    problem: CodeProblem
    code: str = ""
    wait_minutes: int = 0


@dataclass(frozen=True)
class Gift:
    """A gift code credited: how much, and the wallet now."""

    code: str
    amount: Decimal
    balance: Decimal


def _at(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


class Codes:
    """Codes as customers type them: a gift from Balance, a discount on the summary card."""

    def __init__(self, db: Database, tries: int, window: timedelta):
        self.db = db
        self.tries = tries
        self.window = window

    async def redeem_gift(self, user_id: int, text: str, now: datetime | None = None) -> Gift | Refused:
        """Credit a gift code once for this customer; the limits are checked in the crediting transaction."""
        now = now or datetime.now(UTC)
        async with self.db.transaction() as tx:
            found = await self._typed(tx, user_id, text, CodeKind.GIFT, now)
            if isinstance(found, Refused):
                return found
            amount = found.amount or Decimal(0)
            ledger = LedgerRepo(tx)
            if not await CodeRepo(tx).use(found.code, user_id, amount):  # checked above: the key guards it too
                return Refused(CodeProblem.ALREADY, found.code)
            key = f"code:{found.code}:user:{user_id}"
            await ledger.add(user_id=user_id, amount=amount, kind="gift", key=key, reason=f"Gift code {found.code}")
            return Gift(found.code, amount, await ledger.balance(user_id))

    async def try_discount(
        self, user_id: int, text: str, service: StoredService, now: datetime | None = None
    ) -> Discount | Refused:
        """A discount code typed on the summary card, for `service`: counted as a wrong try when refused. Its use
        is counted only when the order is placed (`count_use`)."""
        now = now or datetime.now(UTC)
        async with self.db.transaction() as tx:
            found = await self._typed(tx, user_id, text, CodeKind.DISCOUNT, now, service)
        return found if isinstance(found, Refused) else _discount(found)

    async def discount(
        self, conn: Connection, user_id: int, code: str, service: StoredService, now: datetime
    ) -> Discount | Refused:
        """A code a card applies, checked again (a re-quote, Confirm): not a try of the customer's."""
        found = await self._usable(conn, user_id, code, CodeKind.DISCOUNT, now, service)
        return found if isinstance(found, Refused) else _discount(found)

    async def count_use(self, tx: Connection, user_id: int, code: str, order_id: int, amount: Decimal) -> bool:
        """The order `order_id` used the code, taking `amount` off: inside the charging transaction, after
        `discount` found it usable in the same transaction."""
        return await CodeRepo(tx).use(code, user_id, amount, order_id)

    async def _typed(
        self,
        tx: Connection,
        user_id: int,
        text: str,
        kind: CodeKind,
        now: datetime,
        service: StoredService | None = None,
    ) -> Code | Refused:
        """A code the customer typed: not looked at while they are slowed down; a wrong try when refused."""
        wait = await self._wait(tx, user_id, now)
        if wait:
            return Refused(CodeProblem.SLOWED, wait_minutes=wait)
        found = await self._usable(tx, user_id, text, kind, now, service)
        if isinstance(found, Refused):
            await CodeRepo(tx).add_try(user_id, _at(now))
        return found

    async def _usable(
        self,
        conn: Connection,
        user_id: int,
        text: str,
        kind: CodeKind,
        now: datetime,
        service: StoredService | None = None,
    ) -> Code | Refused:
        """The code if `user_id` may use it now as `kind` (on `service`), else why not."""
        name = normal(text)
        repo = CodeRepo(conn)
        row = await repo.get(name) if name else None
        if row is None:
            return Refused(CodeProblem.UNKNOWN, name or text.strip()[:32])
        code = code_of(row)
        problem = code.problem(now, kind)
        if problem is None and await repo.used_by(code.code, user_id):
            problem = CodeProblem.ALREADY
        if problem is None and service is not None and not code.covers(service):
            problem = CodeProblem.NOT_HERE
        return Refused(problem, code.code) if problem else code

    async def _wait(self, tx: Connection, user_id: int, now: datetime) -> int:
        """Minutes this customer must wait before a code is looked at again (0: none); old tries are dropped."""
        since = _at(now - self.window)
        repo = CodeRepo(tx)
        await repo.forget_tries_before(user_id, since)
        tries = await repo.tries_since(user_id, since)
        if len(tries) < self.tries:
            return 0
        free_at = datetime.fromisoformat(tries[-self.tries]) + self.window
        return max(1, math.ceil((free_at - now).total_seconds() / 60))


def _discount(code: Code) -> Discount:
    assert code.percent is not None  # a discount code always has one (the table checks it)
    return Discount(code.code, code.percent)
