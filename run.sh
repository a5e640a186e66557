#!/usr/bin/env bash
# Run the shop bot: creates .venv on first use, installs what it needs, then `python -m bot "$@"`.
# Examples: ./run.sh            (run the bot)     ./run.sh check    (verify the set-up)
#           ./run.sh lock       (rewrite requirements.lock, the exact versions the Docker image installs)
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
if [ "${1:-}" = "lock" ]; then
    # A clean venv with the bot's runtime dependencies only; pip freeze of it, without the bot itself.
    lockenv="$(mktemp -d)"
    trap 'rm -rf "$lockenv"' EXIT
    "$PYTHON" -m venv "$lockenv"
    "$lockenv/bin/python" -m pip install --quiet --upgrade pip
    "$lockenv/bin/python" -m pip install --quiet .
    {
        echo "# The exact runtime dependencies of the Docker image, from pyproject.toml: rewrite with ./run.sh lock"
        echo "# ($("$lockenv/bin/python" --version), $(date -u +%Y-%m-%d))."
        "$lockenv/bin/python" -m pip freeze --exclude smm-shop-bot
    } >requirements.lock.new
    mv requirements.lock.new requirements.lock
    echo "requirements.lock: $(grep -vc '^#' requirements.lock) packages"
    exit 0
fi
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
if [ ! -f .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e .
    touch .venv/.installed
fi
exec .venv/bin/python -m bot "$@"
