"""Named SQL on La Collaborative's schemes (``read.schemes`` and its tables), the batch loads
behind the scheme loaders, and the regional agencies as directory organisations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

from domain.organisation import Organisation
from hub.api.loaders import many_per_key, one_per_key

AGENCY_NAMES = {  # the agencies' codes in the log, and their names in the directory
    "occitanie_en_scene": "Occitanie en scène",
    "oara_nouvelle_aquitaine": "OARA Nouvelle-Aquitaine",
    "agence_culturelle_grand_est": "Agence culturelle Grand Est",
    "spectacle_vivant_en_bretagne": "Spectacle vivant en Bretagne",
    "odia_normandie": "Odia Normandie",
}
AGENCY_ORGANISATIONS = {
    code: Organisation.create_id(name, "FR") for code, name in AGENCY_NAMES.items()
}
AGENCIES_BY_ORGANISATION = {org: code for code, org in AGENCY_ORGANISATIONS.items()}

SCHEME_COLUMNS = (
    "scheme_id, kind, edition, coordinator, launched_on, agencies, participations,"
    " participants, last_position"
)
PARTICIPATION_COLUMNS = (
    "scheme_id, number, agency, held_on, description, host_region, participants, activity_id"
)

SCHEMES_PAGE = f"""
SELECT {SCHEME_COLUMNS} FROM read.schemes
WHERE ($1::date IS NULL OR (launched_on, scheme_id) > ($1, $2::uuid))
  AND ($3::text IS NULL OR kind = $3)
ORDER BY launched_on, scheme_id
LIMIT $4
"""

PARTICIPATIONS_PAGE = f"""
SELECT {PARTICIPATION_COLUMNS} FROM read.scheme_participations
WHERE ($1::date IS NULL OR (held_on, scheme_id, number) > ($1, $2::uuid, $3::integer))
  AND ($4::uuid IS NULL OR scheme_id = $4)
  AND ($5::text IS NULL OR agency = $5)
ORDER BY held_on, scheme_id, number
LIMIT $6
"""


def agency_organisation(code: str) -> UUID | None:
    return AGENCY_ORGANISATIONS.get(code)


async def schemes_by_id(pool: asyncpg.Pool, ids: Sequence[UUID]) -> list[Any]:
    rows = await pool.fetch(
        f"SELECT {SCHEME_COLUMNS} FROM read.schemes WHERE scheme_id = ANY($1::uuid[])", list(ids)
    )
    return one_per_key(ids, rows, "scheme_id")


async def agencies_by_scheme(pool: asyncpg.Pool, ids: Sequence[UUID]) -> list[Any]:
    rows = await pool.fetch(
        "SELECT scheme_id, agency, is_coordinator, joined_at FROM read.scheme_agencies"
        " WHERE scheme_id = ANY($1::uuid[]) ORDER BY joined_at, NOT is_coordinator, agency",
        list(ids),
    )
    return many_per_key(ids, rows, "scheme_id")


async def participation_counts(pool: asyncpg.Pool, keys: Sequence[tuple[UUID, int]]) -> list[Any]:
    """Counts by gender and category of participations, keyed (scheme id, number)."""
    rows = await pool.fetch(
        "SELECT scheme_id, number, dimension, key, count FROM read.scheme_participation_counts"
        " WHERE (scheme_id, number) IN (SELECT * FROM unnest($1::uuid[], $2::integer[]))"
        " ORDER BY dimension, key",
        [k[0] for k in keys],
        [k[1] for k in keys],
    )
    grouped: dict[tuple[UUID, int], list[Any]] = {}
    for row in rows:
        grouped.setdefault((row["scheme_id"], row["number"]), []).append(row)
    return [grouped.get(key, []) for key in keys]
