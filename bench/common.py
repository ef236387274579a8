"""What every part of the load benchmark shares: where the project is, the host, the error."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


class BenchError(Exception):
    """The benchmark cannot go on; the message says why."""
