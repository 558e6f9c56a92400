"""`GET /reports/{kind}.{format}?project=…&period=…&partner=…&as_of=…&lang=…`: a funder
report's file, for a caller with a bearer token (the same rules as the `report` query).

Always a token, in development too: report files carry finance and are passed around.
The ETag is the bytes' SHA-256 (the bytes are a pure function of the request, the position
and the caller's right to personal data), so `If-None-Match` answers 304.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.utils import format_datetime
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from auth.backend import challenge
from hub.api.caller import caller_from
from hub.api.context import Context
from hub.api.errors import ApiError, InvalidInput
from hub.api.i18n import language_of
from hub.api.reports.access import api_error, authorised_request
from hub.reports.as_of import parse_as_of
from hub.reports.catalogue import ReportError, build_report
from hub.reports.model import Report
from hub.reports.render import RenderError, checked, file_name, render_in_thread

STATUS = {"FORBIDDEN": 403, "NOT_FOUND": 404, "INVALID_INPUT": 400, "UNAUTHENTICATED": 401}


async def download_report(request: Request) -> Response:
    user = request.scope.get("user")
    if user is None or not getattr(user, "is_authenticated", False):
        return _error(
            "UNAUTHENTICATED", "a bearer token is needed", {"WWW-Authenticate": challenge()}
        )
    try:
        report, fmt, lang = await _report(request)
        data = await render_in_thread(report, fmt, lang)
    except (ReportError, RenderError) as error:
        return _error(*_coded(api_error(error)))
    except ApiError as error:
        return _error(*_coded(error))
    etag = f'"{hashlib.sha256(data).hexdigest()}"'
    headers = _headers(report, fmt, lang, etag)
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(data, media_type=checked(fmt, lang).content_type, headers=headers)


async def _report(request: Request) -> tuple[Report, str, str]:
    settings = request.app.state.settings
    params = request.query_params
    fmt = request.path_params["format"]
    lang = params.get("lang") or language_of(request)
    checked(fmt, lang)
    context = Context(request.app.state.database, settings, caller_from(request, settings),
                      lang=lang, request=request)  # fmt: skip
    as_of = parse_as_of(params["as_of"]) if params.get("as_of") else None
    report_request = await authorised_request(
        context, request.path_params["kind"], params.get("project"),
        _period(params.get("period")), params.get("partner"), as_of,
    )  # fmt: skip
    return await build_report(context.database.pool, report_request), fmt, lang


def _period(text: str | None) -> int | None:
    if not text:
        return None
    if not text.isdigit():
        raise InvalidInput(f"period must be a reporting period number, not {text!r}")
    return int(text)


def _headers(report: Report, fmt: str, lang: str, etag: str) -> dict[str, str]:
    name = file_name(report, fmt, lang)
    return {
        "Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}",
        "ETag": etag,
        "Cache-Control": "private, no-cache",
        "Last-Modified": format_datetime(report.provenance.as_of.astimezone(UTC), usegmt=True),
        "X-Report-Position": str(report.provenance.position),
        "X-Report-Head-Hash": report.provenance.head_hash,
        "X-Generated-At": datetime.now(UTC).isoformat(),
    }


def _coded(error: ApiError) -> tuple[str, str]:
    return error.code, str(error)


def _error(code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return JSONResponse(body, status_code=STATUS.get(code, 500), headers=headers)
