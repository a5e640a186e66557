"""Fakes of the edges the tests cannot reach: Telegram's Bot API."""
