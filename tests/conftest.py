"""Fixtures: every database test runs on SQLite and on PostgreSQL, each on a clean database.

The schema is built once per run by the real Alembic migrations; each test then starts from an
empty copy (SQLite: a copied file; PostgreSQL: the tables the last test changed are emptied and
their seed rows and sequences put back). PostgreSQL is found through
JUBILEE_TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/test); its absence
fails the PostgreSQL half loudly rather than skipping it.
"""

from __future__ import annotations

import base64
import contextlib
import os
import re
import secrets
import shutil
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import hypothesis
import pytest
from starlette.testclient import TestClient

from server import crypto, passwords
from server.app import create_app
from server.domain import Domain, Domains
from server.schema import metadata
from server.security import CSRF_COOKIE, csrf_token_for
from server.settings import Settings

T = TypeVar("T")

# No time limit per example: with the suite spread over more workers than cores, an example's wall
# time says more about the machine than about the code (what each example checks is unchanged).
hypothesis.settings.register_profile("jubilee", deadline=None)
hypothesis.settings.load_profile("jubilee")
ADMIN_URL = os.environ.get("JUBILEE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
DATABASES = ["sqlite", "postgresql"]
STRONG_PASSWORD = "tin roof rusted in the rain"


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`--dist loadgroup` (our default) with the browser tests as one group, so that one worker
    runs them one after the other with one Chromium and one demo. xdist 3.8 groups tests marked
    `xdist_group` by renaming their node ids, which pytest 9 no longer lets it do: the group is
    told by path here instead; every other test goes wherever a worker is free, as with `load`."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class BrowserGroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "browser" if nodeid.startswith("tests/browser/") else nodeid

    return BrowserGroupScheduling(config, log)


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


@dataclass(frozen=True)
class Postgres:
    url: str
    reset: Callable[[], None]  # back to the state right after the migrations


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[Postgres]:
    """A fresh database per test run (and per xdist worker), migrated once, and a connection kept
    open to reset it before each test (in a thread of its own, with its own event loop)."""
    import asyncpg
    from anyio.from_thread import start_blocking_portal

    from server.migrate import upgrade

    # one database per test process, so two runs on one machine never share one
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"jubilee_test_{worker}_{os.getpid()}"
    _run_admin_sql([f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'])
    url = _pg_url(name)
    upgrade(url)
    with start_blocking_portal() as portal:
        connection = portal.call(asyncpg.connect, url)
        try:
            plan = portal.call(_snapshot_seed, connection)
            yield Postgres(url, lambda: portal.call(_reset, connection, plan))
        finally:
            portal.call(connection.close)
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


def _quoted(name: str) -> str:
    return 'public."' + name + '"'


@dataclass(frozen=True)
class Reset:
    """How to bring a migrated PostgreSQL database back to its state right after the migrations,
    touching only the tables a test changed. One query finds them (rows in a table the migrations
    leave empty, a sequence that was used, seed rows that differ from the migrations'), one script
    puts them back; a test that wrote nothing costs one query."""

    tables: list[str]  # every table, parents before the tables that refer to them
    seeds: dict[str, str]  # table -> checksum of the rows the migrations put in it
    sequences: dict[str, list[tuple[str, str]]]  # table -> [(sequence, column)] it owns
    parents: dict[str, set[str]]  # table -> the tables its foreign keys refer to
    append_only: list[str]  # tables whose triggers refuse DELETE: emptied together by TRUNCATE

    def dirty_query(self) -> str:
        checks = []
        for table in self.tables:
            if table in self.seeds:
                changed = [f"(SELECT {_CHECKSUM} FROM {_quoted(table)} r) IS DISTINCT FROM '{self.seeds[table]}'"]
            else:
                changed = [f"EXISTS (SELECT FROM {_quoted(table)})"]
            changed += [f"(SELECT is_called FROM {_quoted(sequence)})" for sequence, _ in self.sequences[table]]
            checks.append(f"CASE WHEN {' OR '.join(changed)} THEN '{table}' END")
        return f"SELECT array_remove(ARRAY[{', '.join(checks)}]::text[], NULL)"

    def script(self, changed: set[str]) -> str:
        dirty, statements = set(changed), []
        if dirty & set(self.append_only):
            dirty |= set(self.append_only)
            statements.append(f"TRUNCATE {', '.join(map(_quoted, self.append_only))}")
        for table in self.tables:  # a seeded table loses its rows with the rows they refer to
            if table in self.seeds and self.parents[table] & dirty:
                dirty.add(table)
        statements += [f"DELETE FROM {_quoted(table)}" for table in reversed(self.tables)
                       if table in dirty and table not in self.append_only]
        for table in self.tables:
            if table not in dirty:
                continue
            if table in self.seeds:
                statements.append(f'INSERT INTO {_quoted(table)} SELECT * FROM seed."{table}"')
            statements += [f"SELECT setval('{_quoted(sequence)}', "
                           f'COALESCE((SELECT max("{column}") FROM {_quoted(table)}), 0) + 1, false)'
                           for sequence, column in self.sequences[table]]
        return ";\n".join(statements)


# the rows of a table, in an order that does not depend on how they are stored
_CHECKSUM = "md5(COALESCE(string_agg(r::text, ',' ORDER BY r::text), ''))"


async def _snapshot_seed(connection: Any) -> Reset:
    """Keep a copy of the rows the migrations put in (the creditor registry's seed list), and
    learn what a reset needs to know about the tables."""
    tables = [t.name for t in metadata.sorted_tables]
    await connection.execute("CREATE SCHEMA seed")
    seeds = {}
    for table in tables:
        await connection.execute(f'CREATE TABLE seed."{table}" AS SELECT * FROM {_quoted(table)}')
        if await connection.fetchval(f"SELECT EXISTS (SELECT FROM {_quoted(table)})"):
            seeds[table] = await connection.fetchval(f"SELECT {_CHECKSUM} FROM {_quoted(table)} r")
    owned = await connection.fetch(
        "SELECT s.relname AS sequence, t.relname AS table, a.attname AS column FROM pg_class s"
        " JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass"
        "  AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')"
        " JOIN pg_class t ON t.oid = d.refobjid"
        " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid"
        " WHERE s.relkind = 'S' AND s.relnamespace = 'public'::regnamespace ORDER BY 1")
    triggered = await connection.fetch(
        "SELECT DISTINCT c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid"
        " WHERE NOT g.tgisinternal AND c.relnamespace = 'public'::regnamespace")
    sequences: dict[str, list[tuple[str, str]]] = {table: [] for table in tables}
    for row in owned:
        sequences[row["table"]].append((row["sequence"], row["column"]))
    parents = {t.name: {fk.column.table.name for fk in t.foreign_keys} - {t.name} for t in metadata.sorted_tables}
    # TRUNCATE must also take every table that refers to one it empties
    append_only = {row["relname"] for row in triggered}
    while extra := {t for t in tables if parents[t] & append_only} - append_only:
        append_only |= extra
    return Reset(tables, seeds, sequences, parents, [t for t in tables if t in append_only])


async def _reset(connection: Any, plan: Reset) -> None:
    """Put back every table a test changed: each test starts as after `jubilee migrate` on a new
    database."""
    changed = set(await connection.fetchval(plan.dirty_query()))
    if changed:
        async with connection.transaction():
            await connection.execute(plan.script(changed))


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "jubilee.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    postgres: Postgres = request.getfixturevalue("postgres_database")
    postgres.reset()
    return postgres.url


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
        # every test client comes from one address ("testclient"): the per-address limits on
        # sign-ups are lifted here, and set low by the tests of those limits
        signup_max_per_address=100_000,
        name_checks_per_address=100_000,
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


@contextlib.contextmanager
def with_domain(client: TestClient, domain: Domain) -> Iterator[None]:
    """The running app with one more domain (a stand-in for a test), for the requests made inside."""
    saved = client.app_state["domains"]
    client.app_state["domains"] = Domains([*saved.all, domain])
    try:
        yield
    finally:
        client.app_state["domains"] = saved


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
