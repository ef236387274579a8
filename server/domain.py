"""What a domain contributes to Jubilee, declared in one place.

Each domain package fills one `Domain` in its `domain.py`; `server.registry.DOMAINS` lists them,
and the shell (the app, the CLI, the maintenance loop, the demo, the home page) iterates over
that list and nothing else. Contributions that one domain needs from the others at run time (the
watchers of a debt, every exporter and eraser, every kind of notification) reach it through the
`Domains` it is handed: the app puts it in `request.state.domains`, jobs and hooks receive it.
Nothing here imports a domain, and nothing depends on the order in which modules are imported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from starlette.routing import BaseRoute

from server.auth import CurrentMember
from server.crypto import Keyring
from server.db import Database
from server.notices.kinds import Kind
from server.outcomes import Outcome
from server.rotation import EncryptedField
from server.settings import Settings


@dataclass(frozen=True)
class DemoMember:
    id: int
    handle: str
    language: str
    data_key: bytes
    role: str | None  # the demo's organizer, steward and administrator have one; members none


# (db, keyring, now): periodic work, run by the maintenance loop in a transaction of its own
Job = Callable[[Database, Keyring, dt.datetime], Awaitable[object]]
# (db, settings, now): makes every release of published figures due by `now` that is not made yet
# (`server.disclosure`); run by the maintenance loop, never by a page
Releaser = Callable[[Database, Settings, dt.datetime], Awaitable[object]]
# (db, member_id, data_key, keyring) -> a JSON-ready section of the member's download; data_key
# opens the member's own fields, the keyring those sealed with the server keys
Exporter = Callable[[Database, int, bytes, Keyring], Awaitable[Any]]
# (db, member_id, domains): deletes or anonymises the domain's rows about a member, and takes them
# out of every count, inside the erasure's one transaction (before the member's own row goes)
Eraser = Callable[[Database, int, "Domains"], Awaitable[None]]
# (db, settings, keyring, members, rng) -> a line for the summary `jubilee demo` prints
DemoStep = Callable[[Database, Settings, Keyring, list[DemoMember], random.Random], Awaitable[str]]
# (db, debt_id, keyring): entered before a debt is edited or deleted and left after it, in the
# same transaction (campaigns keep their counters in step)
DebtWatcher = Callable[[Database, int, Keyring | None], AbstractAsyncContextManager[None]]
# (db, kept_id, merged_id): after two creditors became one, in the merge's transaction
MergeWatcher = Callable[[Database, int, int], Awaitable[None]]


@dataclass(frozen=True)
class CreditorReference:
    """A column that names a creditor: a merge moves it from the merged creditor to the kept one.
    `unique_with` names the columns that, with it, must stay unique (duplicates are dropped)."""

    column: sa.Column[Any]
    unique_with: tuple[sa.Column[Any], ...] = ()


@dataclass(frozen=True)
class Card:
    """Part of a member's home page: a template of the domain's, and what it shows."""

    template: str
    context: Mapping[str, Any]


# (db, member, today) -> the card, or None when the domain has nothing to show this member
HomeCard = Callable[[Database, CurrentMember, dt.date], Awaitable[Card | None]]
# (db, member, debt, today) -> a section of the member's own debt page (what can be done about it:
# the letters that fit, the time limits, the campaigns that target its creditor), or None
DebtSection = Callable[[Database, CurrentMember, Mapping[str, Any], dt.date], Awaitable[Card | None]]


@dataclass(frozen=True)
class Command:
    """A `jubilee <name>` command of a domain's. `run` gets the parsed arguments, the database
    (in a session) and the keyring, and returns the exit status; with `migrate`, pending
    migrations are applied first."""

    name: str
    help: str
    run: Callable[[argparse.Namespace, Database, Keyring], Awaitable[int]]
    arguments: Callable[[argparse.ArgumentParser], None] = lambda parser: None
    migrate: bool = False


@dataclass(frozen=True)
class Domain:
    """Everything one domain package adds to Jubilee. Every field but the name is optional."""

    name: str
    routes: Sequence[BaseRoute] = ()
    # the folder holding templates/<name>/…; rendered as "<name>/…"
    templates: Path | None = None
    # every table the domain owns (all on the shell's one MetaData)
    tables: Sequence[sa.Table] = ()
    # path prefixes whose forms may be larger than the default body limit
    large_forms: Sequence[str] = ()
    jobs: Sequence[Job] = ()
    releases: Sequence[Releaser] = ()
    exporters: Mapping[str, Exporter] = field(default_factory=dict)
    erasers: Sequence[Eraser] = ()
    demo: DemoStep | None = None
    debt_watchers: Sequence[DebtWatcher] = ()
    creditor_references: Sequence[CreditorReference] = ()
    merge_watchers: Sequence[MergeWatcher] = ()
    home_cards: Sequence[HomeCard] = ()
    debt_sections: Sequence[DebtSection] = ()
    notices: Sequence[Kind] = ()
    outcomes: Sequence[Outcome] = ()
    encrypted_fields: Sequence[EncryptedField] = ()
    commands: Sequence[Command] = ()


class Domains:
    """Every domain's contributions, gathered in the order of the list it was built from."""

    def __init__(self, domains: Iterable[Domain]) -> None:
        self.all: tuple[Domain, ...] = tuple(domains)
        _unique((d.name, d) for d in self.all)
        _unique((c.name, c) for d in self.all for c in d.commands)
        self.notices: dict[str, Kind] = _unique((kind.name, kind) for d in self.all for kind in d.notices)
        self.outcomes: dict[str, Outcome] = _unique((o.code, o) for d in self.all for o in d.outcomes)
        self.exporters: dict[str, Exporter] = _unique((s, e) for d in self.all for s, e in d.exporters.items())
        self.routes: list[BaseRoute] = self._each("routes")
        self.template_dirs: list[Path] = [d.templates for d in self.all if d.templates is not None]
        self.tables: list[sa.Table] = self._each("tables")
        self.large_forms: list[str] = self._each("large_forms")
        self.jobs: list[Job] = self._each("jobs")
        self.releases: list[Releaser] = self._each("releases")
        self.erasers: list[Eraser] = self._each("erasers")
        self.demo_steps: list[tuple[str, DemoStep]] = [(d.name, d.demo) for d in self.all if d.demo is not None]
        self.debt_watchers: list[DebtWatcher] = self._each("debt_watchers")
        self.creditor_references: list[CreditorReference] = self._each("creditor_references")
        self.merge_watchers: list[MergeWatcher] = self._each("merge_watchers")
        self.home_cards: list[HomeCard] = self._each("home_cards")
        self.debt_sections: list[DebtSection] = self._each("debt_sections")
        self.encrypted_fields: list[EncryptedField] = self._each("encrypted_fields")
        self.commands: list[Command] = self._each("commands")

    def _each(self, name: str) -> list[Any]:
        return [item for domain in self.all for item in getattr(domain, name)]


def _unique(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise ValueError(f"two domains contribute {key!r}")
        found[key] = value
    return found
