"""End to end: invite links, attribution once, the inviter's reward exactly once per delivered order, the admins'
view of it; and a property of the reward's rounding."""

from __future__ import annotations

import asyncio
import re
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from bot.shop.pricing import quantum
from bot.shop.referrals import reward
from tests.conftest import eventually
from tests.harness import db_of
from tests.ordering_steps import fund, place

FAST = dict(status_sync_seconds=3600, outbox_poll_seconds=0.05, push_chat_interval=0.05)
ON = dict(FAST, referral_percent=Decimal(10))
REWARD_PUSH = "A friend you invited paid for a delivered order"


async def invite_screen(user) -> str:
    """Invite friends, opened from the main menu: its text."""
    user.send("/start")
    await user.expect("What would you like to do?")
    user.press("Invite friends")
    return (await user.expect("Joined through your link")).text


async def invite_code(running, user) -> str:
    """The code of the link Invite friends shows (checked to be this bot's)."""
    screen = await invite_screen(user)
    found = re.search(r"https://t\.me/(\w+)\?start=r_([a-z0-9]+)", screen)
    assert found, screen
    assert found.group(1) == running.bot.username
    return found.group(2)


async def joins(user, argument: str) -> None:
    user.send(f"/start {argument}")
    await user.expect("What would you like to do?")


async def referrer_of(running, user_id: int) -> int | None:
    user = await running.shop.customers.get(user_id)
    assert user is not None
    return user.referrer_id


async def referral_entries(running, user_id: int) -> list[tuple[str, Decimal]]:
    rows = await db_of(running.shop).fetch_all(
        "SELECT key, amount FROM ledger WHERE user_id = ? AND kind = 'referral' ORDER BY id", (user_id,)
    )
    return [(row["key"], Decimal(row["amount"])) for row in rows]


def reward_pushes(user) -> list[str]:
    return [m.text for m in user.chat if REWARD_PUSH in m.text]


def outbox_empty(running):
    async def check():
        return await running.shop.outbox.pending_count() == 0

    return check


async def test_an_invited_customer_s_orders_reward_the_inviter_once_completed_fully_partial_in_part_canceled_not(
    launch,
):
    async with launch(**ON) as running:
        alice, bob = running.user(6001, "Alice"), running.user(6002, "Bob")
        code = await invite_code(running, alice)
        await joins(bob, f"r_{code}")
        assert await referrer_of(running, 6002) == 6001
        await fund(running, 6002, "100000")
        completed = await place(bob, "1000")  # 23 400 VND, delivered in full
        partial = await place(bob, "1007")  # 23 564 VND, a third undelivered: 7 839 back
        canceled = await place(bob, "1013")  # 23 705 VND, all back
        await asyncio.gather(*(running.shop.tracking.sync_orders() for _ in range(2)))
        await running.shop.tracking.sync_orders()  # the panel says the same again: nothing more

        # 10 % of 23 400 = 2 340; of 23 564 − 7 839 = 15 725: 1 572.5, rounded down; Canceled: nothing.
        assert await referral_entries(running, 6001) == [
            (f"order:{completed}:referral", Decimal(2340)),
            (f"order:{partial}:referral", Decimal(1572)),
        ]
        assert f"order:{canceled}:referral" not in dict(await referral_entries(running, 6001))
        assert await running.shop.customers.balance(6001) == Decimal(3912)
        await eventually(lambda: len(reward_pushes(alice)) == 2)
        await eventually(outbox_empty(running))
        assert sorted(reward_pushes(alice)) == sorted(
            [f"🎁 {REWARD_PUSH}: {amount} VND was added to your wallet." for amount in ("2,340", "1,572")]
        ), "one push per reward, none for the canceled order"
        assert not reward_pushes(bob), "the invited customer hears nothing of it"

        screen = await invite_screen(alice)
        assert "Joined through your link: 1" in screen and "Earned: 3,912 VND" in screen


async def test_attribution_only_when_the_link_creates_the_customer(launch):
    async with launch(**ON) as running:
        alice, erin = running.user(6011, "Alice"), running.user(6015, "Erin")
        alices, erins = await invite_code(running, alice), await invite_code(running, erin)
        assert alices != erins
        assert await invite_code(running, alice) == alices, "the same code every time"

        bob = running.user(6012, "Bob")
        await joins(bob, f"r_{alices}")
        await joins(bob, f"r_{erins}")  # a later /start through another link
        assert await referrer_of(running, 6012) == 6011, "attributed once, to the first inviter"

        carol = running.user(6013, "Carol")
        await joins(carol, "")  # a customer already
        await joins(carol, f"r_{alices}")
        assert await referrer_of(running, 6013) is None, "an existing customer is nobody's invitee"

        await joins(alice, f"r_{alices}")  # her own link
        await joins(running.user(6014, "Dave"), "ref_6014")  # a new customer naming himself
        assert await referrer_of(running, 6011) is None and await referrer_of(running, 6014) is None

        await joins(running.user(6016, "Gina"), "r_zzzzzzzz")  # a code nobody holds
        await joins(running.user(6017, "Hank"), "ref_6011")  # the old form, by Telegram ID
        assert await referrer_of(running, 6016) is None and await referrer_of(running, 6017) == 6011

        await running.shop.desk.ban(9001, "6015", True)
        await joins(running.user(6018, "Ivy"), f"r_{erins}")
        assert await referrer_of(running, 6018) is None, "a banned customer invites nobody"

        assert "Joined through your link: 2" in await invite_screen(alice)


async def test_a_banned_inviter_earns_nothing_while_banned(launch):
    async with launch(**ON) as running:
        alice, bob = running.user(6021, "Alice"), running.user(6022, "Bob")
        await joins(bob, f"r_{await invite_code(running, alice)}")
        await fund(running, 6022, "100000")
        await place(bob, "1000")
        await running.shop.desk.ban(9001, "6021", True)
        await running.shop.tracking.sync_orders()
        await running.shop.desk.ban(9001, "6021", False)
        await running.shop.tracking.sync_orders()
        assert await referral_entries(running, 6021) == [], "skipped while banned, not paid on unbanning"


async def test_referrals_off_hides_the_button_and_pays_nothing(launch):
    async with launch(**FAST) as running:
        alice, bob = running.user(6031, "Alice"), running.user(6032, "Bob")
        alice.send("/start")
        menu = await alice.expect("What would you like to do?")
        labels = [button["text"] for row in menu.reply_markup["inline_keyboard"] for button in row]
        assert "My orders" in " ".join(labels) and not any("Invite friends" in label for label in labels)
        await joins(bob, "ref_6031")  # links handed out before the operator turned rewards off
        await fund(running, 6032, "100000")
        await place(bob, "1000")
        await running.shop.tracking.sync_orders()
        assert await referral_entries(running, 6031) == []


async def test_admins_see_who_invited_whom_and_the_rewards_paid(launch):
    async with launch(admin_ids="9001", **ON) as running:
        alice, bob, boss = running.user(6041, "Alice"), running.user(6042, "Bob"), running.user(9001, "Boss")
        await joins(bob, f"r_{await invite_code(running, alice)}")
        await fund(running, 6042, "100000")
        await place(bob, "1000")
        await running.shop.tracking.sync_orders()
        for command, expected in [
            ("/referrals", "Rewards paid: 2,340 VND (at 10%)"),
            ("/referrals", "@alice (6041): 1 joined · 2,340 VND in the period · 2,340 VND in all"),
            ("/referrals 7", "last 7 days"),
            ("/referrals soon", "a number of days from 1 to 3,650"),
            ("/user 6042", "Invited by: @alice (6041) · invited: 0"),
            ("/user 6041", "Invited by: — · invited: 1"),
            ("/stats", "Referral rewards paid: 2,340 VND"),
        ]:
            boss.send(command)
            await boss.expect(expected)


@given(
    paid=st.decimals(min_value=0, max_value=10**9, places=2),
    percent=st.decimals(min_value=0, max_value=100, places=3),
    currency=st.sampled_from(["VND", "USD"]),
)
def test_a_reward_never_exceeds_the_percent_of_what_was_paid(paid, percent, currency):
    paid = paid.quantize(quantum(currency))
    earned = reward(paid, percent, currency)
    exact = paid * percent / 100
    assert Decimal(0) <= earned <= exact, "never more than the percent"
    assert exact - earned < quantum(currency), "and short of it by less than the currency's smallest unit"
    assert earned == earned.quantize(quantum(currency))


async def test_an_order_completed_by_the_customer_s_refresh_rewards_once_too(launch):
    async with launch(**ON) as running:
        alice, bob = running.user(6051, "Alice"), running.user(6052, "Bob")
        await joins(bob, f"r_{await invite_code(running, alice)}")
        await fund(running, 6052, "100000")
        order_id = await place(bob, "1000")
        bob.press(f"Follow order #{order_id}")
        detail = await bob.expect(f"Order #{order_id}\nService:")
        bob.press("Refresh", detail)
        await bob.expect("Status: Completed")
        await running.shop.tracking.sync_orders()  # nothing left to follow: nothing more
        assert await referral_entries(running, 6051) == [(f"order:{order_id}:referral", Decimal(2340))]
        await eventually(lambda: len(reward_pushes(alice)) == 1)
