"""Named SQL on the plan and deliverable read models, and the batch loads behind the loaders.

``late`` is computed in the statement with the rule of ``Deliverable.is_late``, judged on a
day the caller chooses (today by default): handed in after the due date, or not handed in
and the due date has passed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

from hub.api.loaders import many_per_key, one_per_key

DELIVERABLE_COLUMNS = (
    "deliverable_id, project_id, code, title, work_package, responsible_partner, status,"
    " due_on, original_due_on, due_date_changes, document_ref, submitted_on, accepted_on,"
    " accepted_by, rejected_on, rejected_by, rejection_reason, rejections, last_position"
)
LATE = (
    "CASE WHEN status IN ('submitted', 'accepted') AND submitted_on IS NOT NULL"
    " THEN submitted_on > due_on ELSE {on} > due_on END AS late"
)

DELIVERABLES_PAGE = f"""
WITH board AS (
    SELECT {DELIVERABLE_COLUMNS}, {LATE.format(on="coalesce($2::date, current_date)")}
    FROM read.deliverables WHERE project_id = $1
)
SELECT * FROM board
WHERE ($3::date IS NULL OR (due_on, deliverable_id) > ($3, $4::uuid))
  AND ($5::text IS NULL OR status = $5)
  AND ($6::date IS NULL OR due_on < $6)
  AND ($7::date IS NULL OR due_on > $7)
  AND ($8::boolean IS NULL OR late = $8)
ORDER BY due_on, deliverable_id
LIMIT $9
"""

PLAN_VERSION_COLUMNS = (
    "project_id, number, effective_from, approved_on, approved_by, reason, currency,"
    " is_current, recorded_at, position"
)
PLAN_VERSIONS = f"""
SELECT {PLAN_VERSION_COLUMNS} FROM read.plan_versions WHERE project_id = $1 ORDER BY number
"""
PLAN_IN_FORCE = f"""
SELECT {PLAN_VERSION_COLUMNS} FROM read.plan_versions
WHERE project_id = $1 AND effective_from <= $2 ORDER BY number DESC LIMIT 1
"""
CURRENT_PLAN_VERSION = f"""
SELECT {PLAN_VERSION_COLUMNS} FROM read.plan_versions
WHERE project_id = $1 AND is_current LIMIT 1
"""

INDICATORS = """
SELECT project_id, code, plan_version, kind, name, unit, baseline, target, achieved, activities
FROM read.indicator_progress WHERE project_id = $1 ORDER BY code
"""


async def deliverables_by_id(pool: asyncpg.Pool, ids: Sequence[UUID]) -> list[Any]:
    rows = await pool.fetch(
        f"SELECT {DELIVERABLE_COLUMNS}, {LATE.format(on='current_date')}"
        " FROM read.deliverables WHERE deliverable_id = ANY($1::uuid[])",
        list(ids),
    )
    return one_per_key(ids, rows, "deliverable_id")


async def due_date_changes_by_deliverable(pool: asyncpg.Pool, ids: Sequence[UUID]) -> list[Any]:
    rows = await pool.fetch(
        "SELECT deliverable_id, position, previous_due_on, due_on, justification, actor,"
        " recorded_at FROM read.deliverable_due_date_changes"
        " WHERE deliverable_id = ANY($1::uuid[]) ORDER BY position",
        list(ids),
    )
    return many_per_key(ids, rows, "deliverable_id")


def _version_keys(keys: Sequence[tuple[UUID, int]]) -> tuple[list[UUID], list[int]]:
    return [k[0] for k in keys], [k[1] for k in keys]


async def _per_version(pool: asyncpg.Pool, sql: str, keys: Sequence[tuple[UUID, int]]) -> list[Any]:
    projects, numbers = _version_keys(keys)
    rows = await pool.fetch(sql, projects, numbers)
    grouped: dict[tuple[UUID, int], list[Any]] = {}
    for row in rows:
        grouped.setdefault((row["project_id"], row["plan_version"]), []).append(row)
    return [grouped.get((k[0], k[1]), []) for k in keys]


_VERSION_FILTER = (
    "WHERE (project_id, plan_version) IN (SELECT * FROM unnest($1::uuid[], $2::int[]))"
)


async def work_packages_by_version(
    pool: asyncpg.Pool, keys: Sequence[tuple[UUID, int]]
) -> list[Any]:
    """Work packages of each (project, plan version), by code."""
    sql = (
        "SELECT project_id, plan_version, code, title, lump_sum, lump_sum_currency"
        f" FROM read.work_packages {_VERSION_FILTER} ORDER BY code"
    )
    return await _per_version(pool, sql, keys)


async def planned_deliverables_by_version(
    pool: asyncpg.Pool, keys: Sequence[tuple[UUID, int]]
) -> list[Any]:
    """Deliverables as each (project, plan version) states them, by due date and code."""
    sql = (
        "SELECT project_id, plan_version, code, work_package, title, due_on, responsible_partner"
        f" FROM read.planned_deliverables {_VERSION_FILTER} ORDER BY due_on, code"
    )
    return await _per_version(pool, sql, keys)
