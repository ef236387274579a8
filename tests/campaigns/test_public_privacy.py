"""The attacks of issue 12 through the real pages: an attacker with accounts of their own cannot
make a campaign publish when they choose, nor pad a hidden cell into an exact one.

Before, published figures were refreshed by the first reader after the live total had moved by k,
whoever moved it: joining one's own accounts one at a time and re-reading `counter.json` isolated a
real member's change. Now a release falls on the clock only, and every release carries noise; the
attacker's guesses against the noise itself are measured in tests/server/test_dp_attacks.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from campaigns.counters import pledging, queries, released
from campaigns.counters.release_figures import subject
from server.db import Database
from server.disclosure import store
from server.disclosure.schedule import period_length, release_due
from tests.conftest import run
from tests.factories.campaigns import NOW, make_debt, make_pledgers, pages, release
from tests.factories.noise import OffsetNoise


async def _campaign(db: Database, slug: str) -> int:
    return await queries.create_campaign(
        db, slug=slug, title="Medical debt strike", summary="", status="open", currency="USD",
        threshold_members=1000, created_at=NOW, opened_at=NOW, start_delay_days=0)


async def _pledge(db: Database, campaign: int, count: int, batch: str, kind: str = "medical") -> None:
    for member in await make_pledgers(db, count, batch):
        await pledging.pledge(db, None, campaign, member, await make_debt(db, member, 1234_56, kind), "pledged", 0, NOW)


def test_joining_own_accounts_one_at_a_time_never_brings_a_publication_forward(client):
    campaign = run(client, _campaign, "medical-strike")
    run(client, _pledge, campaign, 8, "real")
    release(client, campaign, offset=1000)
    seen = {str(pages(client)[1])}
    for account in range(12):  # the attacker's accounts, joining one by one, reading after each
        run(client, _pledge, campaign, 1, f"attacker{account}", "payday")
        seen.add(str(pages(client)[1]))
    assert len(seen) == 1


def test_releases_fall_on_the_same_instants_whatever_members_do(client, settings):
    busy, quiet = run(client, _campaign, "busy"), run(client, _campaign, "quiet")
    run(client, _pledge, busy, 15, "busy")
    period = settings.privacy_budget.period
    for days in (1, 2, 5):
        release(client, busy, days=days)
        release(client, quiet, days=days)
        if days == 1:
            run(client, _pledge, busy, 7, "more")  # a burst of joins between releases
    instants = {campaign: [p.released_at for p in run(client, lambda db, c=campaign: store.series(db, subject(c, period)))]
                for campaign in (busy, quiet)}
    origin = release_due(NOW, period)
    assert instants[busy] == instants[quiet] == [origin + days * period_length(period) for days in (1, 2, 5)]
    assert all(instant.tzinfo == dt.UTC for instant in instants[busy])


def test_a_change_of_release_period_starts_new_series_and_leaves_the_old_ones_alone(client, settings):
    campaign = run(client, _campaign, "medical-strike")
    run(client, _pledge, campaign, 9, "real")
    daily = release(client, campaign, offset=1000)
    hourly_settings = dataclasses.replace(settings, release_period="hourly")
    at = NOW + dt.timedelta(days=3)
    hourly = run(client, lambda db: released.release_due_for(db, hourly_settings, campaign, at, OffsetNoise(0)))
    assert hourly.period == 3 * 24  # hours since the hour the campaign opened, counted afresh
    assert hourly.value("members") == 9  # its own nodes (exact + 0), none of the daily ones (exact + 1000)
    assert run(client, lambda db: released.latest(db, campaign, "daily")) == daily
