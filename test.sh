#!/usr/bin/env bash
# Run the whole test suite: creates .venv on first use, installs the bot with its test extras, runs pytest.
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
exec .venv/bin/python -m pytest "$@"
