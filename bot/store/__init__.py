"""SQLite storage: the connection, migrations and small repositories. No business rules."""

from bot.store.catalog import CatalogRepo, Category, ListedService, StoredService, SyncResult
from bot.store.database import Connection, Database, MigrationError
from bot.store.ledger import Entry, LedgerRepo
from bot.store.orders import Order, OrderRepo
from bot.store.routes import Attempt, AttemptOutcome, AttemptRepo, Hop, ProviderService, ProviderServiceRepo, RouteRepo
from bot.store.settings import ShopSettingsRepo
from bot.store.states import DepositState, OrderState, RefillState
from bot.store.users import User, UserRepo

__all__ = [
    "Attempt",
    "AttemptOutcome",
    "AttemptRepo",
    "CatalogRepo",
    "Category",
    "Connection",
    "Database",
    "DepositState",
    "Entry",
    "Hop",
    "LedgerRepo",
    "ListedService",
    "MigrationError",
    "Order",
    "OrderRepo",
    "OrderState",
    "ProviderService",
    "ProviderServiceRepo",
    "RefillState",
    "RouteRepo",
    "ShopSettingsRepo",
    "StoredService",
    "SyncResult",
    "User",
    "UserRepo",
]
