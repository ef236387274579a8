"""Asking for aid and deciding on it: the limits a new request meets, the request itself, a secret
ballot, and the outcome that follows from the tallies (`rules.status_from_tallies`). Each runs in
the caller's transaction and tells the people concerned through notifications, which name the pool
and nobody else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from mutual_aid.aid_requests import limits
from mutual_aid.aid_requests import queries as request_queries
from mutual_aid.aid_requests.notices import AID_REQUEST_APPROVED, AID_REQUEST_DECLINED, AID_REQUEST_TO_DECIDE
from mutual_aid.aid_requests.rules import OPEN_FOR_DECISION, may_vote, method_for, status_from_tallies, total_asked
from mutual_aid.pools import queries as pool_queries
from mutual_aid.tables import aid_requests
from server import crypto
from server.db import Database, Row
from server.notices.outbox import notify
from server.rotation import EncryptedField

# Sealed with the server keys (its deciders read it); rotated by `jubilee rotate-keys`.
EXPLANATION = "aid_request.explanation"
ENCRYPTED_FIELDS = (EncryptedField(aid_requests, "explanation_sealed", EXPLANATION),)


def open_explanation(keyring: crypto.Keyring, request: Row) -> str:
    sealed = request["explanation_sealed"]
    return keyring.decrypt(sealed, EXPLANATION) if sealed else ""


@dataclass(frozen=True)
class Limits:
    reasons: list[limits.Reason]
    counted_cents: int  # received, sent and still awaited in the last 12 months
    may_ask_from: dt.date


async def limits_for(db: Database, pool: Row, membership: Row, total_cents: int, today: dt.date) -> Limits:
    """Why this member may not ask the pool for `total_cents` now (no reasons: they may)."""
    rules = pool_queries.rules_of(pool)
    committed = await request_queries.committed_to_member(db, pool["id"], membership["member_id"])
    joined = (membership["joined_at"] or membership["requested_at"]).date()
    reasons = limits.check_request(
        total_cents, max_per_request=rules.max_per_request_cents,
        max_per_member_12_months=rules.max_per_member_year_cents, paid_to_member_last_12_months=committed,
        joined_on=joined, waiting_days=rules.waiting_days, today=today,
    )
    return Limits(reasons, limits.paid_in_window(committed, today), joined + dt.timedelta(days=rules.waiting_days))


async def submit(
    db: Database, keyring: crypto.Keyring, pool: Row, requester_id: int, clean: dict[str, Any], now: dt.datetime
) -> tuple[Row, bool]:
    """Store a new request (the same form key twice stores once) and tell its deciders. Returns the
    request and whether the stewards method gave way to a vote (the requester is the only steward)."""
    form_key = clean["form_key"]
    existing = await request_queries.request_by_form_key(db, pool["id"], form_key)
    if existing is not None:
        return existing, False
    rules = pool_queries.rules_of(pool)
    total = total_asked(clean["kind"], clean["amount_cents"], clean["months"])
    others = await pool_queries.count_members(db, pool["id"], role="steward")
    membership = await pool_queries.membership(db, pool["id"], requester_id)
    if membership is not None and membership["role"] == "steward":
        others -= 1
    method, fell_back = method_for(rules, total, others)
    automatic = method == "automatic"
    explanation = clean["explanation"]
    values = {
        "pool_id": pool["id"], "requester_id": requester_id, "kind": clean["kind"], "category": clean["category"],
        "amount_cents": clean["amount_cents"], "months": clean["months"], "needed_by": clean["needed_by"],
        "explanation_sealed": keyring.encrypt(explanation, EXPLANATION) if explanation else None,
        "debt_id": clean["debt_id"], "status": "approved" if automatic else "submitted", "decision_method": method,
        "decide_by": now + dt.timedelta(days=rules.decision_days), "form_key": form_key, "submitted_at": now,
        "decided_at": now if automatic else None,
    }
    for _ in range(20):
        request_id = await request_queries.insert_request(
            db, {**values, "recipient_pseudonym": pool_queries.new_pseudonym("R")})
        if request_id is not None:
            break
        existing = await request_queries.request_by_form_key(db, pool["id"], form_key)
        if existing is not None:  # the same form, submitted twice at once
            return existing, False
    else:
        raise RuntimeError("no free pseudonym after 20 tries")
    request = await request_queries.request_in_pool(db, pool["id"], request_id)
    assert request is not None
    if not automatic:
        for decider in await request_queries.decider_ids(db, pool["id"], method, requester_id):
            await notify(db, keyring, decider, AID_REQUEST_TO_DECIDE,
                         link=f"/pools/{pool['slug']}/requests/{request_id}", pool=pool["name"],
                         date=request["decide_by"].date().isoformat())
    return request, fell_back


async def vote(db: Database, keyring: crypto.Keyring, pool: Row, request: Row, voter_id: int, yes: bool,
               now: dt.datetime) -> bool:
    """Cast one secret ballot and apply the outcome once the tallies settle it. False when this
    member already voted, or the request takes no vote (approved automatically, or its decision
    closed meanwhile): nothing changed. Nobody votes on their own request (ValueError)."""
    if not may_vote(voter_id, request["requester_id"]):
        raise ValueError("nobody decides their own request")
    if request["decision_method"] == "automatic":
        return False
    counted = await request_queries.cast_ballot(db, request["id"], voter_id, yes, now.date())
    if counted is None:
        return False
    await settle(db, keyring, pool, counted, now, closed=False)
    return True


async def settle(db: Database, keyring: crypto.Keyring, pool: Row, request: Row, now: dt.datetime, *,
                 closed: bool) -> str:
    """Approve or decline the request if its tallies decide it (or, `closed`, at its deadline);
    the requester is told. Returns the outcome ("pending" when nothing changed)."""
    eligible = await request_queries.eligible_count(db, pool["id"], request["decision_method"],
                                                    request["requester_id"])
    outcome = status_from_tallies(pool_queries.rules_of(pool), request["decision_method"], request["yes_votes"],
                                  request["no_votes"], eligible, closed=closed)
    if outcome == "pending":
        return outcome
    extra: dict[str, Any] = {"decided_at": now}
    if outcome == "declined":
        extra["closed_at"] = now
    changed = await request_queries.set_status(db, request["id"], outcome, expect=OPEN_FOR_DECISION, **extra)
    if changed is None:
        return "pending"
    await notify(db, keyring, request["requester_id"], AID_REQUEST_APPROVED if outcome == "approved" else AID_REQUEST_DECLINED,
                 link=f"/pools/{pool['slug']}/requests/{request['id']}", pool=pool["name"])
    return outcome
