"""Build the panel client the settings ask for: a real panel, or the built-in sandbox."""

from __future__ import annotations

import httpx

from bot.config import Settings
from bot.panel.client import PanelClient
from bot.panel.probe import PanelDialect, probe_panel
from bot.panel.sandbox import SANDBOX_URL, SandboxPanel, SandboxTransport


def sandbox_from_settings(settings: Settings, *, persistent: bool = True) -> SandboxPanel:
    return SandboxPanel(
        key=settings.panel_api_key.get_secret_value() or None,
        balance=settings.sandbox_balance,
        pending_seconds=settings.sandbox_pending_seconds,
        progress_seconds=settings.sandbox_progress_seconds,
        state_path=settings.sandbox_state_file if persistent else None,
        profiles=settings.sandbox_profiles,
    )


def panel_endpoint(
    settings: Settings, sandbox: SandboxPanel | None = None
) -> tuple[str, str, httpx.AsyncBaseTransport | None]:
    """(URL, key, transport) of the panel: PANEL_API_URL, or with none set an in-process sandbox panel."""
    transport, url, key = None, settings.panel_api_url, settings.panel_api_key.get_secret_value()
    if settings.uses_sandbox:
        transport = SandboxTransport(sandbox or sandbox_from_settings(settings))
        url, key = SANDBOX_URL, key or "sandbox"
    return url, key, transport


def panel_from_settings(settings: Settings, sandbox: SandboxPanel | None = None) -> PanelClient:
    """The client for PANEL_API_URL; with none set, a client of an in-process sandbox panel."""
    url, key, transport = panel_endpoint(settings, sandbox)
    return PanelClient(
        url,
        key,
        transport=transport,
        connect_timeout=settings.panel_connect_timeout,
        read_timeout=settings.panel_read_timeout,
        read_retries=settings.panel_read_retries,
        max_concurrency=settings.panel_max_concurrency,
    )


async def probe_from_settings(settings: Settings, sandbox: SandboxPanel | None = None) -> PanelDialect:
    """The dialect of the panel the settings name (see `bot.panel.probe`)."""
    url, key, transport = panel_endpoint(settings, sandbox)
    return await probe_panel(
        url,
        key,
        transport=transport,
        connect_timeout=settings.panel_connect_timeout,
        read_timeout=settings.panel_read_timeout,
        attempts=settings.panel_read_retries + 1,
    )
