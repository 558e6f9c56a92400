"""The bare anchor of bench/graphql_mix.py: Starlette + asyncpg + orjson returning the same
JSON as the GraphQL mix, with hand-written SQL and no GraphQL at all.

    python -m bench.bare_server DATABASE_URL PORT
"""

from __future__ import annotations

import sys
from collections import defaultdict
from typing import Any

import asyncpg
import orjson
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

PROJECTS = "SELECT project_id, acronym, title, programme, starts_on FROM read.projects"
PARTNERS = (
    "SELECT p.project_id, p.role, o.name, o.country FROM read.partnerships p"
    " JOIN read.organisations o USING (organisation_id) WHERE p.project_id = ANY($1::uuid[])"
    " ORDER BY p.joined_on, p.organisation_id"
)
DELIVERABLES = (
    "SELECT code, title, status, due_on FROM read.deliverables WHERE project_id = $1"
    " ORDER BY due_on, deliverable_id LIMIT 50"
)


def json(data: Any) -> Response:
    return Response(orjson.dumps({"data": data}), media_type="application/json")


async def projects(request: Request) -> Response:
    pool: asyncpg.Pool = request.app.state.pool
    rows = await pool.fetch(PROJECTS + " ORDER BY acronym, project_id LIMIT 10")
    partners: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for row in await pool.fetch(PARTNERS, [r["project_id"] for r in rows]):
        partners[row["project_id"]].append(
            {"role": row["role"], "organisation": {"name": row["name"], "country": row["country"]}}
        )
    nodes = [
        {
            "acronym": r["acronym"],
            "title": r["title"],
            "programme": r["programme"],
            "startsOn": r["starts_on"].isoformat(),
            "partners": partners[r["project_id"]],
        }
        for r in rows
    ]
    return json({"projects": {"nodes": nodes}})


async def deliverables(request: Request) -> Response:
    pool: asyncpg.Pool = request.app.state.pool
    rows = await pool.fetch(DELIVERABLES, request.path_params["project"])
    nodes = [
        {"code": r["code"], "title": r["title"], "state": r["status"],
         "dueOn": r["due_on"].isoformat()}
        for r in rows
    ]  # fmt: skip
    return json({"deliverables": {"nodes": nodes}})


def app(url: str) -> Starlette:
    async def lifespan(app: Starlette) -> Any:
        app.state.pool = await asyncpg.create_pool(url, min_size=4, max_size=10)
        yield
        await app.state.pool.close()

    return Starlette(
        routes=[
            Route("/projects", projects),
            Route("/deliverables/{project}", deliverables),
        ],
        lifespan=lifespan,
    )


if __name__ == "__main__":
    uvicorn.run(app(sys.argv[1]), host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
