"""What every form shares: the values a person typed, the errors next to each field, and the
clean values to store once every field is right."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Form:
    values: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)
    clean: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def every(form: Mapping[str, Any], name: str) -> list[Any]:
    """Every value sent under `name` (a form repeats a field for each box ticked), from a
    submitted form or a plain mapping."""
    getlist = getattr(form, "getlist", None)
    if getlist is not None:
        return list(getlist(name))
    value = form.get(name)
    return list(value) if isinstance(value, list) else [] if value is None else [value]


def text(form: Mapping[str, Any], name: str, limit: int = 1000) -> str:
    """A single text value: files and repeated fields are ignored, huge values cut."""
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""
