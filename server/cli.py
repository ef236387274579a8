"""The `jubilee` command: serve, migrate, demo and rotate-keys, and each domain's commands
(`admin create`, `recount`)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import uvicorn

from server import logs
from server.crypto import Keyring
from server.db import Database
from server.demo import fill
from server.domain import Command
from server.migrate import upgrade
from server.registry import DOMAINS
from server.rotation import remaining, rotate
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
    upgrade(settings.database_url)
    log.info("database schema is up to date")


def serve(args: argparse.Namespace) -> None:
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


def _run(settings: Settings, work: Callable[[Database, Keyring], Awaitable[Any]]) -> Any:
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
    settings = _settings()
    _migrate(settings)
    summary = _run(settings, lambda db, keyring: fill(db, settings, keyring))
    print(summary)


def rotate_keys(args: argparse.Namespace) -> None:
    settings = _settings()

    async def work(db: Database, keyring: Keyring) -> None:
        counts = await rotate(db, keyring, DOMAINS.encrypted_fields)
        for name, count in counts.items():
            print(f"{name}: {count} re-encrypted")
        left = await remaining(db, keyring, DOMAINS.encrypted_fields)
        print(f"Every field is now under key {keyring.current_id!r}." if left == 0 else f"{left} values remain")

    _run(settings, work)


def _domain_command(command: Command) -> Callable[[argparse.Namespace], None]:
    def run(args: argparse.Namespace) -> None:
        settings = _settings()
        if command.migrate:
            _migrate(settings)
        status = _run(settings, lambda db, keyring: command.run(args, db, keyring))
        if status:
            raise SystemExit(status)

    return run


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
    commands.add_parser("rotate-keys", help="re-encrypt server-key fields with the current key").set_defaults(
        func=rotate_keys
    )
    for command in DOMAINS.commands:
        p = commands.add_parser(command.name, help=command.help)
        command.arguments(p)
        p.set_defaults(func=_domain_command(command))
    return top


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    args.func(args)
