# A small image of the shop bot: non-root, data on a volume, `python -m bot` as the command.
# The versions are those of requirements.lock (rewrite it with ./run.sh lock); the bot is installed, not editable.
FROM python:3.11-slim

# SMM_SHOP_CONTAINER: the bot's messages speak of environment variables and the /data volume, not of a .env file.
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SMM_SHOP_CONTAINER=1 \
    DATABASE_PATH=/data/bot.sqlite3

RUN useradd --create-home --uid 10001 shop && mkdir /data && chown shop /data
WORKDIR /app

# The pinned dependencies first: this layer is rebuilt only when the lock changes.
COPY requirements.lock ./
RUN pip install --no-deps -r requirements.lock

COPY pyproject.toml README.md ./
COPY bot ./bot
COPY migrations ./migrations
RUN pip install --no-deps . && pip check && rm -rf build *.egg-info

USER shop
VOLUME ["/data"]
# The webhook server's port (WEBHOOK_PORT), used only in webhook mode (WEBHOOK_URL set); long polling needs none.
EXPOSE 8443
# Settings and database only, no network: the container is unhealthy when the bot could not start on them.
HEALTHCHECK --interval=60s --timeout=10s --start-period=20s --retries=3 CMD ["python", "-m", "bot", "check", "--quick"]
CMD ["python", "-m", "bot"]
