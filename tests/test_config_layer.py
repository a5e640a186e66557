"""bot.config sits below every layer: it parses its own values and imports none of them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import Settings, describe_errors, parse_topics

ROOT = Path(__file__).resolve().parents[1]


def test_config_imports_no_other_part_of_the_bot():
    code = "import sys, bot.config; print(sorted(m for m in sys.modules if m.startswith('bot.')))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['bot.config']"


def test_topics_and_platforms_are_parsed_by_the_settings():
    settings = Settings(_env_file=None, admin_topics="orders=11; Catalog=15", category_platforms="Facebook=facebook")
    assert settings.platforms == {"facebook": "facebook"}
    assert parse_topics(settings.admin_topics) == {"orders": 11, "catalog": 15}


@pytest.mark.parametrize(
    "name, value, words",
    [
        ("ADMIN_TOPICS", "orders=x", "ADMIN_TOPICS: 'orders=x' is not kind=topic_id"),
        ("ADMIN_TOPICS", "sales=3", "ADMIN_TOPICS: 'sales=3' is not kind=topic_id"),
        ("CATEGORY_PLATFORMS", "Facebook=myspace", "CATEGORY_PLATFORMS: 'Facebook=myspace' is not Category=platform"),
    ],
)
def test_a_bad_topic_or_platform_map_is_named(monkeypatch, name, value, words):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None)
    assert any(line.startswith(words) for line in describe_errors(caught.value)), describe_errors(caught.value)
