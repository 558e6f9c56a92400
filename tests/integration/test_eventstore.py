"""The event store against a real PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from decimal import Decimal

import asyncpg
import pytest

from hub.chain import verify_chain
from hub.database import Database
from hub.eventstore import EventStore, Metadata, NewEvent
from hub.store_errors import (
    ConcurrencyError,
    IdempotencyKeyReused,
    InvalidAppend,
    StreamTypeMismatch,
    UnknownStreamType,
)

STREAM_TYPES = {"Project", "Organisation"}


@pytest.fixture
def store(database: Database) -> EventStore:
    return EventStore(database.pool, STREAM_TYPES)


def new_stream() -> str:
    return str(uuid.uuid4())


def event(n: int = 0) -> NewEvent:
    return NewEvent("Project.Noted", {"n": n, "amount": "12.50"})


async def test_an_append_returns_contiguous_positions_and_the_stream_version(store: EventStore):
    stream = new_stream()
    result = await store.append(stream, "Project", 0, [event(1), event(2), event(3)])
    assert result.stream_version == 3
    assert result.positions == list(range(result.first_position, result.first_position + 3))
    stored = await store.read_stream(stream)
    assert [e.position for e in stored] == result.positions
    assert [e.payload["n"] for e in stored] == [1, 2, 3]


async def test_concurrent_appends_to_one_stream_let_exactly_one_win_per_version(
    store: EventStore,
):
    stream = new_stream()
    await store.append(stream, "Project", 0, [event()])

    async def attempt(n: int) -> str:
        try:
            await store.append(stream, "Project", 1, [event(n)])
        except ConcurrencyError as error:
            assert error.actual == 2
            return "conflict"
        return "won"

    outcomes = await asyncio.gather(*(attempt(n) for n in range(40)))
    assert outcomes.count("won") == 1
    assert outcomes.count("conflict") == 39
    stored = await store.read_stream(stream)
    assert [e.stream_version for e in stored] == [1, 2]


async def test_concurrent_appends_from_several_connections_lose_nothing(database: Database):
    stores = [EventStore(database.pool, STREAM_TYPES) for _ in range(4)]
    stream = new_stream()
    await stores[0].append(stream, "Project", 0, [event()])

    async def writer(store: EventStore, n: int) -> int:
        for _ in range(200):
            version = (await store.read_stream(stream))[-1].stream_version
            try:
                await store.append(stream, "Project", version, [event(n)])
                return n
            except ConcurrencyError:
                continue
        raise AssertionError("writer never won")

    winners = await asyncio.gather(*(writer(stores[n % 4], n) for n in range(16)))
    stored = await stores[0].read_stream(stream)
    assert sorted(e.payload["n"] for e in stored[1:]) == sorted(winners)
    assert [e.stream_version for e in stored] == list(range(1, 18))


async def test_a_reader_tailing_by_position_sees_every_event_once_in_order(
    database: Database, store: EventStore
):
    start = (await store.head()).position
    writers, per_writer = 8, 60
    done = asyncio.Event()
    seen: list[int] = []

    async def tail() -> None:
        last = start
        while True:
            finished = done.is_set()
            batch = await store.read_all(after_position=last, limit=50)
            seen.extend(e.position for e in batch)
            last = batch[-1].position if batch else last
            if finished and not batch:
                return
            await asyncio.sleep(0)

    async def write(w: int) -> list[int]:
        writer_store = EventStore(database.pool, STREAM_TYPES)
        stream, positions = new_stream(), []
        for i in range(per_writer):
            result = await writer_store.append(stream, "Project", i, [event(i)])
            positions.extend(result.positions)
        return positions

    reader = asyncio.create_task(tail())
    written = await asyncio.gather(*(write(w) for w in range(writers)))
    done.set()
    await reader
    mine = sorted(p for positions in written for p in positions)
    assert seen == sorted(seen)
    assert len(seen) == len(set(seen))
    assert set(mine) <= set(seen)
    assert len(mine) == writers * per_writer


async def test_a_repeated_idempotency_key_appends_nothing_and_returns_the_first_result(
    store: EventStore,
):
    stream, key = new_stream(), f"key-{uuid.uuid4()}"
    first = await store.append(stream, "Project", 0, [event(1)], Metadata(idempotency_key=key))
    again = await store.append(stream, "Project", 0, [event(1)], Metadata(idempotency_key=key))
    assert again.duplicate and not first.duplicate
    assert (again.first_position, again.stream_version) == (first.first_position, 1)
    assert len(await store.read_stream(stream)) == 1


async def test_an_idempotency_key_reused_for_another_request_is_refused(store: EventStore):
    key = f"key-{uuid.uuid4()}"
    await store.append(new_stream(), "Project", 0, [event(1)], Metadata(idempotency_key=key))
    other = new_stream()
    with pytest.raises(IdempotencyKeyReused):
        await store.append(other, "Project", 0, [event(2)], Metadata(idempotency_key=key))
    assert await store.read_stream(other) == []


async def test_concurrent_retries_with_one_idempotency_key_append_once(store: EventStore):
    stream, key = new_stream(), f"key-{uuid.uuid4()}"
    meta = Metadata(idempotency_key=key, actor="user:1")
    results = await asyncio.gather(
        *(store.append(stream, "Project", 0, [event(7)], meta) for _ in range(10))
    )
    assert len({r.first_position for r in results}) == 1
    assert sum(not r.duplicate for r in results) == 1
    assert len(await store.read_stream(stream)) == 1


@pytest.mark.parametrize(
    ("stream_type", "expected", "payload", "error"),
    [
        ("Spaceship", 0, {"a": 1}, UnknownStreamType),
        ("Project", -1, {"a": 1}, InvalidAppend),
        ("Project", 0, {"amount": 1.5}, InvalidAppend),
        ("Project", 0, {"amount": Decimal("1.5")}, InvalidAppend),
        ("Project", 0, {"text": "a\x00b"}, InvalidAppend),
        ("Project", 0, {1: "x"}, InvalidAppend),
    ],
    ids=["unknown-stream-type", "negative-version", "float", "decimal-object", "nul", "int-key"],
)
async def test_bad_input_gets_a_typed_error_and_appends_nothing(
    store: EventStore, stream_type, expected, payload, error
):
    stream = new_stream()
    with pytest.raises(error):
        await store.append(stream, stream_type, expected, [NewEvent("Project.Noted", payload)])
    assert await store.read_stream(stream) == []


async def test_a_stream_keeps_its_stream_type(store: EventStore):
    stream = new_stream()
    await store.append(stream, "Project", 0, [event()])
    with pytest.raises(StreamTypeMismatch):
        await store.append(stream, "Organisation", 1, [event()])


async def test_a_failing_request_in_a_coalesced_batch_does_not_fail_the_others(
    store: EventStore,
):
    taken = new_stream()
    await store.append(taken, "Project", 0, [event()])
    streams = [new_stream() for _ in range(20)]
    outcomes = await asyncio.gather(
        store.append(taken, "Project", 0, [event()]),
        *(store.append(s, "Project", 0, [event()]) for s in streams),
        return_exceptions=True,
    )
    assert isinstance(outcomes[0], ConcurrencyError)
    assert all(not isinstance(o, Exception) for o in outcomes[1:])


async def test_read_stream_stops_at_a_version_or_a_position(store: EventStore):
    stream = new_stream()
    result = await store.append(stream, "Project", 0, [event(1), event(2), event(3)])
    assert len(await store.read_stream(stream, up_to_version=2)) == 2
    up_to = await store.read_stream(stream, up_to_position=result.first_position)
    assert [e.payload["n"] for e in up_to] == [1]


async def test_metadata_is_stored_with_every_event(store: EventStore):
    stream = new_stream()
    meta = Metadata(actor="user:marie", organisation="org:oes", correlation_id="c-1")
    await store.append(stream, "Project", 0, [event(1), event(2)], meta)
    stored = await store.read_stream(stream)
    assert all(e.metadata["actor"] == "user:marie" for e in stored)
    assert all(e.metadata["correlation_id"] == "c-1" for e in stored)


async def test_the_service_role_cannot_update_delete_or_truncate_the_log(
    database: Database, store: EventStore
):
    await store.append(new_stream(), "Project", 0, [event()])
    async with database.pool.acquire() as connection:
        assert await connection.fetchval("SELECT current_user") == "hub_service"
        for statement in (
            "UPDATE events SET payload = '{}'",
            "DELETE FROM events",
            "TRUNCATE events",
        ):
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await connection.execute(statement)


async def test_the_trigger_rejects_changes_even_from_the_owner(fresh_database_url: str):
    connection = await asyncpg.connect(fresh_database_url)
    try:
        await connection.execute(
            "SELECT append_events(ARRAY['s'], ARRAY['Project'], ARRAY[0], ARRAY[NULL::text],"
            " ARRAY['\\x00'::bytea], ARRAY[1], ARRAY[1], ARRAY['E'], ARRAY[1],"
            " ARRAY['{}'], ARRAY['{}'], ARRAY[sha256('x')])"
        )
        for statement in (
            "UPDATE events SET payload = '{}'",
            "DELETE FROM events",
            "TRUNCATE events",
        ):
            with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
                await connection.execute(statement)
        assert await connection.fetchval("SELECT count(*) FROM events") == 1
    finally:
        await connection.close()


async def test_the_chain_verifies_after_appends(fresh_database: Database):
    store = EventStore(fresh_database.pool, STREAM_TYPES)
    for n in range(30):
        await store.append(new_stream(), "Project", 0, [event(n), event(n + 1)])
    async with fresh_database.pool.acquire() as connection:
        report = await verify_chain(connection)
    assert report.ok and report.checked == 60
    assert report.head_hash == (await store.head()).hash


async def test_a_lone_event_and_a_coalesced_batch_chain_and_check_alike(
    fresh_database: Database,
):
    """A request of one event alone takes append_event, anything larger append_events:
    one log mixing both verifies, and both refuse a stale version the same way."""
    store = EventStore(fresh_database.pool, STREAM_TYPES)
    stream = new_stream()
    await store.append(stream, "Project", 0, [event(0)])
    await store.append(stream, "Project", 1, [event(1), event(2)])
    together = await asyncio.gather(
        *(store.append(new_stream(), "Project", 0, [event(n)]) for n in range(5))
    )
    alone = await store.append(stream, "Project", 3, [event(3)])
    assert alone.stream_version == 4
    assert alone.first_position == max(r.last_position for r in together) + 1
    for events in ([event(4)], [event(4), event(5)]):
        with pytest.raises(ConcurrencyError) as refused:
            await store.append(stream, "Project", 3, events)
        assert (refused.value.expected, refused.value.actual) == (3, 4)
    async with fresh_database.pool.acquire() as connection:
        report = await verify_chain(connection)
    assert report.ok and report.checked == 9


async def tamper(url: str, statement: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute("ALTER TABLE events DISABLE TRIGGER USER")
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.mark.parametrize(
    ("statement", "bad_position", "problem"),
    [
        ("UPDATE events SET payload = '{\"n\": 99}' WHERE position = 4", 4, "content"),
        ('UPDATE events SET metadata = \'{"actor": "x"}\' WHERE position = 5', 5, "content"),
        ("DELETE FROM events WHERE position = 3", 3, "missing"),
        (
            "UPDATE events SET position = 1000 WHERE position = 6;"
            "UPDATE events SET position = 6 WHERE position = 7;"
            "UPDATE events SET position = 7 WHERE position = 1000",
            6,
            "prev_hash",
        ),
    ],
    ids=["changed-payload", "changed-metadata", "deleted-event", "reordered-events"],
)
async def test_an_altered_log_fails_verification_at_the_first_broken_position(
    fresh_database: Database, fresh_database_url: str, statement, bad_position, problem
):
    store = EventStore(fresh_database.pool, STREAM_TYPES)
    for n in range(10):
        await store.append(new_stream(), "Project", 0, [event(n)])
    await tamper(fresh_database_url, statement)
    async with fresh_database.pool.acquire() as connection:
        report = await verify_chain(connection)
    assert not report.ok
    assert report.first_bad_position == bad_position
    assert problem in (report.problem or "")
