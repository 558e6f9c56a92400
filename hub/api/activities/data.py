"""Named SQL on the activities calendar (``read.activities`` and its tables), and the batch
loads behind the activity loaders."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

from hub.api.loaders import many_per_key, one_per_key

ACTIVITY_COLUMNS = (
    "activity_id, owner_id, owner_kind, code, kind, title, held_on, starts_at, ends_at,"
    " time_zone, city, country, venue,"
    " partners, participants, travel_legs, kg_co2e, cancelled, cancel_reason, last_position"
)

ACTIVITIES_PAGE = f"""
SELECT {ACTIVITY_COLUMNS} FROM read.activities
WHERE ($1::date IS NULL OR (held_on, activity_id) > ($1, $2::uuid))
  AND ($3::uuid IS NULL OR owner_id = $3)
  AND ($4::text IS NULL OR kind = $4)
  AND ($5::date IS NULL OR held_on >= $5)
  AND ($6::date IS NULL OR held_on <= $6)
  AND ($7::uuid IS NULL OR $7 = ANY(partners))
ORDER BY held_on, activity_id
LIMIT $8
"""

CARBON_BY_MODE = """
SELECT l.mode, sum(l.kg_co2e) AS kg_co2e, sum(l.distance_km) AS distance_km,
       sum(l.distance_km * l.travellers) AS passenger_km, count(*) AS legs,
       count(DISTINCT l.activity_id) AS activities
FROM read.activity_travel_legs l JOIN read.activities a USING (activity_id)
WHERE a.owner_id = $1 AND NOT a.cancelled
  AND ($2::date IS NULL OR a.held_on >= $2)
  AND ($3::date IS NULL OR a.held_on <= $3)
GROUP BY l.mode
ORDER BY l.mode
"""


async def activities_by_id(pool: asyncpg.Pool, ids: Sequence[UUID]) -> list[Any]:
    rows = await pool.fetch(
        f"SELECT {ACTIVITY_COLUMNS} FROM read.activities WHERE activity_id = ANY($1::uuid[])",
        list(ids),
    )
    return one_per_key(ids, rows, "activity_id")


async def participant_counts_by_activity(pool: asyncpg.Pool, ids: Sequence[UUID]) -> list[Any]:
    rows = await pool.fetch(
        "SELECT activity_id, dimension, key, count FROM read.activity_participants"
        " WHERE activity_id = ANY($1::uuid[]) ORDER BY dimension, key",
        list(ids),
    )
    return many_per_key(ids, rows, "activity_id")


async def travel_legs_by_activity(pool: asyncpg.Pool, ids: Sequence[UUID]) -> list[Any]:
    rows = await pool.fetch(
        "SELECT activity_id, position, mode, distance_km, travellers, kg_co2e"
        " FROM read.activity_travel_legs WHERE activity_id = ANY($1::uuid[])"
        " ORDER BY position",
        list(ids),
    )
    return many_per_key(ids, rows, "activity_id")


async def contributions_by_activity(pool: asyncpg.Pool, ids: Sequence[UUID]) -> list[Any]:
    rows = await pool.fetch(
        "SELECT activity_id, indicator_code, value FROM read.indicator_contributions"
        " WHERE activity_id = ANY($1::uuid[]) ORDER BY indicator_code",
        list(ids),
    )
    return many_per_key(ids, rows, "activity_id")
