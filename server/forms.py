"""What every form shares: the values a person typed, the errors next to each field, and the
clean values to store once every field is right.

Text that no database could store (NUL, and halves of UTF-16 surrogate pairs, which PostgreSQL
refuses in text) never reaches a query: `text()` and `every()` put U+FFFD "�" in their place,
and a `Form` refuses any value holding one (or such a character, read some other way), next to
its field, with what was typed kept and "�" where the character was.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from server.i18n import gettext as _

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def storable(value: str) -> str:
    """`value` with each character no database stores as text replaced by "�"."""
    return UNSTORABLE.sub(REPLACEMENT, value)


def unstorable_message() -> str:
    return _("This has a character that cannot be saved, shown as �. Remove it and try again.")


def _unstorable(value: Any) -> bool:
    if isinstance(value, str):
        return REPLACEMENT in value or UNSTORABLE.search(value) is not None
    if isinstance(value, list | tuple):
        return any(_unstorable(item) for item in value)
    return False


def _marked(value: Any) -> Any:
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, list | tuple):
        return type(value)(_marked(item) for item in value)
    return value


@dataclass
class Form:
    values: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)
    clean: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.refuse_unstorable()

    def refuse_unstorable(self) -> None:
        """An error next to each field whose value holds text no database stores (see above); the
        value is kept, with "�" where each such character was, so that it can be shown again."""
        for name, value in self.values.items():
            if _unstorable(value):
                self.values[name] = _marked(value)
                self.errors.setdefault(name, unstorable_message())

    @property
    def ok(self) -> bool:
        self.refuse_unstorable()  # values filled in after the form was made are checked too
        return not self.errors


def every(form: Mapping[str, Any], name: str) -> list[Any]:
    """Every value sent under `name` (a form repeats a field for each box ticked), from a
    submitted form or a plain mapping; text that cannot be stored is marked as in `text()`."""
    getlist = getattr(form, "getlist", None)
    if getlist is not None:
        values = list(getlist(name))
    else:
        value = form.get(name)
        values = list(value) if isinstance(value, list) else [] if value is None else [value]
    return [storable(v) if isinstance(v, str) else v for v in values]


def text(form: Mapping[str, Any], name: str, limit: int = 1000) -> str:
    """A single text value: files and repeated fields are ignored, huge values cut, characters
    no database stores shown as "�"."""
    value = form.get(name)
    return storable(value.strip()[:limit]) if isinstance(value, str) else ""
