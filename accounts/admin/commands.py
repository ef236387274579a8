"""`jubilee admin create`: making an administrator from the terminal."""

from __future__ import annotations

import argparse
import getpass
import sys

from accounts.admin.service import create_administrator
from server.crypto import Keyring
from server.db import Database
from server.domain import Command
from server.i18n import using_language


def _arguments(parser: argparse.ArgumentParser) -> None:
    admin = parser.add_subparsers(dest="admin_command", required=True)
    create = admin.add_parser("create", help="create an administrator from the terminal")
    create.add_argument("--handle", required=True)
    create.add_argument("--language", choices=["en", "es"], default="en")
    create.add_argument("--password-stdin", action="store_true", help="read the password from standard input")


def _read_password(args: argparse.Namespace) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password (at least 12 characters): ")
    if getpass.getpass("Password again: ") != first:
        print("jubilee: the two passwords are not the same", file=sys.stderr)
        return None
    return first


async def _admin(args: argparse.Namespace, db: Database, keyring: Keyring) -> int:
    password = _read_password(args)
    if password is None:
        return 1
    with using_language("en"):  # the terminal's language, whatever the administrator's
        result = await create_administrator(db, args.handle, password, args.language)
    if isinstance(result, str):
        print(f"jubilee: {result}", file=sys.stderr)
        return 1
    print(f"Administrator {args.handle!r} created.")
    print("Recovery code (shown only now; store it somewhere safe, away from this computer):")
    print(f"    {result.recovery_code}")
    return 0


ADMIN = Command("admin", "administrator accounts", _admin, _arguments, migrate=True)
