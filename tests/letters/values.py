"""Values for any letter type's template, made from its fields: what a member could have typed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from letters.catalogue.letter_type import Field, LetterType

EXAMPLE_DATE = dt.date(2026, 3, 2)
EXAMPLE_CENTS = 123_456


def example_value(item: Field) -> Any:
    """text and textarea: "Text for <name>"; a fixed date; $1,234.56; the first choice; every
    choice; a ticked box."""
    if item.kind in ("text", "textarea"):
        return f"Text for {item.name}"
    if item.kind == "date":
        return EXAMPLE_DATE
    if item.kind == "money":
        return EXAMPLE_CENTS
    if item.kind == "choice":
        return next(iter(item.choices))
    if item.kind == "choices":
        return list(item.choices)
    if item.kind == "checkbox":
        return True
    raise ValueError(f"{item.name}: unknown kind {item.kind}")


def example_values(letter_type: LetterType, **overrides: Any) -> dict[str, Any]:
    """Every field of `letter_type` filled in, as the form would clean it; `overrides` replace
    some (an unknown field name is an error, so a test cannot check a value the letter never had)."""
    values = {item.name: example_value(item) for item in letter_type.fields}
    unknown = set(overrides) - set(values)
    if unknown:
        raise KeyError(f"{letter_type.code} has no field {', '.join(sorted(unknown))}")
    return {**values, **overrides}


# What the form of a type with checks of its own (`LetterType.check`) needs to pass them: a bill
# $500 over the good-faith estimate of $1,234.56 (the No Surprises Act's threshold is $400).
PASSING_CHECKS: dict[str, dict[str, str]] = {"no_surprises_dispute": {"bill_amount": "1,734.56"}}


def typed_example(letter_type: LetterType, language: str = "en") -> dict[str, Any]:
    """What a member could type in `letter_type`'s form, field by field as the form posts it (the
    fields typed only at download left out): `example_value`, as text, or "3" where a field takes
    only a few characters (a household's size); and what the type's own checks need."""
    typed: dict[str, Any] = {"letter_language": language}
    for item in letter_type.fields:
        if item.never_stored:
            continue
        value = example_value(item)
        if item.kind in ("text", "textarea") and len(value) > item.max_length:
            value = "3"
        elif item.kind == "date":
            value = value.isoformat()
        elif item.kind == "money":
            value = f"{value // 100:,}.{value % 100:02}"
        elif item.kind == "checkbox":
            value = "yes"
        typed[item.name] = value
    return {**typed, **PASSING_CHECKS.get(letter_type.code, {})}


def debt_kind_for(letter_type: LetterType) -> str:
    """A kind of debt the letter type fits."""
    return min(letter_type.kinds) if letter_type.kinds else "credit_card"
