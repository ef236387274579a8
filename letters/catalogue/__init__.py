"""The catalogue of letters a member can write: every letter type, with its legal facts, the fields
of its form, its cautions and its deadline (declared in `collector`, `collector_more`, `bankruptcy`, `credit`,
`credit_more`, `medical` and `student`; what a letter type is, in `letter_type`), and its words in
English and Spanish (`letters/templates/letters/catalogue/<code>.<lang>.html`, made into HTML by
`pdf`).

`CATALOGUE` is built here, once, from those declarations, in the order the pages list them;
nothing is added to it by importing a module. Every reader imports it from here.
"""

from __future__ import annotations

from letters.catalogue.bankruptcy import BANKRUPTCY_DISCHARGE
from letters.catalogue.collector import CEASE, VALIDATION
from letters.catalogue.collector_more import NO_SURPRISES, TIME_BARRED, WITHOUT_VALIDATING
from letters.catalogue.credit import BUREAU_DISPUTE, FURNISHER_DISPUTE
from letters.catalogue.credit_more import DISPUTE_STATEMENT, IDENTITY_THEFT_BLOCK, VERIFICATION_METHOD
from letters.catalogue.letter_type import LetterType, catalogue_of, fits
from letters.catalogue.medical import MEDICAL_ASSISTANCE
from letters.catalogue.student import BORROWER_DEFENSE, GARNISHMENT_HEARING, OFFSET_REVIEW

CATALOGUE: dict[str, LetterType] = catalogue_of(
    VALIDATION, WITHOUT_VALIDATING, CEASE, TIME_BARRED, BANKRUPTCY_DISCHARGE,
    BUREAU_DISPUTE, IDENTITY_THEFT_BLOCK, VERIFICATION_METHOD, DISPUTE_STATEMENT, FURNISHER_DISPUTE,
    MEDICAL_ASSISTANCE, NO_SURPRISES, BORROWER_DEFENSE, GARNISHMENT_HEARING, OFFSET_REVIEW,
)


def fitting(kind: str) -> list[LetterType]:
    """The letter types that fit a debt of this kind, in catalogue order."""
    return [letter_type for letter_type in CATALOGUE.values() if fits(letter_type, kind)]
