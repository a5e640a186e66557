"""The layers hold: handlers reach the shop only, the store knows no panel, settings import no layer."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[1] / "bot"

# package → the bot packages it must never import
FORBIDDEN = {
    "telegram": ("bot.store", "bot.panel"),
    "store": ("bot.panel", "bot.shop", "bot.telegram"),
    "panel": ("bot.store", "bot.shop", "bot.telegram"),
    "shop": ("bot.telegram",),
}


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports, at any depth (inside functions and TYPE_CHECKING blocks too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def crossings(package: str, root: Path = BOT) -> list[str]:
    return [
        f"{path.relative_to(root.parent)} imports {name}"
        for path in sorted((root / package).rglob("*.py"))
        for name in sorted(imports_of(path))
        if name.startswith(FORBIDDEN[package])
    ]


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_layer_imports_only_what_is_below_it(package):
    assert crossings(package) == []


def test_settings_import_no_layer():
    layers = ("bot.store", "bot.panel", "bot.shop", "bot.telegram")
    assert [name for name in imports_of(BOT / "config.py") if name.startswith(layers)] == []


def test_the_rule_sees_a_crossing(tmp_path):
    """A handler that imports the store is caught (the check itself can fail)."""
    fake = tmp_path / "bot" / "telegram"
    fake.mkdir(parents=True)
    (fake / "sneaky.py").write_text("from bot.store.orders import OrderRepo\n")
    assert crossings("telegram", tmp_path / "bot") == ["bot/telegram/sneaky.py imports bot.store.orders"]
