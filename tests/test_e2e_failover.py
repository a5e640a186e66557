"""End to end: an order walks its service's route over two sandbox panels (real HTTP), and fails over only when
that cannot place it twice.

Service #7 (Facebook post likes, 18,000 VND per 1000 on both sandboxes) is sold at 23,400 VND for 1000. Its
primary is `main` (or a provider whose port is closed); the fallback `backup:7` is linked with `RouteRepo`, and
its row in `provider_services` is written as the providers' catalog sync writes it.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import parse_qs

import pytest

from bot.store import LedgerRepo, ShopSettingsRepo
from bot.store.routes import AttemptOutcome, AttemptRepo, RouteRepo
from tests.conftest import eventually
from tests.harness import BACKUP_KEY, RunningBot, db_of, orders_of
from tests.ordering_steps import answer, fund, open_service, place

BOSS = 9001
ADMINS = dict(
    admin_ids=str(BOSS),
    status_sync_seconds=3600,
    outbox_poll_seconds=0.05,
    push_chat_interval=0.05,
)
LIKES = "#7 Facebook post likes"
PRICE = Decimal(23400)  # 1000 likes


def providers(backup_server, **more: dict) -> dict:
    return {"backup": {"api_url": backup_server.url, "api_key": BACKUP_KEY}, **more}


def closed_port_url() -> str:
    """An API URL on 127.0.0.1 where nothing listens: connecting is refused, so nothing is ever sent."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/v2"


async def link_fallback(
    running: RunningBot, provider: str = "backup", rate: str = "18000", min_quantity: int = 50
) -> None:
    """`provider:7` as service #7's fallback, listed in `provider_services` at `rate` per 1000."""
    db = db_of(running.shop)
    await db.execute(
        "INSERT OR REPLACE INTO provider_services (provider, service_id, category, name, type, type_raw, rate, "
        "min_quantity, max_quantity, can_refill, can_cancel, dripfeed, on_panel, synced_at) "
        "VALUES (?, '7', 'Facebook', 'Facebook post likes', 'default', 'Default', ?, ?, 50000, 1, 0, 0, 1, '')",
        (provider, rate, min_quantity),
    )
    assert await RouteRepo(db).add("7", provider, "7", None)


async def to_card(user, link: str) -> None:
    """1000 likes on `link`, up to the summary card (listing the services may ask main's balance)."""
    await open_service(user, "Facebook", LIKES)
    await answer(user, link, "How many?")
    await answer(user, "1000", "Check your order")


async def confirm(user, link: str) -> None:
    await to_card(user, link)
    user.press("Confirm")


async def attempts(running: RunningBot, order_id: int) -> list[tuple[str, AttemptOutcome]]:
    return [
        (f"{a.provider}:{a.provider_service_id}", a.outcome)
        for a in await AttemptRepo(db_of(running.shop)).of(order_id)
    ]


async def test_a_primary_out_of_funds_fails_over_and_the_customer_pays_the_quote_once(launch, backup_server, backup):
    async with launch(**ADMINS, providers=providers(backup_server)) as running:
        await link_fallback(running)
        boss, customer = running.user(BOSS, "Boss"), running.user(4101)
        await fund(running, 4101, "100000")
        running.sandbox.set_balance("0")  # main's account is empty; the balance watch does not know it yet

        order_id = await place(customer, "1000")

        assert len(running.sandbox.actions("add")) == 1 and len(backup.actions("add")) == 1
        order = await orders_of(running.shop).get(order_id)
        assert (order.provider, order.provider_service_id, order.panel_order_id) == ("backup", "7", "1001")
        assert order.state == "pending" and order.cost == Decimal(18000) and order.price == PRICE
        assert await running.shop.wallet.balance(4101) == Decimal(100000) - PRICE
        assert await LedgerRepo(db_of(running.shop)).order_net(order_id) == PRICE, "one charge, no refund"
        assert await attempts(running, order_id) == [
            ("main:7", AttemptOutcome.REFUSED),
            ("backup:7", AttemptOutcome.PLACED),
        ]
        notice = await boss.expect(f"Order #{order_id}")
        assert "On backup:7 · margin 5,400 VND" in notice.text
        assert "Failed over after:\n• main:7 — refused: Not enough funds on balance" in notice.text

        boss.send(f"/order {order_id}")
        view = await boss.expect("Attempts")
        assert "Provider: backup · its service: 7 · margin: 5,400 VND" in view.text
        assert "main:7 — refused: Not enough funds on balance" in view.text
        assert "backup:7 — placed: 1001" in view.text


async def test_an_unreachable_primary_fails_over_once(launch, backup_server, backup):
    dead = {"api_url": closed_port_url(), "api_key": "dead-key-SECRET"}
    async with launch(**ADMINS, providers=providers(backup_server, dead=dead)) as running:
        db = db_of(running.shop)
        await db.execute("UPDATE services SET provider = 'dead', panel_service_id = '7' WHERE id = '7'")
        await link_fallback(running)
        customer = running.user(4102)
        await fund(running, 4102, "100000")

        order_id = await place(customer, "1000")

        assert running.sandbox.actions("add") == [] and len(backup.actions("add")) == 1
        order = await orders_of(running.shop).get(order_id)
        assert (order.provider, order.panel_order_id, order.state) == ("backup", "1001", "pending")
        assert await attempts(running, order_id) == [
            ("dead:7", AttemptOutcome.NOT_SENT),
            ("backup:7", AttemptOutcome.PLACED),
        ]
        assert await running.shop.wallet.balance(4102) == Decimal(100000) - PRICE


async def test_a_primary_hanging_past_the_timeout_is_held_there_and_no_fallback_is_asked(launch, backup_server, backup):
    async with launch(**ADMINS, panel_read_timeout=0.5, providers=providers(backup_server)) as running:
        await link_fallback(running)
        boss, customer = running.user(BOSS, "Boss"), running.user(4103)
        await fund(running, 4103, "100000")
        running.sandbox.hang("add")
        try:
            await confirm(customer, "https://facebook.com/p/hang")
            await customer.expect("being checked", timeout=10)
            assert backup.actions("add") == [], "a maybe-placed order is never sent anywhere else"
        finally:
            running.sandbox.release()
        await eventually(lambda: len(running.sandbox.state.orders), equals=1)  # main did take it, late
        [order] = await orders_of(running.shop).for_user(4103, 0, 10)
        assert (order.state, order.provider) == ("uncertain", "main")
        assert await attempts(running, order.id) == [("main:7", AttemptOutcome.UNCERTAIN)]

        notice = await boss.expect("may or may not exist")
        boss.press("Placed on the panel", notice)
        await boss.expect(f"Send panel main's order ID for order #{order.id}")
        boss.send("#1001")
        await boss.expect(f"Order #{order.id} is now pending")
        settled = await orders_of(running.shop).get(order.id)
        assert (settled.provider, settled.panel_order_id, settled.state) == ("main", "1001", "pending")
        assert backup.actions("add") == []
        assert await running.shop.wallet.balance(4103) == Decimal(100000) - PRICE


async def test_a_fallback_dearer_than_the_price_is_skipped_and_the_admins_told_once(launch, backup_server, backup):
    async with launch(**ADMINS, providers=providers(backup_server)) as running:
        backup.edit_service(7, rate="30000")  # 30,000 VND for 1000: above the shop's 23,400
        await link_fallback(running, rate="30000")
        boss, customer = running.user(BOSS, "Boss"), running.user(4104)
        await fund(running, 4104, "100000")
        running.sandbox.set_balance("0")

        await confirm(customer, "https://facebook.com/p/dear")
        refused = await customer.expect("temporarily unavailable")
        assert "23,400 VND is back in your wallet" in refused.text
        [order] = await orders_of(running.shop).for_user(4104, 0, 10)
        assert await attempts(running, order.id) == [
            ("main:7", AttemptOutcome.REFUSED),
            ("backup:7", AttemptOutcome.SKIPPED_COST),
        ]
        await boss.expect("Fallback backup:7 of Facebook post likes")

        # main's empty balance is known now: the next order goes nowhere, and is neither written nor charged
        await confirm(customer, "https://facebook.com/p/dear2")
        await customer.expect("cannot take new orders right now. Nothing was charged")
        assert backup.actions("add") == [] and len(running.sandbox.actions("add")) == 1
        assert await running.shop.wallet.balance(4104) == Decimal(100000)
        assert await orders_of(running.shop).count_for_user(4104) == 1
        await boss.expect("was not sent: it costs 18000")
        told = [m for m in boss.chat if "Fallback backup:7" in m.text]
        assert len(told) == 1, "told once per service and fallback"


async def test_when_every_provider_refuses_the_customer_gets_one_refund_and_the_most_telling_reason(
    launch, backup_server, backup
):
    async with launch(**ADMINS, providers=providers(backup_server)) as running:
        await link_fallback(running)
        customer = running.user(4105)
        await fund(running, 4105, "100000")
        running.sandbox.set_balance("0")
        backup.edit_service(7, min=5000)  # the fallback's limits moved since its last sync

        await confirm(customer, "https://facebook.com/p/nowhere")
        refused = await customer.expect("did not accept")
        assert "Quantity less than minimal 5000" in refused.text, "what the customer can act on, not 'no funds'"
        assert "23,400 VND is back in your wallet" in refused.text
        [order] = await orders_of(running.shop).for_user(4105, 0, 10)
        assert order.state == "refused" and order.provider == "backup"
        assert len(running.sandbox.actions("add")) == 1 and len(backup.actions("add")) == 1
        assert await running.shop.wallet.balance(4105) == Decimal(100000)
        entries = [e.kind for e in await LedgerRepo(db_of(running.shop)).history(4105, 10)]
        assert sorted(entries) == ["charge", "deposit", "refund"]


async def test_a_fallback_whose_range_leaves_out_the_quantity_is_skipped_without_asking(launch, backup_server, backup):
    """/route accepts a fallback covering part of the shop's range; an order outside it never goes there, and the
    customer hears the primary's answer, not a minimum the card never showed."""
    async with launch(**ADMINS, providers=providers(backup_server)) as running:
        await link_fallback(running, min_quantity=5000)
        customer = running.user(4106)
        await fund(running, 4106, "100000")
        running.sandbox.set_balance("0")

        await confirm(customer, "https://facebook.com/p/narrow")
        refused = await customer.expect("23,400 VND is back in your wallet")
        assert "5000" not in refused.text
        [order] = await orders_of(running.shop).for_user(4106, 0, 10)
        assert order.state == "refused" and backup.actions("add") == []
        assert await attempts(running, order.id) == [
            ("main:7", AttemptOutcome.REFUSED),
            ("backup:7", AttemptOutcome.SKIPPED_UNAVAILABLE),
        ]
        assert await running.shop.wallet.balance(4106) == Decimal(100000)


class _OddPanel(BaseHTTPRequestHandler):
    """A panel that answers every call with one fixed answer (`status`, `body`), and counts the adds it got."""

    status: ClassVar[int] = 200
    body: ClassVar[dict[str, str]] = {}
    adds: ClassVar[list[dict[str, list[str]]]] = []

    def do_POST(self) -> None:
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        if form.get("action") == ["add"]:
            type(self).adds.append(form)
        body = json.dumps(self.body).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def odd_panel():
    """`odd_panel(status, body)`: the provider `odd` on such a panel, as `providers(…, odd=…)` takes it."""
    servers: list[ThreadingHTTPServer] = []

    def start(status: int, body: dict) -> dict:
        handler = type("Answering", (_OddPanel,), {"status": status, "body": body, "adds": []})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return {"api_url": f"http://127.0.0.1:{server.server_port}/api/v2", "api_key": "odd-key", "handler": handler}

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


async def primary_on_odd(running: RunningBot) -> None:
    """Service #7's primary is `odd:7`, its fallback `backup:7`."""
    await db_of(running.shop).execute("UPDATE services SET provider = 'odd', panel_service_id = '7' WHERE id = '7'")
    await link_fallback(running)


async def test_a_server_error_in_json_to_add_is_uncertain_and_no_fallback_is_asked(
    launch, backup_server, backup, odd_panel
):
    odd = odd_panel(500, {"error": "Server Error"})  # a framework's error page, in JSON
    handler = odd.pop("handler")
    async with launch(**ADMINS, providers=providers(backup_server, odd=odd)) as running:
        await primary_on_odd(running)
        customer = running.user(4106)
        await fund(running, 4106, "100000")

        await confirm(customer, "https://facebook.com/p/500")
        await customer.expect("being checked")

        [order] = await orders_of(running.shop).for_user(4106, 0, 10)
        assert (order.state, order.provider) == ("uncertain", "odd")
        assert len(handler.adds) == 1 and backup.actions("add") == [], "it may exist on odd: never sent elsewhere"
        assert await attempts(running, order.id) == [("odd:7", AttemptOutcome.UNCERTAIN)]
        assert await LedgerRepo(db_of(running.shop)).order_net(order.id) == PRICE, "held, not refunded"


async def test_a_refusal_in_unknown_words_ends_the_route_with_one_refund(launch, backup_server, backup, odd_panel):
    odd = odd_panel(200, {"error": "Order could not be processed, contact support"})
    handler = odd.pop("handler")
    async with launch(**ADMINS, providers=providers(backup_server, odd=odd)) as running:
        await primary_on_odd(running)
        customer = running.user(4107)
        await fund(running, 4107, "100000")

        await confirm(customer, "https://facebook.com/p/odd")
        await customer.expect("23,400 VND is back in your wallet")

        [order] = await orders_of(running.shop).for_user(4107, 0, 10)
        assert (order.state, order.provider) == ("refused", "odd")
        assert len(handler.adds) == 1 and backup.actions("add") == [], "not clearly 'not placed': no other panel asked"
        assert await attempts(running, order.id) == [("odd:7", AttemptOutcome.REFUSED)]
        assert await running.shop.wallet.balance(4107) == Decimal(100000)
        entries = [e.kind for e in await LedgerRepo(db_of(running.shop)).history(4107, 10)]
        assert sorted(entries) == ["charge", "deposit", "refund"]


async def placed_within(customer, seconds: float) -> float:
    """Wait for "is placed" (long enough to see a slow placement through) and return how long it took."""
    started = time.monotonic()
    await customer.expect("is placed", timeout=60)
    took = time.monotonic() - started
    assert took < seconds, f"Confirm took {took:.1f} s"
    return took


SLOW = dict(panel_read_timeout=10, panel_interactive_timeout=1)  # background calls wait 10 s, a person's 1 s


async def test_a_fallback_last_seen_short_is_skipped_without_asking_its_hanging_panel(launch, backup_server, backup):
    async with launch(**ADMINS, **SLOW, providers=providers(backup_server)) as running:
        await link_fallback(running)
        customer = running.user(4108)
        await fund(running, 4108, "100000")
        await ShopSettingsRepo(db_of(running.shop)).set("panel_balance:backup", "0")  # backup last seen empty
        backup.hang("balance")
        try:
            await confirm(customer, "https://facebook.com/p/fast")
            await placed_within(customer, 3)  # the primary places it: nobody waits on the fallback's panel
        finally:
            backup.release()
        [order] = await orders_of(running.shop).for_user(4108, 0, 10)
        assert order.provider == "main" and await attempts(running, order.id) == [("main:7", AttemptOutcome.PLACED)]


async def test_a_primary_last_seen_short_is_asked_again_only_as_long_as_a_person_waits(launch, backup_server, backup):
    async with launch(**ADMINS, **SLOW, providers=providers(backup_server)) as running:
        await link_fallback(running)
        customer = running.user(4109)
        await fund(running, 4109, "100000")
        await ShopSettingsRepo(db_of(running.shop)).set("panel_balance", "0")  # main last seen empty
        await to_card(customer, "https://facebook.com/p/asked")
        running.sandbox.hang("balance")
        try:
            customer.press("Confirm")
            await placed_within(customer, 5)  # main's balance asked for 1 s, then the fallback places it
        finally:
            running.sandbox.release()
        [order] = await orders_of(running.shop).for_user(4109, 0, 10)
        assert await attempts(running, order.id) == [
            ("main:7", AttemptOutcome.SKIPPED_BALANCE),
            ("backup:7", AttemptOutcome.PLACED),
        ]
        assert running.sandbox.actions("add") == []


async def test_after_a_refusal_for_funds_a_hanging_balance_check_does_not_hold_the_fallback(
    launch, backup_server, backup
):
    async with launch(**ADMINS, **SLOW, providers=providers(backup_server)) as running:
        await link_fallback(running)
        customer = running.user(4110)
        await fund(running, 4110, "100000")
        running.sandbox.set_balance("0")  # main refuses for funds, then the watch asks its balance, which hangs
        await to_card(customer, "https://facebook.com/p/refused")
        running.sandbox.hang("balance")
        try:
            customer.press("Confirm")
            await placed_within(customer, 5)
        finally:
            running.sandbox.release()
        [order] = await orders_of(running.shop).for_user(4110, 0, 10)
        assert await attempts(running, order.id) == [
            ("main:7", AttemptOutcome.REFUSED),
            ("backup:7", AttemptOutcome.PLACED),
        ]


async def test_an_order_uncertain_on_a_fallback_names_that_panel_to_the_admins(launch, backup_server, backup):
    async with launch(**ADMINS, panel_read_timeout=0.5, providers=providers(backup_server)) as running:
        await link_fallback(running)
        boss, customer = running.user(BOSS, "Boss"), running.user(4111)
        await fund(running, 4111, "100000")
        running.sandbox.set_balance("0")  # main refuses for funds: the order moves on to backup …
        backup.hang("add")  # … which does not answer in time: uncertain there
        try:
            await confirm(customer, "https://facebook.com/p/which")
            await customer.expect("being checked", timeout=10)
        finally:
            backup.release()
        [order] = await orders_of(running.shop).for_user(4111, 0, 10)
        assert (order.state, order.provider) == ("uncertain", "backup")

        notice = await boss.expect("may or may not exist on panel backup")  # the panel to check …
        assert "https://facebook.com/p/which (its service backup:7)" in notice.text  # … and what to look for
        boss.press("Placed on the panel", notice)
        await boss.expect(f"Send panel backup's order ID for order #{order.id}")
