"""The verifier's fast canonical form, its range walk, and what it reports on a real log."""

from __future__ import annotations

import json

import asyncpg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub.audit.canonical_text import fast_canonical, reference_canonical
from hub.audit.chain_walk import ExpectedHead
from hub.audit.connections import verification_connection
from hub.audit.hash_workers import HashWorkerError, hash_workers
from hub.audit.verification import verify_in_transaction, verify_log
from hub.canonical import canonical_json
from hub.database import Database
from hub.eventstore import EventStore, NewEvent
from tests.integration.tamperings import Log, stream_version_rechained

text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))
awkward = st.sampled_from(['"', "\\", "\n", "\t", "\x01", "\x1f", "\x7f", "é", "€", "😀", "\u2028"])
strings = text | st.lists(awkward | text, max_size=6).map("".join)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | strings,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(strings, children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payload=st.dictionaries(strings, json_values, max_size=6))
async def test_jsonb_text_re_encodes_to_the_canonical_form(database: Database, payload):
    stored = await database.pool.fetchval("SELECT $1::text::jsonb::text", json.dumps(payload))
    expected = canonical_json(payload)
    assert fast_canonical(stored) == expected
    assert reference_canonical(stored) == expected
    assert expected == json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


async def interleaved_log(database: Database) -> EventStore:
    """60 events over 6 streams that each span the whole log."""
    store = EventStore(database.pool, {"Project"})
    streams = [f"project-{n}" for n in range(6)]
    for round_number in range(10):
        for version, stream in enumerate(streams):
            payload = {"round": round_number, "note": f"réunion «{version}»\n"}
            await store.append(
                stream, "Project", round_number, [NewEvent("Project.Noted", payload)]
            )
    return store


async def test_a_range_verifies_stream_versions_from_what_came_before(
    fresh_database, fresh_database_url
):
    store = await interleaved_log(fresh_database)
    head = await store.head()
    whole = await verify_log(fresh_database_url, page_size=7)
    assert whole.ok and whole.checked == 60 and whole.last_hash == head.hash
    part = await verify_log(fresh_database_url, after=25, until=50, page_size=4)
    assert part.ok and part.checked == 25 and part.last_position == 50
    kept = await verify_log(
        fresh_database_url, after=10, expected_head=ExpectedHead(head.position, head.hash)
    )
    assert kept.ok and kept.checked == 50


async def test_a_range_catches_a_rewritten_stream_version_inside_it(
    fresh_database, fresh_database_url
):
    await interleaved_log(fresh_database)
    connection = await verification_connection(fresh_database_url)
    try:
        async with connection.transaction():
            await connection.execute("ALTER TABLE events DISABLE TRIGGER USER")
            expected = await stream_version_rechained(connection, _AtPosition(40), Log(60, b""))
            report = await verify_in_transaction(connection, after=30, page_size=3)
            whole_before = await verify_in_transaction(connection, until=39)
    finally:
        await connection.close()
    assert (report.finding.position, report.finding.kind) == (40, expected.kind)
    assert report.finding.check == "stream_version" and report.last_position == 39
    assert whole_before.ok


async def test_a_clean_log_then_an_edit_names_the_position_and_the_check(
    fresh_database, fresh_database_url
):
    await interleaved_log(fresh_database)
    connection = await asyncpg.connect(fresh_database_url)
    try:
        await connection.execute("ALTER TABLE events DISABLE TRIGGER USER")
        await connection.execute(
            "UPDATE events SET recorded_at = recorded_at + interval '1 hour' WHERE position = 33"
        )
    finally:
        await connection.close()
    report = await verify_log(fresh_database_url)
    assert not report.ok and report.checked == 32
    assert (report.finding.position, report.finding.kind, report.finding.check) == (
        33,
        "changed",
        "hash",
    )


class _AtPosition:
    """A stand-in for random.Random that always picks ``position``."""

    def __init__(self, position: int) -> None:
        self.position = position

    def randint(self, low: int, high: int) -> int:
        assert low <= self.position <= high
        return self.position


async def test_events_deleted_at_the_end_show_only_against_a_kept_head(
    fresh_database, fresh_database_url
):
    store = await interleaved_log(fresh_database)
    head = await store.head()
    connection = await asyncpg.connect(fresh_database_url)
    try:
        await connection.execute("ALTER TABLE events DISABLE TRIGGER USER")
        await connection.execute("DELETE FROM events WHERE position > 57")
    finally:
        await connection.close()
    assert (await verify_log(fresh_database_url)).ok
    report = await verify_log(
        fresh_database_url, expected_head=ExpectedHead(head.position, head.hash)
    )
    assert (report.finding.position, report.finding.kind, report.finding.check) == (
        58,
        "truncated",
        "expected_head",
    )
    assert report.last_position == 57 and report.checked == 57


async def test_a_hash_worker_that_cannot_read_its_pages_is_an_error_not_a_verdict(
    fresh_database_url,
):
    async with hash_workers(fresh_database_url, "00000003-0000FFFF-1", 1) as workers:
        await workers.assign([(0, 10)])
        with pytest.raises(HashWorkerError, match="exit status 1"):
            await workers.first_unrecomputed(0, 10)
