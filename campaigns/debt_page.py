"""The campaigns' section of a member's own debt page: the campaigns taking pledges that this debt
fits (its creditor, kind, region and currency), and whether the member already takes part. Only
what every campaign's public page shows: title, summary, status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from campaigns.counters.eligibility import fits
from campaigns.member.queries import campaigns_taken_part_in, joinable_campaigns, targets_by_campaign
from campaigns.vocabulary import STATUS_NAMES
from server.auth import CurrentMember
from server.db import Database
from server.domain import Card


async def debt_section(db: Database, member: CurrentMember, debt: Mapping[str, Any], today: dt.date) -> Card:
    open_campaigns = await joinable_campaigns(db)
    targets = await targets_by_campaign(db, open_campaigns)
    fitting = [campaign for campaign in open_campaigns if fits(targets[campaign["id"]], debt)]
    return Card("campaigns/member/_debt.html", {
        "campaigns": fitting, "taking_part": await campaigns_taken_part_in(db, member.id) if fitting else set(),
        "status_names": STATUS_NAMES,
    })
