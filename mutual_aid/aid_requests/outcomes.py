"""What the request forms' redirects say: a request sent, a vote counted, a request withdrawn (see
`server.outcomes`)."""

from __future__ import annotations

from server.i18n import lazy_gettext as _l
from server.outcomes import Outcome

SENT = Outcome("mutual_aid.request_sent", _l("Your request was sent."))
SENT_TO_A_VOTE = Outcome("mutual_aid.request_sent_to_a_vote", _l(
    "Your request was sent. You are this pool's only steward, so the other members vote on it instead: nobody "
    "decides their own request."))
VOTED = Outcome("mutual_aid.vote_counted", _l("Your vote is counted. Nobody can see how you voted."))
WITHDRAWN = Outcome("mutual_aid.request_withdrawn", _l("Your request is withdrawn."))

OUTCOMES = (SENT, SENT_TO_A_VOTE, VOTED, WITHDRAWN)
