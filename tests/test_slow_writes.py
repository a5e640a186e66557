"""A slow panel and the writes a customer asks for: giving up early cannot unsend a refill, so writes wait.

The interactive connections give a Refresh a short timeout (the customer sees the last known state), but a
refill the panel accepts slowly must be recorded — otherwise the Refill button stays, a second press asks
the panel again, and the first refill is never followed.
"""

import asyncio
from decimal import Decimal

import pytest

from bot.config import Settings
from bot.panel import PanelClient
from bot.panel.sandbox import ManualClock, SandboxPanel, SandboxServer
from bot.shop.drafts import Draft
from bot.shop.my_orders import Note, OrderAct
from bot.shop.shop import Shop
from tests.conftest import eventually
from tests.harness import place_now

USER = 1
LATENCY = 0.5  # the panel acts at once and answers after this; above the interactive timeout below


@pytest.fixture
async def shop(tmp_path):
    clock = ManualClock()
    panel = SandboxPanel(key="k", clock=clock, pending_seconds=10, progress_seconds=60, refill_cooldown=0)
    server = SandboxServer(panel).start()
    client = PanelClient(server.url, "k", read_retries=0, max_concurrency=2)
    settings = Settings(_env_file=None, database_path=tmp_path / "db.sqlite3", panel_interactive_timeout=0.2)
    shop = await Shop.open(settings, client)
    await shop.catalog.sync()
    await shop.customers.register(USER, None, "A")
    await shop.wallet.apply(USER, Decimal(10**9), "deposit", "d1")
    yield shop, panel, clock
    await shop.close()
    server.stop()


async def test_a_slowly_accepted_refill_is_recorded_once_and_not_asked_again(shop):
    shop, panel, clock = shop
    placed = await place_now(shop, USER, Draft("7", link="https://facebook.com/p/1", quantity=100))
    clock.advance(1000)
    await shop.tracking.sync_orders()
    panel.set_profiles("latency", latency=LATENCY)

    first = await shop.my_orders.view(USER, placed.order.id, OrderAct.REFILL)
    assert first is not None and first.note is Note.REFILL_SENT, first
    second = await shop.my_orders.view(USER, placed.order.id, OrderAct.REFILL)

    assert second is not None and not second.can_refill, "the cooldown of the recorded refill hides the button"
    assert len(panel.state.refills) == 1, "the panel was asked for one refill"


async def test_a_refresh_on_a_slow_panel_still_gives_up_early_with_the_last_known_state(shop):
    shop, panel, _clock = shop
    placed = await place_now(shop, USER, Draft("7", link="https://facebook.com/p/2", quantity=100))
    panel.set_profiles("latency", latency=LATENCY)

    view = await shop.my_orders.view(USER, placed.order.id, OrderAct.REFRESH)

    assert view is not None and view.note is Note.PANEL_SLOW, view
    assert view.order.state == placed.order.state


async def test_refills_hanging_on_the_panel_never_make_a_new_order_wait_and_fail(shop):
    """A refill waits its full time for the panel (it cannot be unsent); two of them hold both connections
    (the client has two) of the customers' lane, and an order placed meanwhile still goes out at once on its own."""
    shop, panel, clock = shop
    done = [await place_now(shop, USER, Draft("7", link=f"https://facebook.com/p/{n}", quantity=100)) for n in (3, 4)]
    clock.advance(1000)
    await shop.tracking.sync_orders()
    panel.hang("refill")
    try:
        refills = [asyncio.create_task(shop.my_orders.view(USER, placed.order.id, OrderAct.REFILL)) for placed in done]
        await eventually(lambda: panel.hanging, equals=2)
        order = await place_now(shop, USER, Draft("7", link="https://facebook.com/p/5", quantity=100))
    finally:
        panel.release()
    views = await asyncio.gather(*refills)

    assert order.order.state == "pending" and order.order.panel_order_id, order
    assert [view.note for view in views if view is not None] == [Note.REFILL_SENT] * 2
