"""Who may have which report, shared by the `report` query and the download route.

- ``finance:read`` gives the reports of the projects whose finance the caller sees
  (``hub.api.tenancy``: its organisation's projects); ``audit:read`` (auditors) gives every
  project's, narrowed by a grant limited to projects or a programme.
- Personal data (ESF+ participants' contact details) only with ``audit:read``, the scope
  the hub already asks before showing the data subjects' events.
- A project the caller may not see is refused with FORBIDDEN whether or not it exists.
"""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

from hub.api.context import Context
from hub.api.errors import ApiError, Forbidden, InvalidInput, NotFound
from hub.api.tenancy import finance_projects_visible
from hub.reports.catalogue import REPORT_KINDS, ReportError, ReportRequest, report_project_ids
from hub.reports.render import RenderError

READ_SCOPES = ("finance:read", "audit:read")
PERSONAL_DATA_SCOPE = "audit:read"


async def authorised_request(
    context: Context,
    kind: str,
    project: str | None,
    period: int | None,
    partner: str | None,
    as_of: int | datetime | None,
) -> ReportRequest:
    """The request the caller may make, or FORBIDDEN / NOT_FOUND / INVALID_INPUT."""
    caller = context.caller
    if not any(caller.has(scope) for scope in READ_SCOPES):
        raise Forbidden("reports need the scope finance:read or audit:read", scope="finance:read")
    if kind not in REPORT_KINDS:
        raise NotFound(f"unknown report kind {kind!r} (known: {', '.join(REPORT_KINDS)})")
    if not project:
        raise InvalidInput("a report needs a project (an acronym or a project id)")
    request = ReportRequest(
        kind, project, period, partner, as_of, personal_data=caller.has(PERSONAL_DATA_SCOPE)
    )
    # the tenancy rules read only the request context
    visible = await finance_projects_visible(SimpleNamespace(context=context))  # type: ignore[arg-type]
    if visible is not None:
        try:
            project_id = await report_project_ids(context.database.pool, request)
        except ReportError:
            project_id = None
        if project_id not in visible:
            raise Forbidden("this project's reports are not visible to the caller")
    return request


def api_error(error: ReportError | RenderError) -> ApiError:
    """The API's error for a report that cannot be built or rendered."""
    if isinstance(error, ReportError) and error.code == "NOT_FOUND":
        return NotFound(str(error))
    return InvalidInput(str(error))
