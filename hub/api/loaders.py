"""Per-request DataLoaders: every list relation and entity reference batches its reads into
one query per request and type, never one per parent (no N+1)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any, TypeVar

import asyncpg
from strawberry.dataloader import DataLoader

from hub.api.context import Info

K = TypeVar("K", bound=Hashable)

BatchLoad = Callable[[asyncpg.Pool, Sequence[Any]], Awaitable[Sequence[Any]]]


def loader(info: Info, load: BatchLoad) -> DataLoader[Any, Any]:
    """The request's loader for ``load`` (created on first use)."""
    loaders = info.context.loaders
    key = f"loader:{load.__module__}.{load.__qualname__}"
    if key not in loaders:
        pool = info.context.database.pool

        async def batch(keys: list[Any]) -> Sequence[Any]:
            return await load(pool, keys)

        loaders[key] = DataLoader(load_fn=batch)
    return loaders[key]


def one_per_key(
    keys: Sequence[K], rows: Sequence[asyncpg.Record], column: str
) -> list[asyncpg.Record | None]:
    by_key = {row[column]: row for row in rows}
    return [by_key.get(key) for key in keys]


def many_per_key(
    keys: Sequence[K], rows: Sequence[asyncpg.Record], column: str
) -> list[list[asyncpg.Record]]:
    grouped: dict[Any, list[asyncpg.Record]] = defaultdict(list)
    for row in rows:
        grouped[row[column]].append(row)
    return [grouped.get(key, []) for key in keys]
