"""Relay-style cursor connections with stable ordering.

A cursor is the opaque, URL-safe base64 of the ordering key of the row it points at
(for the log, the position), so pages stay stable while the log grows.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

import orjson
import strawberry

from hub.api.errors import InvalidInput

T = TypeVar("T")
Row = TypeVar("Row")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo

    @strawberry.field
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def encode_cursor(key: object) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(key)).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> object:
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return orjson.loads(base64.urlsafe_b64decode(padded))
    except (ValueError, orjson.JSONDecodeError):
        raise InvalidInput(f"invalid cursor {cursor!r}") from None


def cursor_key(cursor: str | None, *kinds: Callable[[Any], Any]) -> list[Any]:
    """The ordering key ``cursor`` carries, one value per kind, each checked by its kind's
    constructor (Nones without a cursor); a malformed one is INVALID_INPUT."""
    key = decode_cursor(cursor)
    if key is None:
        return [None] * len(kinds)
    if not isinstance(key, list) or len(key) != len(kinds):
        raise InvalidInput("invalid cursor")
    try:
        return [kind(value) for kind, value in zip(kinds, key, strict=True)]
    except (TypeError, ValueError):
        raise InvalidInput("invalid cursor") from None


def page_size(first: int | None, maximum: int, default: int = 20) -> int:
    size = default if first is None else first
    if size < 0:
        raise InvalidInput("`first` must not be negative")
    if size > maximum:
        raise InvalidInput(f"`first` may be at most {maximum}", maximum=maximum)
    return size


def connection(
    rows: Sequence[Row],
    size: int,
    node: Callable[[Row], T],
    key: Callable[[Row], object],
    has_previous: bool,
) -> Connection[T]:
    """Build a page from up to ``size + 1`` rows (the extra one tells there is a next page)."""
    page = rows[:size]
    edges = [Edge(cursor=encode_cursor(key(row)), node=node(row)) for row in page]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > size,
            has_previous_page=has_previous,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )
