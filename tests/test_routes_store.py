"""Routes and placement attempts as the store keeps them."""

from __future__ import annotations

import pytest

from bot.store import Database
from bot.store.routes import AttemptOutcome, AttemptRepo, RouteRepo


@pytest.fixture
async def db(tmp_path):
    database = await Database.open(tmp_path / "db.sqlite3")
    await database.execute("INSERT INTO categories (name) VALUES ('Likes')")
    await database.execute(
        "INSERT INTO services (id, panel_service_id, category_id, name, type, type_raw, rate, min_quantity, "
        "max_quantity, first_seen_at, synced_at) VALUES ('1', '1', 1, 'Likes', 'default', 'Default', '10', 10, "
        "1000, '', '')"
    )
    yield database
    await database.close()


async def test_fallbacks_keep_their_order_through_add_remove_and_reorder(db):
    routes = RouteRepo(db)
    assert await routes.add("1", "backup", "7", admin_id=5)
    assert await routes.add("1", "cheap", "3", admin_id=5)
    assert not await routes.add("1", "backup", "7", admin_id=6)  # already on the route
    assert [h.ref for h in await routes.fallbacks("1")] == ["backup:7", "cheap:3"]
    await routes.reorder("1", [("cheap", "3"), ("backup", "7")])
    assert [(h.position, h.ref) for h in await routes.fallbacks("1")] == [(1, "cheap:3"), (2, "backup:7")]
    assert await routes.remove("1", "cheap", "3")
    assert not await routes.remove("1", "cheap", "3")
    assert [(h.position, h.ref) for h in await routes.fallbacks("1")] == [(1, "backup:7")]
    assert await routes.add("1", "cheap", "3", admin_id=5)
    assert [(h.position, h.ref) for h in await routes.fallbacks("1")] == [(1, "backup:7"), (2, "cheap:3")]


async def test_attempts_are_listed_in_the_order_they_were_made(db):
    await db.execute("INSERT INTO users (id, first_name, created_at, last_seen_at) VALUES (9, 'A', '', '')")
    await db.execute(
        "INSERT INTO orders (token, user_id, service_id, link, quantity, price, cost, currency, state, created_at, "
        "updated_at) VALUES ('t', 9, '1', 'https://x.com/a', 100, '2', '1', 'VND', 'placing', '', '')"
    )
    attempts = AttemptRepo(db)
    await attempts.record(1, "main", "1", AttemptOutcome.REFUSED, "not enough funds")
    await attempts.record(1, "backup", "7", AttemptOutcome.PLACED)
    assert [(a.provider, a.outcome) for a in await attempts.of(1)] == [("main", "refused"), ("backup", "placed")]
