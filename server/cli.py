"""The `jubilee` command: serve, migrate, demo, admin create, rotate-keys, recount."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from server import logs
from server.settings import Settings, SettingsError, load_settings

log = logging.getLogger("jubilee.cli")


def _settings() -> Settings:
    logs.configure()
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"jubilee: configuration error: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    logs.configure(settings.log_level, settings.log_format)
    return settings


def _migrate(settings: Settings) -> None:
    from server.migrate import upgrade

    upgrade(settings.database_url)
    log.info("database schema is up to date")


def serve(args: argparse.Namespace) -> None:
    import uvicorn

    settings = _settings()
    _migrate(settings)
    workers = args.workers
    if settings.is_sqlite and workers > 1:
        log.warning("SQLite takes one writer at a time: serving with 1 worker (use PostgreSQL to scale out)")
        workers = 1
    log.info("Jubilee at http://%s:%s", args.host, args.port)
    uvicorn.run(
        "server.asgi:app",
        host=args.host,
        port=args.port,
        workers=workers,
        access_log=False,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        log_config=None,
    )


def migrate(args: argparse.Namespace) -> None:
    _migrate(_settings())


def _run(settings: Settings, work: Callable[..., Awaitable[Any]]) -> Any:
    from server.crypto import Keyring
    from server.db import Database

    async def main() -> Any:
        db = Database(settings.database_url)
        await db.connect()
        try:
            async with db.session():
                return await work(db, Keyring(settings.encryption_keys, settings.current_key_id))
        finally:
            await db.disconnect()

    return asyncio.run(main())


def demo(args: argparse.Namespace) -> None:
    import server.app  # noqa: F401  (loads every package, and with them their demo steps)
    from server.demo import fill

    settings = _settings()
    _migrate(settings)
    summary = _run(settings, lambda db, keyring: fill(db, settings, keyring))
    print(summary)


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password (at least 12 characters): ")
    if getpass.getpass("Password again: ") != first:
        print("jubilee: the two passwords are not the same", file=sys.stderr)
        raise SystemExit(1)
    return first


def admin_create(args: argparse.Namespace) -> None:
    from server.accounts.admin_create import create_administrator

    settings = _settings()
    _migrate(settings)
    password = _read_password(args)
    result = _run(settings, lambda db, keyring: create_administrator(db, args.handle, password, args.language))
    if isinstance(result, str):
        print(f"jubilee: {result}", file=sys.stderr)
        raise SystemExit(1)
    print(f"Administrator {args.handle!r} created.")
    print("Recovery code (shown only now; store it somewhere safe, away from this computer):")
    print(f"    {result.recovery_code}")


def rotate_keys(args: argparse.Namespace) -> None:
    from server.rotation import remaining, rotate

    settings = _settings()

    async def work(db: Any, keyring: Any) -> None:
        counts = await rotate(db, keyring)
        for name, count in counts.items():
            print(f"{name}: {count} re-encrypted")
        left = await remaining(db, keyring)
        print(f"Every field is now under key {keyring.current_id!r}." if left == 0 else f"{left} values remain")

    _run(settings, work)


def recount(args: argparse.Namespace) -> None:
    from campaigns.recount import recount as recount_campaigns

    settings = _settings()

    async def work(db: Any, keyring: Any) -> None:
        report = await recount_campaigns(db, repair=not args.check)
        drifted = {campaign: lines for campaign, lines in report.items() if lines}
        print(f"{len(report)} campaigns recounted; {len(drifted)} had drifted" + ("" if args.check else " (repaired)"))
        for campaign, lines in drifted.items():
            for line in lines:
                print(f"  campaign {campaign}: {line}")
        if drifted and args.check:
            raise SystemExit(1)

    _run(settings, work)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="jubilee", description="Jubilee, a platform for debt collectives.")
    commands = top.add_subparsers(dest="command", required=True)

    p = commands.add_parser("serve", help="apply migrations, then serve the web app")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1)
    p.set_defaults(func=serve)

    commands.add_parser("migrate", help="apply pending database migrations").set_defaults(func=migrate)
    commands.add_parser("demo", help="fill the database with a demo collective").set_defaults(func=demo)

    admin = commands.add_parser("admin", help="administrator accounts").add_subparsers(dest="admin_command", required=True)
    p = admin.add_parser("create", help="create an administrator from the terminal")
    p.add_argument("--handle", required=True)
    p.add_argument("--language", choices=["en", "es"], default="en")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.set_defaults(func=admin_create)

    commands.add_parser("rotate-keys", help="re-encrypt server-key fields with the current key").set_defaults(
        func=rotate_keys
    )
    p = commands.add_parser("recount", help="recompute every campaign's totals, report drift and repair it")
    p.add_argument("--check", action="store_true", help="report only; exit 1 on drift")
    p.set_defaults(func=recount)
    return top


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    args.func(args)
