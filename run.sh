#!/usr/bin/env bash
# Run the shop bot: creates .venv on first use, installs what it needs, then `python -m bot "$@"`.
# Examples: ./run.sh            (run the bot)     ./run.sh check    (verify the set-up)
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
if [ ! -f .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e .
    touch .venv/.installed
fi
exec .venv/bin/python -m bot "$@"
