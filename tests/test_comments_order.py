"""Comment services: the panel gets `quantity` = the number of comment lines, the count the price is of."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.config import Settings
from bot.panel import PanelClient
from bot.panel.sandbox import SANDBOX_URL, SandboxPanel, SandboxTransport
from bot.shop.drafts import Draft
from bot.shop.shop import Shop


@pytest.fixture
async def shop(tmp_path):
    panel = SandboxPanel(key="k")
    client = PanelClient(SANDBOX_URL, "k", transport=SandboxTransport(panel), read_retries=0)
    shop = await Shop.open(Settings(_env_file=None, database_path=tmp_path / "db.sqlite3"), client)
    shop.sandbox = panel
    await shop.catalog.sync()
    await shop.customers.register(1, None, "A")
    await shop.wallet.apply(1, Decimal(10**9), "deposit", "d1")
    yield shop
    await shop.close()


async def test_custom_comments_send_quantity_equal_to_the_lines_and_are_priced_by_them(shop):
    comments = ["Great post!", "Love it", "  ", "Wow"]
    draft = Draft("6", link="https://facebook.com/p/comments", lists={"comments": comments})
    card = await shop.ordering.quote(1, draft)
    assert card is not None and card.quote.units == 3
    placed = await shop.ordering.place(1, card.quote.id)
    [add] = shop.sandbox.actions("add")
    assert add["quantity"] == "3" and add["comments"].split("\n") == ["Great post!", "Love it", "Wow"]
    assert placed.order.quantity == 3
    three = await shop.ordering.quote(1, Draft("6", link="https://facebook.com/p/c2", lists={"comments": comments[:2]}))
    assert three is not None and card.quote.total == three.quote.total * 3 / 2
