"""Organisations as they are now, with their contacts shown only by subject id.

A contact's details are personal data: this read model keeps the subject id, the role
and whether the details are erased (the envelope was written after the erasure, or a
``DataSubject.Forgotten`` came later), never the decrypted content.
"""

from __future__ import annotations

import asyncpg

from hub.eventstore import RecordedEvent
from projections.read_models.batching import per_event
from projections.read_models.values import erased, subject

TABLES = """
CREATE TABLE organisations (
    organisation_id uuid PRIMARY KEY,
    name            text NOT NULL,
    country         char(2) NOT NULL,
    region          text NOT NULL,
    legal_status    text NOT NULL,
    vat_recovery    text NOT NULL,
    languages       text[] NOT NULL,
    contacts        integer NOT NULL DEFAULT 0,
    registered_at   timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    last_position   bigint NOT NULL
);
CREATE INDEX organisations_by_name ON organisations (name, organisation_id);
CREATE INDEX organisations_by_country ON organisations (country, name, organisation_id);

CREATE TABLE organisation_contacts (
    organisation_id uuid NOT NULL,
    subject_id      uuid NOT NULL,
    role            text NOT NULL,
    erased          boolean NOT NULL,
    added_at        timestamptz NOT NULL,
    erased_at       timestamptz,
    PRIMARY KEY (organisation_id, subject_id)
);
CREATE INDEX organisation_contacts_by_subject ON organisation_contacts (subject_id);

CREATE TABLE forgotten_subjects (
    subject_id   uuid PRIMARY KEY,
    forgotten_at timestamptz NOT NULL,
    position     bigint NOT NULL
);
"""

_REGISTER = """
INSERT INTO organisations (organisation_id, name, country, region, legal_status, vat_recovery,
                           languages, registered_at, updated_at, last_position)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)
"""
_TOUCH = "updated_at = $2, last_position = $3"
_RENAME = f"UPDATE organisations SET name = $4, {_TOUCH} WHERE organisation_id = $1"
_VAT = f"UPDATE organisations SET vat_recovery = $4, {_TOUCH} WHERE organisation_id = $1"
_COUNT_CONTACTS = f"""
UPDATE organisations SET {_TOUCH}, contacts = (
    SELECT count(*) FROM organisation_contacts c WHERE c.organisation_id = $1)
WHERE organisation_id = $1
"""
_ADD_CONTACT = """
INSERT INTO organisation_contacts AS c (organisation_id, subject_id, role, erased, added_at,
                                        erased_at)
SELECT $1, $2, $3, $4 OR f.subject_id IS NOT NULL, $5,
       CASE WHEN $4 THEN $5 ELSE f.forgotten_at END
FROM (SELECT 1) AS one LEFT JOIN forgotten_subjects f ON f.subject_id = $2
ON CONFLICT (organisation_id, subject_id) DO UPDATE
SET role = excluded.role, erased = excluded.erased, added_at = excluded.added_at,
    erased_at = excluded.erased_at
"""
_REMOVE_CONTACT = "DELETE FROM organisation_contacts WHERE organisation_id = $1 AND subject_id = $2"
_FORGET = """
INSERT INTO forgotten_subjects (subject_id, forgotten_at, position) VALUES ($1, $2, $3)
ON CONFLICT (subject_id) DO NOTHING
"""
_ERASE = """
UPDATE organisation_contacts SET erased = true, erased_at = coalesce(erased_at, $2)
WHERE subject_id = $1
"""


async def registered(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    p = event.payload
    vat = p["vat_recovery"] if event.schema_version >= 2 else _v1_vat(p)
    await connection.execute(
        _REGISTER, event.stream_id, p["name"], p["country"], p["region"], p["legal_status"],
        vat, list(p["languages"]), event.recorded_at, event.position,
    )  # fmt: skip


def _v1_vat(payload: dict[str, object]) -> str:
    """Version 1 stored a boolean ``vat_recoverable`` (see Organisation.Registered)."""
    return "yes" if payload["vat_recoverable"] else "no"


async def renamed(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    await _update(connection, _RENAME, event, event.payload["name"])


async def vat_recovery_changed(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    await _update(connection, _VAT, event, event.payload["vat_recovery"])


async def _update(
    connection: asyncpg.Connection, sql: str, event: RecordedEvent, *values: object
) -> None:
    await connection.execute(sql, event.stream_id, event.recorded_at, event.position, *values)


async def contact_added(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    details = event.payload["details"]
    await connection.execute(
        _ADD_CONTACT, event.stream_id, subject(details), event.payload["role"], erased(details),
        event.recorded_at,
    )  # fmt: skip
    await _update(connection, _COUNT_CONTACTS, event)


async def contact_removed(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    await connection.execute(_REMOVE_CONTACT, event.stream_id, event.payload["subject_id"])
    await _update(connection, _COUNT_CONTACTS, event)


async def forgotten(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    subject_id = event.payload["subject_id"]
    await connection.execute(_FORGET, subject_id, event.recorded_at, event.position)
    await connection.execute(_ERASE, subject_id, event.recorded_at)


PROJECTION = per_event(
    "organisations",
    1,
    TABLES,
    {
        "Organisation.Registered": registered,
        "Organisation.Renamed": renamed,
        "Organisation.VatRecoveryChanged": vat_recovery_changed,
        "Organisation.ContactAdded": contact_added,
        "Organisation.ContactRemoved": contact_removed,
        "DataSubject.Forgotten": forgotten,
    },
)
