"""The campaigns' words: the levels of commitment, the statuses a member sees, the kinds of
retaliation a member may report. Plain values, shared by the forms, the rules, the queries and
the pages."""

from __future__ import annotations

from babel.support import LazyProxy

from server.i18n import lazy_gettext as _l

LEVELS = ("counted", "pledged", "striking")
NOT_PAYING = frozenset({"pledged", "striking"})  # the levels on strike, or to be once it starts
JOINABLE = ("open", "active")  # the statuses that take pledges and changes to them

LEVEL_NAMES: dict[str, LazyProxy] = {
    "counted": _l("Counted (solidarity)"),
    "pledged": _l("Pledged"),
    "striking": _l("Striking"),
}
LEVEL_HINTS: dict[str, LazyProxy] = {
    "counted": _l("Count my debt in the campaign's totals. I keep paying; nothing more is asked of me."),
    "pledged": _l("I will stop paying this debt once the campaign activates."),
    "striking": _l("I have already stopped paying this debt."),
}
STATUS_NAMES: dict[str, LazyProxy] = {
    "open": _l("Open for pledges"), "active": _l("Active: the strike is on"), "won": _l("Won"),
    "ended": _l("Ended"), "expired": _l("Expired: the threshold was not met in time"),
}

REPORT_KINDS: dict[str, LazyProxy] = {
    "calls": _l("Calls"),
    "threats": _l("Threats"),
    "lawsuit": _l("A lawsuit"),
    "garnishment": _l("Garnishment of pay or of a bank account"),
    "credit": _l("Damage to my credit report"),
    "other": _l("Something else"),
}
