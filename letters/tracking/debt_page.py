"""The letters' section of a member's own debt page: what can be done about this debt. The letters
that fit it, the open deadlines of the letters already written about it with the days left, and
the two clocks of letters-law §0.4, always worded "may": whether it may be past the statute of
limitations in the member's state (`letters.limitations`) and past the credit-report period (7
years from 180 days after the first missed payment, 15 U.S.C. § 1681c(a)(4), (c)(1))."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from debts.api import US_REGIONS
from letters.catalogue import CATALOGUE, fitting
from letters.catalogue.letter_type import LetterType
from letters.limitations import (
    MAY_BE_PAST,
    OBLIGATION_NAMES,
    REVIVAL_RULES,
    UNKNOWN,
    Limitations,
    limitations_of,
    may_be_time_barred,
    period_ends,
)
from letters.tracking import queries
from letters.tracking.home import Upcoming
from letters.tracking.rules import labels
from server.auth import CurrentMember
from server.db import Database
from server.domain import Card

# Kinds of debt whose time limit to sue the table does not give: a federal student loan has none
# (20 U.S.C. § 1091a(a)); a mortgage (the land), court fines, bail and taxes follow other rules.
NO_LIMITATION = "federal_student"
NOT_IN_TABLE = frozenset({"mortgage", "court", "bail", "tax"})
DEBT_OBLIGATIONS = ("written_contract", "open_account", "promissory_note")
REPORTING_YEARS = 7  # 15 U.S.C. § 1681c(a)(4)
REPORTING_START_DAYS = 180  # § 1681c(c)(1): the period starts 180 days after the delinquency began


@dataclass(frozen=True)
class TimeLimit:
    """What the table says of this debt: `verdict` is a verdict of `letters.limitations`, or
    "none" (a federal student loan) or "not_counted" (a kind the table does not cover); `missing`
    names what the member could add ("state", "dates")."""

    verdict: str
    row: Limitations | None = None
    obligation: str = ""
    last_activity_on: dt.date | None = None
    ends_on: dt.date | None = None
    missing: tuple[str, ...] = ()

    @property
    def obligation_name(self) -> Any:
        return OBLIGATION_NAMES.get(self.obligation, "")

    @property
    def revival(self) -> Any:
        return REVIVAL_RULES[self.row.revival] if self.row else ""


@dataclass(frozen=True)
class Reporting:
    """The credit-report clock: `verdict` "may be past", "may not be past" or "unknown" (no first
    missed payment) or "not_counted" (a federal student loan: another law)."""

    verdict: str
    first_delinquency_on: dt.date | None = None
    off_on: dt.date | None = None


def _later_of(*days: dt.date | None) -> dt.date | None:
    known = [day for day in days if day is not None]
    return max(known) if known else None


def _obligation(kind: str, row: Limitations) -> str:
    """The obligation whose period the table counts for this kind of debt: a credit card is an
    open account (the table already keeps the longer period where courts differ); for any other
    kind, whichever of a written contract, an open account and a note runs longest in that state,
    so that the page never says "may be past" earlier than a court might."""
    if kind == "credit_card":
        return "open_account"
    return max(DEBT_OBLIGATIONS, key=lambda obligation: row.years[obligation])


def time_limit(debt: Mapping[str, Any], today: dt.date) -> TimeLimit:
    kind = debt["kind"]
    if kind == NO_LIMITATION:
        return TimeLimit("none")
    if kind in NOT_IN_TABLE:
        return TimeLimit("not_counted")
    row = limitations_of(debt["region"])
    last = _later_of(debt["last_payment_on"], debt["first_delinquency_on"])
    missing = (("state",) if row is None else ()) + (("dates",) if last is None else ())
    if row is None:
        return TimeLimit(UNKNOWN, missing=missing)
    obligation = _obligation(kind, row)
    verdict = may_be_time_barred(row.region, obligation, last, today)
    ends = period_ends(row.region, obligation, last) if last is not None else None
    return TimeLimit(verdict, row, obligation, last, ends, missing)


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # February 29: the later day, March 1
        return dt.date(day.year + years, 3, 1)


def reporting(debt: Mapping[str, Any], today: dt.date) -> Reporting:
    if debt["kind"] == NO_LIMITATION:
        return Reporting("not_counted")
    first = debt["first_delinquency_on"]
    if first is None or first > today:
        return Reporting(UNKNOWN)
    off_on = _years_after(first + dt.timedelta(days=REPORTING_START_DAYS), REPORTING_YEARS)
    return Reporting(MAY_BE_PAST if today >= off_on else "may not be past", first, off_on)


async def deadlines_of_debt(db: Database, member_id: int, debt_id: int, today: dt.date) -> list[Upcoming]:
    """The open deadlines of the member's letters about this debt, soonest first."""
    about = {row["id"] for row in await queries.letters_of(db, member_id) if row["debt_id"] == debt_id}
    if not about:
        return []
    names = labels()
    found = []
    for row in await queries.upcoming_deadlines(db, member_id, today, most=200):
        if row["letter_id"] in about:
            letter_type = CATALOGUE.get(row["type"])
            found.append(Upcoming(row["letter_id"], letter_type.title if letter_type else row["type"], row["due_on"],
                                  row["act_by"], row["who"], row["meaning"], names.get(row["rule"])))
    return found


async def debt_section(db: Database, member: CurrentMember, debt: Mapping[str, Any], today: dt.date) -> Card:
    letter_types: list[LetterType] = fitting(debt["kind"])
    codes = {letter_type.code for letter_type in letter_types}
    limit = time_limit(debt, today)
    return Card("letters/tracking/_debt.html", {
        "debt_id": debt["id"], "today": today, "letter_types": letter_types,
        "deadlines": await deadlines_of_debt(db, member.id, debt["id"], today),
        "limit": limit, "reporting": reporting(debt, today),
        "state_name": US_REGIONS[limit.row.region] if limit.row else "",
        "time_barred": "time_barred" in codes, "bureau_dispute": "bureau_dispute" in codes,
    })
