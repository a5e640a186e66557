"""Settings errors and `python -m bot check`, run as an operator would run them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import Settings, describe_errors
from bot.panel.sandbox import PROFILES

ROOT = Path(__file__).resolve().parents[1]
PROFILE_NAMES = list(PROFILES)


def run_bot(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "PANEL_", "ADMIN_", "DATABASE_"))}
    clean["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], env={**clean, **env}, cwd=cwd, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    "name, value, words",
    [
        ("ADMIN_IDS", "12,abc", "ADMIN_IDS: must be Telegram user IDs"),
        ("ADMIN_CHAT_ID", "group", "ADMIN_CHAT_ID"),
        ("PANEL_API_URL", "panel.example/api/v2", "PANEL_API_URL: must start with http"),
        ("WEBHOOK_PORT", "99999", "WEBHOOK_PORT"),
        ("MARKUP_PERCENT", "-5", "MARKUP_PERCENT"),
        ("DEFAULT_LANGUAGE", "fr", "DEFAULT_LANGUAGE"),
    ],
)
def test_a_bad_setting_is_named(monkeypatch, name, value, words):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None)
    assert any(line.startswith(words) for line in describe_errors(caught.value)), describe_errors(caught.value)


def test_admin_ids_are_read_from_a_comma_list(monkeypatch):
    monkeypatch.setenv("ADMIN_IDS", " 12, 34 ,")
    monkeypatch.setenv("ADMIN_CHAT_ID", "")
    settings = Settings(_env_file=None)
    assert settings.admin_ids == {12, 34} and settings.admin_chat_id is None and 34 in settings.admin_ids


def test_sandbox_profiles_are_read_from_a_comma_list(monkeypatch):
    monkeypatch.setenv("SANDBOX_PROFILES", " smartpanel, standard ,")
    assert Settings(_env_file=None).sandbox_profiles == ("smartpanel", "standard")
    monkeypatch.delenv("SANDBOX_PROFILES")
    assert Settings(_env_file=None).sandbox_profiles == ()


@pytest.mark.parametrize(
    "value, line",
    [
        (
            "smartpanel, bogus",
            "SANDBOX_PROFILES: unknown sandbox profile 'bogus' (profiles: " + ", ".join(PROFILES) + ")",
        ),
        (
            "strict-http,http_errors",
            "SANDBOX_PROFILES: sandbox profiles 'strict-http' and 'http_errors' cannot be combined",
        ),
    ],
)
@pytest.mark.parametrize("command", ["check", "run"])
def test_a_bad_sandbox_profile_is_a_settings_error_at_start(tmp_path, value, line, command):
    env = {"BOT_TOKEN": "1:abc", "DATABASE_PATH": str(tmp_path / "db.sqlite3"), "SANDBOX_PROFILES": value}
    result = run_bot(command, env=env, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"  {line}" in result.stderr.splitlines()


def test_sandbox_help_lists_every_profile_with_its_description(tmp_path):
    result = run_bot("sandbox", "--help", env={}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    for name, description in PROFILES.items():
        assert any(line.split()[:2] == [name, description.split()[0]] for line in lines if line.strip()), name


def test_an_unknown_sandbox_profile_is_one_line_and_exit_code_2(tmp_path):
    result = run_bot("sandbox", "--profile", "standard", "--profile", "bogus", env={}, cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "python -m bot sandbox: unknown sandbox profile 'bogus' (profiles: " + ", ".join(PROFILE_NAMES) + ")"
    ]


@pytest.fixture
def telegram(fake_telegram) -> dict[str, str]:
    """BOT_TOKEN and TELEGRAM_API_URL of a bot the fake Telegram server knows (check asks it getMe)."""
    bot = fake_telegram.new_bot()
    return {"BOT_TOKEN": bot.token, "TELEGRAM_API_URL": fake_telegram.base_url}


def username_of(telegram: dict[str, str]) -> str:
    """The fake server's name for the bot of this token."""
    return f"shop{telegram['BOT_TOKEN'].split(':')[0]}_bot"


def test_check_against_the_sandbox_prints_a_summary(tmp_path, telegram):
    result = run_bot("check", env={**telegram, "DATABASE_PATH": str(tmp_path / "db.sqlite3")}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"telegram: ok (@{username_of(telegram)})" in result.stdout.splitlines()
    assert "panel: ok (balance 5000000 VND; 30 services in 6 categories)" in result.stdout
    assert "panel dialect: numbers as text; a one-ID status batch answered keyed by ID" in result.stdout
    assert "panel actions: refill_status supported, cancel supported" in result.stdout


def test_check_reports_the_dialect_of_a_smartpanel(tmp_path, telegram):
    env = {**telegram, "DATABASE_PATH": str(tmp_path / "db.sqlite3"), "SANDBOX_PROFILES": "smartpanel"}
    result = run_bot("check", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "a one-ID status batch answered in the single-item shape, not keyed" in result.stdout
    assert 'refill_status unsupported (HTTP 200 {"error": "This action is Invalid"}), cancel supported' in result.stdout
    assert not (tmp_path / "sandbox-panel.json").exists(), "probing wrote nothing"


def test_check_against_a_closed_port_fails_with_one_line(tmp_path, telegram):
    env = {
        **telegram,
        "DATABASE_PATH": str(tmp_path / "db.sqlite3"),
        "PANEL_READ_RETRIES": "0",
        "PANEL_API_URL": "http://127.0.0.1:9/api/v2",
        "PANEL_API_KEY": "secret-key-1",
    }
    result = run_bot("check", env=env, cwd=tmp_path)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == ["FAILED: panel: panel unavailable: cannot connect (ConnectError)"]
    assert "secret-key-1" not in result.stdout + result.stderr


def test_check_checks_every_provider_and_names_the_one_that_fails(tmp_path, telegram):
    env = {
        **telegram,
        "DATABASE_PATH": str(tmp_path / "db.sqlite3"),
        "PANEL_READ_RETRIES": "0",
        "PROVIDERS__BACKUP__API_URL": "http://127.0.0.1:9/api/v2",
        "PROVIDERS__BACKUP__API_KEY": "secret-backup-key-7",
        "PROVIDERS__SPARE__SANDBOX_PRICE_PERCENT": "150",
        "PROVIDERS__SPARE__SANDBOX_BALANCE": "750000",
    }
    result = run_bot("check", env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "FAILED: provider backup: panel unavailable: cannot connect (ConnectError)"
    ]
    lines = result.stdout.splitlines()
    assert "provider main: ok (balance 5000000 VND; 30 services in 6 categories)" in lines
    assert "provider spare: ok (balance 750000 VND; 30 services in 6 categories)" in lines, "checked all the same"
    assert any(line.startswith("provider spare dialect: numbers as text") for line in lines)
    assert any(line.startswith("provider main actions: ") for line in lines)
    assert not any(line.startswith("provider backup") for line in lines)
    assert "secret-backup-key-7" not in result.stdout + result.stderr


@pytest.mark.parametrize("url", ["http://[::1/api/v2", "http://127.0.0.1:99999/api/v2", "https:///api/v2"])
def test_a_provider_url_no_client_could_use_is_named_as_the_operator_wrote_it(tmp_path, telegram, url):
    """Caught when the settings are read (the panel client would fail on every call), by its variable's name."""
    env = {
        **telegram,
        "DATABASE_PATH": str(tmp_path / "db.sqlite3"),
        "PROVIDERS__BACKUP__API_URL": url,
        "PROVIDERS__BACKUP__API_KEY": "secret-backup-key-7",
    }
    result = run_bot("check", env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert "PROVIDERS__BACKUP__API_URL: " in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "secret-backup-key-7" not in result.stdout + result.stderr


async def test_check_names_a_provider_whose_probe_breaks_and_checks_the_others(tmp_path, telegram, monkeypatch, capsys):
    from bot import __main__ as cli
    from bot.panel import connect

    real_probe = connect.probe_from_settings

    async def probe(settings, sandbox=None, *, provider="main"):
        if provider == "spare":
            raise RuntimeError(f"the probe broke (key {settings.provider_configs()[1].api_key.get_secret_value()})")
        return await real_probe(settings, sandbox, provider=provider)

    monkeypatch.setattr(connect, "probe_from_settings", probe)
    settings = Settings(
        _env_file=None,
        bot_token=telegram["BOT_TOKEN"],
        telegram_api_url=telegram["TELEGRAM_API_URL"],
        database_path=tmp_path / "db.sqlite3",
        providers={"spare": {"api_key": "spare-key-SECRET-3"}},
    )
    assert await cli.check(settings) == 1
    out, err = capsys.readouterr()
    assert err.strip().splitlines() == ["FAILED: provider spare: RuntimeError: the probe broke (key ***)"]
    assert "provider main: ok (balance 5000000 VND; 30 services in 6 categories)" in out.splitlines()
    assert any(line.startswith("provider main actions: ") for line in out.splitlines()), "main checked whole"
    assert "spare-key-SECRET-3" not in out + err


def test_check_prints_a_claim_code_while_there_is_no_admin_and_keeps_it(tmp_path, telegram):
    env = {**telegram, "DATABASE_PATH": str(tmp_path / "db.sqlite3")}
    first, second = (run_bot("check", env=env, cwd=tmp_path) for _ in range(2))
    assert first.returncode == second.returncode == 0, first.stderr
    [line] = [line for line in first.stdout.splitlines() if line.startswith("admins:")]
    wanted = rf"admins: none yet\. To become the owner, send /claim [A-Z2-9]{{10}} to @{username_of(telegram)} in a"
    assert re.fullmatch(wanted + " private chat", line), line
    assert line in second.stdout.splitlines(), "the same code until it is claimed"
    with_admins = run_bot("check", env={**env, "ADMIN_IDS": "12,34"}, cwd=tmp_path)
    assert "admins: 2 (12, 34)" in with_admins.stdout.splitlines() and "/claim" not in with_admins.stdout


def test_check_with_a_made_up_token_fails_with_one_line(tmp_path, fake_telegram):
    env = {
        "BOT_TOKEN": "123456:made-up-secret",
        "TELEGRAM_API_URL": fake_telegram.base_url,
        "DATABASE_PATH": str(tmp_path / "db.sqlite3"),
    }
    result = run_bot("check", env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "FAILED: BOT_TOKEN: Telegram refused it (check it with @BotFather: /mybots → API Token)"
    ]
    assert "made-up-secret" not in result.stdout + result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "values, problems",
    [
        ({}, []),
        ({"bot_token": None}, ["BOT_TOKEN is not set"]),
        ({"webhook_url": "http://shop.example"}, ["WEBHOOK_URL must start with https://"]),
        ({"webhook_url": "https://shop.example", "webhook_secret": "a" * 256}, []),
        ({"webhook_url": "https://shop.example", "webhook_secret": "Ok_secret-9"}, []),
        ({"panel_api_url": "https://panel.example/api/v2"}, ["PANEL_API_KEY is not set"]),
        ({"panel_api_url": "https://panel.example/api/v2", "panel_api_key": "k"}, []),
        (
            {"bot_token": "", "webhook_url": "http://x.example", "panel_api_url": "https://p.example"},
            ["BOT_TOKEN is not set", "WEBHOOK_URL must start with https://", "PANEL_API_KEY is not set"],
        ),
    ],
)
def test_check_names_the_setting_to_fix(values, problems):
    from bot.__main__ import setting_problems

    settings = Settings(_env_file=None, **{"bot_token": "1:abc", **values})
    found = setting_problems(settings)
    assert len(found) == len(problems) and all(line.startswith(p) for line, p in zip(found, problems, strict=True)), (
        found
    )
    secret = values.get("webhook_secret")
    assert not secret or all(secret not in line for line in found), "a secret is never printed"


def test_check_lists_every_failure_naming_its_setting(tmp_path, telegram):
    env = {
        **telegram,
        "DATABASE_PATH": str(tmp_path / "db.sqlite3"),
        "WEBHOOK_URL": "http://shop.example",
        "PANEL_API_URL": "http://127.0.0.1:9/api/v2",
        "PANEL_READ_RETRIES": "0",
    }
    result = run_bot("check", env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "FAILED: WEBHOOK_URL must start with https:// (Telegram calls webhooks over HTTPS only)",
        "FAILED: PANEL_API_KEY is not set (PANEL_API_URL names a real panel, which needs its key)",
        "FAILED: panel: panel unavailable: cannot connect (ConnectError)",
    ]


@pytest.mark.parametrize("secret", ["a" * 257, "no spaces", "bäd"])
def test_a_webhook_secret_telegram_would_refuse_is_a_settings_error(tmp_path, secret):
    result = run_bot("check", env={"BOT_TOKEN": "1:abc", "WEBHOOK_SECRET": secret}, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "WEBHOOK_SECRET" in result.stderr and secret not in result.stderr


def test_bad_settings_stop_with_a_clear_message_not_a_traceback(tmp_path):
    result = run_bot(env={"ADMIN_IDS": "me"}, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "ADMIN_IDS: must be Telegram user IDs" in result.stderr


def test_without_a_token_the_bot_explains_how_to_get_one(tmp_path):
    result = run_bot(env={"DATABASE_PATH": str(tmp_path / "db.sqlite3")}, cwd=tmp_path)
    assert result.returncode == 2
    assert "@BotFather" in result.stderr and "BOT_TOKEN=" in result.stderr


def test_unreachable_telegram_is_one_clear_line_not_a_traceback(tmp_path):
    env = {
        "BOT_TOKEN": "123:abc-secret",
        "TELEGRAM_API_URL": "http://127.0.0.1:9/bot",
        "DATABASE_PATH": str(tmp_path / "db.sqlite3"),
    }
    result = run_bot(env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert "Cannot reach the Telegram Bot API at 127.0.0.1:9" in result.stderr
    assert "Traceback" not in result.stderr and "abc-secret" not in result.stderr


def test_env_example_documents_every_setting():
    from bot.config import ProviderSettings, Settings

    lines = (ROOT / ".env.example").read_text().splitlines()
    documented = {line.split("=", 1)[0] for line in lines if line and not line.startswith("#") and "=" in line}
    assert documented | {"PROVIDERS"} == {name.upper() for name in Settings.model_fields}
    # The providers' fields are nested settings: shown as commented examples of one provider.
    examples = {line.split("=", 1)[0] for line in lines if line.startswith("# PROVIDERS__") and "=" in line}
    assert examples == {f"# PROVIDERS__BACKUP__{name.upper()}" for name in ProviderSettings.model_fields}


def test_an_empty_sandbox_state_path_means_beside_the_database(tmp_path):
    """.env.example copied as it is leaves SANDBOX_STATE_PATH empty: not the current folder."""
    settings = Settings(_env_file=None, sandbox_state_path="", database_path=tmp_path / "db.sqlite3")
    assert settings.sandbox_state_path is None
