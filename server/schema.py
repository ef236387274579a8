"""Every table of Jubilee on the one shared `MetaData`, for migrations and the schema test: the
shell's (`server.tables`, and the released figures of `server.disclosure.store`) and those each
domain declares in its `Domain`."""

from server.disclosure.store import TABLES as DISCLOSURE_TABLES
from server.registry import DOMAINS
from server.tables import SHELL_TABLES, metadata

DECLARED = frozenset(table.name for table in (*SHELL_TABLES, *DISCLOSURE_TABLES, *DOMAINS.tables))

__all__ = ["DECLARED", "metadata"]
