"""End to end: a main-menu button does what it says from wherever the customer is.

While a prompt waits (a category, the link, the quantity, the summary card, the deposit amount), a tap on
a main-menu button opens that screen and leaves the prompt: what is typed next is not taken as an answer
to the question that was left.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from tests.fakes.telegram_server import ChatMessage, FakeUser
from tests.harness import RunningBot
from tests.ordering_steps import answer, fund, open_service

LIKES = "#7 Facebook post likes"

# The main-menu buttons and a fragment of the screen each one opens.
SCREENS = {
    "Menu": "What would you like to do?",
    "New order": "Choose a category",
    "My orders": "You have no orders yet",
    "Balance": "Your wallet",
    "Help": "How it works",
    "Language": "Choose your language",
}


async def _menu(user: FakeUser) -> ChatMessage:
    """A fresh main menu."""
    user.send("/start")
    return await user.expect("What would you like to do?")


async def _with_button(user: FakeUser, button: str) -> ChatMessage:
    """A message that has `button`: the main menu, or (for 🏠 Menu) a screen below it."""
    menu = await _menu(user)
    if any(button in b["text"] for b in menu.buttons):
        return menu
    user.press("Help", menu)
    return await user.expect("How it works")


async def _choosing(running: RunningBot, user: FakeUser) -> str:
    await _menu(user)
    user.press("New order")
    await user.expect("Choose a category")
    return "Choose a category"


async def _link(running: RunningBot, user: FakeUser) -> str:
    await open_service(user, "Facebook", LIKES)
    return "Send the"


async def _quantity(running: RunningBot, user: FakeUser) -> str:
    await open_service(user, "Facebook", LIKES)
    await answer(user, "https://facebook.com/p/menu", "How many?")
    return "How many?"


async def _summary(running: RunningBot, user: FakeUser) -> str:
    await _quantity(running, user)
    await answer(user, "1000", "Check your order")
    return "Check your order"


async def _deposit(running: RunningBot, user: FakeUser) -> str:
    await _menu(user)
    user.press("Balance")
    await user.expect("Your wallet")
    user.press("Add funds")
    await user.expect("How much would you like to add?")
    return "How much would you like to add?"


PROMPTS: dict[str, Callable[[RunningBot, FakeUser], Awaitable[str]]] = {
    "choosing a category": _choosing,
    "asked for the link": _link,
    "asked for the quantity": _quantity,
    "on the summary card": _summary,
    "asked for a deposit amount": _deposit,
}


@pytest.mark.parametrize("prompt", PROMPTS)
async def test_every_menu_button_from_every_prompt(launch, prompt):
    async with launch() as running:
        for number, (button, screen) in enumerate(SCREENS.items()):
            user_id = 4300 + number
            await fund(running, user_id, "100000")
            user = running.user(user_id)
            menu = await _with_button(user, button)
            await PROMPTS[prompt](running, user)

            user.press(button, menu)
            opened = await user.expect(screen)
            assert screen in opened.text, f"{button} from {prompt}"
            if button != "New order":
                assert running.app.user_data[user_id].order is None, "the order in progress is put aside"

            # The prompt was left: a number typed now is no link, quantity or deposit amount.
            before = max(m.version for m in user.chat)
            user.send("50000")
            user.send("/start")
            await user.expect("What would you like to do?")
            assert not any(
                fragment in message.text
                for message in user.chat
                if message.version > before
                for fragment in ("is with the admins", "Check your order", "How many?", "doesn't look like a link")
            ), f"{button} from {prompt}: the old prompt still answered"
            assert await running.shop.deposits.get(1) is None, "no deposit was requested"
