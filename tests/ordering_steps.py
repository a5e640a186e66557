"""Walking the New order conversation as a customer does."""

from __future__ import annotations

from decimal import Decimal

from tests.fakes.telegram_server import FakeUser
from tests.harness import RunningBot


async def fund(running: RunningBot, user_id: int, amount: str) -> None:
    """Put money in a wallet the way a deposit does: one ledger entry."""
    await running.shop.customers.register(user_id, None, "Customer")
    assert await running.shop.wallet.apply(user_id, Decimal(amount), "deposit", f"test-deposit:{user_id}:{amount}")


async def open_service(user: FakeUser, category: str, service: str) -> None:
    """From /start to the first question of a service."""
    user.send("/start")
    await user.expect("What would you like to do?")
    user.press("New order")
    await user.expect("Choose a category")
    user.press(category)
    await user.expect("Choose a service")
    user.press(service)
    await user.expect("Send the")


async def answer(user: FakeUser, text: str, expect: str):
    user.send(text)
    return await user.expect(expect)


async def place(
    user: FakeUser,
    quantity: str,
    service: str = "#7 Facebook post likes",
    category: str = "Facebook",
    link: str | None = None,
) -> int:
    """A whole order from /start to "is placed"; returns the shop's order number."""
    await open_service(user, category, service)
    await answer(user, link or f"https://facebook.com/p/{quantity}", "How many?")
    await answer(user, quantity, "Check your order")
    user.press("Confirm")
    placed = await user.expect("is placed")
    return int(placed.text.split("#")[1].split()[0])
