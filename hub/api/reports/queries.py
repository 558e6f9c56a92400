"""The `report` query: a funder report as JSON, with its provenance and download links."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from urllib.parse import urlencode

import strawberry

from hub.api.context import Info
from hub.api.errors import InvalidInput
from hub.api.reports.access import api_error, authorised_request
from hub.api.reports.types import FunderReport, ReportDownload
from hub.api.scalars import BigInt
from hub.reports.catalogue import ReportError, ReportRequest, build_report
from hub.reports.model import Report
from hub.reports.render import FORMATS, RenderError, checked, file_name
from hub.reports.render.json import document


@strawberry.type
class ReportQueries:
    @strawberry.field(
        description="A funder report (kinds: `hub report kinds`) built from the log as of a"
        " position (`asOf`) or a moment (`at`), by default the head. Scope finance:read (the"
        " caller's projects) or audit:read (every project; personal data only with it)."
    )
    async def report(
        self,
        info: Info,
        kind: str,
        project: str,
        period: int | None = None,
        partner: str | None = None,
        as_of: BigInt | None = None,
        at: datetime | None = None,
        lang: str | None = None,
    ) -> FunderReport:
        if as_of is not None and at is not None:
            raise InvalidInput("give at most one of `asOf` and `at`")
        language = lang or info.context.lang
        moment = at if at is None or at.tzinfo else at.replace(tzinfo=UTC)
        request = await authorised_request(
            info.context, kind, project, period, partner, as_of if as_of is not None else moment
        )
        try:
            checked("json", language)
            report = await build_report(info.context.database.pool, request)
        except (ReportError, RenderError) as error:
            raise api_error(error) from error
        content = await asyncio.to_thread(document, report, language)
        return FunderReport(
            kind=report.kind,
            title=report.title(language),
            project=report.project,
            project_id=strawberry.ID(report.project_id),
            period=report.period,
            partner=report.partner,
            lang=language,
            position=BigInt(report.provenance.position),
            head_hash=report.provenance.head_hash,
            as_of=report.provenance.as_of,
            plan_version=report.provenance.plan_version,
            command=report.provenance.command,
            generated_at=datetime.now(UTC),
            content=content,
            downloads=downloads(info, request, report, language),
        )


def downloads(
    info: Info, request: ReportRequest, report: Report, lang: str
) -> list[ReportDownload]:
    """Links to this very report (pinned to its position) in every format."""
    base = str(info.context.request.base_url).rstrip("/") if info.context.request else ""
    query = {"project": request.project, "period": request.period, "partner": request.partner,
             "as_of": report.provenance.position, "lang": lang}  # fmt: skip
    encoded = urlencode({k: v for k, v in query.items() if v is not None})
    return [
        ReportDownload(
            format=fmt.name,
            url=f"{base}/reports/{report.kind}.{fmt.name}?{encoded}",
            content_type=fmt.content_type,
            file_name=file_name(report, fmt.name, lang),
        )
        for fmt in FORMATS.values()
    ]
