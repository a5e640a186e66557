"""End to end: the admin group and admin commands, deposits, Stars, balance alerts, uncertain orders, broadcast."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from bot.telegram.handlers.admin import ADMIN_COMMANDS
from tests.conftest import eventually
from tests.harness import orders_of
from tests.ordering_steps import answer, fund, open_service, place

GROUP = -100777
ADMIN = dict(
    admin_ids="9001,9002",
    admin_chat_id=GROUP,
    status_sync_seconds=3600,
    outbox_poll_seconds=0.05,
    push_chat_interval=0.05,
    push_group_interval=0.05,
    stars_enabled=True,
    stars_rate=Decimal(250),
    payment_instructions="Transfer to ACB 123456",
)


@pytest.fixture(autouse=True)
def fresh_admin_group(fake_telegram):
    """The fake server lives for the whole session: each test starts with an empty admin group."""
    with fake_telegram.lock:
        fake_telegram.chats.pop(GROUP, None)


def group_texts(fake) -> list[str]:
    return [m.text for m in fake.messages(GROUP)]


def group_with(fake, fragment: str) -> list[str]:
    return [text for text in group_texts(fake) if fragment in text]


async def in_group(fake, fragment: str, timeout: float = 5.0) -> str:
    """Wait until the admin group holds a message containing `fragment`; the last such message."""
    found = await eventually(lambda: group_with(fake, fragment), timeout)
    return found[-1]


async def test_admin_commands_from_anyone_else_are_unknown_commands(launch, fake_telegram):
    async with launch(**ADMIN) as running:
        mallory = running.user(6001, "Mallory")
        mallory.send("/nonsense")
        unknown = (await mallory.expect("don't know that command")).text
        await eventually(mallory.fresh, equals=[unknown])
        for name in ADMIN_COMMANDS:
            mallory.send(f"/{name} 1 2 3")
            await eventually(mallory.fresh, equals=[unknown])
        await eventually(lambda: running.shop.outbox.pending_count(), equals=0)  # the startup catalog notice
        before = len(group_texts(fake_telegram))
        fake_telegram.group_message(running.bot, mallory.user, GROUP, "/credit 6001 1000000 please")
        fake_telegram.group_message(running.bot, running.user(9001).user, GROUP, "/lowbalance 12345")
        mallory.send("/nonsense")  # one user's updates are handled in order: her group command was handled
        await eventually(mallory.fresh, equals=[unknown])
        expected = ["Low-balance alert threshold: 12345.", "📝 Admin 9001: low_balance — 12345"]
        # the reply is sent at once, the audit line through the outbox: either may come first
        await eventually(lambda: sorted(group_texts(fake_telegram)[before:]), equals=sorted(expected))
        assert not any("wallet is now" in text for text in group_texts(fake_telegram))
        assert await running.shop.wallet.balance(6001) == 0


@pytest.mark.parametrize(
    "command, expected",
    [
        ("/pbalance", "Panel balance: 4,982,000 VND"),  # 5 000 000 less the 18 000 the order cost
        ("/stats", "Turnover: 23,400 VND"),
        ("/stats 7d", "Margin: 5,400 VND"),
        ("/stats yearly", "Periods: today"),
        ("/order 1", "Customer: 6101"),
        ("/order", "Usage: /order"),
        ("/order 999", "No order “999”"),
        ("/user 6101", "Wallet: 76,600 VND"),
        ("/user @nobody", "No customer “@nobody”"),
        ("/user", "Usage: /user"),
        ("/credit 6101 50,000 welcome gift", "wallet is now 126,600 VND"),
        ("/credit 6101 abc", "not a valid amount"),
        ("/credit 6101", "Usage: /credit"),
        ("/debit 6101 1000 fix", "wallet is now 75,600 VND"),
        ("/debit 6101 999999 oops", "holds only 76600"),
        ("/refund 1", "Refunded 23,400 VND"),
        ("/refund x", "No order “x”"),
        ("/resolve 1 failed", "is completed, not uncertain"),
        ("/resolve 1 maybe", "Usage: /resolve"),
        ("/markup 40", "Saved."),
        ("/markup category Nope 10", "No category"),
        ("/markup service 7 25", "Saved."),
        ("/markup service 7", "Usage: /markup"),
        ("/price 7 20000", "fixed price 20000"),
        ("/price 7", "Usage: /price"),
        ("/price 999 1", "No service"),
        ("/service 7 off", "enabled no"),
        ("/service 7 rename Post likes", "Post likes: enabled yes"),
        ("/service 7 lists off", "listed no"),
        ("/service 7 jump", "Usage: /service"),
        ("/platform Facebook facebook", "Saved."),
        ("/platform Facebook myspace", "Unknown platform"),
        ("/sync", "Catalog synced: 30 services"),
        ("/ban 6101", "User 6101 is banned"),
        ("/ban", "Usage: /ban"),
        ("/unban 6101", "no longer banned"),
        ("/maintenance maybe", "Usage: /maintenance"),
        ("/lowbalance 100000", "threshold: 100000"),
        ("/lowbalance lots", "not a valid amount"),
    ],
)
async def test_each_admin_command(launch, command, expected):
    async with launch(**ADMIN) as running:
        customer = running.user(6101)
        await fund(running, 6101, "100000")
        await place(customer, "1000")
        await running.shop.tracking.sync_orders()
        boss = running.user(9001, "Boss")
        boss.send(command)
        reply = await boss.expect(expected)
        assert "⚠️" in reply.text or "Usage" in reply.text or not any(w in expected for w in ("No ", "not a", "Usage"))


async def test_an_edited_command_is_not_run_again(launch):
    """An admin fixing a typo in a command after sending it: the command ran once, the edit runs nothing."""
    async with launch(**ADMIN) as running:
        boss = running.user(9001, "Boss")
        sent = boss.send("/lowbalance 100000")
        await boss.expect("threshold: 100000.")
        boss.edit(sent, "/lowbalance 900000")
        boss.send("/lowbalance 200000")  # handled after the edit
        await boss.expect("threshold: 200000.")
        assert not [text for text in boss.fresh() if "900000" in text]


async def test_money_and_catalog_changes_are_echoed_and_reach_the_customer(launch, fake_telegram):
    async with launch(**ADMIN) as running:
        customer = running.user(6201)
        customer.send("/start")
        await customer.expect("What would you like to do?")
        boss = running.user(9001, "Boss")
        boss.send("/credit 6201 50000 welcome gift")
        await boss.expect("wallet is now 50,000 VND")
        boss.send("/credit 6201 50000 welcome gift")  # a second command is a second credit: it is a new update
        await boss.expect("wallet is now 100,000 VND")
        gift = "💰 50,000 VND was added to your wallet. welcome gift"
        await eventually(lambda: [m.text for m in customer.chat if "added to your wallet" in m.text], equals=[gift] * 2)
        credit = "📝 Admin 9001: credit — user 6201: +50000 (welcome gift)"
        await eventually(lambda: group_with(fake_telegram, "Admin 9001: credit"), equals=[credit] * 2)
        boss.send("/service 7 off")
        await boss.expect("enabled no")
        await in_group(fake_telegram, "service — #7 is_enabled = 0")
        log = await running.shop.desk.repo.recent_log()
        assert [entry[1] for entry in log[:3]] == ["service", "credit", "credit"]


async def test_maintenance_and_bans(launch):
    async with launch(**ADMIN) as running:
        customer, boss = running.user(6301), running.user(9001, "Boss")
        boss.send("/maintenance on")
        await boss.expect("Maintenance mode is on")
        customer.send("/start")
        await customer.expect("under maintenance")
        boss.send("/start")
        await boss.expect("What would you like to do?")
        boss.send("/maintenance off")
        await boss.expect("Maintenance mode is off")
        customer.send("/start")
        await customer.expect("What would you like to do?")
        boss.send("/ban 6301")
        await boss.expect("is banned")
        customer.send("/start")
        with pytest.raises(AssertionError):
            await customer.expect("What would you like to do?", timeout=0.5)


async def test_a_deposit_request_approved_twice_credits_once(launch, fake_telegram):
    async with launch(**ADMIN) as running:
        customer = running.user(6401)
        customer.send("/start")
        await customer.expect("What would you like to do?")
        customer.press("Balance")
        await customer.expect("Your wallet")
        customer.press("Add funds")
        await customer.expect("How much would you like to add?")
        await answer(customer, "5", "from 10,000 to 50,000,000")
        sent = await answer(customer, "50000", "Request #1")
        assert "Transfer to ACB 123456" in sent.text
        await in_group(fake_telegram, "Deposit request #1")
        [notice] = [m for m in fake_telegram.messages(GROUP) if "Deposit request #1" in m.text]
        first, second = running.user(9001), running.user(9002)
        first.press("Approve", notice)
        second.press("Approve", notice)
        await customer.expect("Deposit #1 approved: 50,000 VND")
        winner = (await running.shop.desk.repo.deposit(1)).decided_by
        await eventually(lambda: notice.buttons, equals=[])  # decided: edited, no more buttons
        assert "from @alice (6401): 50,000 VND" in notice.text
        assert notice.text.endswith(f"\n\n➡️ #1 approved by @alice ({winner}).")
        assert winner in (9001, 9002)
        already = f"Already approved by {winner}."
        # the first decision answers silently, the other one with a toast
        await eventually(lambda: first.toasts + second.toasts, equals=[already])
        assert await running.shop.wallet.balance(6401) == Decimal(50000)
        second.press_data("dep:1:no", notice)
        await eventually(lambda: first.toasts + second.toasts, equals=[already, already])
        assert await running.shop.wallet.balance(6401) == Decimal(50000), "a later Reject changes nothing"
        customer.press_data("dep:1:ok", notice)  # a customer forging the admin's button
        await eventually(lambda: customer.toasts, equals=["This menu has expired. Here is a fresh one."])
        assert await running.shop.wallet.balance(6401) == Decimal(50000)


async def test_a_stars_payment_credits_once_even_when_delivered_twice(launch, fake_telegram):
    async with launch(**ADMIN) as running:
        customer = running.user(6501)
        customer.send("/start")
        await customer.expect("What would you like to do?")
        customer.press("Balance")
        await customer.expect("Your wallet")
        customer.press("Pay with Telegram Stars")
        await customer.expect("Choose how many Stars")
        customer.press("⭐ 100")
        invoice = await customer.expect("INVOICE")
        query_id = fake_telegram.pay(running.bot, customer.user, invoice.invoice, "charge-1")
        await eventually(lambda: query_id in fake_telegram.pre_checkout_answers)
        assert fake_telegram.pre_checkout_answers[query_id] == (True, None)
        for _ in range(2):
            fake_telegram.payment_succeeded(running.bot, customer.user, invoice.invoice, "charge-1")
        await customer.expect("25,000 VND added to your wallet")
        # One customer's updates are handled in order: once /start is answered, both deliveries have been.
        customer.send("/start")
        await customer.expect("What would you like to do?")
        assert len([m for m in customer.chat if "added to your wallet" in m.text]) == 1, "the customer is told once"
        assert await running.shop.wallet.balance(6501) == Decimal(25000)
        await eventually(lambda: running.shop.outbox.pending_count(), equals=0)  # the admins' notice is sent
        assert [text for text in group_texts(fake_telegram) if "Stars" in text] == [
            "⭐ @alice (6501) paid 100 Stars: 25,000 VND credited."
        ], "the admins are told once"
        forged = {**invoice.invoice, "total": 1}
        query_id = fake_telegram.pay(running.bot, customer.user, forged, "charge-2")
        await eventually(lambda: query_id in fake_telegram.pre_checkout_answers)
        assert fake_telegram.pre_checkout_answers[query_id][0] is False


async def test_low_balance_alert_reminder_and_recovery(launch, fake_telegram):
    async with launch(**ADMIN, low_balance_threshold=Decimal(1000000), balance_remind_hours=6) as running:
        watch, start = running.shop.watch, datetime.now(UTC)
        running.sandbox.set_balance("400000")
        assert await watch.check(start) == "low"
        assert await watch.check(start + timedelta(hours=1)) is None, "no second alert inside the interval"
        assert await watch.check(start + timedelta(hours=7)) == "still_low"
        running.sandbox.set_balance("2000000")
        assert await watch.check(start + timedelta(hours=8)) == "recovered"
        assert await watch.check(start + timedelta(hours=9)) is None
        await eventually(
            lambda: [text.split(":")[0] for text in group_with(fake_telegram, "Panel balance")],
            equals=["🔻 Panel balance is low", "🔻 Panel balance is still low", "✅ Panel balance recovered"],
        )
        running.sandbox.key = "changed"
        assert await watch.check(start + timedelta(hours=10)) is None
        assert await watch.check(start + timedelta(hours=10, minutes=11)) == "unreachable"
        assert await watch.check(start + timedelta(hours=10, minutes=20)) is None
        running.sandbox.key = running.sandbox._start[0]
        assert await watch.check(start + timedelta(hours=11)) == "back"


async def test_an_order_the_panel_cannot_pay_for_is_not_sent(launch, fake_telegram):
    async with launch(**ADMIN) as running:
        customer = running.user(6601)
        await fund(running, 6601, "1000000")
        running.sandbox.set_balance("1000")
        await running.shop.watch.check()
        await open_service(customer, "Facebook", "#7 Facebook post likes")
        await answer(customer, "https://facebook.com/p/1", "How many?")
        await answer(customer, "1000", "Check your order")
        customer.press("Confirm")
        await customer.expect("cannot take new orders right now. Nothing was charged")
        assert running.sandbox.actions("add") == [] and await running.shop.wallet.balance(6601) == Decimal(1000000)
        await in_group(fake_telegram, "was not sent: it costs 18000")


async def test_uncertain_orders_resolved_both_ways(launch, fake_telegram):
    async with launch(**ADMIN, panel_read_timeout=0.4) as running:
        customer = running.user(6701)
        await fund(running, 6701, "100000")
        running.sandbox.set_profiles("lost_add")
        for number in (1, 2):
            await open_service(customer, "Facebook", "#7 Facebook post likes")
            await answer(customer, f"https://facebook.com/p/{number}", "How many?")
            await answer(customer, "1000", "Check your order")
            customer.press("Confirm")
            await customer.expect("being checked", timeout=10)
        running.sandbox.set_profiles()
        await eventually(lambda: len(group_with(fake_telegram, "may or may not exist")) == 2)
        first, second = [m for m in fake_telegram.messages(GROUP) if "may or may not exist" in m.text]
        boss = running.user(9001, "Boss")  # the notices and the dialogue are in the admin group
        boss.press("Placed on the panel", first)
        await in_group(fake_telegram, "Send panel main's order ID for order #1")
        fake_telegram.group_message(running.bot, boss.user, GROUP, "#1001")
        await in_group(fake_telegram, "Order #1 is now pending")
        boss.press("Not placed", second)
        await in_group(fake_telegram, "Order #2 is now refused")
        for notice, state in ((first, "pending"), (second, "refused")):
            await eventually(lambda notice=notice: notice.buttons, equals=[])
            assert notice.text.endswith(f"settled as {state} by @boss (9001).")
        await customer.expect("Order #2 could not be placed: 23,400 VND is back")
        assert await running.shop.wallet.balance(6701) == Decimal(100000 - 23400)
        assert [o.id for o in await orders_of(running.shop).tracked()] == [1]
        await running.shop.tracking.sync_orders()
        assert (await orders_of(running.shop).get(1)).state == "completed"


async def test_broadcast_reaches_everyone_but_those_who_blocked_the_bot(launch, fake_telegram):
    async with launch(**ADMIN) as running:
        for user_id in range(6801, 6806):
            await running.shop.customers.register(user_id, None, f"C{user_id}")
        fake_telegram.blocked.update({6802, 6804})
        try:
            boss = running.user(9001, "Boss")
            boss.send("/broadcast")
            await boss.expect("Send the message to broadcast")
            preview = await answer(boss, "Big sale <today>!", "To 5 customers")
            boss.press("Confirm", preview)
            await boss.expect("Broadcast done: sent 3, failed 2, of 5", timeout=10)
            assert fake_telegram.messages(6801)[-1].text == "Big sale <today>!"
            assert (await running.shop.customers.get(6802)).is_blocked
        finally:
            fake_telegram.blocked.difference_update({6802, 6804})


async def test_notices_go_to_their_forum_topics_and_a_losing_fixed_price_disables_the_service(launch, fake_telegram):
    async with launch(**ADMIN, admin_topics="orders=11, catalog=15") as running:
        customer = running.user(6901)
        await fund(running, 6901, "100000")
        await place(customer, "1000")
        await in_group(fake_telegram, "🆕 Order #1")
        [notice] = [m for m in fake_telegram.messages(GROUP) if m.text.startswith("🆕 Order #1")]
        assert notice.thread_id == 11
        boss = running.user(9001, "Boss")
        boss.send("/price 7 15000")  # below the panel's 18 000 per 1000
        await boss.expect("fixed price 15000")
        boss.send("/sync")
        await boss.expect("Catalog synced")
        text = await in_group(fake_telegram, "#7 Facebook post likes | Refill 30 days: 18000 > 15000")
        [catalog] = [m for m in fake_telegram.messages(GROUP) if m.text == text]
        assert catalog.thread_id == 15
        assert (await running.shop.catalog.repo.service("7")).is_enabled is False


async def test_stats_in_the_admin_group_sends_the_summary_then_a_chart_of_the_period(launch, fake_telegram):
    async with launch(**ADMIN) as running:
        await fund(running, 6102, "100000")
        await place(running.user(6102), "1000")
        await eventually(lambda: running.shop.outbox.pending_count(), equals=0)  # the notices reached the group
        before = len(fake_telegram.messages(GROUP))
        fake_telegram.group_message(running.bot, running.user(9001, "Boss").user, GROUP, "/stats 7d")
        await eventually(lambda: len(fake_telegram.messages(GROUP)) - before, equals=2)
        summary, chart = fake_telegram.messages(GROUP)[before:]
        assert "Turnover: 23,400 VND" in summary.text and summary.photo is None
        assert chart.photo is not None and chart.photo.startswith(b"\x89PNG\r\n\x1a\n")
        assert chart.raw == "Orders and revenue per day, last 7 days"
        assert chart.text == "[photo] Orders and revenue per day, last 7 days"
        assert "sendPhoto" in fake_telegram.methods(running.bot.token)
        series = await running.shop.desk.daily("7d", await running.shop.timezone())
        assert [(d.orders, d.revenue) for d in series.days[-1:]] == [(1, Decimal(23400))]  # what the chart drew
