"""`hub evidence verify|retention|delete|gc`: the evidence vault, for operators and
auditors.

- ``verify``: every document the log cites still hashes to what the log says (exit 1
  naming each missing or altered one and the positions of the events citing it; lawfully
  deleted ones are listed as such).
- ``retention``: the documents whose retention deadline has passed (``--all``: every
  document with its deadline and the rule that sets it).
- ``delete SHA256``: after the deadline, record the deletion and remove the bytes; before
  it, refuse (exit 1). ``HUB_TODAY`` (development only) sets the date taken as today.
- ``gc``: remove bytes no standing event cites and staged files of interrupted uploads.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import orjson

from domain.errors import DomainError
from hub.evidence import ledger
from hub.evidence.config import document_store, today
from hub.evidence.errors import EvidenceError
from hub.evidence.garbage import collect
from hub.evidence.retention import RetentionBook, RetentionPolicy
from hub.evidence.vault import delete_document
from hub.evidence.verification import verify_documents
from hub.handlers import CommandContext, bootstrap
from hub.lifecycle import opened
from hub.settings import Settings


def register(commands: Any) -> None:
    parser = commands.add_parser("evidence", help="the evidence vault: verify, retention, gc")
    sub = parser.add_subparsers(dest="evidence_command", required=True, metavar="ACTION")
    verify = sub.add_parser("verify", help="check every cited document against the log")
    verify.add_argument("--json", action="store_true", help="one JSON object")
    verify.set_defaults(run=run_verify)
    retention = sub.add_parser("retention", help="documents past their retention deadline")
    retention.add_argument("--all", action="store_true", help="every document, due or not")
    retention.add_argument("--json", action="store_true", help="JSON lines")
    retention.set_defaults(run=run_retention)
    delete = sub.add_parser("delete", help="delete a document after its retention deadline")
    delete.add_argument("sha256", help="the document's SHA-256")
    delete.add_argument("--by", required=True, help="who decided it (stored with the event)")
    delete.set_defaults(run=run_delete)
    gc = sub.add_parser("gc", help="remove uncited bytes and abandoned staged uploads")
    gc.add_argument("--staged-older-than", type=float, default=3600.0, metavar="SECONDS",
                    help="grace period of staged files (default 3600)")  # fmt: skip
    gc.set_defaults(run=run_gc)


async def run_verify(settings: Settings, args: argparse.Namespace) -> int:
    async with opened(settings) as database:
        records = await ledger.all_documents(database.pool)
        report = await verify_documents(records, document_store(settings))
    if args.json:
        checks = [check.as_json() for check in report.checks]
        print(orjson.dumps({"ok": not report.broken, "counts": report.counts(),
                            "documents": checks}).decode())  # fmt: skip
    else:
        for check in report.checks:
            if check.state != "ok":
                print(check.line())
        counts = report.counts()
        summary = ", ".join(f"{n} {state}" for state, n in counts.items())
        print(
            f"{'ok' if not report.broken else 'BROKEN'}: {len(report.checks)} documents ({summary})"
        )
    return 1 if report.broken else 0


async def run_retention(settings: Settings, args: argparse.Namespace) -> int:
    day = today(settings)
    async with opened(settings) as database:
        book = await RetentionBook.read(database.pool, RetentionPolicy.from_settings(settings))
        records = await ledger.all_documents(database.pool)
    for record in records:
        if record.deletion is not None:
            continue
        retention = book.of(record)
        if args.all or retention.due(day):
            row = {"sha256": record.sha256, "deadline": retention.deadline,
                   "rule": retention.rule.name, "years": retention.rule.years,
                   "project": retention.project, "due": retention.due(day)}  # fmt: skip
            print(orjson.dumps(row).decode() if args.json else _retention_line(row))
    return 0


def _retention_line(row: dict[str, Any]) -> str:
    deadline = row["deadline"] or "unknown (no payment yet)"
    due = "DUE" if row["due"] else "kept"
    rule = f"{row['rule']} ({row['years']} years)"
    return "\t".join((due, row["sha256"], str(deadline), rule, row["project"] or "-"))


async def run_delete(settings: Settings, args: argparse.Namespace) -> int:
    context = CommandContext(actor=args.by, client_id="hub-cli")
    async with opened(settings) as database:
        book = await RetentionBook.read(database.pool, RetentionPolicy.from_settings(settings))
        try:
            deleted = await delete_document(
                database.pool, bootstrap(database.pool), document_store(settings),
                args.sha256.lower(), book, today(settings), context,
            )  # fmt: skip
        except (EvidenceError, DomainError) as error:
            print(f"hub: error: {error}", file=sys.stderr)
            return 1
    rule = deleted.retention.rule
    print(f"deleted: {deleted.sha256} (deadline {deleted.retention.deadline}, {rule.name},"
          f" {rule.years} years; recorded at position {deleted.result.position})")  # fmt: skip
    return 0


async def run_gc(settings: Settings, args: argparse.Namespace) -> int:
    async with opened(settings) as database:
        collected = await collect(database.pool, document_store(settings), args.staged_older_than)
    for sha256 in collected.unreferenced:
        print(f"removed {sha256}")
    print(f"gc: {len(collected.unreferenced)} uncited documents, {collected.staged} staged files")
    return 0
