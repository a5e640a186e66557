"""Inline keyboards. `callback_data` is short (≤ 64 bytes) and never trusted by handlers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup

from bot.telegram.i18n import t
from bot.telegram.paging import Page

T = TypeVar("T")
PAGE_SIZE = 8


def main_menu(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [Button(t(lang, "menu.new_order"), callback_data="menu:order")],
            [
                Button(t(lang, "menu.orders"), callback_data="menu:orders"),
                Button(t(lang, "menu.balance"), callback_data="menu:balance"),
            ],
            [
                Button(t(lang, "menu.help"), callback_data="menu:help"),
                Button(t(lang, "menu.language"), callback_data="menu:lang"),
            ],
        ]
    )


def home_row(lang: str) -> list[Button]:
    return [Button(t(lang, "menu.home"), callback_data="menu:home")]


def back_home(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([home_row(lang)])


def languages() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[Button("🇬🇧 English", callback_data="lang:en"), Button("🇻🇳 Tiếng Việt", callback_data="lang:vi")]]
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
        nav.append(Button(t(lang, "catalog.page", page=page.number + 1, pages=page.count), callback_data="noop"))
        if page.has_next:
            nav.append(Button(t(lang, "catalog.next"), callback_data=page_data(page.number + 1)))
        rows.append(nav)
    rows.extend(list(row) for row in extra_rows)
    return InlineKeyboardMarkup(rows)
