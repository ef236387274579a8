"""The data layer: concurrent writers, one transaction per request, timestamps in UTC."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
import sqlalchemy as sa
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from server.app import create_app
from server.db import utcnow
from server.tables import audit_log, login_throttle
from tests.conftest import post, run


def test_many_concurrent_read_then_write_transactions_all_succeed(client):
    """On SQLite this is where "database is locked" used to appear; writers are serialised."""

    async def one(db, i):
        async with db.session(), db.writing():
            seen = await db.fetch_val(sa.select(sa.func.count()).select_from(login_throttle))
            await asyncio.sleep(0)
            await db.execute(login_throttle.insert().values(key=f"k{i}", window_start=utcnow(), failures=seen))

    async def many(db):
        await asyncio.gather(*(asyncio.create_task(one(db, i)) for i in range(40)))
        return await db.fetch_all(sa.select(login_throttle.c.failures).order_by(login_throttle.c.failures))

    rows = run(client, many)
    assert len(rows) == 40
    if client.app_state["db"].is_sqlite:
        # serialised: every writer saw all the writes before it
        assert [r["failures"] for r in rows] == list(range(40))


def test_a_request_that_fails_after_writing_leaves_nothing_behind(settings, caplog):
    async def write_then_fail(request):
        await request.state.db.execute(
            audit_log.insert().values(at=utcnow(), action="half-done", detail="{}")
        )
        raise RuntimeError("boom after the write")

    async def ok(request):
        return PlainTextResponse("ok")

    app = create_app(settings, background=False)
    app.router.routes.insert(0, Route("/test/fail", write_then_fail, methods=["POST"]))
    app.router.routes.insert(0, Route("/test/ok", ok))
    with TestClient(app, raise_server_exceptions=False) as client:
        response = post(client, "/test/fail", {})
        assert response.status_code == 500
        assert "boom" not in response.text

        async def count(db):
            return await db.fetch_val(sa.select(sa.func.count()).select_from(audit_log))

        assert run(client, count) == 0


def test_timestamps_come_back_as_the_same_utc_instant(client):
    moment = dt.datetime(2026, 3, 8, 6, 30, tzinfo=dt.timezone(dt.timedelta(hours=-6)))

    async def roundtrip(db):
        await db.execute(login_throttle.insert().values(key="t", window_start=moment, failures=1))
        return await db.fetch_val(sa.select(login_throttle.c.window_start))

    stored = run(client, roundtrip)
    assert stored == moment
    assert stored.utcoffset() == dt.timedelta(0)


def test_naive_timestamps_are_refused(client):
    async def write(db):
        await db.execute(login_throttle.insert().values(key="t", window_start=dt.datetime(2026, 1, 1), failures=1))

    with pytest.raises(Exception, match="timezone-aware"):
        run(client, write)


def test_health_check_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": client.app_state["db"].dialect}
