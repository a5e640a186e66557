"""What admins do to the shop. Every change of money or of the catalog is written to the audit
log and echoed to the admin group in the same transaction as the change itself.

Money commands are keyed by the Telegram message that carried them (chat and
message ID, never reused), so a command delivered twice changes the wallet once.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from bot.config import MAIN_PROVIDER
from bot.panel import PanelError
from bot.shop.alerts import THRESHOLD, BalanceReading, BalanceWatch, state_key
from bot.shop.catalog import Catalog
from bot.shop.inputs import InputError
from bot.shop.messages import AdminNotice, AdminRefundPush, ResolvedPush, WalletPush
from bot.shop.notices import AdminNotices, person
from bot.shop.ordering import margin, refund_paid, undo_unplaced
from bot.shop.outbox import queue
from bot.shop.platforms import PLATFORM_HOSTS
from bot.shop.pricing import quantum
from bot.shop.providers import Providers
from bot.shop.timing import OrderTiming, Timing
from bot.store import (
    CatalogRepo,
    Category,
    Database,
    LedgerRepo,
    Order,
    OrderRepo,
    OrderState,
    ShopSettingsRepo,
    StoredService,
    SyncResult,
    User,
    UserRepo,
)
from bot.store.admin import AdminRepo
from bot.store.database import Transaction
from bot.store.orders import FINAL_STATES
from bot.store.referrals import ReferralRepo
from bot.store.routes import Attempt, AttemptRepo

# Orders that never reached the panel: no turnover, no cost.
_NOT_PLACED = frozenset({OrderState.PLACING, OrderState.UNCERTAIN, OrderState.REFUSED})
PERIODS = {"today": timedelta(days=1), "7d": timedelta(days=7), "30d": timedelta(days=30), "all": None}


def parse_amount(text: str, currency: str = "") -> Decimal:
    """A positive amount as admins type it: `50000`, `50,000`, `12.5`. With a `currency`, money: no more
    decimals than its smallest unit (VND: none, so `50.000` is refused rather than read as fifty)."""
    try:
        amount = Decimal(text.replace(",", "").replace("_", ""))
    except InvalidOperation:
        raise InputError("admin.bad_amount", {"text": text}) from None
    if not amount.is_finite() or amount <= 0 or amount > Decimal(10) ** 12:
        raise InputError("admin.bad_amount", {"text": text})
    if currency and _decimals(amount) > _decimals(quantum(currency)):
        raise InputError("admin.amount_unit", {"text": text, "currency": currency, "unit": str(quantum(currency))})
    return amount


def _decimals(amount: Decimal) -> int:
    """Digits written after the decimal point (`50.000` has three); `amount` is finite."""
    exponent = amount.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


class PanelTrouble(Exception):
    """The panel could not be read or refused: an admin command shows `reason` and changes nothing."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@contextmanager
def panel_trouble() -> Iterator[None]:
    """Panel errors inside, as the shop's PanelTrouble."""
    try:
        yield
    except PanelError as error:
        raise PanelTrouble(str(error)) from error


class Gate(enum.Enum):
    """What a customer's update meets before any handler."""

    OPEN = "open"
    BANNED = "banned"  # ignored
    MAINTENANCE = "maintenance"  # told politely


@dataclass(frozen=True)
class ProviderBalance:
    """One provider in `/pbalance`: its balance as last known, and the same in the shop's currency when its own
    differs (None otherwise, or when not known)."""

    reading: BalanceReading
    in_shop: Decimal | None = None


@dataclass(frozen=True)
class Overrides:
    """Categories and services with an admin's markup or fixed price."""

    categories: list[Category]
    services: list[StoredService]


@dataclass(frozen=True)
class Figures:
    """Turnover, refunds and panel cost, all in the shop's currency."""

    turnover: Decimal = Decimal(0)
    cost: Decimal = Decimal(0)
    refunds: Decimal = Decimal(0)

    @property
    def margin(self) -> Decimal:
        return self.turnover - self.refunds - self.cost

    def __add__(self, other: Figures) -> Figures:
        return Figures(self.turnover + other.turnover, self.cost + other.cost, self.refunds + other.refunds)


@dataclass(frozen=True)
class Stats:
    period: str
    new_customers: int
    orders: dict[str, int]
    turnover: Decimal
    cost: Decimal
    refunds: Decimal
    by_provider: dict[str, Figures] = field(default_factory=dict)  # main first, then by name
    served_by: int = 0  # how many providers placed orders in the period
    referral_rewards: Decimal = Decimal(0)  # paid to inviters in the period (not in the margin: a wallet credit)

    @property
    def margin(self) -> Decimal:
        return self.turnover - self.refunds - self.cost

    @property
    def split(self) -> bool:
        """Whether the figures are worth showing per provider: more than one served orders in the period."""
        return self.served_by > 1


@dataclass(frozen=True)
class DayFigures:
    """One day of the shop's calendar: orders placed on it and what they were sold for."""

    day: date
    orders: int
    revenue: Decimal


@dataclass(frozen=True)
class DailySeries:
    """`/stats`' chart: every day of the period, oldest first, days without orders as zeros."""

    period: str
    days: list[DayFigures]


@dataclass(frozen=True)
class AdminOrderView:
    """One order for `/order N`: how long it has been going against its service's typical time, the margin at
    the provider that holds it (None: never placed, or that provider is no longer enabled), and every try to
    place it."""

    order: Order
    timing: OrderTiming
    margin: Decimal | None = None
    attempts: list[Attempt] = field(default_factory=list)


@dataclass(frozen=True)
class UserReport:
    user: User
    balance: Decimal
    orders: list[Order]
    ledger: list
    inviter: User | None = None  # who invited them, if anyone
    invited: int = 0  # how many customers they invited


async def audit(tx: Transaction, notices: AdminNotices, admin_id: int, action: str, details: str) -> None:
    """An admin's change: in the admin log, and echoed to the admins."""
    await AdminRepo(tx).log(admin_id, action, details)
    key = f"audit:{action}:{admin_id}:{datetime.now(UTC).isoformat()}"
    await notices.send(
        tx,
        "orders",
        key,
        AdminNotice("admin.audit", {"action": action, "details": details} | await person(tx, admin_id, "admin")),
    )


class AdminDesk:
    def __init__(
        self,
        db: Database,
        catalog: Catalog,
        notices: AdminNotices,
        watch: BalanceWatch,
        timing: Timing | None = None,
        answer_within: float | None = None,  # seconds /pbalance waits for a provider (PANEL_INTERACTIVE_TIMEOUT)
        providers: Providers | None = None,  # the margin in /order N: each provider's rate to the shop's currency
    ) -> None:
        self.db = db
        self.providers = providers
        self.timing = timing or Timing()
        self.answer_within = answer_within
        self.catalog = catalog
        self.notices = notices
        self.watch = watch
        self.repo = AdminRepo(db)
        self.orders = OrderRepo(db)
        self.users = UserRepo(db)
        self.ledger = LedgerRepo(db)
        self.values = ShopSettingsRepo(db)

    async def _audit(self, tx: Transaction, admin_id: int, action: str, details: str) -> None:
        await audit(tx, self.notices, admin_id, action, details)

    async def find_user(self, text: str) -> User:
        text = text.strip()
        user_id = int(text) if text.lstrip("-").isdigit() else await self.repo.user_id_by_username(text)
        user = await self.users.get(user_id) if user_id is not None else None
        if user is None:
            raise InputError("admin.no_user", {"text": text})
        return user

    async def find_order(self, text: str) -> Order:
        order = await self.orders.get(int(text.lstrip("#"))) if text.lstrip("#").isdigit() else None
        if order is None:
            raise InputError("admin.no_order", {"text": text})
        return order

    async def order_view(self, text: str) -> AdminOrderView:
        """`/order N`: the order, its service's typical time and the time so far, its margin and attempts."""
        order = await self.find_order(text)
        return AdminOrderView(
            order, await self.timing.of(self.db, order), self._margin(order), await AttemptRepo(self.db).of(order.id)
        )

    def _margin(self, order: Order) -> Decimal | None:
        provider = self.providers.get(order.provider) if self.providers else None
        if provider is None or order.state is OrderState.REFUSED:
            return None
        return margin(order, provider.to_shop(order.cost))

    async def find_service(self, text: str) -> StoredService:
        service = await self.catalog.repo.service(text.lstrip("#"))
        if service is None:
            raise InputError("admin.no_service", {"text": text})
        return service

    # --- money ------------------------------------------------------------------------------

    async def adjust(
        self, admin_id: int, user_text: str, amount: Decimal, note: str, event: str, currency: str
    ) -> Decimal:
        """Credit (positive) or debit (negative) a wallet with a note; once per `event`."""
        user = await self.find_user(user_text)
        async with self.db.transaction() as tx:
            balance = await LedgerRepo(tx).balance(user.id)
            if amount < 0 and balance + amount < 0:
                raise InputError("admin.debit_too_much", {"balance": str(balance)})
            applied = await LedgerRepo(tx).add(
                user_id=user.id,
                amount=amount,
                kind="adjustment",
                key=f"admin:{event}",
                reason=note or "admin adjustment",
            )
            if applied:
                action = "credit" if amount > 0 else "debit"
                await self._audit(tx, admin_id, action, f"user {user.id}: {amount:+} ({note})")
                await queue(tx, user.id, WalletPush(amount, note, currency), key=f"wallet:{event}")
        return await self.ledger.balance(user.id)

    async def refund(self, admin_id: int, order_text: str) -> Decimal:
        """Give back what is left of an order's payment and stop following it."""
        order = await self.find_order(order_text)
        async with self.db.transaction() as tx:
            amount = await refund_paid(tx, order.id, order.user_id, f"Order #{order.id} refunded by an admin")
            if amount <= 0:
                raise InputError("admin.nothing_to_refund", {"id": order.id})
            if order.state not in FINAL_STATES:
                await OrderRepo(tx).set_state(order.id, OrderState.CANCELED, error="refunded by an admin")
            await self._audit(tx, admin_id, "refund", f"order #{order.id}: {amount}")
            await queue(
                tx, order.user_id, AdminRefundPush(order.id, amount, order.currency), key=f"admin-refund:{order.id}"
            )
        return amount

    async def resolve(self, admin_id: int, order_id: int, panel_order_id: str | None) -> Order:
        """Settle an uncertain order: placed as `panel_order_id` (then followed), or not placed (refunded)."""
        order = await self.find_order(str(order_id))
        if order.state is not OrderState.UNCERTAIN:
            raise InputError("admin.not_uncertain", {"id": order.id, "state": order.state})
        async with self.db.transaction() as tx:
            if panel_order_id:
                taken = await OrderRepo(tx).by_panel_id(panel_order_id, order.provider)
                if taken:
                    raise InputError("admin.panel_id_taken", {"panel_id": panel_order_id, "id": taken.id})
                await OrderRepo(tx).set_state(order.id, OrderState.PENDING, panel_order_id=panel_order_id)
                where = f"{order.provider} #{panel_order_id}"
                await self._audit(tx, admin_id, "resolve", f"order #{order.id} placed as {where}")
                event = ResolvedPush(order.id, placed=True)
            else:
                await OrderRepo(tx).set_state(order.id, OrderState.REFUSED, error="not placed (settled by an admin)")
                amount = await undo_unplaced(tx, order.id, order.user_id)
                await self._audit(tx, admin_id, "resolve", f"order #{order.id} not placed, refunded {amount}")
                event = ResolvedPush(order.id, placed=False, amount=amount, currency=order.currency)
            await queue(tx, order.user_id, event, key=f"resolved:{order.id}")
        resolved = await self.orders.get(order.id)
        assert resolved is not None  # found above; orders are never deleted
        return resolved

    # --- catalog and prices ---------------------------------------------------------------------

    async def set_markup(self, admin_id: int, scope: str, target: str | None, value: Decimal | None) -> None:
        stored = str(value) if value is not None else None
        category = service = None
        if scope == "category":
            category = await self.catalog.repo.category_by_name(target or "")
            if category is None:
                raise InputError("admin.no_category", {"text": target or ""})
        elif scope == "service":
            service = await self.find_service(target or "")
        async with self.db.transaction() as tx:
            if category is not None:
                await CatalogRepo(tx).update_category(category.id, markup_percent=stored)
            elif service is not None:
                await CatalogRepo(tx).update_service(service.id, markup_percent=stored)
            else:
                await ShopSettingsRepo(tx).set("markup_percent", stored)
            await self._audit(
                tx, admin_id, "markup", f"{scope} {target or ''}: {value if value is not None else 'off'}"
            )

    async def set_price(self, admin_id: int, service_text: str, price: Decimal | None) -> StoredService:
        service = await self.find_service(service_text)
        async with self.db.transaction() as tx:
            await CatalogRepo(tx).update_service(service.id, fixed_price=str(price) if price is not None else None)
            await self._audit(tx, admin_id, "price", f"#{service.id}: {price if price is not None else 'off'}")
        return await self.find_service(service.id)

    async def change_service(self, admin_id: int, service_text: str, column: str, value: object) -> StoredService:
        service = await self.find_service(service_text)
        if column not in {"is_enabled", "display_name", "is_listed"}:
            raise ValueError(column)
        async with self.db.transaction() as tx:
            await CatalogRepo(tx).update_service(service.id, **{column: value})
            await self._audit(tx, admin_id, "service", f"#{service.id} {column} = {value}")
        return await self.find_service(service.id)

    async def set_platform(self, admin_id: int, category_name: str, platform: str | None) -> None:
        if platform is not None and platform not in PLATFORM_HOSTS:
            raise InputError("admin.bad_platform", {"platforms": ", ".join(sorted(PLATFORM_HOSTS))})
        category = await self.catalog.repo.category_by_name(category_name)
        if category is None:
            raise InputError("admin.no_category", {"text": category_name})
        async with self.db.transaction() as tx:
            await CatalogRepo(tx).update_category(category.id, platform=platform)
            await self._audit(tx, admin_id, "platform", f"{category.name}: {platform or 'any'}")

    # --- customers and the shop -------------------------------------------------------------------

    async def ban(self, admin_id: int, user_text: str, banned: bool) -> User:
        user = await self.find_user(user_text)
        async with self.db.transaction() as tx:
            await AdminRepo(tx).set_banned(user.id, banned)
            await self._audit(tx, admin_id, "ban" if banned else "unban", f"user {user.id}")
        return user

    async def set_flag(self, admin_id: int, key: str, value: str | None) -> None:
        """Maintenance mode, the low-balance threshold: shop settings changed at run time."""
        async with self.db.transaction() as tx:
            await ShopSettingsRepo(tx).set(key, value)
            await self._audit(tx, admin_id, key, value if value is not None else "off")

    async def maintenance(self) -> bool:
        return await self.values.get("maintenance") == "on"

    async def gate(self, user_id: int) -> Gate:
        """Banned customers are ignored; in maintenance, customers are told. Admins are not asked about here."""
        if await self.repo.is_banned(user_id):
            return Gate.BANNED
        if await self.maintenance():
            return Gate.MAINTENANCE
        return Gate.OPEN

    async def panel_balances(self, shop_currency: str) -> list[ProviderBalance]:
        """`/pbalance`: every provider asked now, side by side on its interactive connection, each for at most
        `answer_within` (which refreshes its last known balance and may alert); one that does not answer in time
        shows its last known balance. Main first."""
        providers = list(self.watch.providers)
        await asyncio.gather(
            *(self.watch.check(panel=p.interactive, provider=p.name, within=self.answer_within) for p in providers)
        )
        balances = []
        for provider in providers:
            reading = await self.watch.reading(provider.name)
            differs = reading.known is not None and reading.currency not in ("", shop_currency)
            in_shop = provider.to_shop(reading.known) if differs and reading.known is not None else None
            balances.append(ProviderBalance(reading, in_shop))
        return balances

    async def set_low_balance(self, admin_id: int, provider: str, text: str) -> tuple[Decimal, str]:
        """`/lowbalance [PROVIDER] AMOUNT`: the provider's threshold in its own currency (0 or `off`: no alert);
        (the amount, its currency)."""
        if provider not in self.watch.providers:
            names = ", ".join(self.watch.providers.names)
            raise InputError("admin.lowbalance_no_provider", {"text": provider, "providers": names})
        currency = await self.watch.currency(provider)
        amount = Decimal(0) if text.lower() in ("0", "off") else parse_amount(text, currency)
        key = state_key(THRESHOLD, provider)
        async with self.db.transaction() as tx:
            await ShopSettingsRepo(tx).set(key, str(amount))
            details = str(amount) if provider == MAIN_PROVIDER else f"{provider}: {amount}"
            await self._audit(tx, admin_id, THRESHOLD, details)
        return amount, currency

    async def overrides(self) -> Overrides:
        categories, services = await self.catalog.repo.overrides()
        return Overrides(categories, services)

    async def sync_catalog(self) -> SyncResult | None:
        """/sync: every provider's catalog now; main's result, None when its panel could not be read (the stored
        one keeps serving). Another provider that cannot be read keeps its stored catalog."""
        with panel_trouble():
            return (await self.catalog.sync_all())[MAIN_PROVIDER]

    async def stats(self, period: str) -> Stats:
        span = PERIODS.get(period)
        if period not in PERIODS:
            raise InputError("admin.bad_period", {"periods": ", ".join(PERIODS)})
        since = (datetime.now(UTC) - span).isoformat(timespec="seconds") if span else ""
        rows = await self.repo.orders_since(since)
        counts: dict[str, int] = {}
        for row in rows:
            counts[row["state"]] = counts.get(row["state"], 0) + 1
        placed = [r for r in rows if r["state"] not in _NOT_PLACED]
        by_provider = self._figures_by_provider(placed, await self.repo.refunds_since(since, _NOT_PLACED))
        total = sum(by_provider.values(), Figures())
        return Stats(
            period=period,
            new_customers=await self.repo.users_since(since),
            orders=counts,
            turnover=total.turnover,
            cost=total.cost,
            refunds=total.refunds,
            by_provider=by_provider,
            served_by=len({r["provider"] for r in placed}),
            referral_rewards=sum((r.amount for r in await ReferralRepo(self.db).rewards(since)), Decimal(0)),
        )

    def _figures_by_provider(self, placed: list, refunds: list) -> dict[str, Figures]:
        """Each provider's turnover, refunds and cost (a canceled order cost nothing), its cost converted into
        the shop's currency at that provider's rate; main first, then by name."""
        figures: dict[str, Figures] = {}
        for row in placed:
            cost = Decimal(0) if row["state"] == OrderState.CANCELED else Decimal(row["cost"])
            one = Figures(turnover=Decimal(row["price"]), cost=self.watch.providers.to_shop(row["provider"], cost))
            figures[row["provider"]] = figures.get(row["provider"], Figures()) + one
        for row in refunds:
            figures[row["provider"]] = figures.get(row["provider"], Figures()) + Figures(refunds=Decimal(row["amount"]))
        return dict(sorted(figures.items(), key=lambda item: (item[0] != MAIN_PROVIDER, item[0])))

    async def daily(self, period: str, zone: ZoneInfo) -> DailySeries:
        """Orders placed and revenue per calendar day in `zone`: the last 1, 7 or 30 days up to today, or every
        day since the first order (`all`). Orders never placed count as nothing, as in `stats`.

        Whole days, unlike `stats`' rolling window: `7d` is today and the six days before it. Days are cut at
        `zone`'s offset of today, so around a daylight-saving change an order near midnight may land a day off.
        """
        if period not in PERIODS:
            raise InputError("admin.bad_period", {"periods": ", ".join(PERIODS)})
        now = datetime.now(zone)
        today = now.date()
        span = PERIODS[period]
        if span is not None:
            first = today - timedelta(days=span.days - 1)
        else:
            oldest = await self.repo.first_order_at()
            first = min(today, datetime.fromisoformat(oldest).astimezone(zone).date()) if oldest else today
        since = datetime.combine(first, time(), zone).astimezone(UTC).isoformat(timespec="seconds")
        offset = now.utcoffset() or timedelta(0)
        totals = {
            t.day: t for t in await self.repo.orders_by_day(since, int(offset.total_seconds()) // 60, _NOT_PLACED)
        }
        days = []
        for n in range((today - first).days + 1):
            day = first + timedelta(days=n)
            found = totals.get(day.isoformat())
            days.append(DayFigures(day, found.orders, found.revenue) if found else DayFigures(day, 0, Decimal(0)))
        return DailySeries(period, days)

    async def user_report(self, user_text: str) -> UserReport:
        user = await self.find_user(user_text)
        return UserReport(
            user,
            await self.ledger.balance(user.id),
            await self.orders.for_user(user.id, 0, 5),
            await self.ledger.history(user.id, 5),
            await self.users.get(user.referrer_id) if user.referrer_id is not None else None,
            await ReferralRepo(self.db).invited_count(user.id),
        )
