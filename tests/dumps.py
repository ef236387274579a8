"""What an attacker holding a copy of the database would see."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path


def dump_database(url: str) -> str:
    """The full text of a database copy: for SQLite the raw file and its WAL plus an SQL dump,
    for PostgreSQL the output of pg_dump."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        raw = b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())
        connection = sqlite3.connect(path)
        try:
            text = "\n".join(connection.iterdump())
        finally:
            connection.close()
        return raw.decode("latin-1") + "\n" + text
    result = subprocess.run(["pg_dump", "--no-owner", url], capture_output=True, text=True, check=True, timeout=60)
    return result.stdout
