"""The `hub` command line. Errors print one line and exit non-zero."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Awaitable, Callable, Sequence

import uvloop

from hub import __version__
from hub.database import DatabaseUnavailable
from hub.embedded import EmbeddedPostgresError
from hub.migrator import MigrationError
from hub.settings import Settings, SettingsError, load_settings
from hub.store_errors import EventStoreError

EXPECTED_ERRORS = (
    SettingsError,
    DatabaseUnavailable,
    EmbeddedPostgresError,
    MigrationError,
    EventStoreError,
)

COMMANDS = {
    "serve": "hub.commands_cli.serve",
    "project": "hub.commands_cli.project",
    "projections": "hub.commands_cli.projections",
    "migrate": "hub.commands_cli.migrate",
    "demo": "hub.commands_cli.demo",
    "events": "hub.commands_cli.events",
    "audit": "hub.commands_cli.audit",
    "gdpr": "hub.commands_cli.gdpr",
    "clients": "hub.commands_cli.clients",
    "users": "hub.commands_cli.users",
    "keys": "hub.commands_cli.keys",
    "schema": "hub.commands_cli.schema",
    "report": "hub.commands_cli.report",
    "webhooks": "hub.commands_cli.webhooks",
    "calendar": "hub.commands_cli.calendar",
    "evidence": "hub.commands_cli.evidence",
}

Runner = Callable[[Settings, argparse.Namespace], Awaitable[int]]


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, just that sub-command's (so `hub X` imports only X)."""
    parser = argparse.ArgumentParser(
        prog="hub", description="Collaboration hub of Occitanie en scène's cooperation projects."
    )
    parser.add_argument("--version", action="version", version=f"hub {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module in COMMANDS.items():
        if only is None or name == only:
            importlib.import_module(module).register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--version"]:
        print(f"hub {__version__}")
        return 0
    parser = build_parser(argv[0] if argv and argv[0] in COMMANDS else None)
    args = parser.parse_args(argv)
    run: Runner = args.run
    try:
        settings = load_settings()
        return uvloop.run(run(settings, args))
    except EXPECTED_ERRORS as error:
        print(f"hub: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
