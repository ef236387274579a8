"""What each kind of notification says, in the reader's language.

A notification row stores only its kind's name and parameters; the words are looked up when it
is shown or emailed, so a member who switches language reads everything in the new one. Each
domain declares its kinds as `Kind` values, passes them to `notify()`, and lists them in its
`Domain` so that stored notifications can be put into words again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from babel.support import LazyProxy

from server.i18n import lazy_gettext as _l


@dataclass(frozen=True)
class Kind:
    name: str  # stored with each notification; unique across Jubilee
    title: LazyProxy
    body: LazyProxy
    # turns stored parameters into words of the reader's language (e.g. a role's name)
    prepare: Callable[[dict[str, Any]], dict[str, Any]] | None = None


def words(kind: Kind, params: dict[str, Any]) -> tuple[str, str]:
    """(title, body) in the current language."""
    if kind.prepare is not None:
        params = kind.prepare(params)
    try:
        return str(kind.title) % params, str(kind.body) % params
    except (KeyError, ValueError, TypeError):
        return str(kind.title), ""


def words_of(kinds: Mapping[str, Kind], name: str, params: dict[str, Any]) -> tuple[str, str]:
    """A stored notification in words; a kind no domain declares any more reads as a neutral line."""
    kind = kinds.get(name)
    return words(kind, params) if kind is not None else (str(_l("Notice")), "")
