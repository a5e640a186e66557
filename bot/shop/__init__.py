"""The business: catalog, customers, money, ordering, tracking. No Telegram imports here."""

from bot.shop.shop import Shop

__all__ = ["Shop"]
