"""The built-in simulated panel: the default panel and the panel of the tests."""

from bot.panel.sandbox.dialect import PROFILES
from bot.panel.sandbox.panel import ManualClock, SandboxPanel
from bot.panel.sandbox.serve import SANDBOX_URL, SandboxServer, SandboxTransport

__all__ = ["PROFILES", "SANDBOX_URL", "ManualClock", "SandboxPanel", "SandboxServer", "SandboxTransport"]
