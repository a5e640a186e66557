"""The shop: the use cases the Telegram layer and the jobs call, built once at start-up.

Handlers and jobs see use-case objects only — never the database, the panel client or a repository —
so every rule (prices, rights, money) lives behind one of them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.panel import PanelClient
from bot.shop.admin import AdminDesk
from bot.shop.alerts import BalanceWatch
from bot.shop.broadcast import Broadcasts
from bot.shop.capabilities import Capabilities
from bot.shop.catalog import Catalog
from bot.shop.customers import Customers
from bot.shop.deposits import Deposits
from bot.shop.my_orders import MyOrders
from bot.shop.notices import AdminNotices
from bot.shop.ordering import Ordering
from bot.shop.outbox import Outbox
from bot.shop.quotes import Pricing
from bot.shop.refills import Refills
from bot.shop.staff import Staff
from bot.shop.timing import Timing
from bot.shop.tracking import Tracking
from bot.shop.wallet import Wallet
from bot.store import CatalogRepo, Database, LedgerRepo, UserRepo

log = logging.getLogger(__name__)


@dataclass
class Shop:
    settings: Settings
    pricing: Pricing
    catalog: Catalog
    customers: Customers
    ordering: Ordering
    my_orders: MyOrders
    tracking: Tracking
    refills: Refills
    capabilities: Capabilities  # the panel actions it lacks (refill, refill_status, cancel)
    wallet: Wallet
    deposits: Deposits
    desk: AdminDesk
    watch: BalanceWatch
    outbox: Outbox  # what the notifier sends, and what is still waiting
    broadcasts: Broadcasts
    staff: Staff  # the admins and the admin group (ADMIN_IDS, the claimed owner, /setgroup)
    _db: Database = field(repr=False)
    _panel: PanelClient = field(repr=False)
    _lanes: tuple[PanelClient, ...] = field(default=(), repr=False)

    @classmethod
    async def open(cls, settings: Settings, panel: PanelClient) -> Shop:
        """`panel` serves the jobs (syncs, catalog, balance watch); what a person waits for (Refresh, Cancel,
        refills, /pbalance) goes through a lane of it with its own connections, so a sync hanging on a slow panel
        never holds a customer up; its reads give up after PANEL_INTERACTIVE_TIMEOUT, its writes keep the full
        timeout (giving up cannot unsend them). Placing has a lane of its own: Refreshes piling up on a hanging
        panel never make a new order wait for a connection and fail as not sent."""
        interactive, placing = (
            panel.lane(
                read_timeout=settings.panel_interactive_timeout,
                read_retries=0,
                wait_timeout=settings.panel_interactive_timeout,
            )
            for _ in range(2)
        )
        db = await Database.open(settings.database_path)
        staff = await Staff(settings, db).load()
        notices = AdminNotices(settings, staff)
        watch = BalanceWatch(
            db,
            panel,
            notices,
            settings.low_balance_threshold,
            timedelta(hours=settings.balance_remind_hours),
            timedelta(minutes=settings.panel_down_alert_minutes),
        )
        pricing = Pricing(db, settings, panel)
        catalog = Catalog(CatalogRepo(db), panel, notices, pricing, settings.platforms, settings.shop_currency_rate)
        capabilities = Capabilities(db, notices, settings.capability_recheck_hours)
        timing = Timing(timedelta(hours=settings.stuck_default_hours), settings.stuck_factor)
        tracking = Tracking(
            db,
            panel,
            notices,
            settings.sync_flag_after,
            capabilities=capabilities,
            unknown_after=settings.unknown_status_alert_after,
            timing=timing,
            interactive=interactive,
        )
        refills = Refills(db, panel, capabilities, settings.refill_cooldown_hours, interactive)
        return cls(
            settings=settings,
            pricing=pricing,
            catalog=catalog,
            customers=Customers(UserRepo(db), LedgerRepo(db)),
            ordering=Ordering(settings, db, placing, pricing, notices, watch, staff),
            my_orders=MyOrders(db, tracking, refills, capabilities),
            tracking=tracking,
            refills=refills,
            capabilities=capabilities,
            wallet=Wallet(db),
            deposits=Deposits(settings, db, notices),
            desk=AdminDesk(db, interactive, catalog, notices, watch, timing),
            watch=watch,
            outbox=Outbox(db),
            broadcasts=Broadcasts(db),
            staff=staff,
            _db=db,
            _panel=panel,
            _lanes=(interactive, placing),
        )

    async def close(self) -> None:
        for lane in self._lanes:
            await lane.aclose()
        await self._panel.aclose()
        await self._db.close()

    async def currency(self) -> str:
        """The shop's currency: SHOP_CURRENCY, else the panel's."""
        return await self.pricing.currency()

    async def timezone(self) -> ZoneInfo:
        """The zone of every time shown to people: SHOP_TIMEZONE, else by the shop's currency."""
        return self.settings.zone_for(await self.currency())
