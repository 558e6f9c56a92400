"""The event store: appends to and reads from the hash-chained log (migrations/0001).

Appends from concurrent tasks are coalesced into one transaction (group commit in the
store): while one batch is being written, new requests queue and go together in the next.
Every request keeps its own optimistic-concurrency and idempotency checks, and a request
that fails them appends nothing while the others in the batch go on.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import asyncpg

from hub.canonical import NotCanonicalJSON, canonical_json, check_json, content_hash_of_encoded
from hub.observability.metrics import EVENTS_APPENDED
from hub.store_errors import (
    ConcurrencyError,
    IdempotencyKeyReused,
    InvalidAppend,
    StoreUnavailable,
    StreamTypeMismatch,
    UnknownStreamType,
)

_MAX_BATCH = 512
# the server unreachable, restarting or shutting down, a connection it dropped, no
# connection free in time: the requests fail as StoreUnavailable (retryable)
_UNAVAILABLE = (
    OSError,
    TimeoutError,
    asyncpg.InterfaceError,
    asyncpg.PostgresConnectionError,
    asyncpg.exceptions.OperatorInterventionError,
    asyncpg.exceptions.InternalClientError,
)
_LINGER_SECONDS = 0.005


@dataclass(frozen=True)
class NewEvent:
    event_type: str
    payload: dict[str, Any]
    schema_version: int = 1


@dataclass(frozen=True)
class Metadata:
    """Who asked for a change and in which exchange; stored with every event it produced."""

    actor: str | None = None
    organisation: str | None = None
    client_id: str | None = None
    correlation_id: str | None = None
    causation_id: str | None = None
    idempotency_key: str | None = None
    on_behalf_of: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        values = {k: v for k, v in self.__dict__.items() if k != "extra" and v is not None}
        return {**self.extra, **values}


@dataclass(frozen=True)
class AppendResult:
    stream_id: str
    first_position: int
    last_position: int
    stream_version: int
    recorded_at: datetime
    duplicate: bool = False

    @property
    def positions(self) -> list[int]:
        return list(range(self.first_position, self.last_position + 1))


@dataclass(frozen=True)
class RecordedEvent:
    position: int
    stream_id: str
    stream_type: str
    stream_version: int
    event_type: str
    schema_version: int
    payload: dict[str, Any]
    metadata: dict[str, Any]
    recorded_at: datetime
    prev_hash: bytes
    hash: bytes


@dataclass(frozen=True)
class Head:
    position: int
    hash: bytes
    recorded_at: datetime | None


@dataclass
class _Request:
    stream_id: str
    stream_type: str
    expected_version: int | None
    idempotency_key: str | None
    fingerprint: bytes
    events: list[tuple[str, int, str, str, bytes]]
    future: asyncio.Future[AppendResult]


_COLUMNS = (
    "position, stream_id, stream_type, stream_version, event_type, schema_version, "
    "payload, metadata, recorded_at, prev_hash, hash"
)


class EventStore:
    def __init__(self, pool: asyncpg.Pool, stream_types: Iterable[str]) -> None:
        self.pool = pool
        self.stream_types = frozenset(stream_types)
        self._queue: list[_Request] = []
        self._writer: asyncio.Task[None] | None = None
        self._in_flight: list[_Request] = []
        self._arrived = asyncio.Event()

    async def append(
        self,
        stream_id: str,
        stream_type: str,
        expected_version: int | None,
        events: Sequence[NewEvent],
        metadata: Metadata | None = None,
    ) -> AppendResult:
        """Append events to one stream atomically; returns their positions.

        ``expected_version`` is the stream's current version (0 for a new stream) or None
        to skip the check. Raises ConcurrencyError when the stream has moved on.
        """
        request = self._request(stream_id, stream_type, expected_version, events, metadata)
        self._queue.append(request)
        self._arrived.set()
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_queued())
        return await request.future

    def _request(
        self,
        stream_id: str,
        stream_type: str,
        expected_version: int | None,
        events: Sequence[NewEvent],
        metadata: Metadata | None,
    ) -> _Request:
        if stream_type not in self.stream_types:
            raise UnknownStreamType(f"unknown stream type {stream_type!r}")
        if not stream_id:
            raise InvalidAppend("stream_id must not be empty")
        if expected_version is not None and expected_version < 0:
            raise InvalidAppend(f"expected_version must be ≥ 0, got {expected_version}")
        if not events:
            raise InvalidAppend("an append needs at least one event")
        meta = (metadata or Metadata()).as_json()
        try:
            check_json(meta, "metadata")
        except NotCanonicalJSON as error:
            raise InvalidAppend(str(error)) from None
        meta_json = canonical_json(meta).decode()
        rows = [self._event_row(stream_id, stream_type, event, meta_json) for event in events]
        key = meta.get("idempotency_key")
        fingerprint = hashlib.sha256(
            "\n".join([stream_id, *(f"{r[0]} {r[1]} {r[2]}" for r in rows)]).encode()
        ).digest()
        future: asyncio.Future[AppendResult] = asyncio.get_running_loop().create_future()
        return _Request(stream_id, stream_type, expected_version, key, fingerprint, rows, future)

    @staticmethod
    def _event_row(
        stream_id: str, stream_type: str, event: NewEvent, meta_json: str
    ) -> tuple[str, int, str, str, bytes]:
        if not event.event_type:
            raise InvalidAppend("event_type must not be empty")
        if event.schema_version < 1:
            raise InvalidAppend("schema_version must be ≥ 1")
        if not isinstance(event.payload, dict):
            raise InvalidAppend("payload must be a JSON object")
        try:
            check_json(event.payload, "payload")
        except NotCanonicalJSON as error:
            raise InvalidAppend(str(error)) from None
        payload_json = canonical_json(event.payload)
        digest = content_hash_of_encoded(
            stream_id,
            stream_type,
            event.event_type,
            event.schema_version,
            payload_json,
            meta_json.encode(),
        )
        return (event.event_type, event.schema_version, payload_json.decode(), meta_json, digest)

    async def _write_queued(self) -> None:
        """Drain the queue on one connection: each pass writes everything queued so far."""
        try:
            # The outer loop re-checks after the connection's release: requests queued while
            # it was being released must not wait for a writer that is already finishing.
            while self._queue:
                async with self.pool.acquire() as connection:
                    while await self._more_soon():
                        batch, self._queue = self._queue[:_MAX_BATCH], self._queue[_MAX_BATCH:]
                        await self._write_batch(connection, batch)
        except _UNAVAILABLE as error:
            self._fail_queued(StoreUnavailable(f"event store unavailable: {error}"))
        except BaseException as error:
            self._fail_queued(error)
            raise

    async def _more_soon(self) -> bool:
        """Whether a request is queued, waiting a moment for one: a caller appending in a
        loop keeps the writer's connection instead of paying a release and an acquire."""
        if not self._queue:
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(_LINGER_SECONDS):
                    await self._arrived.wait()
        return bool(self._queue)

    def _fail_queued(self, error: BaseException) -> None:
        batch, self._queue, self._in_flight = [*self._in_flight, *self._queue], [], []
        for request in batch:
            _fail(request, error)

    async def _write_batch(self, connection: asyncpg.Connection, batch: list[_Request]) -> None:
        self._in_flight = batch
        try:
            rows = await self._call_append(connection, batch)
        except _UNAVAILABLE as error:
            for request in batch:
                _fail(request, StoreUnavailable(f"event store unavailable: {error}"))
            raise
        except asyncpg.PostgresError as error:
            if len(batch) == 1:
                _fail(batch[0], InvalidAppend(f"the database refused the append: {error}"))
                return
            for request in batch:  # find the culprit: write each request on its own
                await self._write_batch(connection, [request])
            return
        for request, row in zip(batch, rows, strict=True):
            if row["status"] == "ok":
                EVENTS_APPENDED.inc(len(request.events))
            _settle(request, row)
        self._in_flight = []

    @staticmethod
    async def _call_append(
        connection: asyncpg.Connection, batch: list[_Request]
    ) -> list[asyncpg.Record]:
        if len(batch) == 1 and len(batch[0].events) == 1:
            request = batch[0]
            event_type, schema_version, payload, metadata, digest = request.events[0]
            row = await connection.fetchrow(
                "SELECT * FROM append_event($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                request.stream_id,
                request.stream_type,
                request.expected_version,
                request.idempotency_key,
                request.fingerprint,
                event_type,
                schema_version,
                payload,
                metadata,
                digest,
            )
            return [row]
        firsts, counts, flat = [], [], []
        for request in batch:
            firsts.append(len(flat) + 1)
            counts.append(len(request.events))
            flat.extend(request.events)
        return await connection.fetch(
            "SELECT * FROM append_events($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
            " ORDER BY request",
            [r.stream_id for r in batch],
            [r.stream_type for r in batch],
            [r.expected_version for r in batch],
            [r.idempotency_key for r in batch],
            [r.fingerprint for r in batch],
            firsts,
            counts,
            [e[0] for e in flat],
            [e[1] for e in flat],
            [e[2] for e in flat],
            [e[3] for e in flat],
            [e[4] for e in flat],
        )

    async def read_stream(
        self,
        stream_id: str,
        up_to_version: int | None = None,
        up_to_position: int | None = None,
    ) -> list[RecordedEvent]:
        rows = await self.pool.fetch(
            f"SELECT {_COLUMNS} FROM events WHERE stream_id = $1"
            " AND ($2::int IS NULL OR stream_version <= $2)"
            " AND ($3::bigint IS NULL OR position <= $3) ORDER BY stream_version",
            stream_id,
            up_to_version,
            up_to_position,
        )
        return [RecordedEvent(**row) for row in rows]

    async def read_streams(
        self, stream_ids: Sequence[str], up_to_position: int | None = None
    ) -> list[RecordedEvent]:
        """The events of several streams in one query, by stream then stream version."""
        rows = await self.pool.fetch(
            f"SELECT {_COLUMNS} FROM events WHERE stream_id = ANY($1::text[])"
            " AND ($2::bigint IS NULL OR position <= $2) ORDER BY stream_id, stream_version",
            list(stream_ids),
            up_to_position,
        )
        return [RecordedEvent(**row) for row in rows]

    async def read_all(self, after_position: int = 0, limit: int = 1000) -> list[RecordedEvent]:
        rows = await self.pool.fetch(
            f"SELECT {_COLUMNS} FROM events WHERE position > $1 ORDER BY position LIMIT $2",
            after_position,
            limit,
        )
        return [RecordedEvent(**row) for row in rows]

    async def head(self) -> Head:
        row = await self.pool.fetchrow(
            "SELECT position, hash, recorded_at FROM events ORDER BY position DESC LIMIT 1"
        )
        if row is None:
            return Head(0, bytes(32), None)
        return Head(row["position"], row["hash"], row["recorded_at"])


def _fail(request: _Request, error: BaseException) -> None:
    if not request.future.done():
        request.future.set_exception(error)


def _settle(request: _Request, row: asyncpg.Record) -> None:
    status = row["status"]
    if status in ("ok", "duplicate"):
        result = AppendResult(
            request.stream_id,
            row["first_position"],
            row["last_position"],
            row["stream_version"],
            row["recorded_at"],
            duplicate=status == "duplicate",
        )
        if not request.future.done():
            request.future.set_result(result)
    elif status == "conflict":
        _fail(
            request,
            ConcurrencyError(request.stream_id, request.expected_version, row["stream_version"]),
        )
    elif status == "wrong_stream_type":
        _fail(request, StreamTypeMismatch(request.stream_id, request.stream_type, row["detail"]))
    else:
        _fail(request, IdempotencyKeyReused(request.idempotency_key or "", row["detail"]))
