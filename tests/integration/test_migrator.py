"""The migration runner: order, checksums, drift and concurrent start-ups."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
import pytest

from hub.migrator import MigrationError, load_migrations, migrate, pending_migrations
from tests.conftest import create_database, drop_database


def write(folder: Path, name: str, sql: str) -> None:
    (folder / name).write_text(sql)


@pytest.fixture
async def empty_database_url(admin_url: str):
    url = await create_database(admin_url, migrated=False)
    yield url
    await drop_database(admin_url, url)


async def test_migrations_apply_once_in_order(empty_database_url: str, tmp_path: Path):
    write(tmp_path, "0001_first.sql", "CREATE TABLE t (n int); INSERT INTO t VALUES (1);")
    write(tmp_path, "0002_second.sql", "INSERT INTO t VALUES (2);")
    connection = await asyncpg.connect(empty_database_url)
    try:
        applied = await migrate(connection, tmp_path)
        again = await migrate(connection, tmp_path)
        rows = await connection.fetch("SELECT n FROM t ORDER BY n")
    finally:
        await connection.close()
    assert [m.version for m in applied] == [1, 2]
    assert again == []
    assert [r["n"] for r in rows] == [1, 2]


async def test_an_edited_applied_migration_is_an_error(empty_database_url: str, tmp_path: Path):
    write(tmp_path, "0001_first.sql", "CREATE TABLE t (n int);")
    connection = await asyncpg.connect(empty_database_url)
    try:
        await migrate(connection, tmp_path)
        write(tmp_path, "0001_first.sql", "CREATE TABLE t (n bigint);")
        with pytest.raises(MigrationError, match="edited after it was applied"):
            await migrate(connection, tmp_path)
        with pytest.raises(MigrationError):
            await pending_migrations(connection, tmp_path)
    finally:
        await connection.close()


async def test_a_failing_migration_leaves_nothing_half_applied(
    empty_database_url: str, tmp_path: Path
):
    write(tmp_path, "0001_first.sql", "CREATE TABLE t (n int);")
    write(tmp_path, "0002_broken.sql", "CREATE TABLE u (n int); SELECT no_such_function();")
    connection = await asyncpg.connect(empty_database_url)
    try:
        with pytest.raises(asyncpg.UndefinedFunctionError):
            await migrate(connection, tmp_path)
        assert await connection.fetchval("SELECT to_regclass('u')") is None
        pending = await pending_migrations(connection, tmp_path)
    finally:
        await connection.close()
    assert [m.version for m in pending] == [2]


async def test_replicas_starting_together_apply_each_migration_once(
    empty_database_url: str, tmp_path: Path
):
    write(tmp_path, "0001_first.sql", "CREATE TABLE t (n int); SELECT pg_sleep(0.2);")
    write(tmp_path, "0002_second.sql", "INSERT INTO t VALUES (1);")

    async def replica() -> int:
        connection = await asyncpg.connect(empty_database_url)
        try:
            return len(await migrate(connection, tmp_path))
        finally:
            await connection.close()

    applied = await asyncio.gather(*(replica() for _ in range(4)))
    assert sorted(applied) == [0, 0, 0, 2]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"1_bad.sql": "SELECT 1"}, "named NNNN_name.sql"),
        ({"0001_a.sql": "SELECT 1", "0001_b.sql": "SELECT 1"}, "used twice"),
    ],
    ids=["bad-name", "duplicate-version"],
)
def test_malformed_migration_folders_are_refused(tmp_path: Path, files, message):
    for name, sql in files.items():
        write(tmp_path, name, sql)
    with pytest.raises(MigrationError, match=message):
        load_migrations(tmp_path)


async def test_a_database_ahead_of_the_code_is_an_error(empty_database_url: str, tmp_path: Path):
    write(tmp_path, "0001_first.sql", "SELECT 1;")
    write(tmp_path, "0002_second.sql", "SELECT 2;")
    connection = await asyncpg.connect(empty_database_url)
    try:
        await migrate(connection, tmp_path)
        (tmp_path / "0002_second.sql").unlink()
        with pytest.raises(MigrationError, match="does not know"):
            await migrate(connection, tmp_path)
    finally:
        await connection.close()
