"""Deadline rules, against dates worked out by hand on a calendar.

Every expected date below was counted on a printed calendar, not computed: "N days after" starts
with the next day; business days skip Saturdays, Sundays and the federal legal public holidays
(5 U.S.C. 6103(a)) on the days they are observed.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from letters.catalogue import CATALOGUE
from letters.catalogue.letter_type import deadlines_of
from letters.deadlines import (
    DeadlineRule,
    add_business_days,
    deadline_for,
    due_date,
    is_business_day,
    legal_deadline,
    legal_public_holidays,
    safe_day,
    sent_in_time,
    start_of,
)

D = dt.date


def rule(days: int, business: bool = False, *, who: str = "recipient", starts: str = "sent",
         receipt: int = 0, fallback: DeadlineRule | None = None) -> DeadlineRule:
    return DeadlineRule(code="test", days=days, business_days=business, starts=starts,
                        meaning="answer" if who == "recipient" else "postmarked", who=who,
                        description="words", receipt_business_days=receipt, fallback=fallback)  # type: ignore[arg-type]


# The observed holidays on weekdays, worked out from 6103(a) and its observed-day rule on a calendar.
HOLIDAYS_2026 = {
    D(2026, 1, 1), D(2026, 1, 19), D(2026, 2, 16), D(2026, 5, 25), D(2026, 6, 19),
    D(2026, 7, 3),  # Independence Day, a Saturday, observed on Friday
    D(2026, 9, 7), D(2026, 10, 12), D(2026, 11, 11), D(2026, 11, 26), D(2026, 12, 25),
}
HOLIDAYS_2027 = {
    D(2027, 1, 1), D(2027, 1, 18), D(2027, 2, 15), D(2027, 5, 31),
    D(2027, 6, 18),  # Juneteenth, a Saturday, observed on Friday
    D(2027, 7, 5),  # Independence Day, a Sunday, observed on Monday
    D(2027, 9, 6), D(2027, 10, 11), D(2027, 11, 11), D(2027, 11, 25),
    D(2027, 12, 24),  # Christmas, a Saturday, observed on Friday
    D(2027, 12, 31),  # New Year's Day 2028, a Saturday, observed on Friday of the year before
}


@pytest.mark.parametrize("year, expected", [(2026, HOLIDAYS_2026), (2027, HOLIDAYS_2027)])
def test_the_weekday_holidays_are_the_observed_legal_public_holidays(year: int, expected: set[dt.date]) -> None:
    observed_on_weekdays = {day for day in legal_public_holidays(year) if day.weekday() < 5}
    assert observed_on_weekdays == expected


@pytest.mark.parametrize("day", [
    D(2026, 11, 27),  # the day after Thanksgiving
    D(2026, 12, 24),  # Christmas Eve
    D(2025, 12, 24),  # Christmas Eve given to federal workers by executive order: not a legal public holiday
    D(2033, 1, 20),  # Inauguration Day (a holiday only for some workers around Washington, D.C.)
    D(2020, 6, 19),  # Juneteenth before it became a holiday in 2021
])
def test_days_that_are_not_legal_public_holidays_are_business_days(day: dt.date) -> None:
    assert is_business_day(day)


@pytest.mark.parametrize("day", [
    D(2021, 6, 18),  # the first Juneteenth, a Saturday, observed on Friday
    D(2022, 6, 20),  # Juneteenth on a Sunday, observed on Monday
    D(2027, 12, 31),  # New Year's Day 2028 observed
    D(2026, 7, 3),
])
def test_observed_days_are_not_business_days(day: dt.date) -> None:
    assert not is_business_day(day)


# (rule, start, due): each counted by hand
HAND_WORKED = [
    # 30 calendar days from Monday, November 2, 2026: November has 30 days
    (rule(30), D(2026, 11, 2), D(2026, 12, 2)),
    # 5 business days from Wednesday, December 23, 2026: Thu 24 (1), Christmas, weekend,
    # Mon 28 (2), Tue 29 (3), Wed 30 (4), Thu 31 (5)
    (rule(5, True), D(2026, 12, 23), D(2026, 12, 31)),
    # Juneteenth 2027 is a Saturday, observed Friday the 18th: from Thursday the 17th,
    # Mon 21 (1) ... Fri 25 (5)
    (rule(5, True), D(2027, 6, 17), D(2027, 6, 25)),
    (rule(1, True), D(2027, 6, 17), D(2027, 6, 21)),
    # Christmas 2027 observed Fri 24, New Year's Day 2028 observed Fri Dec 31
    (rule(5, True), D(2027, 12, 22), D(2027, 12, 30)),
    (rule(3, True), D(2027, 12, 29), D(2028, 1, 4)),
    # Thanksgiving, Thursday, November 26, 2026 (the Friday after is a business day):
    # from Monday the 23rd, Tue 24 (1), Wed 25 (2), Fri 27 (3), Mon 30 (4), Tue Dec 1 (5)
    (rule(5, True), D(2026, 11, 23), D(2026, 12, 1)),
    # Independence Day 2026 is a Saturday, observed Friday July 3: from Thursday the 2nd,
    # Mon 6 (1), Tue 7 (2)
    (rule(2, True), D(2026, 7, 2), D(2026, 7, 7)),
    # Labor Day, Monday, September 7, 2026: 10 business days from Monday, August 31
    (rule(10, True), D(2026, 8, 31), D(2026, 9, 15)),
    # a count starting on a Saturday: the first business day is Monday
    (rule(1, True), D(2026, 11, 28), D(2026, 11, 30)),
    # zero days: the day itself (an end date printed on a notice)
    (rule(0), D(2027, 1, 30), D(2027, 1, 30)),
    # Reg F assumed receipt: 5 days not counting Saturdays, Sundays and holidays, then 30 days.
    # Sent Monday, November 9, 2026: Tue 10 (1), Veterans Day, Thu 12 (2), Fri 13 (3), Mon 16 (4),
    # Tue 17 (5) = assumed receipt; 30 days later is Thursday, December 17
    (rule(30, receipt=5), D(2026, 11, 9), D(2026, 12, 17)),
    # Sent Wednesday, December 23, 2026: receipt Thursday, December 31; 30 days later is
    # Saturday, January 30, 2027 (the member is told to mail by Friday the 29th, below)
    (rule(30, receipt=5), D(2026, 12, 23), D(2027, 1, 30)),
    # calendar days never skip anything: 30 days from Thursday, June 4, 2026 is Saturday, July 4
    (rule(30), D(2026, 6, 4), D(2026, 7, 4)),
]


@pytest.mark.parametrize("deadline_rule, start, due", HAND_WORKED)
def test_due_dates_match_the_hand_worked_table(deadline_rule: DeadlineRule, start: dt.date, due: dt.date) -> None:
    assert due_date(deadline_rule, start) == due


# (due, the member's safe day): the last business day on or before the due date
SAFE_DAYS = [
    (D(2027, 1, 30), D(2027, 1, 29)),  # a Saturday: the Friday before
    (D(2026, 7, 4), D(2026, 7, 2)),  # Independence Day, and its observed Friday: Thursday
    (D(2026, 11, 29), D(2026, 11, 27)),  # the Sunday after Thanksgiving: the Friday after it
    (D(2027, 1, 18), D(2027, 1, 15)),  # Martin Luther King Jr. Day: the Friday before
    (D(2028, 1, 1), D(2027, 12, 30)),  # New Year's Day on a Saturday, observed Friday: Thursday
    (D(2026, 12, 2), D(2026, 12, 2)),  # a Wednesday: the day itself
]


@pytest.mark.parametrize("due, safe", SAFE_DAYS)
def test_a_members_deadline_is_never_moved_later_but_says_when_to_mail(due: dt.date, safe: dt.date) -> None:
    members = rule(30, who="member")
    assert safe_day(members, due) == safe
    start = due - dt.timedelta(days=30)
    assert due_date(members, start) == due  # the deadline itself stays where the rule puts it


# (last day counted, the deadline under 34 CFR 34.3): the next business day on or after it
MOVED = [
    (D(2026, 11, 29), D(2026, 11, 30)),  # a Sunday: Monday
    (D(2026, 11, 26), D(2026, 11, 27)),  # Thanksgiving: the Friday after
    (D(2026, 12, 26), D(2026, 12, 28)),  # the Saturday after Christmas: Monday
    (D(2027, 12, 31), D(2028, 1, 3)),  # New Year's Day 2028 observed on Friday, then the weekend
    (D(2026, 12, 2), D(2026, 12, 2)),  # a Wednesday: the day itself
]


@pytest.mark.parametrize("last_day, deadline", MOVED)
def test_a_part_34_deadline_on_a_weekend_or_holiday_moves_to_the_next_business_day(last_day: dt.date,
                                                                                   deadline: dt.date) -> None:
    moving = DeadlineRule(code="test", days=30, business_days=False, starts="notice_date", meaning="postmarked",
                          who="member", description="words", moves_to_business_day=True)  # type: ignore[arg-type]
    assert legal_deadline(moving, last_day) == deadline
    assert safe_day(moving, last_day) <= last_day  # "mail by" stays the safe earlier day
    assert legal_deadline(rule(30, who="member"), last_day) == last_day  # other rules do not move


def test_a_recipients_deadline_is_shown_as_the_rule_gives_it() -> None:
    assert safe_day(rule(30), D(2027, 1, 30)) == D(2027, 1, 30)


def test_the_count_starts_at_the_named_date_and_falls_back_when_it_was_left_empty() -> None:
    from_notice = rule(30, who="member", starts="notice_date")
    end_date = rule(0, who="member", starts="validation_end", fallback=from_notice)
    assert deadline_for(end_date, None, {"validation_end": "2027-01-30"}) == (end_date, D(2027, 1, 30))
    assert deadline_for(end_date, None, {"validation_end": "", "notice_date": "2026-11-02"}) == (
        from_notice, D(2026, 12, 2))
    assert deadline_for(end_date, None, {}) is None
    assert deadline_for(rule(30), None, {}) is None  # counted from sending: not yet sent
    assert deadline_for(rule(30), D(2026, 11, 2), {}) == (rule(30), D(2026, 12, 2))


days = st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 12, 31))
counts = st.integers(min_value=1, max_value=400)


@given(start=days, count=counts)
def test_business_days_never_land_on_a_weekend_or_holiday(start: dt.date, count: int) -> None:
    due = due_date(rule(count, True), start)
    assert due.weekday() < 5
    assert due not in legal_public_holidays(due.year)
    assert due > start


@given(first=days, second=days, count=st.integers(min_value=0, max_value=400), business=st.booleans(),
       receipt=st.integers(min_value=0, max_value=10))
def test_a_later_start_never_gives_an_earlier_deadline(first: dt.date, second: dt.date, count: int,
                                                       business: bool, receipt: int) -> None:
    earlier, later = sorted((first, second))
    deadline_rule = rule(count, business, receipt=receipt)
    assert due_date(deadline_rule, earlier) <= due_date(deadline_rule, later)


@given(start=days, count=st.integers(min_value=0, max_value=60))
def test_counting_business_days_counts_exactly_that_many(start: dt.date, count: int) -> None:
    due = add_business_days(start, count)
    between = [start + dt.timedelta(days=n) for n in range(1, (due - start).days + 1)]
    assert sum(is_business_day(day) for day in between) == count


@given(due=days)
def test_the_safe_day_is_the_last_business_day_on_or_before_the_deadline(due: dt.date) -> None:
    safe = safe_day(rule(30, who="member"), due)
    assert safe <= due and is_business_day(safe)
    assert not any(is_business_day(safe + dt.timedelta(days=n)) for n in range(1, (due - safe).days + 1))


@given(due=days)
def test_a_letter_that_must_arrive_mailed_on_its_mail_by_day_is_in_time_and_a_business_day_later_is_not(
        due: dt.date) -> None:
    arrive = DeadlineRule(code="test", days=0, business_days=False, starts="notice_date", meaning="received",
                          who="member", description="words")  # type: ignore[arg-type]
    mail_by = safe_day(arrive, due)
    assert is_business_day(mail_by) and mail_by < due
    assert sent_in_time(arrive, due, mail_by)
    assert not sent_in_time(arrive, due, add_business_days(mail_by, 1))
    assert not sent_in_time(arrive, due, due)  # mailing on the last day is late


# Receipt, the 45-day case and the records request, with the catalogue's own rules.

def test_a_bureaus_30_days_run_from_the_delivery_and_until_it_is_known_from_mailing_plus_5_business_days() -> None:
    bureau = CATALOGUE["bureau_dispute"].deadline
    assert bureau is not None and bureau.starts == "delivered"
    # delivered Tuesday, December 1, 2026: 30 days later, Thursday, December 31
    assert deadline_for(bureau, D(2026, 11, 25), {}, delivered_on=D(2026, 12, 1)) == (bureau, D(2026, 12, 31))
    # mailed Wednesday, November 25: Nov 27, 30, Dec 1, 2, 3 (Thanksgiving skipped), then 30 days
    assert start_of(bureau, D(2026, 11, 25), {}) == D(2026, 12, 3)
    assert deadline_for(bureau, D(2026, 11, 25), {}) == (bureau, D(2027, 1, 2))
    assert deadline_for(bureau, None, {}) is None  # not sent: nothing to count from


@pytest.mark.parametrize("fields, more_info_on, days, due", [
    ({}, None, 30, D(2026, 12, 31)),
    ({}, D(2026, 12, 10), 45, D(2027, 1, 15)),  # more information during the 30 days
    ({}, D(2026, 12, 31), 45, D(2027, 1, 15)),  # on the 30th day itself
    ({}, D(2027, 1, 1), 30, D(2026, 12, 31)),  # after the 30 days: no extension
    ({"after_free_report": "yes"}, None, 45, D(2027, 1, 15)),  # 1681j(a)(3)
    ({"after_free_report": ""}, None, 30, D(2026, 12, 31)),
])
def test_a_bureau_has_45_days_when_more_information_came_during_the_30_or_after_the_free_report(
        fields: dict[str, str], more_info_on: dt.date | None, days: int, due: dt.date) -> None:
    bureau = CATALOGUE["bureau_dispute"].deadline
    assert bureau is not None
    found = deadline_for(bureau, D(2026, 11, 25), fields, delivered_on=D(2026, 12, 1), more_info_on=more_info_on)
    assert found is not None and (found[0].days, found[1]) == (days, due)


def test_a_furnisher_has_45_days_with_more_information_but_no_free_report_case() -> None:
    furnisher = CATALOGUE["furnisher_dispute"].deadline
    assert furnisher is not None and furnisher.extended_if is None
    assert deadline_for(furnisher, D(2026, 11, 25), {"after_free_report": "yes"},
                        delivered_on=D(2026, 12, 1)) == (furnisher, D(2026, 12, 31))
    found = deadline_for(furnisher, D(2026, 11, 25), {}, delivered_on=D(2026, 12, 1), more_info_on=D(2026, 12, 4))
    assert found is not None and found[1] == D(2027, 1, 15)


def test_the_offset_records_request_is_a_deadline_of_its_own_not_moved_off_a_sunday() -> None:
    offset = CATALOGUE["offset_review"]
    ticked = {"notice_date": "2026-11-02", "request_records": True}
    assert [rule.code for rule in deadlines_of(offset, ticked)] == ["offset_review_65_days", "offset_records_20_days"]
    assert [rule.code for rule in deadlines_of(offset, {**ticked, "request_records": False})] == [
        "offset_review_65_days"]
    records = offset.more_deadlines[0]
    found = deadline_for(records, None, ticked)
    assert found == (records, D(2026, 11, 22))  # a Sunday, and part 30 does not move it
    assert legal_deadline(records, D(2026, 11, 22)) == D(2026, 11, 22)
    assert safe_day(records, D(2026, 11, 22)) == D(2026, 11, 20)
    assert sent_in_time(records, D(2026, 11, 22), D(2026, 11, 22))  # a postmark that Sunday would do
    assert not sent_in_time(records, D(2026, 11, 22), D(2026, 11, 23))


def test_the_garnishment_records_request_on_a_weekend_moves_to_the_next_business_day() -> None:
    records = CATALOGUE["garnishment_hearing"].more_deadlines[0]
    found = deadline_for(records, None, {"notice_date": "2026-11-01", "request_records": "yes"})
    assert found == (records, D(2026, 11, 21))  # Saturday
    assert legal_deadline(records, D(2026, 11, 21)) == D(2026, 11, 23)  # 34 CFR 34.3: Monday
    assert safe_day(records, D(2026, 11, 21)) == D(2026, 11, 20)


def test_a_letter_that_must_arrive_is_judged_by_its_delivery_date_once_known() -> None:
    arrive = DeadlineRule(code="test", days=0, business_days=False, starts="notice_date", meaning="received",
                          who="member", description="words")  # type: ignore[arg-type]
    # mailed Thursday, December 10, 2026: assumed to arrive Thursday the 17th, after Monday the 14th
    assert not sent_in_time(arrive, D(2026, 12, 14), D(2026, 12, 10))
    assert sent_in_time(arrive, D(2026, 12, 14), D(2026, 12, 10), delivered_on=D(2026, 12, 12))
    assert not sent_in_time(arrive, D(2026, 12, 14), D(2026, 12, 4), delivered_on=D(2026, 12, 15))
