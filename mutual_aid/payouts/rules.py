"""What is left to pay on an approved request, this month's payout plan, and a request's status
from its payouts. Pure: no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from mutual_aid.payouts import allocation


@dataclass(frozen=True)
class Owed:
    """One approved request as the payout plan sees it: what is left to pay on it now."""

    request_id: int
    kind: str
    remaining_cents: int  # one-off: asked minus received and sent; hardship: this month's amount
    submitted_at: dt.datetime | None = None


def entry_key(payout_id: int) -> str:
    """The key of a received payout's entry in the pool's book."""
    return f"payout:{payout_id}"


def remaining_one_off(amount_cents: int, received_cents: int, sent_cents: int) -> int:
    return max(amount_cents - received_cents - sent_cents, 0)


def hardship_due(months: int, monthly_cents: int, months_paid: Sequence[str], month: str) -> int:
    """This month's hardship payment still to make: none once this month was paid (or sent), or
    once every month was."""
    if month in months_paid or len(set(months_paid)) >= months:
        return 0
    return monthly_cents


def plan(owed: Sequence[Owed], available_cents: int, rule: str) -> dict[int, int]:
    """How much to send on each request now, by request id.

    Hardship support for this month comes first, cut pro rata for everyone when the money does not
    cover it (the Broodfonds rule); one-off aid shares what is left under the pool's allocation
    rule. Nobody is planned more than they still need, and the plan never passes `available_cents`.
    """
    available = max(available_cents, 0)
    hardship = [o for o in owed if o.kind == "hardship" and o.remaining_cents > 0]
    one_off = [o for o in owed if o.kind != "hardship" and o.remaining_cents > 0]
    planned = allocation.hardship_payments([(o.request_id, o.remaining_cents) for o in hardship], available)
    left = available - sum(planned.values())
    claims = [allocation.Claim(o.request_id, o.remaining_cents, o.submitted_at) for o in one_off]
    planned.update(allocation.allocate(claims, left, rule))
    return {request_id: cents for request_id, cents in planned.items() if cents > 0}


def status_after_payout(kind: str, amount_cents: int, months: int | None, received_cents: int,
                        sent_cents: int, months_received: int) -> str:
    """A request's status from what was received and sent on it: paid when the amount (or every
    month) is received; a one-off request is partly funded while what was sent and received is
    more than nothing but less than it asked; otherwise approved (still to pay)."""
    if kind == "hardship":
        return "paid" if months_received >= (months or 1) else "approved"
    if received_cents >= amount_cents:
        return "paid"
    return "partly_funded" if 0 < received_cents + sent_cents < amount_cents else "approved"
