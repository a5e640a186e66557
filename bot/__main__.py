"""The command line: `python -m bot` runs the bot, `check` verifies the set-up, `sandbox` serves the sandbox panel."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import sys
import textwrap
from urllib.parse import urlsplit

from pydantic import ValidationError

from bot.config import ProviderConfig, Settings, describe_errors

NO_TOKEN = """\
The bot needs its token to start. Open Telegram, talk to @BotFather, send /newbot and
follow the two questions; BotFather answers with a token like 123456789:AAH...xyz.
Put it in a file named .env in this folder as the line BOT_TOKEN=<your token> (or
export BOT_TOKEN in the environment), then run this command again. Everything else
has a working default: SQLite in data/ and the built-in sandbox panel."""

# In the Docker image (the Dockerfile sets SMM_SHOP_CONTAINER) there is no "this folder" to put a .env in.
NO_TOKEN_IN_CONTAINER = """\
The bot needs its token to start. Open Telegram, talk to @BotFather, send /newbot and
follow the two questions; BotFather answers with a token like 123456789:AAH...xyz.
Give it to the container as the environment variable BOT_TOKEN: docker run -e BOT_TOKEN=<your token>
-v shopdata:/data smm-shop-bot, or the line BOT_TOKEN=<your token> in the env file of docker-compose.yml.
Every other setting is an environment variable too (see .env.example); the database lives on
the /data volume, so keep that volume between runs."""


def in_container() -> bool:
    return os.environ.get("SMM_SHOP_CONTAINER", "") not in ("", "0")


def load_settings() -> Settings:
    try:
        settings = Settings()
    except ValidationError as error:
        problems = describe_errors(error)
    else:
        problems = sandbox_setting_problems(settings)
        if not problems:
            return settings
    print("The settings have a problem:", file=sys.stderr)
    for line in problems:
        print(f"  {line}", file=sys.stderr)
    print("Fix it in .env or the environment (see .env.example).", file=sys.stderr)
    raise SystemExit(2) from None


def sandbox_setting_problems(settings: Settings) -> list[str]:
    """SANDBOX_PROFILES names known profiles that go together (checked here: the settings import no layer)."""
    if not settings.sandbox_profiles:
        return []
    from bot.panel.sandbox.dialect import resolve_profiles

    try:
        resolve_profiles(settings.sandbox_profiles)
    except ValueError as error:
        return [f"SANDBOX_PROFILES: {error}"]
    return []


def run_bot(settings: Settings) -> int:
    from telegram.error import InvalidToken, NetworkError

    from bot.app import run, telegram_username
    from bot.logs import setup_logging

    if settings.bot_token is None or not settings.bot_token.get_secret_value().strip():
        print(NO_TOKEN_IN_CONTAINER if in_container() else NO_TOKEN, file=sys.stderr)
        return 2
    setup_logging(settings)
    try:
        username = asyncio.run(telegram_username(settings))
        logging.getLogger("bot").info("starting as @%s", username)
        run(settings)
    except InvalidToken:
        print("Telegram refused BOT_TOKEN: check it with @BotFather (/mybots → API Token).", file=sys.stderr)
        return 1
    except NetworkError as error:
        host = urlsplit(settings.telegram_api_url).netloc
        print(
            f"Cannot reach the Telegram Bot API at {host}: {error}. Check the network and TELEGRAM_API_URL.",
            file=sys.stderr,
        )
        return 1
    return 0


def setting_problems(settings: Settings) -> list[str]:
    """What the settings' own validation cannot see: settings that only make sense together, and Telegram's
    rule for webhook URLs (WEBHOOK_SECRET is checked when the settings are read). One line each, naming the
    setting to fix (never its value)."""
    problems = []
    if settings.bot_token is None or not settings.bot_token.get_secret_value().strip():
        problems.append("BOT_TOKEN is not set")
    if settings.webhook_url and not settings.webhook_url.startswith("https://"):
        problems.append("WEBHOOK_URL must start with https:// (Telegram calls webhooks over HTTPS only)")
    if settings.panel_api_url and not settings.panel_api_key.get_secret_value().strip():
        problems.append("PANEL_API_KEY is not set (PANEL_API_URL names a real panel, which needs its key)")
    return problems


async def telegram_check(settings: Settings) -> tuple[str | None, str | None]:
    """(the bot's @name, None) when Telegram accepts BOT_TOKEN (getMe); else (None, why, in one line)."""
    from telegram.error import InvalidToken, NetworkError, TelegramError

    from bot.app import telegram_username

    if settings.bot_token is None or not settings.bot_token.get_secret_value().strip():
        return None, None  # reported by setting_problems
    token = settings.bot_token.get_secret_value()
    try:
        return await telegram_username(settings), None
    except InvalidToken:
        return None, "BOT_TOKEN: Telegram refused it (check it with @BotFather: /mybots → API Token)"
    except NetworkError as error:
        host = urlsplit(settings.telegram_api_url).netloc
        reason = str(error).replace(token, "***") or type(error).__name__
        return None, f"Telegram: cannot reach the Bot API at {host} ({reason}); check the network and TELEGRAM_API_URL"
    except TelegramError as error:
        return None, f"Telegram: getMe failed: {str(error).replace(token, '***')}"


async def check(settings: Settings, quick: bool = False) -> int:
    """Verify the settings, Telegram, the database and the panel; print a summary; 0 when all is well.

    `quick` (the container's health check) looks at the settings and the database only: no network."""
    from bot.shop.staff import Staff
    from bot.store import Database

    problems = setting_problems(settings)
    panel_name = "built-in sandbox panel" if settings.uses_sandbox else urlsplit(settings.panel_api_url).netloc
    print(f"settings: read (panel: {panel_name}; mode: {'webhook' if settings.webhook_url else 'long polling'})")
    username, telegram_problem = (None, None) if quick else await telegram_check(settings)
    if username is not None:
        print(f"telegram: ok (@{username})")
    if telegram_problem is not None:
        problems.append(telegram_problem)
    try:
        db = await Database.open(settings.database_path)
    except Exception as error:  # any failure to open or migrate it is a failed check
        problems.append(f"database {settings.database_path}: {error}")
    else:
        try:
            staff = await Staff(settings, db).load()
        finally:
            await db.close()
        print(f"database: ok ({settings.database_path})")
        if not quick:  # a health check runs every few seconds: its output is no place for the claim code
            print(admins_line(staff.ids, staff.owner_id, staff.claim_code, username))
    if quick:  # the container's health check: no network
        for problem in problems:
            print(f"FAILED: {problem}", file=sys.stderr)
        return 1 if problems else 0
    enabled = [config for config in settings.provider_configs() if config.enabled]
    several = len(enabled) > 1
    for lines, failed in await asyncio.gather(*(panel_check(settings, config, several) for config in enabled)):
        for line in lines:
            print(line)
        if failed is not None:
            problems.append(failed)
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    return 1 if problems else 0


async def panel_check(settings: Settings, config: ProviderConfig, several: bool) -> tuple[list[str], str | None]:
    """One provider's balance, catalog and dialect: (the lines to print, the problem or None). A one-panel shop
    reads `panel: …` as always; with several each is `provider NAME: …`. Whatever goes wrong fails this provider's
    check alone, named, and the others are still checked. Errors carry no key (see PanelClient; any other error's
    text is masked here)."""
    from bot.panel import PanelError

    label = f"provider {config.name}" if several else "panel"
    try:
        return await panel_lines(settings, config, label), None
    except PanelError as error:
        return [], f"{label}: {error}"
    except Exception as error:  # not the panel's answer: an URL httpx rejects, a probe that broke, …
        return [], f"{label}: {unexpected(error, config.api_key.get_secret_value())}"


async def panel_lines(settings: Settings, config: ProviderConfig, label: str) -> list[str]:
    """What a provider's check prints when its panel answers: balance, catalog, dialect."""
    from bot.panel.connect import panel_from_settings, probe_from_settings, sandbox_from_settings

    sandbox = sandbox_from_settings(settings, provider=config.name) if config.uses_sandbox else None
    panel = panel_from_settings(settings, sandbox, provider=config.name)
    try:
        balance = await panel.balance()
        services = await panel.services()
    finally:
        await panel.aclose()
    categories = {s.category for s in services}
    lines = [
        f"{label}: ok (balance {balance.amount} {balance.currency}; "
        f"{len(services)} services in {len(categories)} categories)"
    ]
    dialect = await probe_from_settings(settings, sandbox, provider=config.name)
    lines.extend(label + line.removeprefix("panel") for line in dialect.describe())
    return lines


def unexpected(error: BaseException, secret: str) -> str:
    """An unexpected error in one line for the operator: a group of one unwrapped to what went wrong (httpx may
    raise one), its type named, and the key masked should it be in the text."""
    while isinstance(error, BaseExceptionGroup) and len(error.exceptions) == 1:
        error = error.exceptions[0]
    text = " ".join(f"{type(error).__name__}: {error}".split()).removesuffix(":")
    return text.replace(secret, "***") if secret else text


def admins_line(ids: frozenset[int], owner_id: int | None, claim_code: str | None, username: str | None) -> str:
    if not ids:
        bot = f"@{username}" if username else "the bot"
        return f"admins: none yet. To become the owner, send /claim {claim_code} to {bot} in a private chat"
    owner = f"; owner {owner_id}" if owner_id is not None else ""
    return f"admins: {len(ids)} ({', '.join(str(i) for i in sorted(ids))}{owner})"


def profiles_help() -> str:
    """The sandbox's quirk profiles, one per entry, for `sandbox --help`."""
    from bot.panel.sandbox import PROFILES

    width = max(len(name) for name in PROFILES) + 4
    lines = ["quirk profiles (repeat --profile, or separate with commas, to combine; default: SANDBOX_PROFILES):"]
    for name, description in PROFILES.items():
        wrapped = textwrap.wrap(description, 100 - width) or [""]
        lines.append(f"  {name:<{width - 2}}{wrapped[0]}")
        lines.extend(" " * width + more for more in wrapped[1:])
    return "\n".join(lines)


def sandbox_profiles(given: list[str]) -> list[str]:
    """The names given with --profile (commas allowed); SystemExit(2) with one line if one is unknown."""
    from bot.panel.sandbox.dialect import resolve_profiles

    names = [name.strip() for item in given for name in item.split(",") if name.strip()]
    try:
        resolve_profiles(names)
    except ValueError as error:
        print(f"python -m bot sandbox: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    return names


def serve_sandbox(settings: Settings, host: str, port: int, profiles: list[str]) -> int:
    from bot.panel.connect import sandbox_from_settings
    from bot.panel.sandbox import SandboxServer

    panel = sandbox_from_settings(settings)
    profiles = profiles or list(settings.sandbox_profiles)
    panel.set_profiles(*profiles)
    server = SandboxServer(panel, host=host, port=port)
    print(f"sandbox panel at {server.url} (profiles: {', '.join(profiles) or 'none'}); Ctrl+C stops it")
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="run the bot (the default)")
    check_command = commands.add_parser("check", help="verify settings, database and panel, print a summary")
    check_command.add_argument(
        "--quick", action="store_true", help="settings and database only, no network; exit 0 or 1 (health check)"
    )
    sandbox = commands.add_parser(
        "sandbox",
        help="serve the sandbox panel over HTTP",
        description="Serve the sandbox panel (API v2) over HTTP.",
        epilog=profiles_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8900)
    sandbox.add_argument("--profile", action="append", default=[], help="a quirk profile (listed below); repeatable")
    args = parser.parse_args(argv)
    profiles = sandbox_profiles(args.profile) if args.command == "sandbox" else []
    quick = args.command == "check" and args.quick
    try:
        settings = load_settings()
    except SystemExit:
        if quick:  # a health check answers 0 or 1
            return 1
        raise
    if args.command == "check":
        return asyncio.run(check(settings, quick))
    if args.command == "sandbox":
        return serve_sandbox(settings, args.host, args.port, profiles)
    return run_bot(settings)


if __name__ == "__main__":
    sys.exit(main())
