"""What notifications about aid requests and their decisions say (`mutual_aid.domain` lists them,
so stored ones read again). They name the pool, never who asked."""

from __future__ import annotations

from server.i18n import lazy_gettext as _l
from server.notices.kinds import Kind

AID_REQUEST_TO_DECIDE = Kind(
    "aid_request_to_decide",
    _l("A request for aid in %(pool)s waits for your decision"),
    _l("A member of %(pool)s asked the pool for aid. Read it and vote by %(date)s: your vote is secret."),
)
AID_REQUEST_APPROVED = Kind(
    "aid_request_approved",
    _l("Your request to %(pool)s was approved"),
    _l("Your request for aid to %(pool)s was approved. A steward will send the money and record it; then "
       "confirm on the request's page that you received it."),
)
AID_REQUEST_DECLINED = Kind(
    "aid_request_declined",
    _l("Your request to %(pool)s was not approved"),
    _l("Your request for aid to %(pool)s was not approved. You can talk to a steward, or ask again later."),
)
AID_DECISION_REMINDER = Kind(
    "aid_decision_reminder",
    _l("A decision in %(pool)s closes tomorrow"),
    _l("A request for aid in %(pool)s waits for your vote, and the decision closes on %(date)s."),
)
KINDS = (AID_REQUEST_TO_DECIDE, AID_REQUEST_APPROVED, AID_REQUEST_DECLINED, AID_DECISION_REMINDER)
