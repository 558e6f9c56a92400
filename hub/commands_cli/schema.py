"""`hub schema export`: print the subgraph SDL (graphql/schema.graphql is this output)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from hub.settings import Settings

PUBLISHED = Path(__file__).resolve().parents[2] / "graphql" / "schema.graphql"


def register(commands: Any) -> None:
    parser = commands.add_parser("schema", help="the published GraphQL contract")
    sub = parser.add_subparsers(dest="schema_command", required=True, metavar="ACTION")
    export = sub.add_parser("export", help="print the subgraph SDL, with its federation @link")
    export.add_argument("--output", type=Path, help="write to this file instead of stdout")
    export.set_defaults(run=run_export)


def sdl(settings: Settings) -> str:
    from hub.api.schema import build_schema

    return build_schema(settings).as_str().rstrip() + "\n"


async def run_export(settings: Settings, args: argparse.Namespace) -> int:
    text = sdl(settings)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text)
    return 0
