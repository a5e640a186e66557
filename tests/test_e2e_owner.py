"""End to end: a new operator with only a token claims the bot, picks the admin group and runs the shop."""

from __future__ import annotations

import logging
import re
from decimal import Decimal

import pytest

from tests.conftest import eventually
from tests.ordering_steps import answer, place

GROUP = -100888
FAST = dict(
    status_sync_seconds=3600,
    outbox_poll_seconds=0.05,
    push_chat_interval=0.05,
    push_group_interval=0.05,
    payment_instructions="Transfer to ACB 123456",
)


@pytest.fixture(autouse=True)
def fresh_group(fake_telegram):
    with fake_telegram.lock:
        fake_telegram.chats.pop(GROUP, None)


def claim_code(caplog) -> str:
    found = [m for r in caplog.records if (m := re.search(r"/claim (\S+) to @", r.getMessage()))]
    assert found, "the start-up log offers a claim code"
    return found[-1].group(1)


def group_with(fake, fragment: str) -> list:
    return [m for m in fake.messages(GROUP) if fragment in m.text]


async def test_a_new_operator_claims_the_bot_sets_the_group_and_runs_the_shop(launch, fake_telegram, caplog):
    caplog.set_level(logging.WARNING, logger="bot.app")
    async with launch(**FAST) as running:
        code = claim_code(caplog)
        owner, stranger, customer = running.user(9101, "Olivia"), running.user(9102, "Sam"), running.user(6601)
        stranger.send("/claim WRONG-CODE")
        refused = (await stranger.expect("not valid")).text
        stranger.send("/pbalance")
        await stranger.expect("don't know that command")

        owner.send(f"/claim {code}")
        claimed = await owner.expect("You are the owner")
        assert "/setgroup" in claimed.text and code not in claimed.text
        stranger.send(f"/claim {code}")  # the code is void once claimed
        await eventually(stranger.fresh, equals=[refused])
        assert not running.shop.staff.is_admin(9102)

        owner.send("/start")
        welcome = await owner.expect("You run this shop")
        owner.press("🛠 Admin", welcome)
        guide = await owner.expect("Admin commands")
        assert "/setgroup" in guide.text and "/credit ID AMOUNT note" in guide.text
        customer.send("/start")
        menu = await customer.expect("What would you like to do?")
        assert "🛠 Admin" not in [b["text"] for b in menu.buttons]
        customer.press_data("menu:admin", menu)  # forged: customers see an expired button
        await eventually(lambda: customer.toasts, equals=["This menu has expired. Here is a fresh one."])

        fake_telegram.group_message(running.bot, stranger.user, GROUP, "/setgroup")
        fake_telegram.group_message(running.bot, owner.user, GROUP, "/setgroup")
        await eventually(
            lambda: [m.text for m in fake_telegram.messages(GROUP) if m.from_bot],
            equals=["✅ This group is the admin group now: the shop's notices come here. /setup shows what is left."],
        )
        fake_telegram.group_message(running.bot, owner.user, GROUP, "/setup")
        setup = (await eventually(lambda: group_with(fake_telegram, "Set-up")))[-1].text
        assert f"Owner: {code}" not in setup and "Owner: 9101" in setup
        assert f"Admin group: {GROUP} (set by /setgroup)" in setup and "Payment instructions: set" in setup
        assert "built-in sandbox" not in setup  # the tests' panel is served over HTTP

        customer.press("Balance")
        await customer.expect("Your wallet")
        customer.press("Add funds")
        await customer.expect("How much would you like to add?")
        await answer(customer, "50000", "Request #1")
        [notice] = await eventually(lambda: group_with(fake_telegram, "Deposit request #1"))
        owner.press("✅ Approve", notice)
        await customer.expect("Deposit #1 approved: 50,000 VND")
        assert await running.shop.wallet.balance(6601) == Decimal(50000)

        order_id = await place(customer, "1000")
        await eventually(lambda: [t for t in group_with(fake_telegram, f"Order #{order_id} by") if "(6601)" in t.text])
        assert running.sandbox.state.orders, "the order reached the sandbox panel"

    async with launch(bot=running.bot, **FAST) as again:  # a restart keeps the owner and the group
        assert again.shop.staff.is_admin(9101) and again.shop.staff.admin_chat == GROUP
        assert again.shop.staff.claim_code is None


async def test_the_claim_code_survives_a_restart_until_claimed(launch, caplog):
    caplog.set_level(logging.WARNING, logger="bot.app")
    async with launch() as running:
        first = claim_code(caplog)
    caplog.clear()
    async with launch(bot=running.bot) as again:
        assert claim_code(caplog) == first
        assert again.shop.staff.ids == frozenset()


async def test_with_admin_ids_there_is_no_claim_and_admin_chat_id_wins(launch, fake_telegram, caplog):
    caplog.set_level(logging.WARNING, logger="bot.app")
    async with launch(admin_ids="9201", admin_chat_id=GROUP, **FAST) as running:
        assert running.shop.staff.claim_code is None and not any("/claim" in r.getMessage() for r in caplog.records)
        boss = running.user(9201)
        boss.send("/claim ANYTHING")
        await boss.expect("not valid")
        fake_telegram.group_message(running.bot, boss.user, -100999, "/setgroup")
        boss.send("/setup")
        setup = await boss.expect("Set-up")
        assert f"Admin group: {GROUP} (set by ADMIN_CHAT_ID)" in setup.text
        assert "Owner: not needed" in setup.text
        assert [m.text for m in fake_telegram.messages(-100999) if m.from_bot] == [
            f"ADMIN_CHAT_ID is set ({GROUP}) and stays the admin group. Clear it to choose one with /setgroup."
        ]
