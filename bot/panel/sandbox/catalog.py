"""The sandbox panel's catalog: realistic services priced in VND, in the seed's dialect.

The first six are the ones docs/panel-api.md §7 fixes; the rest make pagination,
search and every supported type worth trying. Names carry refill windows the way
real panels write them ("Refill 30 days", "No refill", "Lifetime").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass
class SandboxService:
    id: int
    name: str
    type: str
    category: str
    rate: Decimal
    min: int
    max: int
    refill: bool
    cancel: bool = False
    dripfeed: bool = False
    enabled: bool = True


def _s(
    id_: int,
    name: str,
    type_: str,
    category: str,
    rate: str,
    min_: int,
    max_: int,
    refill: bool,
    cancel: bool = False,
    dripfeed: bool = False,
) -> SandboxService:
    """A service; `rate` is written as text so that it becomes an exact Decimal."""
    return SandboxService(id_, name, type_, category, Decimal(rate), min_, max_, refill, cancel, dripfeed)


def default_catalog() -> list[SandboxService]:
    return [
        _s(1, "Facebook views", "Default", "Facebook", "2.5", 200, 10000, True, cancel=True),
        _s(2, "Tiktok views", "Default", "Tiktok", "4", 10, 1500, False, cancel=True),
        _s(3, "Youtube views [suggest]", "Special 1 (1DG)", "Youtube", "12000", 100, 50000, True),
        _s(4, "Youtube views [list]", "Special (1DG)", "Youtube", "9000", 100, 50000, False),
        _s(5, "Facebook page likes package", "Package", "Facebook", "150000", 1, 1, False),
        _s(6, "Facebook comments", "Custom Comments", "Facebook", "50000", 1, 100, False),
        _s(7, "Facebook post likes | Refill 30 days", "Default", "Facebook", "18000", 50, 50000, True),
        _s(8, "Facebook page followers | Refill 60 days", "Default", "Facebook", "42000", 100, 100000, True),
        _s(9, "Facebook live stream views 30 min | No refill", "Default", "Facebook", "65000", 50, 5000, False),
        _s(10, "Facebook post shares", "Default", "Facebook", "30000", 100, 20000, False),
        _s(11, "Tiktok likes | Refill 30 days", "Default", "Tiktok", "15000", 50, 100000, True),
        _s(12, "Tiktok followers | Lifetime", "Default", "Tiktok", "55000", 100, 50000, True),
        _s(13, "Tiktok comments (custom)", "Custom Comments", "Tiktok", "120000", 5, 500, False),
        _s(14, "Tiktok shares | No refill", "Default", "Tiktok", "8000", 100, 1000000, False),
        _s(15, "Youtube subscribers | Refill 30 days", "Default", "Youtube", "350000", 50, 10000, True),
        _s(16, "Youtube likes | Refill 30 days", "Default", "Youtube", "40000", 50, 50000, True),
        _s(17, "Youtube comments (custom)", "Custom Comments", "Youtube", "200000", 5, 300, False),
        _s(18, "Youtube watch time 4000 hours package", "Package", "Youtube", "2500000", 1, 1, False),
        _s(19, "Instagram followers | Refill 30 days", "Default", "Instagram", "45000", 50, 100000, True),
        _s(20, "Instagram likes | No refill", "Default", "Instagram", "9000", 20, 50000, False),
        _s(21, "Instagram reel views", "Default", "Instagram", "1500", 100, 10000000, False),
        _s(22, "Instagram comments (custom)", "Custom Comments", "Instagram", "150000", 5, 500, False),
        _s(23, "Instagram story views", "Default", "Instagram", "6000", 100, 100000, False),
        _s(24, "Telegram channel members | Refill 7 days", "Default", "Telegram", "38000", 100, 50000, True),
        _s(25, "Telegram post views", "Default", "Telegram", "700", 100, 1000000, False),
        _s(26, "Telegram post reactions", "Default", "Telegram", "12000", 10, 100000, False),
        _s(27, "Telegram premium members | Bảo hành 15 ngày", "Default", "Telegram", "160000", 100, 20000, True),
        _s(28, "Shopee shop followers", "Default", "Shopee", "60000", 100, 10000, False),
        _s(29, "Shopee product likes", "Default", "Shopee", "45000", 100, 10000, False),
        _s(30, "Shopee live views package", "Package", "Shopee", "300000", 1, 1, False),
    ]


def standard_extras() -> list[SandboxService]:
    """Published by the `standard` profile only: a drip-feed service."""
    return [_s(31, "Instagram likes drip-feed", "Default", "Instagram", "9500", 20, 100000, False, dripfeed=True)]
