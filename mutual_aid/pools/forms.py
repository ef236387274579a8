"""What a person types to start a pool or change its rules.

Pure checks (no database). Every refusal keeps what was typed and says, next to the field, what to
fix. Amounts are typed as money ("12.50") and kept as cents; shares as percents ("3.5").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from mutual_aid.pools.rules import PoolRules
from mutual_aid.vocabulary import ALLOCATION_RULES, CONTRIBUTION_KINDS
from server.fields import MAX_CENTS, parse_money
from server.forms import Form, text
from server.i18n import format_money, format_number
from server.i18n import gettext as _

CURRENCIES = ("USD", "CAD", "MXN", "EUR")
NAME_MAX = 120
DESCRIPTION_MAX = 2000
MAX_STEWARDS_K = 20
MAX_HARDSHIP_MONTHS = 24
MAX_WAITING_DAYS = 365
MAX_DECISION_DAYS = 30

RULE_FIELDS = (
    "contribution_kind", "contribution_amount", "share_percent", "floor", "cap", "requests_enabled",
    "hardship_enabled", "hardship_max_months", "max_per_request", "max_per_member_year", "waiting_days",
    "reserve", "decision_method", "stewards_k", "quorum_percent", "majority_percent", "automatic_up_to",
    "decision_days", "allocation_rule",
)
CHECKBOXES = ("requests_enabled", "hardship_enabled")


def _money_text(cents: int | None) -> str:
    if cents is None:
        return ""
    return f"{Decimal(cents) / 100:.2f}"


def _percent_text(basis_points: int) -> str:
    return f"{Decimal(basis_points) / 100:f}".rstrip("0").rstrip(".") if basis_points else ""


def blank_values() -> dict[str, str]:
    """The creation form as first shown: the defaults of `PoolRules`, no amount yet."""
    values = values_from_rules(PoolRules())
    values.update(name="", description="", currency="USD", contribution_amount="")
    return values


def values_from_rules(rules: PoolRules) -> dict[str, str]:
    """The rule fields as typed text, to prefill the form with the rules in force."""
    return {
        "contribution_kind": rules.contribution_kind,
        "contribution_amount": _money_text(rules.contribution_cents) if rules.contribution_kind == "fixed" else "",
        "share_percent": _percent_text(rules.share_basis_points),
        "floor": _money_text(rules.floor_cents) if rules.floor_cents else "",
        "cap": _money_text(rules.cap_cents),
        "requests_enabled": "yes" if rules.requests_enabled else "",
        "hardship_enabled": "yes" if rules.hardship_enabled else "",
        "hardship_max_months": str(rules.hardship_max_months or ""),
        "max_per_request": _money_text(rules.max_per_request_cents),
        "max_per_member_year": _money_text(rules.max_per_member_year_cents),
        "waiting_days": str(rules.waiting_days),
        "reserve": _money_text(rules.reserve_cents) if rules.reserve_cents else "",
        "decision_method": rules.decision_method,
        "stewards_k": str(rules.stewards_k),
        "quorum_percent": str(rules.quorum_percent),
        "majority_percent": str(rules.majority_percent),
        "automatic_up_to": _money_text(rules.automatic_up_to_cents),
        "decision_days": str(rules.decision_days),
        "allocation_rule": rules.allocation_rule,
    }


def _whole(typed: str, low: int, high: int) -> int | None:
    cleaned = typed.replace(",", "").replace(" ", "")
    if not re.fullmatch(r"[0-9]{1,6}", cleaned) or not low <= int(cleaned) <= high:
        return None
    return int(cleaned)


def amount(form: Form, name: str, *, required: bool, positive: bool = False) -> int | None:
    """Cents from the field; records an error (and returns None) when it is not a sane amount."""
    typed = form.values[name]
    if not typed:
        if required:
            form.errors[name] = _("Write an amount, like 25.00.")
        return None
    cents = parse_money(typed)
    if cents is None or cents > MAX_CENTS:
        form.errors[name] = _("Write an amount from 0 to %(max)s, like 25.00.", max=format_money(MAX_CENTS))
        return None
    if positive and cents == 0:
        form.errors[name] = _("Write an amount of at least 0.01.")
        return None
    return cents


def _share(form: Form) -> int | None:
    typed = form.values["share_percent"].replace("%", "").replace(" ", "").replace(",", ".")
    if not re.fullmatch(r"\d{1,3}(\.\d{1,2})?", typed) or not Decimal("0.01") <= Decimal(typed) <= 100:
        form.errors["share_percent"] = _("Write a share from 0.01 to 100, like 3 or 2.5.")
        return None
    return int(Decimal(typed) * 100)


def _number(form: Form, name: str, low: int, high: int) -> int | None:
    number = _whole(form.values[name], low, high)
    if number is None:
        form.errors[name] = _("Write a whole number from %(low)s to %(high)s.",
                              low=format_number(low), high=format_number(high))
    return number


def pool_form(data: Mapping[str, Any], *, with_pool: bool = True) -> Form:
    """The pool form: name, description and currency (`with_pool`), and the whole rule set; its
    `clean` holds the pool's columns and, under "rules", a `PoolRules`."""
    values: dict[str, Any] = {name: text(data, name, 40) for name in RULE_FIELDS if name not in CHECKBOXES}
    for name in CHECKBOXES:
        values[name] = "yes" if data.get(name) == "yes" else ""
    if with_pool:
        values["name"] = text(data, "name", NAME_MAX * 2)
        values["description"] = text(data, "description", DESCRIPTION_MAX * 2)
        values["currency"] = text(data, "currency", 10)
    form = Form(values)
    if with_pool:
        _pool_fields(form)
    rules = _rules(form)
    if rules is not None and form.ok:
        form.clean["rules"] = rules
    return form


def _pool_fields(form: Form) -> None:
    values = form.values
    if not values["name"]:
        form.errors["name"] = _("Give the pool a name.")
    elif len(values["name"]) > NAME_MAX:
        form.errors["name"] = _("A name has at most %(max)s characters.", max=format_number(NAME_MAX))
    else:
        form.clean["name"] = values["name"]
    if len(values["description"]) > DESCRIPTION_MAX:
        form.errors["description"] = _("A description has at most %(max)s characters; this has %(count)s.",
                                       max=format_number(DESCRIPTION_MAX), count=format_number(len(values["description"])))
    else:
        form.clean["description"] = values["description"]
    if values["currency"] not in CURRENCIES:
        form.errors["currency"] = _("Choose the currency the pool counts in.")
    else:
        form.clean["currency"] = values["currency"]


def _rules(form: Form) -> PoolRules | None:
    v = form.values
    rule: dict[str, Any] = {}
    if v["contribution_kind"] not in CONTRIBUTION_KINDS:
        form.errors["contribution_kind"] = _("Choose how members contribute.")
    elif v["contribution_kind"] == "fixed":
        rule.update(contribution_kind="fixed", contribution_cents=amount(form, "contribution_amount", required=True,
                                                                           positive=True))
    else:
        floor = amount(form, "floor", required=False)
        cap = amount(form, "cap", required=False, positive=True)
        if floor is not None and cap is not None and floor > cap:
            form.errors["cap"] = _("The cap cannot be below the floor.")
        rule.update(contribution_kind="income_share", share_basis_points=_share(form), floor_cents=floor or 0,
                    cap_cents=cap)
    rule["requests_enabled"] = bool(v["requests_enabled"])
    rule["hardship_enabled"] = bool(v["hardship_enabled"])
    if not (v["requests_enabled"] or v["hardship_enabled"]):
        form.errors["requests_enabled"] = _("Turn on at least one kind of payout: one-off requests, hardship support, or both.")
    rule["hardship_max_months"] = None
    if v["hardship_enabled"]:
        rule["hardship_max_months"] = _number(form, "hardship_max_months", 1, MAX_HARDSHIP_MONTHS)
    rule["max_per_request_cents"] = amount(form, "max_per_request", required=False, positive=True)
    rule["max_per_member_year_cents"] = amount(form, "max_per_member_year", required=False, positive=True)
    rule["waiting_days"] = _number(form, "waiting_days", 0, MAX_WAITING_DAYS) if v["waiting_days"] else 0
    rule["reserve_cents"] = amount(form, "reserve", required=False) or 0
    if v["decision_method"] not in ("stewards", "vote"):
        form.errors["decision_method"] = _("Choose who decides on requests.")
    rule["decision_method"] = v["decision_method"]
    rule["stewards_k"] = _number(form, "stewards_k", 1, MAX_STEWARDS_K) if v["decision_method"] == "stewards" else 1
    if v["decision_method"] == "vote":
        rule["quorum_percent"] = _number(form, "quorum_percent", 1, 100)
        rule["majority_percent"] = _number(form, "majority_percent", 50, 99)
    else:
        rule["quorum_percent"], rule["majority_percent"] = 50, 50
    rule["automatic_up_to_cents"] = amount(form, "automatic_up_to", required=False, positive=True)
    rule["decision_days"] = _number(form, "decision_days", 1, MAX_DECISION_DAYS)
    if v["allocation_rule"] not in ALLOCATION_RULES:
        form.errors["allocation_rule"] = _("Choose how money is shared when requests exceed what the pool holds.")
    rule["allocation_rule"] = v["allocation_rule"]
    if form.errors:
        return None
    return PoolRules(**rule)
