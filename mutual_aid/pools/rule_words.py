"""A pool's rules in words, in the reader's language: the rules in force as a list, what changed
from one version to the next ("Monthly amount: $20.00 → $25.00"), and the sentences of the pool's
public page ("Each member puts in $25.00 a month.")."""

from __future__ import annotations

from babel.support import LazyProxy

from mutual_aid.pools.rules import FIELDS, PoolRules, changed
from mutual_aid.vocabulary import ALLOCATION_RULES, CONTRIBUTION_KINDS, DECISION_METHODS
from server.i18n import format_money, format_number, format_percent_value, ngettext
from server.i18n import gettext as _
from server.i18n import lazy_gettext as _l

RULE_NAMES: dict[str, LazyProxy] = {
    "contribution_kind": _l("How members contribute"),
    "contribution_cents": _l("Monthly amount"),
    "share_basis_points": _l("Share of monthly income"),
    "floor_cents": _l("Least a member pays each month"),
    "cap_cents": _l("Most a member pays each month"),
    "requests_enabled": _l("One-off aid requests"),
    "hardship_enabled": _l("Monthly hardship support"),
    "hardship_max_months": _l("Longest hardship support"),
    "max_per_request_cents": _l("Most for one request"),
    "max_per_member_year_cents": _l("Most for one member in 12 months"),
    "waiting_days": _l("Waiting time after joining"),
    "reserve_cents": _l("Reserve the pool keeps"),
    "decision_method": _l("Who decides on requests"),
    "stewards_k": _l("Stewards who must approve"),
    "quorum_percent": _l("Quorum"),
    "majority_percent": _l("Majority needed"),
    "automatic_up_to_cents": _l("Approved automatically up to"),
    "decision_days": _l("Time to decide"),
    "allocation_rule": _l("When requests exceed the money"),
}


def _money_or(cents: int | None, currency: str, none: str) -> str:
    return none if cents is None else format_money(cents, currency)


def words(rules: PoolRules, name: str, currency: str) -> str:
    """One rule's value in words."""
    value = getattr(rules, name)
    if name == "contribution_kind":
        return str(CONTRIBUTION_KINDS.get(value, value))
    if name in ("contribution_cents", "floor_cents", "reserve_cents"):
        return format_money(value, currency)
    if name == "share_basis_points":
        return f"{format_number(value / 100)} %"
    if name == "cap_cents":
        return _money_or(value, currency, _("No cap"))
    if name in ("requests_enabled", "hardship_enabled"):
        return _("Yes") if value else _("No")
    if name == "hardship_max_months":
        return ngettext("Up to %(num)s month", "Up to %(num)s months", value,
                        num=format_number(value)) if value else _("Not offered")
    if name in ("max_per_request_cents", "max_per_member_year_cents"):
        return _money_or(value, currency, _("No maximum"))
    if name in ("waiting_days", "decision_days"):
        if not value:
            return _("No waiting") if name == "waiting_days" else _("The same day")
        return ngettext("%(num)s day", "%(num)s days", value, num=format_number(value))
    if name == "decision_method":
        return str(DECISION_METHODS.get(value, value))
    if name == "stewards_k":
        return format_number(value)
    if name == "quorum_percent":
        return _("At least %(percent)s %% of the members vote", percent=format_number(value))
    if name == "majority_percent":
        return _("More than %(percent)s %% of the votes say yes", percent=format_number(value))
    if name == "automatic_up_to_cents":
        return _money_or(value, currency, _("Never: every request is decided"))
    if name == "allocation_rule":
        return str(ALLOCATION_RULES.get(value, value))
    return str(value)


def _shown(rules: PoolRules, name: str) -> bool:
    """Rules that mean nothing under the others (a cap for a fixed amount) are left out."""
    if name == "contribution_cents":
        return rules.contribution_kind == "fixed"
    if name in ("share_basis_points", "floor_cents", "cap_cents"):
        return rules.contribution_kind == "income_share"
    if name == "hardship_max_months":
        return rules.hardship_enabled
    if name == "stewards_k":
        return rules.decision_method == "stewards"
    if name in ("quorum_percent", "majority_percent"):
        return rules.decision_method == "vote"
    return True


def describe(rules: PoolRules, currency: str) -> list[tuple[str, str]]:
    """(rule, value) in words for every rule that applies."""
    return [(str(RULE_NAMES[name]), words(rules, name, currency)) for name in FIELDS if _shown(rules, name)]


def changes(old: PoolRules, new: PoolRules, currency: str) -> list[tuple[str, str, str]]:
    """(rule, before, after) in words for every rule that differs."""
    return [(str(RULE_NAMES[name]), words(old, name, currency), words(new, name, currency))
            for name in changed(old, new)]


def sentences(rules: PoolRules, currency: str) -> dict[str, list[str]]:
    """The rules in plain sentences, by heading, as the public page says them."""

    def money(cents: int) -> str:
        return format_money(cents, currency)

    if rules.contribution_kind == "fixed":
        contribution = [_("Each member puts in %(amount)s a month.", amount=money(rules.contribution_cents))]
    else:
        contribution = [_("Each member puts in %(percent)s of their monthly income.",
                          percent=format_percent_value(rules.share_basis_points / 10000))]
        if rules.floor_cents:
            contribution.append(_("At least %(amount)s a month.", amount=money(rules.floor_cents)))
        if rules.cap_cents is not None:
            contribution.append(_("At most %(amount)s a month.", amount=money(rules.cap_cents)))
        contribution.append(_("Incomes count by bracket: any income from %(low)s to %(high)s counts as %(low)s, so "
                              "what a member pays never tells their exact income.",
                              low=money(2_250_00), high=money(2_499_99)))
        contribution.append(_("Each member's income stays private: only they can read it."))
    payouts = []
    if rules.requests_enabled:
        payouts.append(_("Members can ask for one-off aid."))
    if rules.hardship_enabled:
        payouts.append(_("A member in hardship can receive monthly support for up to %(months)s months.",
                         months=rules.hardship_max_months or 1))
    if not payouts:
        payouts.append(_("This pool pays no aid for now."))
    limits = []
    if rules.max_per_request_cents is not None:
        limits.append(_("At most %(amount)s per request.", amount=money(rules.max_per_request_cents)))
    if rules.max_per_member_year_cents is not None:
        limits.append(_("At most %(amount)s per member in any 12 months.",
                        amount=money(rules.max_per_member_year_cents)))
    if rules.waiting_days:
        limits.append(_("New members can ask for aid %(days)s days after joining.", days=rules.waiting_days))
    if rules.reserve_cents:
        limits.append(_("The pool always keeps a reserve of %(amount)s.", amount=money(rules.reserve_cents)))
    if not limits:
        limits.append(_("No limits beyond what the pool holds."))
    if rules.decision_method == "stewards":
        decision = [_("Requests are decided by %(k)s of the stewards.", k=rules.stewards_k)]
    else:
        decision = [_("Requests are decided by a vote of members: at least %(quorum)s of members must vote, "
                      "and more than %(majority)s of the votes must say yes.",
                      quorum=format_percent_value(rules.quorum_percent / 100),
                      majority=format_percent_value(rules.majority_percent / 100))]
    if rules.automatic_up_to_cents is not None:
        decision.append(_("Requests up to %(amount)s are approved without a decision.",
                          amount=money(rules.automatic_up_to_cents)))
    decision.append(_("Nobody decides their own request."))
    allocation = [
        _("When approved requests add up to more than the pool can pay above its reserve:"),
        str(ALLOCATION_RULES[rules.allocation_rule]),
    ]
    return {
        _("Contributions"): contribution, _("Aid"): payouts, _("Limits"): limits,
        _("Decisions"): decision, _("Sharing out"): allocation,
    }
