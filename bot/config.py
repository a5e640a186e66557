"""All settings of the bot, read from the environment and `.env`.

The names in the settings contract (docs/architecture.md) are fixed; every other one is
documented in `.env.example`. A bad value must become a one-line error naming the
setting (see `describe_errors`), never a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

OFFICIAL_TELEGRAM_API_URL = "https://api.telegram.org/bot"

# SUPPORT_CONTACT: a Telegram @username, or an https link.
_TELEGRAM_NAME = re.compile(r"^@[A-Za-z][A-Za-z0-9_]{3,31}$")
_HTTPS_LINK = re.compile(r"^https://[^\s/]+\.[^\s]+$")

# The kinds of admin notice ADMIN_TOPICS can route to a forum topic.
NOTICE_TOPICS = ("orders", "problems", "deposits", "balance", "catalog", "support")

# The platforms CATEGORY_PLATFORMS can name, and the link hosts that belong to each.
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


def http_url(value: str) -> str:
    """An http(s) URL with a host and, if given, a port the network can use ("" stays "": not set)."""
    value = value.strip()
    if not value:
        return value
    if not value.startswith(("http://", "https://")):
        raise ValueError("must start with http:// or https://")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - reading it checks the port (0-65535)
    except ValueError as error:
        raise ValueError(f"is not a usable URL ({error})") from None
    if not parts.hostname:
        raise ValueError("must name a host, e.g. https://yourpanel.com/api/v2")
    return value


def parse_topics(text: str) -> dict[str, int]:
    """ADMIN_TOPICS: `orders=12, problems=13` → {"orders": 12, "problems": 13}."""
    topics = {}
    for part in text.replace(";", ",").split(","):
        if not part.strip():
            continue
        kind, sep, thread = part.partition("=")
        kind = kind.strip().lower()
        if not sep or kind not in NOTICE_TOPICS or not thread.strip().isdigit():
            raise ValueError(f"'{part.strip()}' is not kind=topic_id (kinds: {', '.join(NOTICE_TOPICS)})")
        topics[kind] = int(thread.strip())
    return topics


def parse_platform_map(text: str) -> dict[str, str]:
    """CATEGORY_PLATFORMS: `Facebook=facebook; Tiktok=tiktok` → {"facebook": "facebook", "tiktok": "tiktok"}.

    Category names are lower-cased.
    """
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


MAIN_PROVIDER = "main"  # PANEL_API_URL / PANEL_API_KEY (or the built-in sandbox): the provider every shop has
_PROVIDER_NAME = re.compile(r"^[a-z][a-z0-9_]{0,15}$")


class ProviderSettings(BaseModel):
    """One more panel, from `PROVIDERS__<NAME>__<FIELD>` (e.g. PROVIDERS__BACKUP__API_URL)."""

    api_url: str = Field(default="", description="the panel's API v2 URL; empty: a built-in sandbox panel")
    api_key: SecretStr = SecretStr("")
    currency: str = Field(default="", description="the panel's currency; empty: as its balance reports it")
    rate: Decimal | None = Field(
        default=None,
        gt=0,
        description="shop currency units per unit of this panel's currency; empty: SHOP_CURRENCY_RATE",
    )
    enabled: bool = True
    listed: bool = Field(
        default=False,
        description="true: its services are sold in the shop under their own numbers (<name>-<ID>); "
        "false: it only serves as a fallback on routes",
    )
    sandbox_price_percent: Decimal = Field(
        default=Decimal(100), gt=0, le=10000, description="a sandbox provider's prices, in percent of the built-in ones"
    )
    sandbox_balance: Decimal = Field(default=Decimal("5000000"), ge=0)
    low_balance_threshold: Decimal = Field(
        default=Decimal(0), ge=0, description="alert the admins below this balance, in its currency; 0: off"
    )

    @field_validator("api_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        return http_url(value)

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        value = value.strip().upper()
        if value and not (value.isalpha() and 2 <= len(value) <= 5):
            raise ValueError("must be a currency code such as VND or USD")
        return value

    @field_validator("rate", mode="before")
    @classmethod
    def _empty_rate(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


@dataclass(frozen=True)
class ProviderConfig:
    """A provider as the shop uses it: `main` from the PANEL_* settings, the others from PROVIDERS__*."""

    name: str
    api_url: str  # "": the built-in sandbox
    api_key: SecretStr
    currency: str  # "": as the panel reports
    rate: Decimal  # shop currency units per unit of the panel's currency
    enabled: bool
    listed: bool
    sandbox_price_percent: Decimal = Decimal(100)
    sandbox_balance: Decimal = Decimal("5000000")
    low_balance_threshold: Decimal = Decimal(0)  # in its currency; 0: no alert

    @property
    def uses_sandbox(self) -> bool:
        return not self.api_url


class Settings(BaseSettings):
    """The bot's configuration; field names are the environment variable names."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        env_nested_delimiter="__",
    )

    # Telegram
    bot_token: SecretStr | None = None
    telegram_api_url: str = OFFICIAL_TELEGRAM_API_URL
    webhook_url: str = ""
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_secret: SecretStr | None = None
    webhook_path: str = Field(default="telegram", max_length=200)

    # Admins
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    admin_chat_id: int | None = None
    admin_topics: str = ""

    # Panel
    panel_api_url: str = ""
    panel_api_key: SecretStr = SecretStr("")
    panel_rate_per: int = Field(default=1000, ge=1)
    panel_connect_timeout: float = Field(default=10.0, gt=0)
    panel_read_timeout: float = Field(default=30.0, gt=0)
    panel_read_retries: int = Field(default=3, ge=0, le=10)
    panel_max_concurrency: int = Field(default=4, ge=1, le=32)
    panel_interactive_timeout: float = Field(
        default=4.0,
        gt=0,
        le=60,
        description="Seconds a customer's Refresh (and an admin's /pbalance) waits for the panel before showing the "
        "last known state. Refresh, Cancel, refills and placing an order have their own connections, apart from the "
        "syncs; the writes among them (cancel, refill, add) keep PANEL_READ_TIMEOUT, as giving up cannot unsend them.",
    )

    # More panels: PROVIDERS__<NAME>__API_URL, …__API_KEY, … (see ProviderSettings); `main` is PANEL_*
    providers: dict[str, ProviderSettings] = Field(
        default_factory=dict, description="more panels besides main, by name (PROVIDERS__<NAME>__<FIELD>)"
    )

    # Sandbox panel (used when PANEL_API_URL is empty)
    sandbox_balance: Decimal = Field(default=Decimal("5000000"), ge=0)
    sandbox_pending_seconds: float = Field(default=10.0, ge=0)
    sandbox_progress_seconds: float = Field(default=60.0, ge=0)
    sandbox_state_path: Path | None = None
    sandbox_profiles: Annotated[tuple[str, ...], NoDecode] = ()

    # Shop
    database_path: Path = Path("data/bot.sqlite3")
    shop_currency: str = ""
    shop_currency_rate: Decimal = Field(default=Decimal(1), gt=0)
    markup_percent: Decimal = Field(default=Decimal(30), ge=0, le=10000)
    default_language: Literal["en", "vi"] = "en"
    catalog_sync_minutes: float = Field(default=60.0, gt=0)
    status_sync_seconds: float = Field(default=60.0, gt=0)
    balance_check_minutes: float = Field(default=10.0, gt=0)
    low_balance_threshold: Decimal = Field(default=Decimal(0), ge=0)
    balance_remind_hours: float = Field(default=6.0, gt=0)
    panel_down_alert_minutes: float = Field(default=10.0, ge=0)
    deposit_requests: bool = True
    deposit_min: Decimal = Field(default=Decimal(10000), gt=0)
    deposit_max: Decimal = Field(default=Decimal(50000000), gt=0)
    stars_enabled: bool = False
    stars_rate: Decimal = Field(default=Decimal(250), gt=0)
    sync_flag_after: int = Field(default=5, ge=1)
    unknown_status_alert_after: int = Field(default=3, ge=1, le=1000)
    stuck_default_hours: float = Field(default=24.0, gt=0, le=24 * 90)
    stuck_factor: float = Field(default=3.0, ge=1, le=100)
    refill_cooldown_hours: float = Field(default=24.0, ge=0)
    capability_recheck_hours: float = Field(default=24.0, gt=0, le=24 * 365)
    push_per_second: float = Field(default=29.5, gt=0, le=30)
    push_chat_interval: float = Field(default=1.0, ge=0)
    push_group_interval: float = Field(default=3.0, ge=0)
    push_max_attempts: int = Field(default=5, ge=1)
    outbox_poll_seconds: float = Field(default=1.0, gt=0)
    category_platforms: str = ""
    order_timeout_minutes: float = Field(default=15.0, gt=0)
    quote_minutes: float = Field(default=15.0, gt=0, le=24 * 60)
    list_max_lines: int = Field(default=50, ge=1, le=1000)
    list_max_line_length: int = Field(default=300, ge=10, le=4000)
    admins_order_free: bool = False
    payment_instructions: str = ""
    referral_percent: Decimal = Field(
        default=Decimal(0),
        ge=0,
        le=100,
        description="what inviters earn, in percent of what the customers they invited paid for delivered work; "
        "0: no invite links, no rewards",
    )
    support_contact: str = Field(default="", max_length=200)
    support_max_open: int = Field(
        default=3, ge=1, le=100, description="support tickets a customer may have open (not closed) at once"
    )
    support_per_minute: int = Field(
        default=5, ge=1, le=100, description="messages a customer may write to support in a minute (anti-flood)"
    )
    shop_timezone: str = Field(default="", max_length=64)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    outbox_keep_days: float = Field(
        default=7.0, gt=0, le=3650, description="days sent and dropped outbox messages are kept before pruning"
    )
    broadcast_share: float = Field(
        default=0.5, gt=0, le=1, description="the share of PUSH_PER_SECOND a broadcast may use at most"
    )
    code_tries: int = Field(
        default=5, ge=1, le=1000, description="codes typed that did not apply before a customer must wait"
    )
    code_tries_minutes: float = Field(
        default=10.0, gt=0, le=24 * 60, description="the window of CODE_TRIES; the wait ends as the oldest leaves it"
    )

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        """Accept `1,2, 3` (the documented form) as well as a list."""
        if isinstance(value, str):
            parts = [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]
            if not all(p.lstrip("-").isdigit() for p in parts):
                raise ValueError("must be Telegram user IDs (numbers) separated by commas, e.g. 12345,67890")
            return frozenset(int(p) for p in parts)
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("providers")
    @classmethod
    def _provider_names(cls, value: dict[str, ProviderSettings]) -> dict[str, ProviderSettings]:
        named = {}
        for name, provider in value.items():
            name = name.strip().lower()
            if name == MAIN_PROVIDER:
                raise ValueError("'main' is PANEL_API_URL / PANEL_API_KEY: give the other panels other names")
            if not _PROVIDER_NAME.match(name):
                raise ValueError(f"'{name}' is not a provider name (a letter, then up to 15 letters, digits or _)")
            if provider.api_url and not provider.api_key.get_secret_value().strip():
                raise ValueError(f"{name}: API_KEY is not set (API_URL names a real panel, which needs its key)")
            named[name] = provider
        return named

    @field_validator("sandbox_profiles", mode="before")
    @classmethod
    def _sandbox_profiles(cls, value: object) -> object:
        """`smartpanel, standard` → ("smartpanel", "standard").

        The names are checked against the sandbox's profiles at start (`python -m bot`), since
        the settings import no layer."""
        if isinstance(value, str):
            value = value.replace(";", ",").split(",")
        if isinstance(value, list | tuple):
            return tuple(str(name).strip() for name in value if str(name).strip())
        return value

    @field_validator("admin_chat_id", "sandbox_state_path", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("telegram_api_url", "panel_api_url", "webhook_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        return http_url(value)

    @field_validator("webhook_path")
    @classmethod
    def _webhook_path(cls, value: str) -> str:
        """`/telegram/` → `telegram`: the path below WEBHOOK_URL, without its slashes."""
        value = value.strip().strip("/")
        if not re.fullmatch(r"[A-Za-z0-9._~/-]*", value):
            raise ValueError("must be a URL path such as telegram or hooks/shop (letters, digits, . _ ~ - /)")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        """Telegram accepts 1–256 characters A–Z, a–z, 0–9, _ and -; empty = generated (see bot/app.py)."""
        if value is None or not value.get_secret_value().strip():
            return None
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value().strip()):
            raise ValueError("must be 1 to 256 characters: letters, digits, _ and - (or empty: the bot makes one)")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("shop_currency")
    @classmethod
    def _currency_code(cls, value: str) -> str:
        value = value.strip().upper()
        if value and not (value.isalpha() and 2 <= len(value) <= 5):
            raise ValueError("must be a currency code such as VND or USD")
        return value

    @field_validator("category_platforms")
    @classmethod
    def _platform_map(cls, value: str) -> str:
        parse_platform_map(value)
        return value

    @field_validator("admin_topics")
    @classmethod
    def _topic_map(cls, value: str) -> str:
        parse_topics(value)
        return value

    @field_validator("support_contact")
    @classmethod
    def _support_contact(cls, value: str) -> str:
        """An @username (t.me/<name>) or an https:// link."""
        value = value.strip()
        if value and not (_TELEGRAM_NAME.match(value) or _HTTPS_LINK.match(value)):
            raise ValueError("must be a Telegram @username (e.g. @myshop_support) or an https:// link")
        return value

    @field_validator("shop_timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        value = value.strip()
        if value:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"'{value}' is not a time zone such as Asia/Ho_Chi_Minh or UTC") from None
        return value

    @property
    def support_url(self) -> str | None:
        """Where "contact support" leads: t.me/<name> for an @username, else the link; None when unset."""
        contact = self.support_contact
        if not contact:
            return None
        return contact if contact.startswith("https://") else f"https://t.me/{contact.lstrip('@')}"

    def zone_for(self, currency: str) -> ZoneInfo:
        """SHOP_TIMEZONE, else Vietnam's time for a shop in VND, else UTC."""
        if self.shop_timezone:
            return ZoneInfo(self.shop_timezone)
        return ZoneInfo("Asia/Ho_Chi_Minh" if currency.upper() == "VND" else "UTC")

    @property
    def platforms(self) -> dict[str, str]:
        return parse_platform_map(self.category_platforms)

    @property
    def uses_sandbox(self) -> bool:
        return not self.panel_api_url

    def provider_configs(self) -> list[ProviderConfig]:
        """Every provider, `main` first, then the others in the order they were configured (enabled or not)."""
        main = ProviderConfig(
            name=MAIN_PROVIDER,
            api_url=self.panel_api_url,
            api_key=self.panel_api_key,
            currency="",
            rate=self.shop_currency_rate,
            enabled=True,
            listed=True,
            sandbox_balance=self.sandbox_balance,
            low_balance_threshold=self.low_balance_threshold,
        )
        others = [
            ProviderConfig(
                name=name,
                api_url=p.api_url,
                api_key=p.api_key,
                currency=p.currency,
                rate=p.rate if p.rate is not None else self.shop_currency_rate,
                enabled=p.enabled,
                listed=p.listed,
                sandbox_price_percent=p.sandbox_price_percent,
                sandbox_balance=p.sandbox_balance,
                low_balance_threshold=p.low_balance_threshold,
            )
            for name, p in self.providers.items()
        ]
        return [main, *others]

    def sandbox_state_file_of(self, provider: str) -> Path:
        """Each sandbox provider keeps its own state; `main` keeps SANDBOX_STATE_PATH's."""
        if provider == MAIN_PROVIDER:
            return self.sandbox_state_file
        return self.database_path.with_name(f"sandbox-panel-{provider}.json")

    @property
    def sandbox_state_file(self) -> Path:
        """The sandbox keeps its state beside the database unless told otherwise."""
        return self.sandbox_state_path or self.database_path.with_name("sandbox-panel.json")

    @property
    def webhook_secret_file(self) -> Path:
        """Where the webhook secret the bot makes itself (no WEBHOOK_SECRET) is kept: beside the database."""
        return self.database_path.with_name("webhook-secret")


def describe_errors(error: ValidationError) -> list[str]:
    """One line per bad setting, naming it as the operator wrote it (upper case)."""
    lines = []
    for item in error.errors():
        # Nested settings (PROVIDERS__BACKUP__API_URL) are named by their variable, as the operator wrote them.
        name = "__".join(str(part) for part in item["loc"]).upper() or "settings"
        message = item["msg"].removeprefix("Value error, ")
        lines.append(f"{name}: {message}")
    return lines
