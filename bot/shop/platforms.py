"""Which links belong to which platform, for categories the operator maps to one."""

from __future__ import annotations

from urllib.parse import urlsplit

from bot.config import PLATFORM_HOSTS

__all__ = ["PLATFORM_HOSTS", "link_is_of"]  # PLATFORM_HOSTS lives in bot.config, which validates CATEGORY_PLATFORMS


def link_is_of(link: str, platform: str) -> bool:
    host = (urlsplit(link).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in PLATFORM_HOSTS.get(platform, ()))
