"""A store the size of a busy shop, for the benches: customers, a catalog, orders in every state, their ledger
(deposits, charges, refunds) and the pushes that told of them, written straight with SQL (executemany).

    python bench/seed.py /tmp/shop.sqlite3                     # 100 000 orders, 50 000 customers, 6 000 services
    python bench/seed.py /tmp/small.sqlite3 --orders 10000 --customers 5000

From code: `seed(path, orders=..., customers=..., services=..., moving=...)`; the schema comes from the
migrations (the file must not exist yet). Deterministic: the same arguments give the same store. Orders in
motion (pending, in progress) have panel order IDs `str(PANEL_BASE + order id)`; `Seeded.moving` lists them.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.store.database import MIGRATIONS_DIR, migration_files, split_statements

PANEL_BASE = 1_000_000  # panel order ID = PANEL_BASE + the shop's order ID
CURRENCY = "VND"
DAYS = 365  # orders and customers spread over the last year
# The mix of final states among orders that are not in motion (weights).
FINISHED = {"completed": 80, "partial": 6, "canceled": 6, "refused": 3, "failed": 2, "unknown": 1, "uncertain": 1}


@dataclass(frozen=True)
class MovingOrder:
    """An order in motion, for a bench to put on its sandbox panel."""

    id: int
    panel_order_id: str
    service_id: str
    quantity: int


@dataclass
class Seeded:
    orders: int
    customers: int
    services: int
    ledger: int
    outbox: int
    seconds: float
    moving: list[MovingOrder] = field(default_factory=list)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def seed(
    db_path: Path | str,
    orders: int = 100_000,
    customers: int = 50_000,
    services: int = 6_000,
    *,
    moving: int | None = None,
    now: datetime | None = None,
    random_seed: int = 12,
) -> Seeded:
    """Write a seeded store at `db_path` (a new file). `moving`: how many orders are in motion (pending or in
    progress, on the panel, created in the last hour); default a tenth of them."""
    started = time.perf_counter()
    if Path(db_path).exists():
        raise FileExistsError(f"{db_path}: seed writes a new store")
    rng = random.Random(random_seed)
    now = now or datetime.now(UTC)
    moving = orders // 10 if moving is None else min(moving, orders)
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    conn.execute("BEGIN")
    for version, migration in migration_files(MIGRATIONS_DIR):  # the schema, as `Database.open` applies it
        for statement in split_statements(migration.read_text(encoding="utf-8")):
            conn.execute(statement)
        conn.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, migration.name, _iso(now)))

    year = [_iso(now - timedelta(seconds=rng.randrange(DAYS * 86400))) for _ in range(max(orders, customers))]
    conn.executemany(
        "INSERT INTO users (id, username, first_name, language, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (100_000 + n, f"user{n}", f"Customer {n}", "vi" if n % 3 else "en", year[n], year[n])
            for n in range(customers)
        ],
    )
    categories = max(1, services // 100)
    conn.executemany(
        "INSERT INTO categories (id, name, platform) VALUES (?, ?, ?)",
        [(n + 1, f"Category {n + 1}", None) for n in range(categories)],
    )
    stamp = _iso(now)
    rates = [Decimal(rng.randrange(1000, 90000)) for _ in range(services)]
    conn.executemany(
        "INSERT INTO services (id, category_id, name, type, type_raw, rate, min_quantity, max_quantity, can_refill, "
        "can_cancel, first_seen_at, synced_at) VALUES (?, ?, ?, 'default', 'Default', ?, 10, 100000, ?, 1, ?, ?)",
        [
            (str(n + 1), n % categories + 1, f"Service {n + 1} R30", str(rates[n]), n % 2, stamp, stamp)
            for n in range(services)
        ],
    )

    order_rows, ledger_rows, outbox_rows = [], [], []
    finished_states = [state for state, weight in FINISHED.items() for _ in range(weight)]
    seeded = Seeded(orders, customers, services, 0, 0, 0.0)
    first_moving = orders - moving + 1  # the newest orders are the ones in motion
    for order_id in range(1, orders + 1):
        user_id = 100_000 + rng.randrange(customers)
        service = rng.randrange(services)
        quantity = rng.choice((100, 500, 1000, 5000))
        cost = rates[service] * quantity / 1000
        price = (cost * Decimal("1.3")).quantize(Decimal(1))
        if order_id >= first_moving:
            state = "in_progress" if order_id % 2 else "pending"
            created = _iso(now - timedelta(seconds=rng.randrange(3600)))
        else:
            state = rng.choice(finished_states)
            created = year[order_id - 1]
        placed = state not in ("refused", "uncertain")
        panel_id = str(PANEL_BASE + order_id) if placed else None
        final = state in ("completed", "partial", "canceled", "refused")
        remains = {"completed": 0, "partial": quantity // 3, "canceled": quantity}.get(state)
        order_rows.append(
            (
                order_id,
                f"seed-{order_id}",
                user_id,
                str(service + 1),
                f"https://facebook.com/p/{order_id}",
                quantity,
                str(price),
                str(cost),
                CURRENCY,
                state,
                panel_id,
                state.replace("_", " ").title() if placed else None,
                remains,
                created,
                created,
                _iso(datetime.fromisoformat(created) + timedelta(seconds=rng.randrange(600, 2 * 86400)))
                if final
                else None,
            )
        )
        ledger_rows.append((user_id, str(-price), "charge", f"order:{order_id}:charge", order_id, created))
        refund = {"canceled": price, "refused": price, "partial": (price * remains // quantity) if remains else 0}
        if refund.get(state):
            ledger_rows.append((user_id, str(refund[state]), "refund", f"order:{order_id}:refund", order_id, created))
        if placed and final:
            payload = json.dumps({"order_id": order_id, "state": state})
            outbox_rows.append((user_id, "order_status", payload, f"order:{order_id}:status:{state}", created))
        if panel_id is not None and not final:
            seeded.moving.append(MovingOrder(order_id, panel_id, str(service + 1), quantity))
    for n in range(customers):  # every customer topped up once or twice, enough for what they spent
        for top_up in range(1 + n % 2):
            amount = str(Decimal(rng.randrange(1, 500)) * 100_000)
            ledger_rows.append((100_000 + n, amount, "deposit", f"deposit:{n}:{top_up}", None, year[n]))

    conn.executemany(
        "INSERT INTO orders (id, token, user_id, service_id, link, quantity, price, cost, currency, state, "
        "panel_order_id, panel_status, remains, created_at, updated_at, final_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        order_rows,
    )
    conn.executemany(
        "INSERT INTO ledger (user_id, amount, kind, key, order_id, created_at) VALUES (?, ?, ?, ?, ?, ?)", ledger_rows
    )
    conn.executemany(
        "INSERT INTO outbox (chat_id, kind, payload, key, attempts, not_before, created_at, sent_at) "
        "VALUES (?, ?, ?, ?, 1, ?5, ?5, ?5)",
        outbox_rows,
    )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    seeded.ledger, seeded.outbox = len(ledger_rows), len(outbox_rows)
    seeded.seconds = time.perf_counter() - started
    return seeded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path)
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=50_000)
    parser.add_argument("--services", type=int, default=6_000)
    parser.add_argument("--moving", type=int, default=None, help="orders in motion (default: a tenth)")
    args = parser.parse_args()
    seeded = seed(args.path, args.orders, args.customers, args.services, moving=args.moving)
    print(
        f"{seeded.orders} orders ({len(seeded.moving)} in motion), {seeded.customers} customers, "
        f"{seeded.services} services, {seeded.ledger} ledger rows, {seeded.outbox} pushes: {seeded.seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
