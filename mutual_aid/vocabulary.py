"""The words of mutual aid: request categories and statuses, how money was handed over, roles,
decision methods and allocation rules, each a stable code with a label in the reader's language."""

from __future__ import annotations

from babel.support import LazyProxy

from server.i18n import lazy_gettext as _l

CATEGORIES: dict[str, LazyProxy] = {
    "rent": _l("Rent"),
    "utilities": _l("Utilities"),
    "medical": _l("Medical"),
    "food": _l("Food"),
    "debt_payment": _l("Debt payment"),
    "transport": _l("Transport"),
    "other": _l("Other"),
}

REQUEST_STATUSES: dict[str, LazyProxy] = {
    "submitted": _l("Submitted"),
    "under_decision": _l("Under decision"),
    "approved": _l("Approved"),
    "partly_funded": _l("Partly funded"),
    "paid": _l("Paid"),
    "declined": _l("Declined"),
    "withdrawn": _l("Withdrawn"),
}

REQUEST_KINDS: dict[str, LazyProxy] = {
    "one_off": _l("One-off aid"),
    "hardship": _l("Monthly hardship support"),
}

PAYMENT_METHODS: dict[str, LazyProxy] = {
    "cash": _l("Cash"),
    "transfer": _l("Bank transfer"),
    "app": _l("Payment app"),
    "other": _l("Other"),
}

ROLES: dict[str, LazyProxy] = {
    "member": _l("Member"),
    "steward": _l("Steward"),
}

DECISION_METHODS: dict[str, LazyProxy] = {
    "stewards": _l("By the stewards"),
    "vote": _l("By a vote of members"),
    "automatic": _l("Automatically (small amount)"),
}

ALLOCATION_RULES: dict[str, LazyProxy] = {
    "pro_rata": _l("Pro rata: everyone gets the same share of what they asked"),
    "needs_first": _l("Needs first: the smallest unmet needs are met first"),
}

CONTRIBUTION_KINDS: dict[str, LazyProxy] = {
    "fixed": _l("A fixed monthly amount"),
    "income_share": _l("A share of each member's monthly income"),
}

CONTRIBUTION_STATUSES: dict[str, LazyProxy] = {
    "claimed": _l("Waiting for a steward"),
    "confirmed": _l("Confirmed"),
    "declined": _l("Not confirmed"),
    "reversed": _l("Reversed"),
}

PAYOUT_STATUSES: dict[str, LazyProxy] = {
    "sent": _l("Sent, waiting for the recipient"),
    "received": _l("Received"),
    "cancelled": _l("Cancelled"),
    "reversed": _l("Reversed"),
}
