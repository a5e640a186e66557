"""The Docker image's files: pinned dependencies, the health check, the container's messages, compose."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import requires
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.test_config_and_check import run_bot

ROOT = Path(__file__).resolve().parents[1]


def locked() -> dict[str, str]:
    """requirements.lock as {normalised name: version}; every line that is not a comment is name==version."""
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, sep, version = line.strip().partition("==")
            assert sep and version and re.fullmatch(r"[A-Za-z0-9._-]+", name), f"not name==version: {line!r}"
            pins[canonicalize_name(name)] = version
    return pins


def runtime_requirements() -> list[Requirement]:
    """The dependencies in pyproject.toml, and those the extras they ask for add (e.g. PTB's webhooks → tornado)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    direct = [Requirement(text) for text in project["dependencies"]]
    found = list(direct)
    for requirement in direct:
        for extra in requirement.extras:
            for text in requires(requirement.name) or []:
                extra_requirement = Requirement(text)
                marker = extra_requirement.marker
                if marker is not None and marker.evaluate({**default_environment(), "extra": extra}):
                    found.append(extra_requirement)
    return found


def test_the_lock_pins_every_runtime_dependency_within_pyproject_ranges():
    pins = locked()
    requirements = runtime_requirements()
    assert {"tornado", "apscheduler", "aiolimiter"} <= {canonicalize_name(r.name) for r in requirements}
    for requirement in requirements:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"requirements.lock does not pin {requirement.name} (./run.sh lock rewrites it)"
        assert requirement.specifier.contains(pins[name], prereleases=True), f"{name}=={pins[name]} ∉ {requirement}"
    assert "smm-shop-bot" not in pins, "the lock holds the dependencies, not the bot itself"


def test_the_image_installs_the_lock_and_the_bot_not_editable_and_checks_its_health():
    dockerfile = (ROOT / "Dockerfile").read_text()
    instructions = [line for line in dockerfile.splitlines() if line and not line.startswith("#")]
    assert "COPY requirements.lock ./" in instructions
    assert any("pip install --no-deps -r requirements.lock" in line for line in instructions)
    installs = [line for line in instructions if "pip install" in line]
    assert installs and not any(" -e " in line or "--editable" in line for line in installs)
    assert any(line.startswith("HEALTHCHECK") and '"check", "--quick"' in line for line in instructions)
    assert "EXPOSE 8443" in instructions
    assert any("SMM_SHOP_CONTAINER=1" in line for line in instructions)
    assert "USER shop" in instructions and 'VOLUME ["/data"]' in instructions
    assert ".env" in (ROOT / ".dockerignore").read_text().splitlines(), "a .env with the token stays out of the image"


def test_compose_keeps_the_data_on_a_volume_and_reads_an_env_file():
    compose = (ROOT / "docker-compose.yml").read_text()
    assert "env_file: shop.env" in compose
    assert "- shopdata:/data" in compose and re.search(r"^volumes:\n  shopdata:", compose, re.M)


def test_quick_check_looks_at_settings_and_database_only(tmp_path):
    env = {
        "BOT_TOKEN": "1:abc",
        "DATABASE_PATH": str(tmp_path / "db.sqlite3"),
        "PANEL_API_URL": "http://127.0.0.1:9/api/v2",  # a closed port: the quick check never calls the panel
        "PANEL_API_KEY": "quick-check-key",
        "TELEGRAM_API_URL": "http://127.0.0.1:9/bot",
    }
    result = run_bot("check", "--quick", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == [f"database: ok ({tmp_path / 'db.sqlite3'})"]
    assert result.stderr == ""


def test_quick_check_fails_with_1_without_a_token_a_database_or_good_settings(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    no_token = run_bot("check", "--quick", env={"DATABASE_PATH": str(tmp_path / "db.sqlite3")}, cwd=tmp_path)
    assert (no_token.returncode, no_token.stderr) == (1, "FAILED: BOT_TOKEN is not set\n")
    no_database = run_bot(
        "check", "--quick", env={"BOT_TOKEN": "1:abc", "DATABASE_PATH": str(tmp_path / "file" / "db")}, cwd=tmp_path
    )
    assert no_database.returncode == 1 and "FAILED: database" in no_database.stderr
    bad_setting = run_bot("check", "--quick", env={"BOT_TOKEN": "1:abc", "ADMIN_IDS": "me"}, cwd=tmp_path)
    assert bad_setting.returncode == 1 and "ADMIN_IDS" in bad_setting.stderr


def test_in_the_container_the_no_token_message_speaks_of_the_environment_and_the_volume(tmp_path):
    result = run_bot(env={"DATABASE_PATH": str(tmp_path / "db.sqlite3"), "SMM_SHOP_CONTAINER": "1"}, cwd=tmp_path)
    assert result.returncode == 2
    assert "environment variable BOT_TOKEN" in result.stderr and "/data volume" in result.stderr
    assert "in this folder" not in result.stderr and "@BotFather" in result.stderr
