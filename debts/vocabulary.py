"""The words of the vault: kinds of debt, statuses, experiences of collection, creditor kinds,
regions and currencies, each a stable code with a label in the reader's language."""

from __future__ import annotations

from babel.support import LazyProxy

from server.i18n import lazy_gettext as _l

DEBT_KINDS: dict[str, LazyProxy] = {
    "federal_student": _l("Federal student loan"),
    "private_student": _l("Private student loan"),
    "medical": _l("Medical"),
    "housing": _l("Rent or housing arrears"),
    "mortgage": _l("Mortgage"),
    "credit_card": _l("Credit card"),
    "payday": _l("Payday or title loan"),
    "auto": _l("Auto loan"),
    "utility": _l("Utility"),
    "telecom": _l("Phone or internet"),
    "court": _l("Court fines and fees"),
    "bail": _l("Bail"),
    "tax": _l("Tax"),
    "other": _l("Other"),
}

STATUSES: dict[str, LazyProxy] = {
    "current": _l("Current"),
    "late": _l("Late"),
    "default": _l("In default"),
    "collections": _l("In collections"),
    "charged_off": _l("Charged off"),
    "sued": _l("Sued or judgment"),
    "disputed": _l("Disputed"),
    "paused": _l("Forbearance or deferment"),
    "closed": _l("Paid or discharged"),
}

EXPERIENCES: dict[str, LazyProxy] = {
    "calls": _l("Calls"),
    "letters": _l("Letters"),
    "threats": _l("Threats"),
    "lawsuit": _l("A lawsuit"),
    "garnishment": _l("Wage or bank garnishment"),
    "credit_damage": _l("Damage to my credit report"),
}

CREDITOR_KINDS: dict[str, LazyProxy] = {
    "original_creditor": _l("Original creditor"),
    "servicer": _l("Loan servicer"),
    "collector": _l("Collector or debt buyer"),
    "hospital": _l("Hospital or health system"),
    "school": _l("School"),
    "landlord": _l("Landlord"),
    "government": _l("Government agency"),
    "credit_bureau": _l("Credit bureau"),
}

CURRENCIES = ("USD", "CAD", "MXN")

# US states, the District of Columbia and the territories, by ISO 3166-2 code. Place names are
# proper nouns and read the same in English and Spanish.
US_REGIONS: dict[str, str] = {
    "US-AL": "Alabama", "US-AK": "Alaska", "US-AZ": "Arizona", "US-AR": "Arkansas", "US-CA": "California",
    "US-CO": "Colorado", "US-CT": "Connecticut", "US-DE": "Delaware", "US-DC": "District of Columbia",
    "US-FL": "Florida", "US-GA": "Georgia", "US-HI": "Hawaii", "US-ID": "Idaho", "US-IL": "Illinois",
    "US-IN": "Indiana", "US-IA": "Iowa", "US-KS": "Kansas", "US-KY": "Kentucky", "US-LA": "Louisiana",
    "US-ME": "Maine", "US-MD": "Maryland", "US-MA": "Massachusetts", "US-MI": "Michigan", "US-MN": "Minnesota",
    "US-MS": "Mississippi", "US-MO": "Missouri", "US-MT": "Montana", "US-NE": "Nebraska", "US-NV": "Nevada",
    "US-NH": "New Hampshire", "US-NJ": "New Jersey", "US-NM": "New Mexico", "US-NY": "New York",
    "US-NC": "North Carolina", "US-ND": "North Dakota", "US-OH": "Ohio", "US-OK": "Oklahoma", "US-OR": "Oregon",
    "US-PA": "Pennsylvania", "US-RI": "Rhode Island", "US-SC": "South Carolina", "US-SD": "South Dakota",
    "US-TN": "Tennessee", "US-TX": "Texas", "US-UT": "Utah", "US-VT": "Vermont", "US-VA": "Virginia",
    "US-WA": "Washington", "US-WV": "West Virginia", "US-WI": "Wisconsin", "US-WY": "Wyoming",
    "US-AS": "American Samoa", "US-GU": "Guam", "US-MP": "Northern Mariana Islands", "US-PR": "Puerto Rico",
    "US-VI": "U.S. Virgin Islands",
}
