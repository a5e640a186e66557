"""One aiosqlite connection, transactions, and the migration runner.

The connection runs in autocommit mode and every write that must be atomic goes
through `transaction()`, which holds a lock: with one shared connection, two tasks
must never interleave statements of two transactions.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

import aiosqlite

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
_MIGRATION_NAME = re.compile(r"^(\d{4})_[\w-]+\.sql$")
FOREIGN_KEYS_OFF = "-- foreign_keys: off"  # the first line of a migration that rebuilds a referenced table


def like_escaped(text: str) -> str:
    """`text` for a LIKE pattern with ESCAPE '\\': its own %, _ and \\ match literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


ROWS_PER_STATEMENT = 100  # rows of one multi-row VALUES: a few hundred parameters, far below SQLite's limit
IDS_PER_STATEMENT = 500  # ids of one `IN (...)`: far below SQLite's limit on parameters

T = TypeVar("T")


def chunks(items: Sequence[T], size: int = IDS_PER_STATEMENT) -> Iterator[Sequence[T]]:
    """`items` in slices of `size`, for statements over many rows or ids."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def values_list(rows: int, width: int) -> str:
    """`(?, …), (?, …)`: the VALUES of `rows` rows of `width` columns, for one statement over many rows."""
    return ", ".join(["(" + ", ".join("?" * width) + ")"] * rows)


class MigrationError(RuntimeError):
    pass


class Connection(Protocol):
    """What a repository runs its statements on: the `Database` (each write its own transaction)
    or an open `Transaction` (everything inside it)."""

    async def fetch_one(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None: ...

    async def fetch_all(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]: ...

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int: ...

    async def changes(self, sql: str, params: Iterable[Any] = ()) -> int: ...

    async def execute_many(self, sql: str, rows: Iterable[Iterable[Any]]) -> int: ...


async def insert_rows(conn: Connection, head: str, rows: Sequence[Sequence[Any]]) -> int:
    """`head VALUES (…), (…)`: many rows in one statement per ROWS_PER_STATEMENT (one round trip each, instead of
    one statement per row), all in one transaction; how many rows it wrote (an INSERT OR IGNORE skips known keys)."""
    if not rows:
        return 0
    written = 0
    async with atomic(conn) as tx:
        for part in chunks(rows, ROWS_PER_STATEMENT):
            values = values_list(len(part), len(part[0]))
            written += await tx.changes(f"{head} VALUES {values}", [value for row in part for value in row])
    return written


@asynccontextmanager
async def atomic(conn: Connection) -> AsyncIterator[Connection]:
    """Several statements as one: a new transaction on the `Database`, or the open one a `Transaction` is."""
    if isinstance(conn, Database):
        async with conn.transaction() as tx:
            yield tx
    else:
        yield conn


class Database:
    """The shop's SQLite database. `await Database.open(path)`, then `close()`."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._conn = connection
        self._lock = asyncio.Lock()
        self._holder: asyncio.Task | None = None

    @classmethod
    async def open(cls, path: Path | str, migrations: Path = MIGRATIONS_DIR) -> Database:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        connection = await aiosqlite.connect(str(path), isolation_level=None)
        connection.row_factory = sqlite3.Row
        for pragma in ("journal_mode = WAL", "foreign_keys = ON", "busy_timeout = 5000", "synchronous = NORMAL"):
            await connection.execute(f"PRAGMA {pragma}")
        database = cls(connection)
        try:
            await database.migrate(migrations)
        except BaseException:
            await connection.close()
            raise
        return database

    async def close(self) -> None:
        await self._conn.close()

    # --- queries --------------------------------------------------------------------

    @asynccontextmanager
    async def _locked(self) -> AsyncIterator[None]:
        """The connection, for one task at a time. A task that already holds it (a query inside its own
        transaction, which should use the Transaction) fails loudly instead of waiting for itself forever."""
        task = asyncio.current_task()
        if self._holder is task:
            raise RuntimeError("database used inside a transaction of the same task: use the transaction")
        async with self._lock:
            self._holder = task
            try:
                yield
            finally:
                self._holder = None

    async def fetch_all(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        async with self._locked():
            return list(await self._conn.execute_fetchall(sql, tuple(params)))  # one round trip

    async def fetch_one(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
        async with self._locked():
            cursor = await self._conn.execute(sql, tuple(params))
            return await cursor.fetchone()

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run one statement; returns the last row ID."""
        async with self.transaction() as tx:
            return await tx.execute(sql, params)

    async def changes(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run one statement; returns how many rows it changed."""
        async with self.transaction() as tx:
            return await tx.changes(sql, params)

    async def execute_many(self, sql: str, rows: Iterable[Iterable[Any]]) -> int:
        """One statement over many rows, in one transaction; returns how many rows it changed."""
        async with self.transaction() as tx:
            return await tx.execute_many(sql, rows)

    @asynccontextmanager
    async def traced(self) -> AsyncIterator[list[str]]:
        """Every SQL statement SQLite runs meanwhile (with its parameters filled in), in order.

        For the statement-count tests and the benches: a screen or a sync costs what it runs."""
        statements: list[str] = []
        await self._conn.set_trace_callback(statements.append)
        try:
            yield statements
        finally:
            await self._conn.set_trace_callback(None)  # type: ignore[arg-type]  # None switches tracing off

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception."""
        async with self._locked():
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield Transaction(self._conn)
            except BaseException:
                await self._conn.execute("ROLLBACK")
                raise
            await self._conn.execute("COMMIT")

    # --- migrations -------------------------------------------------------------------

    async def migrate(self, directory: Path = MIGRATIONS_DIR) -> list[str]:
        """Apply the migrations not yet applied, in order, each in its own transaction."""
        await self._conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        done = {row["version"] for row in await self.fetch_all("SELECT version FROM schema_migrations")}
        applied = []
        for version, path in migration_files(directory):
            if version in done:
                continue
            script = path.read_text(encoding="utf-8")
            rebuilds = script.startswith(FOREIGN_KEYS_OFF)
            if rebuilds:  # a table rebuild: SQLite's procedure turns foreign keys off outside the transaction
                await self._conn.execute("PRAGMA foreign_keys = OFF")
            try:
                async with self.transaction() as tx:
                    broken_before = await broken_references(tx) if rebuilds else set()
                    for statement in split_statements(script):
                        try:
                            await tx.execute(statement)
                        except sqlite3.Error as error:
                            raise MigrationError(f"{path.name}: {error}") from error
                    if rebuilds:
                        await check_references(tx, path.name, broken_before)
                    await tx.execute(
                        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                        (version, path.name, utcnow()),
                    )
            finally:
                if rebuilds:
                    await self._conn.execute("PRAGMA foreign_keys = ON")
            log.info("applied migration %s", path.name)
            applied.append(path.name)
        return applied


class Transaction:
    """Statements inside one open transaction."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._conn = connection

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        cursor = await self._conn.execute(sql, tuple(params))
        return cursor.lastrowid or 0

    async def changes(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run one statement; returns how many rows it changed."""
        cursor = await self._conn.execute(sql, tuple(params))
        return cursor.rowcount

    async def execute_many(self, sql: str, rows: Iterable[Iterable[Any]]) -> int:
        """One statement over many rows (one round trip to the database thread); how many rows it changed."""
        cursor = await self._conn.executemany(sql, [tuple(row) for row in rows])
        return cursor.rowcount

    async def fetch_one(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
        cursor = await self._conn.execute(sql, tuple(params))
        return await cursor.fetchone()

    async def fetch_all(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        return list(await self._conn.execute_fetchall(sql, tuple(params)))  # one round trip to the database thread


async def broken_references(tx: Transaction) -> set[tuple[str, int | None, str]]:
    """The rows whose foreign keys point nowhere, as (table, row ID, referenced table)."""
    return {(row[0], row[1], row[2]) for row in await tx.fetch_all("PRAGMA foreign_key_check")}


async def check_references(tx: Transaction, migration: str, before: set[tuple[str, int | None, str]]) -> None:
    """A migration run with foreign keys off must break no reference: only the broken references it made fail it.
    Those the database already had (an old row removed by hand, say) are no reason to refuse to start; they are
    logged and left as they were."""
    after = await broken_references(tx)
    made = after - before
    if made:
        tables = ", ".join(sorted({table for table, _, _ in made}))
        raise MigrationError(f"{migration}: it leaves rows whose references are broken (in {tables})")
    if after:
        tables = ", ".join(sorted({table for table, _, _ in after}))
        log.warning(
            "%s: %d rows whose references were already broken are left as they were (in %s)",
            migration,
            len(after),
            tables,
        )


def migration_files(directory: Path) -> list[tuple[int, Path]]:
    """`NNNN_name.sql` files in version order; a repeated version is an error."""
    found: dict[int, Path] = {}
    for path in sorted(directory.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise MigrationError(f"{path.name}: migration files are named NNNN_name.sql")
        version = int(match.group(1))
        if version in found:
            raise MigrationError(f"{path.name}: version {version} is also {found[version].name}")
        found[version] = path
    return sorted(found.items())


def split_statements(script: str) -> list[str]:
    """Split a SQL script into complete statements (sqlite3.executescript would COMMIT)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                statements.append(current.strip())
            current = ""
    if current.strip() and not all(part.strip().startswith("--") or not part.strip() for part in current.splitlines()):
        raise MigrationError(f"incomplete statement at the end: {current.strip()[:80]}")
    return statements
