"""`hub audit checkpoint|checkpoints|public-key|prove|export`: signed evidence for auditors.

docs/audit.md specifies the formats; hub/audit/verify_offline.py checks them offline.
Bad input prints one `hub: error:` line and exits 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
import orjson

from hub.audit.checkpoints import (
    CheckpointRequestError,
    checkpoints_before,
    sign_checkpoint,
    verifier_key,
)
from hub.audit.export import export_log, position_until
from hub.audit.proofs import prove_consistency, prove_inclusion
from hub.evidence.config import document_store
from hub.evidence.export import export_documents
from hub.lifecycle import opened
from hub.settings import Settings

Action = Callable[[asyncpg.Connection, Settings, argparse.Namespace], Awaitable[str]]


def register(sub: Any) -> None:
    checkpoint = sub.add_parser("checkpoint", help="sign a checkpoint of the log now")
    checkpoint.set_defaults(run=runner(make_checkpoint))
    listing = sub.add_parser("checkpoints", help="list the signed checkpoints, newest first")
    listing.add_argument("--limit", type=int, default=20, help="how many (default 20)")
    listing.set_defaults(run=runner(list_checkpoints))
    public_key = sub.add_parser("public-key", help="print the checkpoints' verifier key")
    public_key.set_defaults(run=runner(print_public_key))
    _register_prove(sub)
    export = sub.add_parser("export", help="write the log, a checkpoint and the key to a folder")
    export.add_argument("--until", required=True, help="last position, or an ISO 8601 time")
    export.add_argument("--output", required=True, type=Path, help="a new or empty folder")
    export.add_argument("--with-evidence", action="store_true",
                        help="also copy the cited documents (documents/<sha256>)")  # fmt: skip
    export.set_defaults(run=runner(write_export))


def _register_prove(sub: Any) -> None:
    prove = sub.add_parser("prove", help="print an inclusion or consistency proof as JSON")
    kinds = prove.add_subparsers(dest="proof_kind", required=True, metavar="KIND")
    inclusion = kinds.add_parser("inclusion", help="an event is in a tree of some size")
    inclusion.add_argument("--position", type=int, required=True, help="the event's position")
    inclusion.add_argument("--size", type=int, help="tree size (default: latest checkpoint)")
    inclusion.set_defaults(run=runner(print_inclusion))
    consistency = kinds.add_parser("consistency", help="a tree extends an older one")
    consistency.add_argument("--from", dest="from_size", type=int, required=True)
    consistency.add_argument("--to", dest="to_size", type=int, help="default: latest checkpoint")
    consistency.set_defaults(run=runner(print_consistency))


def runner(action: Action) -> Callable[[Settings, argparse.Namespace], Awaitable[int]]:
    async def run(settings: Settings, args: argparse.Namespace) -> int:
        try:
            async with opened(settings) as database, database.pool.acquire() as connection:
                output = await action(connection, settings, args)
        except CheckpointRequestError as error:
            print(f"hub: error: {error}", file=sys.stderr)
            return 1
        print(output)
        return 0

    return run


async def make_checkpoint(
    connection: asyncpg.Connection, settings: Settings, args: argparse.Namespace
) -> str:
    return (await sign_checkpoint(connection, settings.audit_origin)).note.rstrip("\n")


async def list_checkpoints(
    connection: asyncpg.Connection, settings: Settings, args: argparse.Namespace
) -> str:
    if args.limit < 1:
        raise CheckpointRequestError("--limit must be at least 1")
    rows = await checkpoints_before(connection, None, args.limit)
    return "\n".join(
        f"{c.id}\t{c.signed_at.isoformat()}\t{c.tree_size}\t{c.root_hash.hex()}" for c in rows
    )


async def print_public_key(
    connection: asyncpg.Connection, settings: Settings, args: argparse.Namespace
) -> str:
    return (await verifier_key(connection, settings.audit_origin)).encoded()


async def print_inclusion(
    connection: asyncpg.Connection, settings: Settings, args: argparse.Namespace
) -> str:
    proof = await prove_inclusion(connection, args.position, args.size)
    return orjson.dumps(proof.as_json()).decode()


async def print_consistency(
    connection: asyncpg.Connection, settings: Settings, args: argparse.Namespace
) -> str:
    proof = await prove_consistency(connection, args.from_size, args.to_size)
    return orjson.dumps(proof.as_json()).decode()


async def write_export(
    connection: asyncpg.Connection, settings: Settings, args: argparse.Namespace
) -> str:
    until = await position_until(connection, args.until)
    done = await export_log(connection, settings.audit_origin, until, args.output)
    exported = f"exported {done.events} events to {done.folder}, checkpoint of size {until}"
    if not args.with_evidence:
        return exported
    store = document_store(settings)
    documents = await export_documents(connection, store, args.output, until)
    lost = f" ({documents.missing} missing from the vault)" if documents.missing else ""
    return f"{exported}, {documents.copied} documents{lost}"
