"""The bench database on PostgreSQL, dropped and created fresh for each run."""

from __future__ import annotations

import asyncio
import contextlib
import re

from bench.common import BenchError

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/jubilee_bench"


def _split_pg_url(url: str) -> tuple[str, str]:
    base, _, name = url.rpartition("/")
    name = name.split("?")[0]
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise BenchError(f"use a plain lower-case database name in --postgres-url, not {name!r}")
    return base + "/postgres", name


async def _pg(url: str, *statements: str) -> str:
    import asyncpg

    admin_url, _ = _split_pg_url(url)
    connection = await asyncpg.connect(admin_url.replace("postgresql+asyncpg://", "postgresql://"), timeout=10)
    try:
        for statement in statements:
            await connection.execute(statement)
        return str(await connection.fetchval("SHOW server_version"))
    finally:
        await connection.close()


def recreate_database(url: str) -> str:
    """Drop and create the bench database; return the server version."""
    _, name = _split_pg_url(url)
    try:
        return asyncio.run(_pg(url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}"))
    except BenchError:
        raise
    except Exception as error:
        raise BenchError(f"PostgreSQL at {url.rsplit('/', 1)[0]} is not usable: {error}") from error


def drop_database(url: str) -> None:
    _, name = _split_pg_url(url)
    with contextlib.suppress(Exception):
        asyncio.run(_pg(url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
