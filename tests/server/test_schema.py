"""The migrations build exactly the tables the code declares, on both databases."""

from __future__ import annotations

import asyncio

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import pool
from sqlalchemy.ext.asyncio import create_async_engine

from server.db import async_url
from server.migrate import downgrade, upgrade
from server.schema import DECLARED, metadata


def _differences(url: str) -> list[object]:
    async def main() -> list[object]:
        engine = create_async_engine(async_url(url), poolclass=pool.NullPool)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(
                    lambda sync: compare_metadata(
                        MigrationContext.configure(sync, opts={"compare_type": True}), metadata
                    )
                )
        finally:
            await engine.dispose()

    return asyncio.run(main())


def test_migrations_produce_exactly_the_declared_tables(database_url):
    assert _differences(database_url) == []


def test_migrations_go_down_to_nothing_and_back_up(database_url):
    downgrade(database_url, "base")
    upgrade(database_url)
    assert _differences(database_url) == []


def test_every_table_is_declared_by_the_shell_or_one_domain():
    assert set(metadata.tables) == DECLARED
