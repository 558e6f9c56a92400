"""Audit views: an entity's history, the log explorer, the latest signed checkpoint with a
verify button, and a project as the hub knew it on a date."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from hub.api.caller import caller_from
from hub.audit.verification import verify_log
from hub.console import queries
from hub.console.graph import Answer, execute
from hub.console.guard import console_page
from hub.console.rendering import render, render_error

STATUS = {"NOT_FOUND": 404, "FORBIDDEN": 403, "INVALID_INPUT": 400}


def _failed(answer: Answer) -> tuple[int, dict[str, Any]] | None:
    error = answer.first_error
    return None if error is None else (STATUS.get(error["code"], 500), error)


@console_page
async def entity_history(request: Request) -> Response:
    entity_id = str(request.path_params["entity_id"])
    after = request.query_params.get("after")
    answer = await execute(request, queries.AUDIT_TRAIL, {"id": entity_id, "after": after})
    failed = _failed(answer)
    if failed:
        return await render_error(request, failed[0], "error_audit", reason=failed[1])
    trail = answer.data["auditTrail"]
    return render(
        request,
        "entity_history.html",
        {
            "entity_id": entity_id,
            "entries": trail["nodes"],
            "page": trail["pageInfo"],
        },
    )


@console_page
async def entity_lookup(request: Request) -> Response:
    text = request.query_params.get("id", "").strip()
    try:
        entity_id = uuid.UUID(text)
    except ValueError:
        return render(
            request,
            "entity_history.html",
            {"entity_id": text, "entries": None, "lookup_error": "error_id"},
            400,
        )
    return RedirectResponse(f"/console/audit/entities/{entity_id}", 303)


def _log_filters(request: Request) -> dict[str, Any]:
    query = request.query_params
    types = [t.strip() for t in query.get("event_type", "").split(",") if t.strip()]
    return {
        "streamId": query.get("stream_id", "").strip() or None,
        "eventTypes": types or None,
        "actor": query.get("actor", "").strip() or None,
        "after": query.get("after") or None,
    }


@console_page
async def log_explorer(request: Request) -> Response:
    filters = _log_filters(request)
    errors = {}
    if filters["streamId"]:
        try:
            uuid.UUID(filters["streamId"])
        except ValueError:
            errors["stream_id"] = "error_id"
    if errors:
        return render(
            request,
            "log.html",
            {"errors": errors, "events": [], "query": request.query_params},
            400,
        )
    answer = await execute(request, queries.EVENT_LOG, filters)
    failed = _failed(answer)
    if failed:
        return await render_error(request, failed[0], "error_audit", reason=failed[1])
    log = answer.data["eventLog"]
    next_query = {**dict(request.query_params), "after": log["pageInfo"]["endCursor"]}
    return render(
        request,
        "log.html",
        {
            "events": log["nodes"],
            "head": answer.data["logHead"],
            "errors": {},
            "query": request.query_params,
            "next": urlencode(next_query) if log["pageInfo"]["hasNextPage"] else None,
        },
    )


@console_page
async def checkpoint(request: Request) -> Response:
    answer = await execute(request, queries.CHECKPOINT)
    failed = _failed(answer)
    if failed:
        return await render_error(request, failed[0], "error_audit", reason=failed[1])
    verification = None
    if request.method == "POST":
        caller = caller_from(request, request.app.state.settings)
        if not caller.has("audit:read"):
            return await render_error(request, 403, "error_audit")
        verification = await verify_log(request.app.state.database.dsn)
    return render(
        request,
        "checkpoint.html",
        {
            "checkpoint": answer.data["auditCheckpoint"],
            "head": answer.data["logHead"],
            "verification": verification,
        },
    )


HEAD = "SELECT coalesce(max(position), 0) FROM events"


def _moment(text: str) -> datetime | None:
    """End of the day named (what was recorded that day is included)."""
    try:
        return datetime.combine(date.fromisoformat(text), time.max, tzinfo=UTC)
    except ValueError:
        return None


@console_page
async def project_as_of(request: Request) -> Response:
    project_id = str(request.path_params["project_id"])
    text = request.query_params.get("date", "").strip()
    context: dict[str, Any] = {
        "project_id": project_id,
        "date": text,
        "snapshot": None,
        "errors": {},
    }
    if not text:
        return render(request, "as_of.html", context)
    moment = _moment(text)
    if moment is None:
        context["errors"]["date"] = "error_date"
        return render(request, "as_of.html", context, 400)
    if moment < datetime.now(UTC):
        variables = {"id": project_id, "at": moment.isoformat(), "position": None}
    else:  # today (or later): the log's head, so the answer is kept until the log moves
        head = await request.app.state.database.pool.fetchval(HEAD)
        variables = {"id": project_id, "at": None, "position": head}
    answer = await execute(request, queries.PROJECT_AS_OF, variables)
    if answer.data.get("projectAsOf") is None:
        failed = _failed(answer) or (404, {})
        if failed[0] != 404:
            return await render_error(request, failed[0], "error_project", reason=failed[1])
        context["errors"]["date"] = "error_not_known_then"
        return render(request, "as_of.html", context, 404)
    context["snapshot"] = answer.data["projectAsOf"]
    context["budget_hidden"] = answer.error_for("projectAsOf") is not None
    return render(request, "as_of.html", context)
