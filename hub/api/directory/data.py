"""Named SQL on the read models of the directory, and the batch loads behind its loaders."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

from hub.api.loaders import many_per_key, one_per_key

ORGANISATION_COLUMNS = (
    "organisation_id, name, country, region, legal_status, vat_recovery, languages, last_position"
)
PROJECT_COLUMNS = (
    "project_id, acronym, title, programme, currency, starts_on, ends_on, status, closed_on,"
    " plan_version, plan_effective_from, last_position"
)

ORGANISATIONS_PAGE = f"""
SELECT {ORGANISATION_COLUMNS} FROM read.organisations
WHERE ($1::text IS NULL OR (name, organisation_id) > ($1, $2::uuid))
  AND ($3::text IS NULL OR country = $3)
ORDER BY name, organisation_id
LIMIT $4
"""

PROJECTS_PAGE = f"""
SELECT {PROJECT_COLUMNS} FROM read.projects p
WHERE ($1::text IS NULL OR (acronym, project_id) > ($1, $2::uuid))
  AND ($3::text IS NULL OR programme = $3)
  AND ($4::text IS NULL OR status = $4)
  AND ($5::uuid IS NULL OR EXISTS (
        SELECT 1 FROM read.partnerships s
        WHERE s.project_id = p.project_id AND s.organisation_id = $5))
  AND ($6::text IS NULL OR EXISTS (
        SELECT 1 FROM read.partnerships s JOIN read.organisations o USING (organisation_id)
        WHERE s.project_id = p.project_id AND o.country = $6))
ORDER BY acronym, project_id
LIMIT $7
"""


async def organisations_by_id(pool: asyncpg.Pool, ids: Sequence[UUID]) -> list[Any]:
    rows = await pool.fetch(
        f"SELECT {ORGANISATION_COLUMNS} FROM read.organisations"
        " WHERE organisation_id = ANY($1::uuid[])",
        list(ids),
    )
    return one_per_key(ids, rows, "organisation_id")


async def projects_by_id(pool: asyncpg.Pool, ids: Sequence[UUID]) -> list[Any]:
    rows = await pool.fetch(
        f"SELECT {PROJECT_COLUMNS} FROM read.projects WHERE project_id = ANY($1::uuid[])",
        list(ids),
    )
    return one_per_key(ids, rows, "project_id")


_PARTNERSHIPS = """
SELECT project_id, organisation_id, role, joined_on, left_on, left_reason
FROM read.partnerships WHERE {column} = ANY($1::uuid[])
ORDER BY joined_on, organisation_id
"""


async def partnerships_by_project(pool: asyncpg.Pool, ids: Sequence[UUID]) -> list[Any]:
    rows = await pool.fetch(_PARTNERSHIPS.format(column="project_id"), list(ids))
    return many_per_key(ids, rows, "project_id")


async def partnerships_by_organisation(pool: asyncpg.Pool, ids: Sequence[UUID]) -> list[Any]:
    rows = await pool.fetch(_PARTNERSHIPS.format(column="organisation_id"), list(ids))
    return many_per_key(ids, rows, "organisation_id")


async def funds_by_project(pool: asyncpg.Pool, ids: Sequence[UUID]) -> list[Any]:
    rows = await pool.fetch(
        "SELECT project_id, fund, cofinancing_rate FROM read.project_funds"
        " WHERE project_id = ANY($1::uuid[]) ORDER BY fund",
        list(ids),
    )
    return many_per_key(ids, rows, "project_id")


async def reporting_periods_by_project(pool: asyncpg.Pool, ids: Sequence[UUID]) -> list[Any]:
    rows = await pool.fetch(
        "SELECT project_id, number, starts_on, ends_on FROM read.reporting_periods"
        " WHERE project_id = ANY($1::uuid[]) ORDER BY number",
        list(ids),
    )
    return many_per_key(ids, rows, "project_id")
