"""Everything that knows python-telegram-bot: handlers, keyboards, texts."""
