"""Projects overview: every project the person may see, with budget consumption and
deliverable health at a glance (each project's figures read concurrently)."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from hub.console import queries
from hub.console.figures import deliverable_health, share, total
from hub.console.graph import execute
from hub.console.guard import console_page
from hub.console.language import language
from hub.console.rendering import render, render_error


async def _health(request: Request, project: dict[str, Any]) -> dict[str, Any]:
    answer = await execute(request, queries.PROJECT_HEALTH, {"id": project["id"]})
    summary = answer.data.get("budgetSummary") if answer.data else None
    deliverables = (answer.data.get("deliverables") or {}).get("nodes", []) if answer.data else []
    budget = total(summary, "budget") if summary else None
    return {
        **project,
        "budget": budget,
        "consumed": share(total(summary, "validated"), budget) if summary and budget else None,
        "declared": share(total(summary, "declared"), budget) if summary and budget else None,
        "deliverables": deliverable_health(deliverables),
    }


@console_page
async def projects_overview(request: Request) -> Response:
    answer = await execute(request, queries.PROJECTS, {"lang": language(request)})
    if answer.first_error:
        return await render_error(request, 403, "error_forbidden", reason=answer.first_error)
    nodes = answer.data["projects"]["nodes"]
    projects = await asyncio.gather(*(_health(request, project) for project in nodes))
    return render(request, "overview.html", {"projects": projects})
