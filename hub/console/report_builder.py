"""Report builder: kind, period, partner, language, format and "as of"; the download link
is pinned to the log position the page built, so the file matches the provenance shown."""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import quote, urlencode

from starlette.requests import Request
from starlette.responses import Response

from hub.api.caller import caller_from
from hub.api.context import Context
from hub.api.errors import ApiError
from hub.api.i18n import LANGUAGES
from hub.api.reports.access import api_error, authorised_request
from hub.console import queries
from hub.console.graph import execute
from hub.console.guard import console_page
from hub.console.language import language
from hub.console.rendering import render, render_error
from hub.reports.as_of import parse_as_of
from hub.reports.catalogue import REPORT_KINDS, ReportError, build_report
from hub.reports.model import Report
from hub.reports.render import FORMATS, RenderError, checked, file_name, render_in_thread

STATUS = {"FORBIDDEN": 403, "NOT_FOUND": 404, "INVALID_INPUT": 400}


class FieldError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _period(text: str) -> int | None:
    if not text:
        return None
    if not text.isdigit():
        raise FieldError("period", "error_period")
    return int(text)


async def _build(request: Request, params: dict[str, str]) -> Report:
    """The report the person asked for, or FieldError / ApiError saying why not."""
    settings = request.app.state.settings
    context = Context(
        request.app.state.database,
        settings,
        caller_from(request, settings),
        lang=params["lang"],
        request=request,
    )
    try:
        as_of = parse_as_of(params["as_of"]) if params.get("as_of") else None
    except ReportError:
        raise FieldError("as_of", "error_as_of") from None
    try:
        report_request = await authorised_request(
            context,
            params["kind"],
            params["project"],
            _period(params.get("period", "")),
            params.get("partner") or None,
            as_of,
        )
        return await build_report(context.database.pool, report_request)
    except ReportError as error:
        raise api_error(error) from None


def _choices(request: Request) -> dict[str, str]:
    query = request.query_params
    return {
        "kind": query.get("kind", ""),
        "period": query.get("period", "").strip(),
        "partner": query.get("partner", "").strip(),
        "lang": query.get("report_lang") or language(request),
        "format": query.get("format", "pdf"),
        "as_of": query.get("as_of", "").strip(),
    }


def _download_url(report: Report, choices: dict[str, str], project_id: str) -> str:
    params = {
        "project": project_id,
        "as_of": str(report.provenance.position),
        "lang": choices["lang"],
        "period": choices["period"],
        "partner": choices["partner"],
    }
    query = urlencode({k: v for k, v in params.items() if v})
    return f"/console/reports/{choices['kind']}.{choices['format']}?{query}"


@console_page
async def report_builder(request: Request) -> Response:
    project_id = str(request.path_params["project_id"])
    answer = await execute(request, queries.PROJECT_NAME, {"id": project_id})
    project = answer.data.get("project")
    if project is None:
        return await render_error(request, 404, "error_project")
    choices = _choices(request)
    context: dict[str, Any] = {
        "project": project,
        "choices": choices,
        "kinds": REPORT_KINDS,
        "formats": list(FORMATS),
        "report_languages": LANGUAGES,
        "errors": {},
        "report": None,
    }
    if choices["kind"]:
        status = 200
        try:
            _check_choices(choices)
            report = await _build(request, {**choices, "project": project_id})
            context["report"] = report
            context["download"] = _download_url(report, choices, project_id)
        except FieldError as error:
            context["errors"][error.field], status = str(error), 400
        except ApiError as error:
            context["errors"]["form"], status = str(error), STATUS.get(error.code, 400)
        return render(request, "report_builder.html", context, status)
    return render(request, "report_builder.html", context)


def _check_choices(choices: dict[str, str]) -> None:
    if choices["kind"] not in REPORT_KINDS:
        raise FieldError("kind", "error_choice")
    if choices["format"] not in FORMATS:
        raise FieldError("format", "error_choice")
    if choices["lang"] not in LANGUAGES:
        raise FieldError("report_lang", "error_choice")


@console_page
async def download(request: Request) -> Response:
    query = request.query_params
    kind, fmt = request.path_params["kind"], request.path_params["format"]
    lang = query.get("lang") or language(request)
    params = {
        "kind": kind,
        "project": query.get("project", ""),
        "lang": lang,
        "period": query.get("period", ""),
        "partner": query.get("partner", ""),
        "as_of": query.get("as_of", ""),
    }
    try:
        checked(fmt, lang)
        report = await _build(request, params)
        data = await render_in_thread(report, fmt, lang)
    except FieldError as error:
        return await render_error(request, 400, str(error))
    except RenderError as error:
        return await render_error(request, 400, "error_report", reason=str(api_error(error)))
    except ApiError as error:
        return await render_error(
            request, STATUS.get(error.code, 400), "error_report", reason=str(error)
        )
    name = file_name(report, fmt, lang)
    return Response(
        data,
        media_type=checked(fmt, lang).content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"; '
            f"filename*=UTF-8''{quote(name)}",
            "Cache-Control": "private, no-store",
            "ETag": f'"{hashlib.sha256(data).hexdigest()}"',
            "X-Report-Position": str(report.provenance.position),
            "X-Report-Head-Hash": report.provenance.head_hash,
        },
    )
