"""Funder reports through the API: the `report` query (the report as JSON, its provenance
and download links) and the HTTP download route (`/reports/{kind}.{format}`)."""

from hub.api.reports.queries import ReportQueries
from hub.api.reports.types import FunderReport, ReportDownload

QUERIES: tuple[type, ...] = (ReportQueries,)
TYPES: tuple[type, ...] = (FunderReport, ReportDownload)
