"""Which links belong to which platform, for categories the operator maps to one."""

from __future__ import annotations

from urllib.parse import urlsplit

PLATFORM_HOSTS: dict[str, tuple[str, ...]] = {
    "facebook": ("facebook.com", "fb.com", "fb.watch", "fb.me"),
    "tiktok": ("tiktok.com",),
    "youtube": ("youtube.com", "youtu.be"),
    "instagram": ("instagram.com", "instagr.am"),
    "telegram": ("t.me", "telegram.me", "telegram.dog"),
    "twitter": ("twitter.com", "x.com"),
    "shopee": (
        "shopee.vn",
        "shopee.co.id",
        "shopee.ph",
        "shopee.sg",
        "shopee.com.my",
        "shopee.co.th",
        "shopee.tw",
        "shopee.com.br",
        "shp.ee",
    ),
    "threads": ("threads.net", "threads.com"),
    "twitch": ("twitch.tv",),
    "spotify": ("spotify.com",),
}


def parse_platform_map(text: str) -> dict[str, str]:
    """`Facebook=facebook; Tiktok=tiktok` → {"facebook": "facebook", "tiktok": "tiktok"} (names lower-cased)."""
    mapping = {}
    for part in text.replace(",", ";").split(";"):
        if not part.strip():
            continue
        category, sep, platform = part.partition("=")
        platform = platform.strip().lower()
        if not sep or not category.strip() or platform not in PLATFORM_HOSTS:
            known = ", ".join(sorted(PLATFORM_HOSTS))
            raise ValueError(f"'{part.strip()}' is not Category=platform (platforms: {known})")
        mapping[category.strip().lower()] = platform
    return mapping


def link_is_of(link: str, platform: str) -> bool:
    host = (urlsplit(link).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in PLATFORM_HOSTS.get(platform, ()))
