"""The creditor registry's rules, without I/O: when two spellings name the same creditor (their
keys are equal), and how close a typed name comes to each name and alias in the registry.

A key is the name casefolded, without accents or punctuation, with spaces collapsed and trailing
corporate suffixes dropped: "Navient Solutions, LLC", "NAVIENT SOLUTIONS" and "Navient
Solutions Inc." share the key "navient solutions". Words such as "services", "bank" or
"financial" are kept: "Equifax" and "Equifax Information Services" can be different companies,
and an exact key is what stops a member's proposal from creating a duplicate, so it must not
claim more than it knows. The fuzzy ranking finds the rest.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

MAX_NAME = 120  # the length of creditors.name and of every key
MAX_QUERY = 100  # what a search reads of the typed text
CUTOFF = 75  # the lowest score that is still offered as a match
PARTIAL_CUTOFF = 90  # the typed text must be nearly all there to count as part of a longer name

# Dropped from the end of a name, repeatedly ("Wells Fargo & Co., Inc."), never down to nothing.
CORPORATE_SUFFIXES: tuple[tuple[str, ...], ...] = tuple(
    tuple(words.split())
    for words in (
        "inc", "incorporated", "llc", "llp", "lllp", "lp", "ltd", "limited", "corp", "corporation",
        "co", "company", "na", "national association", "plc", "pllc", "fsb",
        "sa de cv", "s de rl de cv", "sapi de cv", "sab de cv",
    )
)
# Words that say nothing about which creditor is meant, ignored by the word-by-word comparison.
STOP_WORDS = frozenset({"of", "the", "and", "for", "at", "de", "del", "la", "el", "los", "las", "y"})

_ACRONYM = re.compile(r"\b(?:[^\W\d_]\.)+[^\W\d_]\b\.?")  # U.S., N.A., I.C. (dots go, letters join)
_APOSTROPHES = re.compile(r"['’ʼ`´]")
_NOT_WORD = re.compile(r"[\W_]+")


def _without_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _drop_suffixes(words: list[str]) -> list[str]:
    while True:
        suffix = next(
            (s for s in CORPORATE_SUFFIXES if len(words) > len(s) and tuple(words[-len(s):]) == s), None
        )
        if suffix is None:
            return words
        words = words[: -len(suffix)]
        if len(words) > 1 and words[-1] == "and":  # "Wells Fargo & Company"
            words = words[:-1]


def name_key(text: str) -> str:
    """What look-up compares: equal keys mean the same creditor. Idempotent."""
    folded = _without_accents(_without_accents(text).casefold())
    folded = _ACRONYM.sub(lambda m: m.group().replace(".", ""), folded)
    folded = _APOSTROPHES.sub("", folded).replace("&", " and ")
    joined = " ".join(_NOT_WORD.sub(" ", folded).split())[:MAX_NAME]
    return " ".join(_drop_suffixes(joined.split()))


def _content(key: str) -> str:
    return " ".join(word for word in key.split() if word not in STOP_WORDS)


@dataclass(frozen=True)
class Spelling:
    """One way the registry writes a creditor: its name or one of its aliases."""

    creditor_id: int
    key: str
    text: str
    is_name: bool
    verified: bool = True


@dataclass(frozen=True)
class Match:
    creditor_id: int
    matched: str  # the name or alias that came closest
    score: int  # 0-100; 100 only for an exact key
    exact: bool


def _scores(query: str, spellings: Sequence[Spelling]) -> dict[int, float]:
    """Index of spelling -> best score over three views of closeness:
    - the whole key, for typos ("Naveint" / "navient");
    - word by word, ignoring order and stop words, when one side's words contain the other's
      ("chase bank" / "chase"), weighed 0.95;
    - the typed text as part of a longer key ("sallie" / "sallie mae bank"), weighed 0.9; never
      a short key inside a longer query, or "ed" would match everything containing those letters.
    """
    best: dict[int, float] = {}

    def keep(results: list[tuple[str, float, int]], weight: float) -> None:
        for _choice, score, index in results:
            best[index] = max(best.get(index, 0.0), score * weight)

    keys = {i: s.key for i, s in enumerate(spellings)}
    keep(process.extract(query, keys, scorer=fuzz.ratio, limit=None, score_cutoff=CUTOFF), 1.0)
    content = _content(query)
    if content:
        contents = {i: _content(s.key) for i, s in enumerate(spellings)}
        contents = {i: c for i, c in contents.items() if c}
        found = process.extract(content, contents, scorer=fuzz.token_set_ratio, limit=None, score_cutoff=CUTOFF / 0.95)
        keep(found, 0.95)
    if len(query) >= 3:
        longer = {i: k for i, k in keys.items() if len(k) > len(query)}
        found = process.extract(query, longer, scorer=fuzz.partial_ratio, limit=None, score_cutoff=PARTIAL_CUTOFF)
        keep(found, 0.9)
    return best


def rank(text: str, spellings: Sequence[Spelling], *, limit: int = 8) -> list[Match]:
    """The creditors closest to `text`, best first (verified ones first among equals), one match
    per creditor: its closest spelling, the name when a name and an alias are equally close.
    Only an exact key scores 100."""
    query = name_key(text[:MAX_QUERY])
    if not query or limit <= 0:
        return []
    per_creditor: dict[int, tuple[float, bool, Spelling]] = {}
    for index, score in _scores(query, spellings).items():
        spelling = spellings[index]
        exact = spelling.key == query
        candidate = (100.0 if exact else min(score, 99.0), spelling.is_name, spelling)
        held = per_creditor.get(spelling.creditor_id)
        if held is None or candidate[:2] > held[:2]:
            per_creditor[spelling.creditor_id] = candidate
    ranked = sorted(
        per_creditor.values(),
        key=lambda c: (-round(c[0]), not c[2].verified, c[2].text.casefold(), c[2].creditor_id),
    )
    return [Match(s.creditor_id, s.text, round(score), s.key == query) for score, _is_name, s in ranked[:limit]]
