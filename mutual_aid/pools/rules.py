"""A pool's rules as one value: what members pay, what the pool pays out, its limits, and who
decides. Stored as columns of `pools` (the rules in force) and as JSON in `pool_rule_changes` (every
version). The contribution rule and the way requests are decided follow from it in
`contributions.rules` and `aid_requests.rules`.

Then the rules every pool keeps whatever its members chose: its address never takes a fixed path
under /pools/, and it always has a steward. Pure: no I/O.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from server.slugs import slug_base

# never a pool's address: /pools/new and /pools/join are pages ("campaign" was always kept out too)
RESERVED_SLUGS = {"new", "join", "campaign"}


@dataclass(frozen=True)
class PoolRules:
    contribution_kind: str = "fixed"  # fixed, income_share
    contribution_cents: int = 0  # fixed: everyone's monthly amount
    share_basis_points: int = 0  # income share: 1% = 100
    floor_cents: int = 0
    cap_cents: int | None = None
    requests_enabled: bool = True  # one-off aid requests
    hardship_enabled: bool = False  # monthly support for at most `hardship_max_months`
    hardship_max_months: int | None = None
    max_per_request_cents: int | None = None
    max_per_member_year_cents: int | None = None
    waiting_days: int = 0
    reserve_cents: int = 0
    decision_method: str = "stewards"  # stewards, vote
    stewards_k: int = 1
    quorum_percent: int = 50  # share of the members who may vote that must vote
    majority_percent: int = 50  # more than this share of the votes cast must be yes
    automatic_up_to_cents: int | None = None  # requests up to this are approved at once
    decision_days: int = 7  # how long a decision stays open
    allocation_rule: str = "pro_rata"  # pro_rata, needs_first

    def decided_automatically(self, amount_cents: int) -> bool:
        return self.automatic_up_to_cents is not None and amount_cents <= self.automatic_up_to_cents

    def as_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), sort_keys=True)


FIELDS: tuple[str, ...] = tuple(field.name for field in dataclasses.fields(PoolRules))


def from_row(row: Mapping[str, Any]) -> PoolRules:
    """The rules in force, from a `pools` row (or the JSON of a rule change, once loaded)."""
    return PoolRules(**{name: row[name] for name in FIELDS})


def from_json(text: str) -> PoolRules:
    return from_row(json.loads(text))


def changed(old: PoolRules, new: PoolRules) -> list[str]:
    """The names of the rules that differ, in the order of `FIELDS`."""
    return [name for name in FIELDS if getattr(old, name) != getattr(new, name)]


def address_base(name: str) -> str:
    """The readable part of a new pool's address, from its name; never one of the fixed paths."""
    base = slug_base(name, "pool")
    return f"{base}-pool" if base in RESERVED_SLUGS else base


def may_leave(role: str, stewards: int) -> bool:
    """A member may leave, except the pool's only steward: a pool always keeps one."""
    return role != "steward" or stewards > 1


def may_step_down(stewards: int) -> bool:
    """A steward may become a plain member while another steward stays."""
    return stewards > 1
