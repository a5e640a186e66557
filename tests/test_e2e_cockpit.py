"""End to end: the admin group as a cockpit — nothing held in silence, amounts in the currency's unit,
repeated taps answered with a toast, notices that name people."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.config import Settings
from bot.shop.admin import parse_amount
from bot.shop.deposits import Deposits
from bot.shop.inputs import InputError
from bot.store import LedgerRepo, OrderRepo
from tests.conftest import eventually
from tests.harness import db_of, orders_of
from tests.ordering_steps import fund

GROUP = -100778
ADMIN = dict(
    admin_ids="9001,9002",
    admin_chat_id=GROUP,
    status_sync_seconds=3600,
    outbox_poll_seconds=0.05,
    push_chat_interval=0.05,
    push_group_interval=0.05,
)


@pytest.fixture(autouse=True)
def fresh_admin_group(fake_telegram):
    """The fake server lives for the whole session: each test starts with an empty admin group."""
    with fake_telegram.lock:
        fake_telegram.chats.pop(GROUP, None)


def group_with(fake, fragment: str) -> list:
    return [message for message in fake.messages(GROUP) if fragment in message.text]


async def test_an_order_a_restart_finds_mid_placement_reaches_the_admins_and_the_customer(launch):
    async with launch(**ADMIN) as running:
        bot = running.bot
        await fund(running, 4101, "100000")
        async with db_of(running.shop).transaction() as tx:  # what a crash between the write and `add` leaves
            order_id = await OrderRepo(tx).create(
                token="crashed-card",
                user_id=4101,
                service_id="7",
                link="https://facebook.com/p/41",
                quantity=1000,
                extras={},
                price=Decimal(23400),
                cost=Decimal(18000),
                currency="VND",
            )
            await LedgerRepo(tx).add(
                user_id=4101, amount=Decimal(-23400), kind="charge", key=f"order:{order_id}:charge", order_id=order_id
            )
    async with launch(bot=bot, **ADMIN) as restarted:
        ivy = restarted.user(4101)
        [notice] = await eventually(lambda: group_with(restarted.fake, f"Order #{order_id} "), timeout=10)
        assert "may or may not exist on panel main" in notice.text
        labels = [button["text"] for button in notice.buttons]
        assert labels == ["✅ Placed on the panel as #…", "↩️ Not placed: refund"]
        told = await ivy.expect("being checked", timeout=10)
        assert f"#{order_id}" in told.text
        assert (await orders_of(restarted.shop).get(order_id)).state == "uncertain"
        assert restarted.sandbox.actions("add") == [], "never sent again"
    async with launch(bot=bot, **ADMIN) as again:  # a second restart tells nobody twice
        await eventually(lambda: again.shop.outbox.pending_count(), equals=0)
        assert len(group_with(again.fake, f"Order #{order_id} ")) == 1


@pytest.mark.parametrize(
    "text, currency, expected",
    [
        ("50000", "VND", Decimal(50000)),
        ("50,000", "VND", Decimal(50000)),
        ("0.0001", "VND", None),
        ("50.000", "VND", None),  # a Vietnamese "fifty thousand" is refused, not read as fifty
        ("100.5", "VND", None),
        ("12.50", "USD", Decimal("12.50")),
        ("12.505", "USD", None),
        ("12.505", "", Decimal("12.505")),  # not money (a percent): any precision
    ],
)
def test_admin_amounts_stop_at_the_currency_unit(text, currency, expected):
    if expected is None:
        with pytest.raises(InputError) as refused:
            parse_amount(text, currency)
        assert refused.value.code == "admin.amount_unit"
    else:
        assert parse_amount(text, currency) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        *[("50000", 50000), ("50,000", 50000), ("50.000", 50000), ("50 000", 50000), ("1.000.000", 1000000)],
        *[("1000.5", None), ("50.00", None), ("50,0000", None), ("12.5", None), ("", None), ("５００００", None)],
    ],
)
def test_deposit_amounts_are_whole_and_grouped_by_thousands(text, expected):
    deposits = Deposits(Settings(_env_file=None, bot_token="1:x"), None, None)  # type: ignore[arg-type]
    if expected is None:
        with pytest.raises(InputError):
            deposits.check_amount(text)
    else:
        assert deposits.check_amount(text) == expected


async def test_money_commands_refuse_amounts_finer_than_the_currency(launch):
    async with launch(**ADMIN) as running:
        boss = running.user(9001, "Boss")
        await fund(running, 4102, "1000")
        for command in ("/credit 4102 0.0001 oops", "/debit 4102 1.5", "/price 7 100.5", "/lowbalance 50.000"):
            boss.send(command)
            refused = await boss.expect("is finer than VND allows")
            assert "smallest unit is 1" in refused.text
        assert await running.shop.wallet.balance(4102) == Decimal(1000)
        boss.send("/credit 4102 1001 thanks")
        await boss.expect("The wallet is now 2,001 VND")
