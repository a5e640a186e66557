"""The business: catalog, customers, money, ordering, tracking. No Telegram imports here."""
