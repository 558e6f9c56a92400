"""Applies the numbered SQL files of migrations/ once each, in order, with checksums.

A small runner rather than a migration library: the hub talks to PostgreSQL through asyncpg
only, and the well-kept libraries either need SQLAlchemy (Alembic) or a synchronous driver
(yoyo, Flyway). The runner holds a session advisory lock while it works, so replicas
starting together apply each file once; each file runs in its own transaction.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import asyncpg

MIGRATION_LOCK = 7283010000
_FILE_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


class MigrationError(Exception):
    """The migrations on disk and in the database disagree, or a file is malformed."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str
    checksum: str


def load_migrations(folder: Path) -> list[Migration]:
    if not folder.is_dir():
        raise MigrationError(f"migrations folder {folder} does not exist")
    found: dict[int, Migration] = {}
    for path in sorted(folder.glob("*.sql")):
        match = _FILE_NAME.match(path.name)
        if match is None:
            raise MigrationError(f"{path.name}: migration files are named NNNN_name.sql")
        version = int(match.group(1))
        if version in found:
            raise MigrationError(f"{path.name}: version {version} is used twice")
        raw = path.read_bytes()
        checksum = hashlib.sha256(raw).hexdigest()
        found[version] = Migration(version, match.group(2), raw.decode(), checksum)
    return [found[version] for version in sorted(found)]


_CREATE_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    integer     PRIMARY KEY,
    name       text        NOT NULL,
    checksum   text        NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)"""


async def migrate(connection: asyncpg.Connection, folder: Path) -> list[Migration]:
    """Apply pending migrations; return those applied. Raises MigrationError on drift."""
    migrations = load_migrations(folder)
    await connection.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK)
    try:
        await connection.execute(_CREATE_TABLE)
        applied = await _applied(connection)
        _check_drift(migrations, applied)
        pending = [m for m in migrations if m.version not in applied]
        for migration in pending:
            async with connection.transaction():
                await connection.execute(migration.sql)
                await connection.execute(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                    migration.version,
                    migration.name,
                    migration.checksum,
                )
        return pending
    finally:
        await connection.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK)


async def pending_migrations(connection: asyncpg.Connection, folder: Path) -> list[Migration]:
    """Migrations not yet applied (raises MigrationError on drift); used by /readyz."""
    migrations = load_migrations(folder)
    exists = await connection.fetchval("SELECT to_regclass('schema_migrations') IS NOT NULL")
    applied = await _applied(connection) if exists else {}
    _check_drift(migrations, applied)
    return [m for m in migrations if m.version not in applied]


async def _applied(connection: asyncpg.Connection) -> dict[int, str]:
    rows = await connection.fetch("SELECT version, checksum FROM schema_migrations")
    return {row["version"]: row["checksum"] for row in rows}


def _check_drift(migrations: list[Migration], applied: dict[int, str]) -> None:
    known = {m.version: m for m in migrations}
    for version, checksum in sorted(applied.items()):
        migration = known.get(version)
        if migration is None:
            raise MigrationError(
                f"the database has migration {version:04d}, which this code does not know"
            )
        if migration.checksum != checksum:
            raise MigrationError(
                f"{version:04d}_{migration.name}.sql was edited after it was applied "
                f"(checksum {migration.checksum[:12]} ≠ applied {checksum[:12]})"
            )
