"""A customer with many orders, written straight into the store (fast: one executemany per table).

For the statement-count test of the screens and bench/screens.py: orders of every kind a long-time
customer has — Completed and Partial ones (recent and long finished, of services with and without
refills), some refilled lately (in the cooldown) or long ago, orders In progress and Canceled — and
one ledger entry per order, so `/user` sums a real ledger.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.store import Database

# The sandbox's services: with refill windows (1, 7, 8, 11, 12, 27), without (2, 9, 20), a custom type (6).
_SERVICES = ("1", "7", "8", "11", "12", "27", "2", "9", "20", "6")
_STATES = ("completed", "completed", "partial", "in_progress", "canceled", "completed", "pending")


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


async def seed_orders(db: Database, user_id: int, count: int, first_panel_id: int) -> list[int]:
    """`count` orders of `user_id` (registered already), with refills on some; returns their IDs, oldest first."""
    now = datetime.now(UTC)
    orders = []
    for n in range(count):
        state = _STATES[n % len(_STATES)]
        created = now - timedelta(days=120) + timedelta(minutes=n * 30 % (118 * 24 * 60))
        final = _iso(created + timedelta(hours=2)) if state in ("completed", "partial", "canceled") else None
        orders.append(
            (
                f"crowd-{user_id}-{n}",
                user_id,
                _SERVICES[n % len(_SERVICES)],
                f"https://facebook.com/p/{user_id}/{n}",
                1000,
                "{}",
                "23400",
                "18000",
                "VND",
                state,
                str(first_panel_id + n),
                "Completed" if state == "completed" else state.replace("_", " ").title(),
                300 if state == "partial" else 0,
                _iso(created),
                final or _iso(created),
                final,
            )
        )
    async with db.transaction() as tx:
        await tx.execute_many(
            "INSERT INTO orders (token, user_id, service_id, link, quantity, extras, price, cost, currency, state, "
            "panel_order_id, panel_status, remains, created_at, updated_at, final_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            orders,
        )
        rows = await tx.fetch_all("SELECT id, state FROM orders WHERE user_id = ? ORDER BY id", (user_id,))
        ids = [row["id"] for row in rows]
        done = [row["id"] for row in rows if row["state"] in ("completed", "partial")]
        refills = []
        for k, order_id in enumerate(done[::3]):  # every third finished order was refilled: lately or long ago
            when = now - (timedelta(hours=2) if k % 2 else timedelta(days=10))
            refills.append((order_id, f"r-{order_id}", "completed", _iso(when), _iso(when)))
        await tx.execute_many(
            "INSERT INTO refills (order_id, panel_refill_id, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            refills,
        )
        await tx.execute_many(
            "INSERT INTO ledger (user_id, amount, kind, reason, key, order_id, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(user_id, "-23400", "charge", f"order #{i}", f"crowd-charge:{i}", i, _iso(now)) for i in ids],
        )
    return ids
