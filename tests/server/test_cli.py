"""The `jubilee` command as an operator uses it, on a fresh SQLite file and a fresh PostgreSQL database."""

from __future__ import annotations

import html
import io
import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from starlette.testclient import TestClient

from campaigns.counters.recount import recount
from campaigns.tables import campaigns
from server import cli
from server import members as queries
from server.app import create_app
from server.demo import DEMO_PASSWORD, MEMBERS, STAFF
from server.migrate import alembic_config
from server.settings import SECRETS_FILE, load_settings
from server.tables import email_outbox
from tests.conftest import STRONG_PASSWORD, _pg_url, _run_admin_sql, b64key, log_in, post, run, sign_up

RECOVERY_CODE = re.compile(r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){4}\b")


pytestmark = pytest.mark.usefixtures("keep_logging")


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An empty database (never migrated) and a data directory, set in the environment as an operator would."""
    for name in [n for n in os.environ if n.startswith("JUBILEE_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("JUBILEE_DATA_DIR", str(tmp_path / "var"))
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'var' / 'jubilee.sqlite3'}"
        monkeypatch.setenv("JUBILEE_DATABASE_URL", url)
        yield url
        return
    name = f"jubilee_cli_{uuid.uuid4().hex[:12]}"
    _run_admin_sql([f'CREATE DATABASE "{name}"'])
    url = _pg_url(name)
    monkeypatch.setenv("JUBILEE_DATABASE_URL", url)
    try:
        yield url
    finally:
        _run_admin_sql([f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'])


def jubilee(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str,
            stdin: str = "") -> tuple[int, str, str]:
    """Run `jubilee ARGS` in this process; returns (exit code, standard output, standard error)."""
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    try:
        cli.main(list(args))
        code = 0
    except SystemExit as stopped:
        code = stopped.code if isinstance(stopped.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def site() -> TestClient:
    """Jubilee served with the same environment the commands used."""
    return TestClient(create_app(load_settings(), background=False))


def create_admin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, handle: str,
                 password: str = STRONG_PASSWORD) -> tuple[int, str, str]:
    return jubilee(capsys, monkeypatch, "admin", "create", "--handle", handle, "--password-stdin",
                   stdin=password + "\n")


def test_admin_create_makes_an_administrator_who_logs_in_and_gets_a_working_recovery_code(
    database: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = create_admin(capsys, monkeypatch, "ana")

    assert code == 0, err
    assert "Administrator 'ana' created." in out
    [recovery_code] = RECOVERY_CODE.findall(out)
    assert recovery_code not in err and STRONG_PASSWORD not in out + err
    with site() as browser:
        assert log_in(browser, "ana", STRONG_PASSWORD).status_code == 303
        roles = html.unescape(browser.get("/admin/roles").text)
        assert "The server's terminal gave ana the role administrator." in roles
        browser.cookies.clear()
        new_password = "lanterns drifting over the quiet bay"
        recovered = post(browser, "/recover", {"login": "ana", "recovery_code": recovery_code.lower(),
                                               "password": new_password, "password_confirm": new_password})
        assert recovered.status_code == 200, "the printed recovery code did not work"
        assert log_in(browser, "ana", new_password).status_code == 303


@pytest.mark.parametrize(("password", "why"), [
    ("short one", "Use at least 12 characters."),
    ("password123456", "This password would be easy to guess."),
    ("aaaaaaaaaaaaaaaa", "This password would be easy to guess."),
])
def test_admin_create_refuses_a_weak_password(
    database: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, password: str, why: str
) -> None:
    code, out, err = create_admin(capsys, monkeypatch, "ana", password)

    assert code == 1
    assert "password" in err
    assert why in err, "the terminal gives the sign-up page's reason"
    assert not RECOVERY_CODE.search(out)
    with site() as browser:
        assert run(browser, queries.count_members) == 0


def test_admin_create_refuses_a_handle_that_is_not_a_name(
    database: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = create_admin(capsys, monkeypatch, "ana!maria")

    assert code == 1
    assert "starting with a letter or a number." in err
    assert not RECOVERY_CODE.search(out)
    with site() as browser:
        assert run(browser, queries.count_members) == 0


def test_admin_create_refuses_a_handle_that_is_taken(
    database: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert create_admin(capsys, monkeypatch, "ana")[0] == 0

    code, out, err = create_admin(capsys, monkeypatch, "ANA", "another strong harbor password")

    assert code == 1
    assert "taken" in err
    assert not RECOVERY_CODE.search(out)
    with site() as browser:
        assert run(browser, queries.count_members) == 1
        assert log_in(browser, "ana", "another strong harbor password").status_code == 400


def test_demo_fills_the_collective_once(
    database: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = jubilee(capsys, monkeypatch, "demo")
    second = jubilee(capsys, monkeypatch, "demo")

    assert first[0] == second[0] == 0
    assert DEMO_PASSWORD in first[1]
    assert "already there" in second[1]
    with site() as browser:
        assert run(browser, queries.count_members) == MEMBERS
        for handle, role in STAFF.items():
            member = run(browser, queries.member_by_handle_key, handle)
            assert run(browser, queries.roles_of, member["id"]) == {role}
        assert log_in(browser, "demo-admin", DEMO_PASSWORD).status_code == 303
        assert browser.get("/admin/roles").status_code == 200
        assert "Debts:" in first[1]
        demo_campaigns = run(browser, lambda db: db.fetch_all(sa.select(campaigns.c.slug, campaigns.c.status)))
        assert sorted(r["status"] for r in demo_campaigns) == ["active", "open", "won"]
        assert all(browser.get(f"/campaigns/{r['slug']}").status_code == 200 for r in demo_campaigns)
        drift = run(browser, lambda db: recount(db, repair=False))
        assert len(drift) == 3 and not any(drift.values()), drift


def test_migrate_twice_leaves_the_database_at_the_latest_schema(
    database: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = jubilee(capsys, monkeypatch, "migrate")
    second = jubilee(capsys, monkeypatch, "migrate")

    assert first[0] == second[0] == 0, first[2] + second[2]
    head = ScriptDirectory.from_config(alembic_config(database)).get_current_head()
    with site() as browser:
        version = run(browser, lambda db: db.fetch_val(sa.text("SELECT version_num FROM alembic_version")))
        assert version == head
        assert browser.get("/healthz").json()["status"] == "ok"


def test_rotate_keys_moves_every_field_to_the_new_key(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert jubilee(capsys, monkeypatch, "migrate")[0] == 0
    with site() as browser:
        sign_up(browser, "maria", email="maria@example.org")  # queues a confirmation email, encrypted
    generated = dict(line.split("=", 1) for line in (tmp_path / "var" / SECRETS_FILE).read_text().splitlines()
                     if not line.startswith("#"))
    for name, value in generated.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("JUBILEE_ENCRYPTION_KEYS", f"k2:{b64key()},{generated['JUBILEE_ENCRYPTION_KEYS']}")

    code, out, err = jubilee(capsys, monkeypatch, "rotate-keys")

    assert code == 0, err
    assert "email_outbox.subject: 1 re-encrypted" in out
    assert "Every field is now under key 'k2'." in out
    with site() as browser:
        [row] = run(browser, lambda db: db.fetch_all(email_outbox.select()))
    assert all(row[f].startswith("k2.") for f in ("recipient", "subject", "body"))
