"""All tables of all packages on the one shared `MetaData`, for migrations and the schema test."""

from campaigns import tables as _campaigns  # noqa: F401
from debts import tables as _debts  # noqa: F401
from letters import tables as _letters  # noqa: F401
from mutual_aid import tables as _mutual_aid  # noqa: F401
from server import tables as _shell  # noqa: F401
from server.tables import metadata

__all__ = ["metadata"]
