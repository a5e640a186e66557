"""A Telegram shop front for an SMM reseller."""
