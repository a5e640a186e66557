# A small image of the shop bot: non-root, data on a volume, `python -m bot` as the command.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DATABASE_PATH=/data/bot.sqlite3

RUN useradd --create-home --uid 10001 shop && mkdir /data && chown shop /data
WORKDIR /app

COPY pyproject.toml README.md ./
COPY bot ./bot
COPY migrations ./migrations
RUN pip install -e .

USER shop
VOLUME ["/data"]
CMD ["python", "-m", "bot"]
