"""The `hub` command line. Errors print one line and exit non-zero."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Awaitable, Callable, Sequence

import uvloop

from hub import __version__
from hub.commands_cli import audit, events, migrate, serve
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

Runner = Callable[[Settings, argparse.Namespace], Awaitable[int]]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hub", description="Collaboration hub of Occitanie en scène's cooperation projects."
    )
    parser.add_argument("--version", action="version", version=f"hub {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (serve, migrate, events, audit):
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
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
