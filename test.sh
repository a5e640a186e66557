#!/usr/bin/env bash
# Run the whole test suite: creates .venv on first use, installs the bot with its test extras, then runs
# ruff (lint + format check), mypy and pytest.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
if [ ! -f .venv/.installed-test ] || [ pyproject.toml -nt .venv/.installed-test ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".[test]"
    touch .venv/.installed-test .venv/.installed
fi
# Lint, format and types first: each must be clean (`./test.sh` alone runs all of it; see the README).
.venv/bin/python -m ruff check bot tests bench
.venv/bin/python -m ruff format --check bot tests bench
.venv/bin/python -m mypy
exec .venv/bin/python -m pytest "$@"
