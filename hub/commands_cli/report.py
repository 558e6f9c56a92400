"""`hub report <kind> --project … [--partner …] [--period N] [--as-of position|time]
--format json|csv|xlsx|pdf --lang fr|es|en [--output FILE]`, and `hub report kinds`.

The command line is run by the hub's operators: it sees personal data (ESF+ participants)
that only auditors see through the API. Errors print one line and exit with status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from hub.lifecycle import opened
from hub.reports.as_of import parse_as_of
from hub.reports.catalogue import REPORT_KINDS, ReportError, ReportRequest, build_report
from hub.reports.errors import invalid
from hub.reports.model import LANGUAGES
from hub.reports.render import FORMATS, file_name, render_in_thread
from hub.settings import Settings

LIST_KINDS = "kinds"


def register(commands: Any) -> None:
    parser = commands.add_parser("report", help="funder reports folded from the log")
    parser.add_argument("kind", help=f"the report kind, or `{LIST_KINDS}` to list them")
    parser.add_argument("--project", help="the project's acronym or id")
    parser.add_argument("--partner", help="the partner organisation's name or id")
    parser.add_argument("--period", type=int, help="the reporting period's number")
    parser.add_argument("--as-of", dest="as_of", help="a log position or an ISO 8601 time")
    parser.add_argument("--format", choices=list(FORMATS), default="json")
    parser.add_argument("--lang", choices=list(LANGUAGES), default="en")
    parser.add_argument("--output", type=Path, help="file to write (default: standard output "
                        "for json and csv, the report's file name for xlsx and pdf)")  # fmt: skip
    parser.set_defaults(run=run_report)


async def run_report(settings: Settings, args: argparse.Namespace) -> int:
    if args.kind == LIST_KINDS:
        print(kinds_listing(args.lang))
        return 0
    try:
        request = _request(args)
        async with opened(settings) as database:
            report = await build_report(database.pool, request)
    except ReportError as error:
        print(f"hub: error: {error}", file=sys.stderr)
        return 2
    data = await render_in_thread(report, args.format, args.lang)
    output = args.output
    if output is None and FORMATS[args.format].binary:
        output = Path(file_name(report, args.format, args.lang))
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        try:
            output.write_bytes(data)
        except OSError as error:
            print(f"hub: error: cannot write {output}: {error.strerror}", file=sys.stderr)
            return 2
        print(f"wrote {output} (position {report.provenance.position})", file=sys.stderr)
    return 0


def kinds_listing(lang: str) -> str:
    lines = []
    for kind in REPORT_KINDS.values():
        needs = [flag for flag, on in (("--partner", kind.needs_partner),
                                       ("--period", kind.needs_period)) if on]  # fmt: skip
        lines.append(f"{kind.name:26} {kind.title(lang)}" + "".join(f"  {n}" for n in needs))
    return "\n".join(lines)


def _request(args: argparse.Namespace) -> ReportRequest:
    if not args.project:
        raise invalid("--project is needed (an acronym or a project id)")
    return ReportRequest(
        kind=args.kind,
        project=args.project,
        period=args.period,
        partner=args.partner,
        as_of=parse_as_of(args.as_of) if args.as_of is not None else None,
        personal_data=True,
    )
