"""`hub audit …`: the auditor's commands, each in its own module (audit_<action>.py)."""

from __future__ import annotations

from typing import Any

from hub.commands_cli import audit_evidence, audit_replay, audit_trail, audit_verify


def register(commands: Any) -> None:
    parser = commands.add_parser("audit", help="verify the event log")
    sub = parser.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    audit_verify.register(sub)
    audit_trail.register(sub)
    audit_replay.register(sub)
    audit_evidence.register(sub)
