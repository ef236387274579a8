"""What notifications about contributions say (`mutual_aid.domain` lists them, so stored ones
read again)."""

from __future__ import annotations

from typing import Any

from server.i18n import format_month
from server.i18n import lazy_gettext as _l
from server.notices.kinds import Kind


def _with_month(params: dict[str, Any]) -> dict[str, Any]:
    return {**params, "month": format_month(str(params.get("month", "")))}


POOL_CONTRIBUTION_DECLINED = Kind(
    "pool_contribution_declined",
    _l("%(pool)s: a contribution was not confirmed"),
    _l("A steward of the pool %(pool)s could not confirm a contribution you reported. "
       "Talk with your stewards, then report it again if needed."),
)
POOL_CONTRIBUTION_DUE = Kind(
    "pool_contribution_due",
    _l("Your contribution to %(pool)s for %(month)s is due"),
    _l("Your contribution to the pool %(pool)s for %(month)s is due. Once you have paid, say so on your page in the pool."),
    _with_month,
)
POOL_CONTRIBUTIONS_WAITING = Kind(
    "pool_contributions_waiting",
    _l("%(pool)s: contributions wait for you"),
    _l("Some contributions to the pool %(pool)s have waited more than 3 days for a steward. Please confirm them."),
)
KINDS = (POOL_CONTRIBUTION_DECLINED, POOL_CONTRIBUTION_DUE, POOL_CONTRIBUTIONS_WAITING)
