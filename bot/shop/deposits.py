"""Adding money to a wallet: requests the admins approve, and Telegram Stars payments.

Both credit through the ledger under a key of their own — the request's ID, or
Telegram's payment charge ID — so a second Approve, from any admin, or a payment
update delivered twice, credits nothing more.
"""

from __future__ import annotations

import re
from decimal import ROUND_FLOOR, Decimal

from bot.config import Settings
from bot.shop.inputs import InputError
from bot.shop.messages import AdminNotice, DecideDeposit, DepositPush
from bot.shop.notices import AdminNotices, person
from bot.shop.outbox import queue
from bot.shop.pricing import quantum
from bot.store import Database, DepositState, LedgerRepo
from bot.store.admin import AdminRepo, Deposit

STARS_PACKS = (50, 100, 250, 500, 1000)
# digits, or digits grouped by thousands with `,` `.` or a space: 50000, 50,000, 50.000, 50 000
_WHOLE = re.compile(r"[0-9]+|[0-9]{1,3}(?:[,. ][0-9]{3})+")


class Deposits:
    def __init__(self, settings: Settings, db: Database, notices: AdminNotices) -> None:
        self.settings = settings
        self.db = db
        self.notices = notices
        self.repo = AdminRepo(db)

    def check_amount(self, text: str) -> Decimal:
        """A whole amount within DEPOSIT_MIN…DEPOSIT_MAX; `50,000` and `50.000` read as fifty thousand, and a
        separator must stand before a group of three digits."""
        limits: dict[str, object] = {"min": int(self.settings.deposit_min), "max": int(self.settings.deposit_max)}
        if not _WHOLE.fullmatch(text.strip()):  # `1000.5` is refused, not read as 10 005
            raise InputError("deposit.bad_amount", limits)
        cleaned = text.strip().replace(",", "").replace(".", "").replace(" ", "")
        if len(cleaned) > 15:
            raise InputError("deposit.bad_amount", limits)
        amount = Decimal(cleaned)
        if not self.settings.deposit_min <= amount <= self.settings.deposit_max:
            raise InputError("deposit.bad_amount", limits)
        return amount

    async def request(self, user_id: int, amount: Decimal, currency: str) -> int:
        """A request for the admins, with Approve / Reject buttons."""
        async with self.db.transaction() as tx:
            deposit_id = await AdminRepo(tx).create_deposit(user_id, amount, "request")
            assert deposit_id is not None  # only a Telegram charge can be recorded twice
            await self.notices.send(
                tx,
                "deposits",
                f"deposit:{deposit_id}",
                AdminNotice(
                    "admin.deposit",
                    {"id": deposit_id, "amount": str(amount), "currency": currency} | await person(tx, user_id),
                    (DecideDeposit(deposit_id, approve=True), DecideDeposit(deposit_id, approve=False)),
                ),
            )
        return deposit_id

    async def decide(self, admin_id: int, deposit_id: int, approve: bool, currency: str) -> tuple[bool, Deposit | None]:
        """(True, deposit) when this decision was the one applied; (False, deposit as it stands) if decided
        before (deposit None: no such request)."""
        async with self.db.transaction() as tx:
            state = DepositState.APPROVED if approve else DepositState.REJECTED
            if not await AdminRepo(tx).decide_deposit(deposit_id, state, admin_id):
                return False, await AdminRepo(tx).deposit(deposit_id)
            deposit = await AdminRepo(tx).deposit(deposit_id)
            assert deposit is not None  # just decided
            if approve:
                await LedgerRepo(tx).add(
                    user_id=deposit.user_id,
                    amount=deposit.amount,
                    kind="deposit",
                    key=f"deposit:{deposit_id}",
                    reason=f"Deposit request #{deposit_id}",
                )
            await AdminRepo(tx).log(
                admin_id, f"deposit {state}", f"#{deposit_id}: {deposit.amount} for {deposit.user_id}"
            )
            await queue(
                tx,
                deposit.user_id,
                DepositPush(deposit_id, state, deposit.amount, currency),
                key=f"deposit-decided:{deposit_id}",
            )
        return True, deposit

    async def get(self, deposit_id: int) -> Deposit | None:
        return await self.repo.deposit(deposit_id)

    def stars_value(self, stars: int, currency: str) -> Decimal:
        return (Decimal(stars) * self.settings.stars_rate).quantize(quantum(currency), rounding=ROUND_FLOOR)

    async def credit_stars(self, user_id: int, stars: int, charge_id: str, currency: str) -> Decimal | None:
        """Credit a successful Stars payment once per Telegram charge ID; None if it was credited before."""
        amount = self.stars_value(stars, currency)
        async with self.db.transaction() as tx:
            deposit_id = await AdminRepo(tx).create_deposit(
                user_id, amount, "stars", state=DepositState.APPROVED, stars=stars, charge_id=charge_id
            )
            if deposit_id is None:
                return None
            await LedgerRepo(tx).add(
                user_id=user_id,
                amount=amount,
                kind="deposit",
                key=f"stars:{charge_id}",
                reason=f"{stars} Telegram Stars",
            )
            await self.notices.send(
                tx,
                "deposits",
                f"stars:{charge_id}",
                AdminNotice(
                    "admin.stars",
                    {"stars": stars, "amount": str(amount), "currency": currency} | await person(tx, user_id),
                ),
            )
        return amount
