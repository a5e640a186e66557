"""`python -m bot` itself: started as an operator starts it, against the fake Telegram server."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys

from tests.test_config_and_check import ROOT


async def test_the_bot_process_answers_start_and_stops_cleanly(fake_telegram, tmp_path):
    bot = fake_telegram.new_bot()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "PANEL_", "ADMIN_", "DATABASE_"))}
    env |= {
        "PYTHONPATH": str(ROOT),
        "BOT_TOKEN": bot.token,
        "TELEGRAM_API_URL": fake_telegram.base_url,
        "DATABASE_PATH": str(tmp_path / "bot.sqlite3"),
        "PANEL_API_KEY": "process-panel-key",
        "LOG_LEVEL": "DEBUG",
    }
    log_path = tmp_path / "bot.log"
    with log_path.open("w") as log:
        process = subprocess.Popen([sys.executable, "-m", "bot"], env=env, cwd=tmp_path, stdout=log, stderr=log)
        try:
            alice = fake_telegram.user(bot, 3001, "Alice")
            alice.send("/start")
            menu = await alice.expect("What would you like to do?", timeout=30)
            assert any("New order" in b["text"] for b in menu.buttons)
            alice.press("New order")
            await alice.expect("Choose a category", timeout=10)
        finally:
            process.send_signal(signal.SIGINT)
            await asyncio.to_thread(process.wait, 30)
    output = log_path.read_text()
    assert process.returncode == 0, output[-2000:]
    assert "starting as @" in output and "catalog synced: 30 services" in output
    assert bot.token not in output and "process-panel-key" not in output
