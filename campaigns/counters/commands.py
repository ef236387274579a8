"""`jubilee recount`: every campaign's totals recomputed from its pledges, drift reported and
repaired (`--check` only reports, and exits 1 on drift)."""

from __future__ import annotations

import argparse

from campaigns.counters.recount import recount
from server.crypto import Keyring
from server.db import Database
from server.domain import Command


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--check", action="store_true", help="report only; exit 1 on drift")


async def _recount(args: argparse.Namespace, db: Database, keyring: Keyring) -> int:
    report = await recount(db, repair=not args.check)
    drifted = {campaign: lines for campaign, lines in report.items() if lines}
    print(f"{len(report)} campaigns recounted; {len(drifted)} had drifted" + ("" if args.check else " (repaired)"))
    for campaign, lines in drifted.items():
        for line in lines:
            print(f"  campaign {campaign}: {line}")
    return 1 if drifted and args.check else 0


RECOUNT = Command("recount", "recompute every campaign's totals, report drift and repair it", _recount, _arguments)
