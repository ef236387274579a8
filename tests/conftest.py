"""Fixtures: every database test runs on SQLite and on PostgreSQL, each on a clean database.

The schema is built once per run by the real Alembic migrations; each test then starts from an
empty copy (SQLite: a copied file; PostgreSQL: TRUNCATE). PostgreSQL is found through
JUBILEE_TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/test); its absence
fails the PostgreSQL half loudly rather than skipping it.
"""

from __future__ import annotations

import base64
import os
import re
import secrets
import shutil
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from server import crypto, passwords
from server.app import create_app
from server.schema import metadata
from server.security import CSRF_COOKIE, csrf_token_for
from server.settings import Settings

T = TypeVar("T")
ADMIN_URL = os.environ.get("JUBILEE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
DATABASES = ["sqlite", "postgresql"]
STRONG_PASSWORD = "tin roof rusted in the rain"


def _pg_url(name: str) -> str:
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="session", autouse=True)
def fast_key_derivation() -> Iterator[None]:
    """Argon2 at full cost makes each sign-up take ~0.2 s; tests of the KDF itself restore it."""
    from argon2 import PasswordHasher

    saved = passwords._hasher, crypto.KDF_TIME_COST, crypto.KDF_MEMORY_KIB
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    crypto.KDF_TIME_COST, crypto.KDF_MEMORY_KIB = 1, 1024
    yield
    passwords._hasher, crypto.KDF_TIME_COST, crypto.KDF_MEMORY_KIB = saved


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from server.migrate import upgrade

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A fresh database per test run (and per xdist worker), migrated once."""
    from server.migrate import upgrade

    # one database per test process, so two runs on one machine never share one
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"jubilee_test_{worker}_{os.getpid()}"
    _run_admin_sql([f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'])
    url = _pg_url(name)
    upgrade(url)
    _snapshot_seed(url)
    yield url
    _run_admin_sql([f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'])


def _run_admin_sql(statements: list[str]) -> None:
    import asyncio

    import asyncpg

    async def main() -> None:
        connection = await asyncpg.connect(ADMIN_URL)
        try:
            for statement in statements:
                await connection.execute(statement)
        finally:
            await connection.close()

    asyncio.run(main())


def _pg(url: str, work: Callable[[Any], Awaitable[T]]) -> T:
    import asyncio

    import asyncpg

    async def main() -> T:
        connection = await asyncpg.connect(url)
        try:
            return await work(connection)
        finally:
            await connection.close()

    return asyncio.run(main())


def _snapshot_seed(url: str) -> None:
    """Keep a copy of the rows the migrations put in (the creditor registry's seed list)."""

    async def work(connection: Any) -> None:
        await connection.execute("CREATE SCHEMA seed")
        for table in metadata.sorted_tables:
            await connection.execute(f'CREATE TABLE seed."{table.name}" AS SELECT * FROM public."{table.name}"')

    _pg(url, work)


def _reset(url: str) -> None:
    """Empty every table, then put back the migrations' seed rows: each test starts as after
    `jubilee migrate` on a new database."""
    names = ", ".join(f'public."{t.name}"' for t in metadata.sorted_tables)

    async def work(connection: Any) -> None:
        async with connection.transaction():
            await connection.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            for table in metadata.sorted_tables:
                await connection.execute(f'INSERT INTO public."{table.name}" SELECT * FROM seed."{table.name}"')
                key = next(iter(table.primary_key.columns))
                if isinstance(key.type, sa.Integer) and key.autoincrement is not False:
                    await connection.execute(
                        f"SELECT setval(pg_get_serial_sequence('public.\"{table.name}\"', '{key.name}'), "
                        f'COALESCE((SELECT max("{key.name}") FROM public."{table.name}"), 0) + 1, false)'
                    )

    _pg(url, work)


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "jubilee.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_database")
    _reset(url)
    return url


def test_keys() -> dict[str, bytes]:
    return {"t1": b"\x01" * 32, "t0": b"\x02" * 32}


def make_settings(database_url: str, tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = dict(
        database_url=database_url,
        data_dir=tmp_path,
        secret_key="s" * 48,
        encryption_keys=test_keys(),
        current_key_id="t1",
        lookup_key=b"\x03" * 32,
    )
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return make_settings(database_url, tmp_path)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, background=False), base_url="http://testserver") as test_client:
        yield test_client


def new_client(settings: Settings) -> TestClient:
    """A second browser (its own cookies); use as a context manager."""
    return TestClient(create_app(settings, background=False), base_url="http://testserver")


def run(client: TestClient, work: Callable[..., Awaitable[T]], *args: Any) -> T:
    """Run `work(db, *args)` on the app's own event loop and database."""
    db = client.app_state["db"]

    async def call() -> T:
        async with db.session():
            return await work(db, *args)

    assert client.portal is not None
    return client.portal.call(call)


CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


def csrf_token(client: TestClient, path: str = "/") -> str:
    """The token a page of ours carries in its forms (for tests about the page itself)."""
    match = CSRF.search(client.get(path).text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def form_token(client: TestClient) -> str:
    """The token every form of this browser carries, computed as CsrfGuard does: an HMAC of the
    browser's CSRF cookie. A browser without the cookie yet (no page loaded) is given one first,
    as the app would on its first page."""
    cookie = client.cookies.get(CSRF_COOKIE)
    if not cookie:
        cookie = secrets.token_urlsafe(32)
        client.cookies.set(CSRF_COOKIE, cookie)
    return csrf_token_for(client.app_state["settings"].secret_key, cookie)


def post(client: TestClient, path: str, data: dict[str, Any] | None = None, **kw: Any) -> Any:
    """Submit a form as a browser would: with this browser's CSRF token."""
    return client.post(path, data={"csrf_token": form_token(client), **(data or {})}, **kw)


def sign_up(client: TestClient, handle: str = "maria", password: str = STRONG_PASSWORD, **extra: str) -> str:
    """Join through the sign-up page; returns the recovery code shown once."""
    data = {"handle": handle, "password": password, "password_confirm": password, "language": "en",
            "understood": "yes", **extra}
    response = post(client, "/signup", data)
    assert response.status_code == 200, response.text
    match = re.search(r'id="recovery-code"[^>]*>([0-9A-Z-]+)<', response.text)
    assert match, "no recovery code shown"
    return match.group(1)


def log_in(client: TestClient, login: str = "maria", password: str = STRONG_PASSWORD) -> Any:
    return post(client, "/login", {"login": login, "password": password}, follow_redirects=False)


def log_out(client: TestClient) -> None:
    post(client, "/logout", {}, follow_redirects=False)


def b64key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


@pytest.fixture
def keep_logging() -> Iterator[None]:
    """The CLI configures the root logger for a terminal; put pytest's handlers back afterwards."""
    import logging

    root = logging.getLogger()
    saved = root.handlers[:], root.level
    yield
    root.handlers[:], level = saved
    root.setLevel(level)
