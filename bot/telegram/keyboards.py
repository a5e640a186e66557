"""Inline keyboards. `callback_data` comes from `bot.telegram.callbacks` and is never trusted by handlers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup

from bot.telegram.callbacks import Language, Menu, Noop, Screen
from bot.telegram.i18n import t
from bot.telegram.paging import Page

T = TypeVar("T")
PAGE_SIZE = 8


def _menu(lang: str, label: str, screen: Screen) -> Button:
    return Button(t(lang, label), callback_data=Menu(screen).pack())


def main_menu(lang: str, *, invite: bool = False) -> InlineKeyboardMarkup:
    """`invite`: *Invite friends* too (referral rewards are on)."""
    return InlineKeyboardMarkup(
        [
            [_menu(lang, "menu.new_order", Screen.NEW_ORDER)],
            [_menu(lang, "menu.orders", Screen.ORDERS), _menu(lang, "menu.balance", Screen.BALANCE)],
            *([[_menu(lang, "menu.invite", Screen.INVITE)]] if invite else []),
            [_menu(lang, "menu.help", Screen.HELP), _menu(lang, "menu.language", Screen.LANGUAGE)],
            [_menu(lang, "menu.support", Screen.SUPPORT)],
        ]
    )


def admin_main_menu(lang: str, *, invite: bool = False) -> InlineKeyboardMarkup:
    """The customer menu plus *Admin*, for admins in private."""
    rows = [list(row) for row in main_menu(lang, invite=invite).inline_keyboard]
    return InlineKeyboardMarkup([*rows, [_menu(lang, "menu.admin", Screen.ADMIN)]])


def home_row(lang: str) -> list[Button]:
    return [_menu(lang, "menu.home", Screen.HOME)]


def back_home(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([home_row(lang)])


def languages() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                Button("🇬🇧 English", callback_data=Language("en").pack()),
                Button("🇻🇳 Tiếng Việt", callback_data=Language("vi").pack()),
            ]
        ]
    )


def paged(
    page: Page[T],
    lang: str,
    button: Callable[[T], Button],
    page_data: Callable[[int], str],
    extra_rows: Sequence[Sequence[Button]] = (),
) -> InlineKeyboardMarkup:
    """One button per item, a ◀️ Page n/m ▶️ row when there is more than one page, then `extra_rows`."""
    rows = [[button(item)] for item in page.items]
    if page.count > 1:
        nav = []
        if page.has_prev:
            nav.append(Button(t(lang, "catalog.prev"), callback_data=page_data(page.number - 1)))
        nav.append(Button(t(lang, "catalog.page", page=page.number + 1, pages=page.count), callback_data=Noop().pack()))
        if page.has_next:
            nav.append(Button(t(lang, "catalog.next"), callback_data=page_data(page.number + 1)))
        rows.append(nav)
    rows.extend(list(row) for row in extra_rows)
    return InlineKeyboardMarkup(rows)
