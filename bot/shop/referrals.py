"""Referral rewards: invite links, attribution once, and the inviter's share of what invited customers paid.

A customer's link is `t.me/<bot>?start=r_<code>`, the code a short random one of their own (`users.invite_code`,
minted on first use): unlike the Telegram ID of older `ref_<id>` links (still honoured), it tells the people the
link is passed to nothing about the inviter, and cannot be guessed from someone's ID. A customer is attributed only
when that /start creates them, and only to another customer who is not banned (`UserRepo.upsert`).

The inviter earns REFERRAL_PERCENT of what the invited customer actually paid for delivered work, credited when
the order reaches its final state: Completed — what was paid (charges minus refunds); Partial — the same after the
refund of the undelivered share; Canceled or never placed — nothing. One ledger entry per order under
`order:{id}:referral`, rounded down to the currency's smallest unit, so never more than the percent. Orders turn
Completed or Partial only in the status sync's batch (`Tracking._apply_batch`: the sync, a Refresh, the sync after a
customer's cancel), which calls `rewards` in its own transaction; an admin's refund (Canceled) and a placement that
failed or was settled as not placed (Refused) deliver nothing, so they earn nothing.

A banned inviter earns nothing for orders that become final while banned (skipped, not held back for later).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_FLOOR, Decimal

from bot.shop.customers import CODE_ALPHABET, CODE_LENGTH
from bot.shop.inputs import InputError
from bot.shop.messages import ReferralPush
from bot.shop.outbox import Queued
from bot.shop.pricing import quantum
from bot.store import Database, Order, User, UserRepo
from bot.store.database import Connection
from bot.store.ledger import NewEntry
from bot.store.referrals import Payer, ReferralRepo

MAX_DAYS = 3650


def reward(paid: Decimal, percent: Decimal, currency: str) -> Decimal:
    """`percent` of `paid`, rounded down to the currency's smallest unit: never more than the percent."""
    if paid <= 0 or percent <= 0:
        return Decimal(0)
    return (paid * percent / 100).quantize(quantum(currency), rounding=ROUND_FLOOR)


@dataclass(frozen=True)
class Invitation:
    """The *Invite friends* screen: the customer's code, how many joined through it, what it earned."""

    code: str
    joined: int
    earned: Decimal


@dataclass(frozen=True)
class Inviter:
    """One line of `/referrals`: rewards in the period and ever."""

    user: User
    joined: int
    in_period: Decimal
    total: Decimal


@dataclass(frozen=True)
class ReferralReport:
    days: int
    paid: Decimal  # every reward of the period
    inviters: list[Inviter]


@dataclass(frozen=True)
class Delivered:
    """An order turned Completed or Partial in a batch, with the refund written in that same batch."""

    order: Order
    refunded: Decimal = Decimal(0)


class Referrals:
    def __init__(self, db: Database, percent: Decimal) -> None:
        self.db = db
        self.percent = percent
        self.repo = ReferralRepo(db)

    @property
    def enabled(self) -> bool:
        """REFERRAL_PERCENT 0 turns the feature off: no button, no rewards."""
        return self.percent > 0

    async def invitation(self, user_id: int) -> Invitation:
        """The customer's invite code (minted the first time), how many joined through it, what it earned."""
        return Invitation(
            await self._code(user_id), await self.repo.invited_count(user_id), await self.repo.earned(user_id)
        )

    async def _code(self, user_id: int) -> str:
        """The stored code, else a new random one; a code someone else holds (a collision) is drawn again."""
        while (code := await self.repo.code_of(user_id)) is None:
            await self.repo.set_code(user_id, "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)))
        return code

    async def payers(self, conn: Connection, order_ids: Sequence[int]) -> dict[int, Payer]:
        """Of orders that may turn Completed or Partial, those whose customer has an inviter who is not banned:
        nothing asked while the feature is off."""
        if not self.enabled or not order_ids:
            return {}
        return await ReferralRepo(conn).payers(order_ids)

    def rewards(self, delivered: Sequence[Delivered], payers: dict[int, Payer]) -> tuple[list[NewEntry], list[Queued]]:
        """The ledger entries and pushes of the rewards `delivered` orders earn (written by the caller with the
        batch): the percent of what was paid, minus the refund written with it."""
        entries: list[NewEntry] = []
        pushes: list[Queued] = []
        for done in delivered:
            payer = payers.get(done.order.id)
            if payer is None:
                continue
            amount = reward(payer.paid - done.refunded, self.percent, done.order.currency)
            if amount <= 0:
                continue
            order_id = done.order.id
            reason = f"Referral reward: order #{order_id} of customer {done.order.user_id}"
            entries.append(NewEntry(payer.inviter_id, amount, "referral", f"order:{order_id}:referral", reason))
            push = ReferralPush(amount, done.order.currency)
            pushes.append(Queued(payer.inviter_id, push, f"referral:{order_id}"))
        return entries, pushes

    async def report(self, days_text: str | None) -> ReferralReport:
        """`/referrals [days]`: the top inviters by rewards in the last `days` (30 by default), then ever."""
        days = _days(days_text)
        since = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")
        joined = await self.repo.invited_counts()
        in_period: dict[int, Decimal] = {}
        total: dict[int, Decimal] = {}
        for paid in await self.repo.rewards():
            total[paid.user_id] = total.get(paid.user_id, Decimal(0)) + paid.amount
            if paid.created_at >= since:
                in_period[paid.user_id] = in_period.get(paid.user_id, Decimal(0)) + paid.amount
        ranked = sorted(
            set(joined) | set(total),
            key=lambda uid: (-in_period.get(uid, Decimal(0)), -total.get(uid, Decimal(0)), -joined.get(uid, 0), uid),
        )
        users = UserRepo(self.db)
        inviters = []
        for user_id in ranked[:10]:
            user = await users.get(user_id)
            if user is not None:
                zero = Decimal(0)
                inviters.append(
                    Inviter(user, joined.get(user_id, 0), in_period.get(user_id, zero), total.get(user_id, zero))
                )
        return ReferralReport(days, sum(in_period.values(), Decimal(0)), inviters)


def _days(text: str | None) -> int:
    if text is None:
        return 30
    if not text.isdigit() or not 1 <= int(text) <= MAX_DAYS:
        raise InputError("admin.referrals_bad_days", {"max": MAX_DAYS})
    return int(text)
