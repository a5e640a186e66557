"""The records the shop hands to the Telegram layer that are kept as the store keeps them.

The Telegram layer imports them from here, never from `bot.store`: the shop decides what it shows.
"""

from bot.store import Category, Entry, Order, OrderState, User

__all__ = ["Category", "Entry", "Order", "OrderState", "User"]
