"""Build the panel clients the settings ask for: real panels, or built-in sandboxes.

Every provider (`main` from PANEL_API_URL / PANEL_API_KEY, the others from PROVIDERS__<NAME>__…) is a real
panel when it has an API URL, else an in-process sandbox panel with its own state file.
"""

from __future__ import annotations

import httpx

from bot.config import MAIN_PROVIDER, ProviderConfig, Settings
from bot.panel.client import PanelClient
from bot.panel.probe import PanelDialect, probe_panel
from bot.panel.sandbox import SANDBOX_URL, SandboxPanel, SandboxTransport


def _config(settings: Settings, provider: str) -> ProviderConfig:
    for config in settings.provider_configs():
        if config.name == provider:
            return config
    raise KeyError(f"no provider named {provider!r}")


def sandbox_from_settings(
    settings: Settings, *, persistent: bool = True, provider: str = MAIN_PROVIDER
) -> SandboxPanel:
    config = _config(settings, provider)
    return SandboxPanel(
        key=config.api_key.get_secret_value() or None,
        balance=config.sandbox_balance,
        pending_seconds=settings.sandbox_pending_seconds,
        progress_seconds=settings.sandbox_progress_seconds,
        state_path=settings.sandbox_state_file_of(provider) if persistent else None,
        profiles=settings.sandbox_profiles if provider == MAIN_PROVIDER else (),
        price_percent=config.sandbox_price_percent,
    )


def panel_endpoint(
    settings: Settings, sandbox: SandboxPanel | None = None, *, provider: str = MAIN_PROVIDER
) -> tuple[str, str, httpx.AsyncBaseTransport | None]:
    """(URL, key, transport) of a provider's panel: its API URL, or with none set an in-process sandbox panel."""
    config = _config(settings, provider)
    transport, url, key = None, config.api_url, config.api_key.get_secret_value()
    if config.uses_sandbox:
        transport = SandboxTransport(sandbox or sandbox_from_settings(settings, provider=provider))
        url, key = SANDBOX_URL, key or "sandbox"
    return url, key, transport


def panel_from_settings(
    settings: Settings, sandbox: SandboxPanel | None = None, *, provider: str = MAIN_PROVIDER
) -> PanelClient:
    """The client of one provider (`main`: PANEL_API_URL; with none set, a client of an in-process sandbox)."""
    url, key, transport = panel_endpoint(settings, sandbox, provider=provider)
    return PanelClient(
        url,
        key,
        transport=transport,
        connect_timeout=settings.panel_connect_timeout,
        read_timeout=settings.panel_read_timeout,
        read_retries=settings.panel_read_retries,
        max_concurrency=settings.panel_max_concurrency,
    )


async def probe_from_settings(
    settings: Settings, sandbox: SandboxPanel | None = None, *, provider: str = MAIN_PROVIDER
) -> PanelDialect:
    """The dialect of a provider's panel (see `bot.panel.probe`)."""
    url, key, transport = panel_endpoint(settings, sandbox, provider=provider)
    return await probe_panel(
        url,
        key,
        transport=transport,
        connect_timeout=settings.panel_connect_timeout,
        read_timeout=settings.panel_read_timeout,
        attempts=settings.panel_read_retries + 1,
    )
