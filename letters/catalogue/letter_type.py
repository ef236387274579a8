"""What a letter of the catalogue is: what it is for, who it goes to, the fields of its form,
what a member must know before sending it, and the deadline it starts.

Each letter type is a `LetterType` value declared once in a module of `letters.catalogue`
(`collector`, `credit`, `medical`, `student`); `catalogue_of` checks them and makes the catalogue
that the pages, the PDF templates (`letters/templates/letters/catalogue/<code>.<lang>.html`), the
deadline tracking and the tests all read. The legal facts come from
`../shared/reference/letters-law.md`; the wording is our own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from babel.support import LazyProxy as LazyString

from letters.deadlines import DeadlineRule
from server.i18n import lazy_gettext as _l
from server.letter_layout import LANGUAGES

# The languages a letter is written in, by their own names (the same in every page language).
LANGUAGE_NAMES: dict[str, str] = dict(zip(LANGUAGES, ("English", "Español", "English + español"), strict=True))

# How a field is asked for: a line of text, a few lines, a date, an amount of money, one choice
# among `choices`, several of them, or a box to tick.
FIELD_KINDS = ("text", "textarea", "date", "money", "choice", "choices", "checkbox")

# What the form can be prefilled with (from the member's vault, decrypted for them, and from
# their previous letter). A field's `prefill` names one of these.
PREFILLS = (
    "sender_name", "sender_address",  # from the member's last letter, if any
    "original_creditor", "current_holder",  # registry names of the debt's creditors
    "account_number",  # the debt's account number (sealed in the vault)
    "balance", "original_amount",  # the debt's amounts, formatted for the form
    "first_delinquency_on", "first_collection_notice_on", "last_payment_on", "opened_on",
    "last_activity_on",  # the later of last_payment_on and first_delinquency_on
    "region",
    "first_disbursed",  # a federal student loan's first disbursement, when the debt's start date tells it
    # a follow-up started from an earlier letter (`LetterType.follows`): the day it was sent, the day
    # it was delivered, and the day its answer came
    "followed_sent_on", "followed_delivered_on", "followed_answered_on",
)


@dataclass(frozen=True)
class Field:
    name: str
    label: LazyString
    kind: str = "text"
    required: bool = False
    hint: LazyString | None = None
    choices: Mapping[str, LazyString] = field(default_factory=dict)
    max_length: int = 200
    prefill: str | None = None
    # typed at download time only, never stored (a Social Security number where a recipient needs it)
    never_stored: bool = False
    # needed only when another field of the form has this value: (field name, value)
    required_if: tuple[str, str] | None = None
    # a limit in words as well as in characters (a statement of dispute: 100 words, 15 U.S.C. 1681i(b))
    max_words: int | None = None
    # a date that cannot come before another date field's (a bureau's results, after the dispute)
    not_before: str | None = None


@dataclass(frozen=True)
class LetterType:
    code: str
    title: LazyString
    summary: LazyString  # one sentence: what it does, for the list of letters that fit a debt
    recipient: LazyString  # who it goes to
    legal_basis: tuple[str, ...]  # citations, printed in the letter and shown before sending
    fields: tuple[Field, ...]
    cautions: tuple[LazyString, ...]  # what the member must see before sending
    kinds: frozenset[str] | None  # the debt kinds it fits; None: every kind
    checked_on: dt.date  # when its facts were last checked against the sources
    deadline: DeadlineRule | None = None  # the type's usual rule
    # when the rule depends on what the member typed: the rule that binds this letter (`deadline`,
    # one of `other_deadlines`, or None), from the form's values; and, when none binds, which rule
    # applies instead, in words
    deadline_by: Callable[[Mapping[str, Any]], DeadlineRule | None] | None = None
    other_deadlines: tuple[DeadlineRule, ...] = ()
    no_deadline: LazyString | None = None
    # when the law cited depends on what the member typed: the citations this letter prints (a
    # part of `legal_basis`, which lists them all)
    legal_basis_by: Callable[[Mapping[str, Any]], tuple[str, ...]] | None = None
    # deadlines besides the main one under the type's usual rule (`deadline`), each binding when its
    # `applies_if` box is ticked: the 20-day records request of the offset review and of the
    # Department's garnishment hearing (a guaranty agency's notice is under another law)
    more_deadlines: tuple[DeadlineRule, ...] = ()
    # the letter types it follows up: a sent letter of one of them offers this one on its page, and
    # its form then starts from that letter (the same fields, its dates)
    follows: tuple[str, ...] = ()
    # what the law says for what the member typed (the state's limitation period and revival rule),
    # shown on the form and the letter's page before sending: from the values (strings or typed) and today
    notes_by: Callable[[Mapping[str, Any], dt.date], tuple[str, ...]] | None = None
    # the type's own checks of the form's clean values: errors by field name (a bill under the $400 threshold)
    check: Callable[[Mapping[str, Any]], dict[str, str]] | None = None


def notes_of(letter_type: LetterType | None, values: Mapping[str, Any], today: dt.date) -> tuple[str, ...]:
    """What the law says for what the member typed, if the type says anything."""
    if letter_type is None or letter_type.notes_by is None:
        return ()
    return letter_type.notes_by(values, today)


def deadline_of(letter_type: LetterType | None, fields: Mapping[str, Any]) -> DeadlineRule | None:
    """The deadline rule that binds this letter (what the member typed, `fields`), if any: the one
    entry point for a letter's rule (a type's `deadline` is only its usual one)."""
    if letter_type is None:
        return None
    if letter_type.deadline_by is not None:
        return letter_type.deadline_by(fields)
    return letter_type.deadline


def legal_basis_of(letter_type: LetterType, values: Mapping[str, Any]) -> tuple[str, ...]:
    """The citations this letter prints, from what the member typed."""
    if letter_type.legal_basis_by is None:
        return letter_type.legal_basis
    return letter_type.legal_basis_by(values)


def deadlines_of(letter_type: LetterType | None, fields: Mapping[str, Any]) -> list[DeadlineRule]:
    """Every deadline rule that binds this letter: the main one (`deadline_of`), then, when that is
    the type's usual rule, each of its further deadlines whose box is ticked."""
    main = deadline_of(letter_type, fields)
    if letter_type is None or main is None:
        return []
    more = [rule for rule in letter_type.more_deadlines
            if rule.applies_if is None or fields.get(rule.applies_if) in (True, "yes")]
    return [main, *(more if main is letter_type.deadline else [])]


def catalogue_of(*letter_types: LetterType) -> dict[str, LetterType]:
    """The letter types by code, in the order given, each checked: codes are unique, and every
    field has a known kind and prefill."""
    catalogue: dict[str, LetterType] = {}
    for letter_type in letter_types:
        if letter_type.code in catalogue:
            raise ValueError(f"letter type {letter_type.code} declared twice")
        for item in letter_type.fields:
            if item.kind not in FIELD_KINDS:
                raise ValueError(f"{letter_type.code}.{item.name}: unknown kind {item.kind}")
            if item.prefill is not None and item.prefill not in PREFILLS:
                raise ValueError(f"{letter_type.code}.{item.name}: unknown prefill {item.prefill}")
            if item.required_if is not None and item.required_if[0] not in {f.name for f in letter_type.fields}:
                raise ValueError(f"{letter_type.code}.{item.name}: required with unknown field {item.required_if[0]}")
            if item.not_before is not None and (item.kind != "date" or item.not_before not in
                                                {f.name for f in letter_type.fields if f.kind == "date"}):
                raise ValueError(f"{letter_type.code}.{item.name}: not before {item.not_before}, which is no date")
        if letter_type.other_deadlines and letter_type.deadline_by is None:
            raise ValueError(f"{letter_type.code}: other deadlines, but nothing chooses among them")
        catalogue[letter_type.code] = letter_type
    for letter_type in letter_types:
        for code in letter_type.follows:
            if code not in catalogue:
                raise ValueError(f"{letter_type.code} follows unknown letter type {code}")
    return catalogue


def follow_ups(catalogue: Mapping[str, LetterType], code: str, kind: str | None) -> list[LetterType]:
    """The letter types that follow up a letter of type `code`, for a debt of this kind (any kind
    when the letter's debt is gone)."""
    return [t for t in catalogue.values() if code in t.follows and (kind is None or fits(t, kind))]


def follow_up_values(letter_type: LetterType, earlier: Mapping[str, Any],
                     dates: Mapping[str, dt.date | None]) -> dict[str, Any]:
    """What a follow-up's form takes from the earlier letter (what was typed in it, `earlier`): every
    field of the same name (the bureau, the account line, the addresses), never one typed only at
    download; and its dates (`dates`, by the prefill names "followed_…"), where the form asks."""
    values = {item.name: earlier[item.name] for item in letter_type.fields
              if item.name in earlier and not item.never_stored}
    for item in letter_type.fields:
        day = dates.get(item.prefill or "")
        if day is not None:
            values[item.name] = day.isoformat()
    return values


def fits(letter_type: LetterType, kind: str) -> bool:
    """Whether the letter type fits a debt of this kind."""
    return letter_type.kinds is None or kind in letter_type.kinds


def sender_fields() -> tuple[Field, ...]:
    """Who writes: every letter starts with these (the PDF's letterhead and signature)."""
    return (
        Field("sender_name", _l("Your full name"), required=True, prefill="sender_name", max_length=120),
        Field("sender_address", _l("Your mailing address"), kind="textarea", required=True, prefill="sender_address",
              max_length=300, hint=_l("Street, city, state and ZIP code, as on your mail.")),
    )


def recipient_fields(name_label: LazyString, name_prefill: str | None = None) -> tuple[Field, ...]:
    """Who receives it: every letter has these (the PDF's address block)."""
    return (
        Field("recipient_name", name_label, required=True, prefill=name_prefill, max_length=160),
        Field("recipient_address", _l("Their mailing address"), kind="textarea", required=True, max_length=300,
              hint=_l("Copy it from their letter or statement: the address given for disputes or correspondence.")),
    )


def account_field(label: LazyString | None = None) -> Field:
    """The account or reference number the recipient knows the debt by."""
    return Field("account_number", label or _l("Account or reference number"), prefill="account_number", max_length=64,
                 hint=_l("As printed on their letter. Never your Social Security number."))
