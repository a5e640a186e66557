"""The shop: the use cases the Telegram layer and the jobs call, built once at start-up.

Handlers and jobs see use-case objects only — never the database, the panel client or a repository —
so every rule (prices, rights, money) lives behind one of them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
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
from bot.shop.code_desk import CodeDesk
from bot.shop.codes import Codes
from bot.shop.customers import Customers
from bot.shop.deposits import Deposits
from bot.shop.my_orders import MyOrders
from bot.shop.notices import AdminNotices
from bot.shop.ordering import Ordering
from bot.shop.outbox import Outbox
from bot.shop.providers import Providers
from bot.shop.quotes import Pricing
from bot.shop.referrals import Referrals
from bot.shop.refills import Refills
from bot.shop.routes import Routes
from bot.shop.staff import Staff
from bot.shop.support import Support
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
    capabilities: Capabilities  # the panel actions each provider lacks (refill, refill_status, cancel)
    wallet: Wallet
    deposits: Deposits
    desk: AdminDesk
    routes: Routes  # which provider services serve each shop service, in order (/route)
    watch: BalanceWatch
    outbox: Outbox  # what the notifier sends, and what is still waiting
    broadcasts: Broadcasts
    staff: Staff  # the admins and the admin group (ADMIN_IDS, the claimed owner, /setgroup)
    providers: Providers  # the panels it buys from, `main` first
    support: Support  # customers' support tickets and the admins' answers
    codes: Codes  # gift codes customers redeem (discount codes go through `ordering`)
    code_desk: CodeDesk  # /code: admins create, list, show and turn off codes
    referrals: Referrals  # invite links and the inviters' rewards (REFERRAL_PERCENT; 0: off)
    _db: Database = field(repr=False)

    @classmethod
    async def open(
        cls, settings: Settings, panel: PanelClient, clients: Mapping[str, PanelClient] | None = None
    ) -> Shop:
        """`panel` is the provider `main`'s client; the other providers' are `clients` by name, else built from
        the settings (see `Providers`: each has a client for the jobs, one for what a person waits for, and one
        for placing)."""
        providers = Providers.build(settings, panel, clients)
        db = await Database.open(settings.database_path)
        staff = await Staff(settings, db).load()
        notices = AdminNotices(settings, staff)
        watch = BalanceWatch(
            db,
            providers,
            notices,
            {config.name: config.low_balance_threshold for config in settings.provider_configs()},
            timedelta(hours=settings.balance_remind_hours),
            timedelta(minutes=settings.panel_down_alert_minutes),
            answer_within=settings.panel_connect_timeout + settings.panel_read_timeout,
        )
        pricing = Pricing(db, settings, panel)
        catalog = Catalog(
            CatalogRepo(db), panel, notices, pricing, settings.platforms, settings.shop_currency_rate, providers
        )
        capabilities = Capabilities(db, notices, settings.capability_recheck_hours)
        referrals = Referrals(db, settings.referral_percent)
        timing = Timing(timedelta(hours=settings.stuck_default_hours), settings.stuck_factor)
        jobs_lane = {p.name: p.client for p in providers}
        people_lane = {p.name: p.interactive for p in providers}
        tracking = Tracking(
            db,
            jobs_lane,
            notices,
            settings.sync_flag_after,
            capabilities=capabilities,
            unknown_after=settings.unknown_status_alert_after,
            timing=timing,
            interactive=people_lane,
            referrals=referrals,
        )
        refills = Refills(db, jobs_lane, capabilities, settings.refill_cooldown_hours, people_lane)
        codes = Codes(db, settings.code_tries, timedelta(minutes=settings.code_tries_minutes))
        desk = AdminDesk(db, catalog, notices, watch, timing, settings.panel_interactive_timeout, providers)
        return cls(
            settings=settings,
            pricing=pricing,
            catalog=catalog,
            customers=Customers(UserRepo(db), LedgerRepo(db)),
            ordering=Ordering(settings, db, providers, pricing, notices, watch, staff, codes),
            my_orders=MyOrders(db, tracking, refills, capabilities),
            tracking=tracking,
            refills=refills,
            capabilities=capabilities,
            wallet=Wallet(db),
            deposits=Deposits(settings, db, notices),
            desk=desk,
            routes=Routes(db, providers, pricing, notices),
            watch=watch,
            outbox=Outbox(db),
            broadcasts=Broadcasts(db),
            staff=staff,
            providers=providers,
            support=Support(settings, db, notices),
            codes=codes,
            code_desk=CodeDesk(db, notices, desk),
            referrals=referrals,
            _db=db,
        )

    async def close(self) -> None:
        await self.providers.aclose()
        await self._db.close()

    async def currency(self) -> str:
        """The shop's currency: SHOP_CURRENCY, else the panel's."""
        return await self.pricing.currency()

    async def timezone(self) -> ZoneInfo:
        """The zone of every time shown to people: SHOP_TIMEZONE, else by the shop's currency."""
        return self.settings.zone_for(await self.currency())
