"""Batch writes for the high-volume read models: one statement for many rows.

``Rows`` describes a table's columns with their PostgreSQL types; ``upsert`` sends every
buffered row as one ``INSERT … SELECT FROM unnest(…) ON CONFLICT``, ``insert`` COPYs rows
known to be new, ``update`` sets the columns it names on existing rows (one
``UPDATE … FROM unnest(…)``), and ``load`` reads back the rows a batch is about to change
(load, change in memory, write back once).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg


@dataclass(frozen=True)
class Rows:
    table: str
    columns: tuple[tuple[str, str], ...]  # (name, PostgreSQL type)
    key: tuple[str, ...]

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.columns]

    def upsert_sql(self) -> str:
        names = ", ".join(self.names)
        arrays = ", ".join(f"${i}::{kind}[]" for i, (_, kind) in enumerate(self.columns, 1))
        updates = ", ".join(f"{n} = excluded.{n}" for n in self.names if n not in self.key)
        conflict = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
        return (
            f"INSERT INTO {self.table} ({names}) SELECT * FROM unnest({arrays}) "
            f"ON CONFLICT ({', '.join(self.key)}) {conflict}"
        )

    def update_sql(self) -> str:
        names = self.names
        arrays = ", ".join(f"${i}::{kind}[]" for i, (_, kind) in enumerate(self.columns, 1))
        updates = ", ".join(f"{n} = u.{n}" for n in names if n not in self.key)
        match = " AND ".join(f"t.{k} = u.{k}" for k in self.key)
        return (
            f"UPDATE {self.table} AS t SET {updates} "
            f"FROM unnest({arrays}) AS u({', '.join(names)}) WHERE {match}"
        )

    def load_sql(self) -> str:
        keys = ", ".join(self.key)
        types = dict(self.columns)
        arrays = ", ".join(f"${i}::{types[name]}[]" for i, name in enumerate(self.key, 1))
        return (
            f"SELECT {', '.join(self.names)} FROM {self.table} "
            f"WHERE ({keys}) IN (SELECT * FROM unnest({arrays}))"
        )


async def upsert(
    connection: asyncpg.Connection, rows: Rows, values: Iterable[Sequence[Any]]
) -> None:
    await _by_columns(connection, rows.upsert_sql, values)


async def update(
    connection: asyncpg.Connection, rows: Rows, values: Iterable[Sequence[Any]]
) -> None:
    """Set the non-key columns of ``rows`` on the existing rows with these keys."""
    await _by_columns(connection, rows.update_sql, values)


async def _by_columns(
    connection: asyncpg.Connection, sql: Callable[[], str], values: Iterable[Sequence[Any]]
) -> None:
    """Run ``sql()`` (one array parameter per column) once for all ``values``, if any."""
    records = list(values)
    if records:
        columns = [list(column) for column in zip(*records, strict=True)]
        await connection.execute(sql(), *columns)


async def insert(
    connection: asyncpg.Connection, rows: Rows, values: Iterable[Sequence[Any]]
) -> None:
    """Insert rows known to be new, by binary COPY (cheaper to encode than arrays)."""
    records = list(values)
    if records:
        await connection.copy_records_to_table(rows.table, records=records, columns=rows.names)


async def load(
    connection: asyncpg.Connection, rows: Rows, keys: Iterable[Sequence[Any]]
) -> list[dict[str, Any]]:
    """The stored rows with these keys, as dicts keyed by column name."""
    wanted = list(keys)
    if not wanted:
        return []
    columns = [list(column) for column in zip(*wanted, strict=True)]
    return [dict(record) for record in await connection.fetch(rows.load_sql(), *columns)]
