"""`hub gdpr forget <subject>`: erase a person by deleting their key (crypto-shredding).

The erasure is recorded in the log as ``DataSubject.Forgotten`` (subject id only), so
read models can drop their clear copies; the hash chain is untouched.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any
from uuid import UUID

from hub.commands import ForgetDataSubject
from hub.handlers import CommandContext, bootstrap
from hub.keyring import UnknownSubject
from hub.lifecycle import opened
from hub.settings import Settings


def register(commands: Any) -> None:
    parser = commands.add_parser("gdpr", help="personal data: erasure requests")
    sub = parser.add_subparsers(dest="gdpr_command", required=True, metavar="ACTION")
    forget = sub.add_parser("forget", help="delete a person's key and record the erasure")
    forget.add_argument("subject", type=UUID, help="the person's subject id (a UUID)")
    forget.add_argument("--by", default="hub-cli", help="who asked (stored with the erasure)")
    forget.set_defaults(run=run_forget)


async def run_forget(settings: Settings, args: argparse.Namespace) -> int:
    context = CommandContext(actor=args.by, client_id="hub-cli")
    async with opened(settings) as database:
        bus = bootstrap(database.pool)
        try:
            result = await bus.execute(ForgetDataSubject(args.subject), context)
        except UnknownSubject:
            print(f"hub: error: no personal data is held for subject {args.subject}",
                  file=sys.stderr)  # fmt: skip
            return 1
    print(f"forgotten: subject {args.subject} (erasure recorded at position {result.position})")
    return 0
