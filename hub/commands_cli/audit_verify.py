"""`hub audit verify`: walk the chain, exit 0 only when every check holds, else name the break;
with ``--with-evidence``, also check every document the log cites (the evidence vault).

Exit status: 0 verified, 1 the log is broken, 2 the arguments cannot be verified as given.
"""

from __future__ import annotations

import argparse
import gc
import re
import sys
from typing import Any

import orjson

from hub.audit.chain_walk import ExpectedHead
from hub.audit.verification import WORKERS, InvalidRange, VerificationReport, verify_log
from hub.evidence.config import document_store
from hub.evidence.ledger import all_documents
from hub.evidence.verification import (
    ALTERED,
    DELETED,
    MISSING,
    OK,
    VaultReport,
    verify_documents,
)
from hub.lifecycle import opened
from hub.settings import Settings

_HEAD = re.compile(r"^(\d+):([0-9a-fA-F]{64})$")


def expected_head(text: str) -> ExpectedHead:
    match = _HEAD.match(text.strip())
    if match is None:
        raise argparse.ArgumentTypeError("expected POSITION:HASH (64 hex digits)")
    return ExpectedHead(int(match.group(1)), bytes.fromhex(match.group(2)))


def workers(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError("expected a number of processes (0 or more)")
    return int(text)


def register(sub: Any) -> None:
    verify = sub.add_parser(
        "verify",
        help="check positions, links, hashes, stream versions and time order of the log",
    )
    verify.add_argument("--after", type=int, default=0, help="start after this position")
    verify.add_argument("--until", type=int, default=None, help="stop at this position")
    verify.add_argument(
        "--expect-head",
        type=expected_head,
        default=None,
        metavar="POSITION:HASH",
        help="a head printed by an earlier verification: the log must still have it",
    )
    verify.add_argument(
        "--with-evidence",
        action="store_true",
        help="also check that every document the log cites still hashes to what it says",
    )
    verify.add_argument(
        "--workers",
        type=workers,
        default=WORKERS,
        metavar="N",
        help=(
            f"processes that recompute the hashes beside the walk (default {WORKERS}: one per "
            "CPU, at most 4; 0: this process recomputes them)"
        ),
    )
    verify.add_argument("--json", action="store_true", help="print the report as JSON")
    verify.set_defaults(run=run_verify)


def summary(report: VerificationReport) -> str:
    last = f"{report.last_position}:{report.last_hash.hex()}"
    if report.finding is None:
        span = f" (positions {report.after + 1}–{report.last_position})" if report.checked else ""
        return f"ok: {report.checked} events verified{span}, head {last}"
    finding = report.finding
    return (
        f"BROKEN at position {finding.position}: {finding.kind} (caught by the "
        f"{finding.check} check): {finding.detail}; last good {last}"
    )


async def run_verify(settings: Settings, args: argparse.Namespace) -> int:
    vault: VaultReport | None = None
    try:
        async with opened(settings) as database:
            # The walk makes millions of short-lived rows and no reference cycles: the cyclic
            # collector would only traverse them again and again (some 15 % of this process's CPU).
            gc.disable()
            try:
                report = await verify_log(
                    database.dsn,
                    after=args.after,
                    until=args.until,
                    expected_head=args.expect_head,
                    workers=args.workers,
                )
            finally:
                gc.enable()
            if args.with_evidence:
                records = await all_documents(database.pool)
                vault = await verify_documents(records, document_store(settings))
    except InvalidRange as error:
        print(f"hub: error: {error}", file=sys.stderr)
        return 2
    if args.json:
        found = report.as_json()
        if vault is not None:
            found["evidence"] = {
                "counts": vault.counts(),
                "broken": [check.as_json() for check in vault.broken],
            }
        print(orjson.dumps(found).decode())
    else:
        print(summary(report))
        if vault is not None:
            print(evidence_summary(vault))
            for check in vault.broken:
                print(check.line())
    documents_hold = vault is None or not vault.broken
    return 0 if report.ok and documents_hold else 1


def evidence_summary(vault: VaultReport) -> str:
    counts = vault.counts()
    state = "ok" if not vault.broken else "BROKEN"
    return (
        f"evidence {state}: {counts[OK]} documents verified, {counts[DELETED]} lawfully "
        f"deleted, {counts[MISSING]} missing, {counts[ALTERED]} altered"
    )
