"""The one place that talks to `databases`: connections, transactions, and the SQLite writer lock.

Every other module calls `queries.py` functions, which take a `Database` and use only the
methods below. Rows come back as plain dicts with timestamps as aware UTC datetimes on both
databases (SQLite forgets offsets; asyncpg returns naive values for `timestamp`).
"""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
import logging
import sqlite3
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import databases
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql import ClauseElement

Row = dict[str, Any]

log = logging.getLogger("jubilee.db")
_writing: contextvars.ContextVar[bool] = contextvars.ContextVar("jubilee_writing", default=False)
# scope key: the request deleted something that must leave no trace on disk (see `forget_after_commit`)
FORGET_AFTER_COMMIT = "jubilee.forget_after_commit"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class UTCDateTime(sa.types.TypeDecorator[dt.datetime]):
    """A timestamp stored as naive UTC and read back as aware UTC."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value


def upsert_insert(db: Database) -> Any:
    """The dialect's INSERT that supports ON CONFLICT (both SQLite and PostgreSQL have it)."""
    return sqlite.insert if db.is_sqlite else postgresql.insert


def is_unique_violation(error: BaseException) -> bool:
    """Whether a write failed on a UNIQUE constraint (either database)."""
    if isinstance(error, asyncpg.exceptions.UniqueViolationError):
        return True
    return isinstance(error, sqlite3.IntegrityError) and "UNIQUE" in str(error).upper()


def _aware(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def _row(record: Any) -> Row:
    return {key: _aware(record[key]) for key in record._mapping.keys()}


class _SQLiteConnection(sqlite3.Connection):
    """Every SQLite connection gets the same pragmas (`databases` opens one per task).
    `secure_delete` overwrites what a deleted or changed row held with zeros, in the file and in
    the write-ahead log, instead of leaving it in free space."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.execute("PRAGMA secure_delete = ON")
        self.execute("PRAGMA foreign_keys = ON")
        self.execute("PRAGMA busy_timeout = 10000")
        self.execute("PRAGMA synchronous = NORMAL")


def async_url(url: str) -> str:
    """The SQLAlchemy async URL for Alembic and other engine users."""
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url.removeprefix("sqlite:///")
    if url.startswith("postgresql://"):
        return "postgresql+asyncpg://" + url.removeprefix("postgresql://")
    return url


class Database:
    """A connection pool plus the rules for writing: one transaction, one SQLite writer at a time."""

    def __init__(self, url: str, *, pool_size: int = 10) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            self._db = databases.Database(url, factory=_SQLiteConnection, timeout=10)
        else:
            plain = url.replace("postgresql+asyncpg://", "postgresql://", 1)
            self._db = databases.Database(plain, min_size=1, max_size=pool_size)
        self._write_lock: asyncio.Lock | None = None

    @property
    def dialect(self) -> str:
        return "sqlite" if self.is_sqlite else "postgresql"

    async def connect(self) -> None:
        self._write_lock = asyncio.Lock()
        await self._db.connect()
        if self.is_sqlite:
            await self._db.execute("PRAGMA journal_mode = WAL")

    async def disconnect(self) -> None:
        await self._db.disconnect()

    @asynccontextmanager
    async def session(self) -> AsyncIterator[None]:
        """Share one connection among all queries of the current task (one request)."""
        async with self._db.connection():
            yield

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[None]:
        """One transaction; on SQLite also the process-wide writer lock. Nests as a savepoint."""
        if _writing.get():
            async with self._db.transaction():
                yield
            return
        assert self._write_lock is not None, "Database.connect() was not called"
        token = _writing.set(True)
        try:
            if self.is_sqlite:
                async with self._write_lock, self._db.transaction():
                    yield
            else:
                async with self._db.transaction():
                    yield
        finally:
            _writing.reset(token)

    @property
    def in_write(self) -> bool:
        return _writing.get()

    async def fetch_one(self, query: ClauseElement) -> Row | None:
        record = await self._db.fetch_one(query)
        return None if record is None else _row(record)

    async def fetch_all(self, query: ClauseElement) -> list[Row]:
        return [_row(r) for r in await self._db.fetch_all(query)]

    async def fetch_val(self, query: ClauseElement) -> Any:
        return _aware(await self._db.fetch_val(query))

    async def execute(self, query: ClauseElement) -> Any:
        """Run one statement; writes outside `writing()` get their own short transaction."""
        if self.in_write:
            return await self._db.execute(query)
        async with self.writing():
            return await self._db.execute(query)

    async def insert(self, query: sa.Insert) -> Any:
        """Insert one row and return its primary key (both databases, via RETURNING)."""
        key = next(iter(query.table.primary_key.columns))  # type: ignore[attr-defined]
        return await self.write_returning_val(query.returning(key))

    async def insert_unless_duplicate(self, query: sa.Insert) -> Any | None:
        """Insert one row and return its primary key, or None when a UNIQUE constraint refused it.
        The insert runs in a savepoint, so the caller's transaction goes on after a collision (on
        PostgreSQL a concurrent insert of the same key waits for the other to commit, then loses)."""
        try:
            async with self.writing():
                return await self.insert(query)
        except (asyncpg.exceptions.UniqueViolationError, sqlite3.IntegrityError) as error:
            if not is_unique_violation(error):
                raise
            return None

    async def write_returning_val(self, query: ClauseElement) -> Any:
        if self.in_write:
            return await self._db.fetch_val(query)
        async with self.writing():
            return await self._db.fetch_val(query)

    async def write_returning(self, query: ClauseElement) -> list[Row]:
        """A write with RETURNING rows (for example claiming queued work)."""
        if self.in_write:
            return [_row(r) for r in await self._db.fetch_all(query)]
        async with self.writing():
            return [_row(r) for r in await self._db.fetch_all(query)]

    async def execute_many(self, query: ClauseElement, values: Sequence[Mapping[str, Any]]) -> None:
        if self.in_write:
            await self._db.execute_many(query, list(values))
            return
        async with self.writing():
            await self._db.execute_many(query, list(values))

    async def raw(self, sql: str) -> None:
        await self._db.execute(sa.text(sql))

    async def checkpoint(self) -> bool:
        """SQLite: copy the write-ahead log into the file and empty it, so the file holds only
        the current pages (deleted rows zeroed by `secure_delete`) and the log nothing older.
        Outside any transaction. False when a reader kept part of the log in use."""
        if not self.is_sqlite:
            return True
        result = await self.fetch_one(sa.text("PRAGMA wal_checkpoint(TRUNCATE)"))
        return result is not None and not list(result.values())[0]


def forget_after_commit(scope: Any) -> None:
    """Ask that this request's deletions leave nothing on disk by the time it answers: once its
    transaction commits, and before the response starts, the SQLite log is checkpointed."""
    scope[FORGET_AFTER_COMMIT] = True


class RequestTransaction:
    """One connection per request; unsafe methods run in one transaction, committed just before
    the response starts (so a failed commit becomes a 500, never a false "saved"), rolled back
    when the endpoint raises."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        db: Database = scope["state"]["db"]
        async with db.session():
            if scope["method"] in ("GET", "HEAD", "OPTIONS"):
                await self.app(scope, receive, send)
                return
            await self._in_transaction(db, scope, receive, send)

    @staticmethod
    async def _forget(db: Database, scope: Any) -> None:
        if scope.get(FORGET_AFTER_COMMIT) and not await db.checkpoint():
            log.warning("the SQLite log was in use: deleted rows leave it at its next checkpoint")

    async def _in_transaction(self, db: Database, scope: Any, receive: Any, send: Any) -> None:
        token = _writing.set(True)
        transaction = db._db.transaction()
        lock = db._write_lock if db.is_sqlite else None
        if lock is not None:
            await lock.acquire()
        open_ = True
        try:
            await transaction.start()

            async def send_after_commit(message: Any) -> None:
                nonlocal open_
                if message["type"] == "http.response.start" and open_:
                    open_ = False
                    await transaction.commit()
                    await self._forget(db, scope)
                await send(message)

            try:
                await self.app(scope, receive, send_after_commit)
            except BaseException:
                if open_:
                    open_ = False
                    await transaction.rollback()
                raise
            if open_:
                open_ = False
                await transaction.commit()
                await self._forget(db, scope)
        finally:
            if lock is not None:
                lock.release()
            _writing.reset(token)
