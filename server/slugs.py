"""Slugs: the readable part of a public address, made from a title ("Medical Debt Strike!" ->
"medical-debt-strike"), and kept unique with a number ("medical-debt-strike-2")."""

from __future__ import annotations

import re
import unicodedata

SLUG_MAX = 60


def slug_base(title: str, fallback: str) -> str:
    """A URL-safe form of the title, or `fallback` when the title has no letter or digit to keep."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:SLUG_MAX].strip("-")
    return slug or fallback


def unique_slug(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
