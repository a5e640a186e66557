"""The shop: one object the Telegram layer and the jobs call, built once at start-up."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from bot.config import Settings
from bot.panel import Balance, PanelClient, PanelError
from bot.shop.admin import AdminDesk
from bot.shop.alerts import BalanceWatch
from bot.shop.broadcast import Broadcasts
from bot.shop.catalog import Catalog
from bot.shop.customers import Customers
from bot.shop.deposits import Deposits
from bot.shop.notices import AdminNotices
from bot.shop.ordering import Ordering
from bot.shop.outbox import Outbox
from bot.shop.pricing import PriceList
from bot.shop.refills import Refills
from bot.shop.tracking import Tracking
from bot.shop.wallet import Wallet
from bot.store import CatalogRepo, Database, LedgerRepo, OrderRepo, ShopSettingsRepo, UserRepo
from bot.store.outbox import OutboxRepo

log = logging.getLogger(__name__)


@dataclass
class Shop:
    settings: Settings
    db: Database
    panel: PanelClient
    notices: AdminNotices
    watch: BalanceWatch
    catalog: Catalog
    customers: Customers
    ordering: Ordering
    tracking: Tracking
    refills: Refills
    outbox: OutboxRepo
    outgoing: Outbox  # the outbox as the notifier reads it
    broadcasts: Broadcasts
    wallet: Wallet
    desk: AdminDesk
    deposits: Deposits
    orders: OrderRepo
    shop_settings: ShopSettingsRepo

    @classmethod
    async def open(cls, settings: Settings, panel: PanelClient) -> Shop:
        db = await Database.open(settings.database_path)
        catalog_repo = CatalogRepo(db)
        notices = AdminNotices(settings)
        watch = BalanceWatch(
            db,
            panel,
            notices,
            settings.low_balance_threshold,
            timedelta(hours=settings.balance_remind_hours),
            timedelta(minutes=settings.panel_down_alert_minutes),
        )
        catalog = Catalog(catalog_repo, panel, notices, settings.platforms, settings.shop_currency_rate)
        return cls(
            settings=settings,
            db=db,
            panel=panel,
            notices=notices,
            watch=watch,
            catalog=catalog,
            desk=AdminDesk(db, panel, catalog, notices, watch),
            deposits=Deposits(settings, db, notices),
            customers=Customers(UserRepo(db), LedgerRepo(db)),
            ordering=Ordering(settings, db, panel, catalog_repo, notices, watch),
            tracking=Tracking(db, panel, notices, settings.sync_flag_after),
            refills=Refills(db, panel, settings.refill_cooldown_hours),
            outbox=OutboxRepo(db),
            outgoing=Outbox(db),
            broadcasts=Broadcasts(db),
            wallet=Wallet(db),
            orders=OrderRepo(db),
            shop_settings=ShopSettingsRepo(db),
        )

    async def close(self) -> None:
        await self.panel.aclose()
        await self.db.close()

    async def panel_balance(self) -> Balance:
        """Ask the panel; remember its currency, which is the shop's unless SHOP_CURRENCY says otherwise."""
        balance = await self.panel.balance()
        if balance.currency:
            await self.shop_settings.set("panel_currency", balance.currency)
        return balance

    async def currency(self) -> str:
        if self.settings.shop_currency:
            return self.settings.shop_currency
        stored = await self.shop_settings.get("panel_currency")
        if stored:
            return stored
        try:
            return (await self.panel_balance()).currency or "VND"
        except PanelError:
            return "VND"

    async def price_list(self) -> PriceList:
        """Prices as they stand now: the global markup may be changed by admins at run time."""
        stored = await self.shop_settings.get("markup_percent")
        markup = Decimal(stored) if stored is not None else self.settings.markup_percent
        return PriceList(
            markup_percent=markup,
            rate_per=self.settings.panel_rate_per,
            exchange_rate=self.settings.shop_currency_rate,
            currency=await self.currency(),
        )
