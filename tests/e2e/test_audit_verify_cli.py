"""`hub audit verify` and `hub audit trail` as an auditor runs them."""

from __future__ import annotations

import json
import random

import pytest

from hub.audit.connections import verification_connection
from hub.database import Database
from hub.eventstore import EventStore, NewEvent
from tests.e2e.hub_process import hub_env, run_hub
from tests.integration.tamperings import Log, metadata_rechained


async def test_verify_prints_one_line_with_a_head_it_accepts_back(demo_database: Database):
    env = hub_env(demo_database.dsn)
    size = await demo_database.pool.fetchval("SELECT max(position) FROM events")
    result = run_hub("audit", "verify", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(result.stdout.strip().splitlines()) == 1
    assert result.stdout.startswith(f"ok: {size} events verified (positions 1–{size}), head ")
    head = result.stdout.split("head ")[1].strip()
    assert head.startswith(f"{size}:")
    kept = run_hub("audit", "verify", "--after", "100", "--expect-head", head, "--json", env=env)
    report = json.loads(kept.stdout)
    assert kept.returncode == 0
    assert report["ok"] and report["checked"] == size - 100 and report["problem"] is None
    assert f"{report['last_good']['position']}:{report['last_good']['hash']}" == head


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--expect-head", "12:abc"], "POSITION:HASH"),
        (["--until", "5", "--expect-head", f"10:{'0' * 64}"], "inside the verified range"),
        (["--after", "9", "--until", "3"], "--after < --until"),
        (["--workers", "-1"], "number of processes"),
    ],
    ids=["malformed-head", "head-outside-range", "empty-range", "negative-workers"],
)
def test_verify_refuses_arguments_it_cannot_check(demo_database: Database, arguments, message):
    result = run_hub("audit", "verify", *arguments, env=hub_env(demo_database.dsn))
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


async def test_a_rewritten_history_verifies_locally_but_not_against_a_kept_head(
    fresh_database: Database, fresh_database_url: str
):
    store = EventStore(fresh_database.pool, {"Project"})
    for n in range(12):
        await store.append(f"p{n % 3}", "Project", n // 3, [NewEvent("Project.Noted", {"n": n})])
    env = hub_env(fresh_database_url)
    head = run_hub("audit", "verify", env=env).stdout.split("head ")[1].strip()
    connection = await verification_connection(fresh_database_url)
    try:
        async with connection.transaction():
            await connection.execute("ALTER TABLE events DISABLE TRIGGER USER")
            await metadata_rechained(connection, random.Random(3), Log(12, b""))
    finally:
        await connection.close()
    assert run_hub("audit", "verify", env=env).returncode == 0
    caught = run_hub("audit", "verify", "--expect-head", head, env=env)
    assert caught.returncode == 1
    assert caught.stdout.startswith("BROKEN at position 12: rewritten (caught by the expected_head")
    report = json.loads(run_hub("audit", "verify", "--expect-head", head, "--json", env=env).stdout)
    assert report["problem"]["kind"] == "rewritten"
    assert report["problem"]["check"] == "expected_head"


async def test_trail_of_a_project_by_acronym_lists_every_event_naming_it(demo_database: Database):
    acronym, project_id = await demo_database.pool.fetchrow(
        "SELECT payload->>'acronym', stream_id FROM events"
        " WHERE event_type = 'Project.Registered' ORDER BY position LIMIT 1"
    )
    touching = await demo_database.pool.fetch(
        "SELECT position FROM events WHERE stream_id = $1 OR payload->>'project_id' = $1"
        " OR payload->>'organisation_id' = $1 OR payload->>'partner_id' = $1"
        " OR payload->>'owner_id' = $1 ORDER BY position",
        project_id,
    )
    env = hub_env(demo_database.dsn)
    result = run_hub("audit", "trail", acronym.lower(), "--json", env=env)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["entity"] == {
        "stream_id": project_id,
        "stream_type": "Project",
        "label": acronym,
    }
    events = document["events"]
    assert [e["position"] for e in events] == [row["position"] for row in touching]
    assert {"Project.Registered", "Plan.Adopted"} <= {e["event_type"] for e in events}
    assert all(e["actor"] for e in events)
    text = run_hub("audit", "trail", acronym, env=env).stdout.splitlines()
    assert text[0] == f"Project {project_id} ({acronym}): {len(events)} events"
    assert len(text) == len(events) + 1 and "Project.Registered" in text[1]


async def test_trail_of_an_organisation_by_name_shows_its_partnerships(demo_database: Database):
    name, organisation_id = await demo_database.pool.fetchrow(
        "SELECT payload->>'name', stream_id FROM events"
        " WHERE event_type = 'Organisation.Registered'"
        " AND stream_id IN (SELECT payload->>'organisation_id' FROM events"
        "   WHERE event_type = 'Project.PartnerAdmitted') ORDER BY position LIMIT 1"
    )
    env = hub_env(demo_database.dsn)
    by_name = json.loads(run_hub("audit", "trail", name.upper(), "--json", env=env).stdout)
    by_id = json.loads(run_hub("audit", "trail", organisation_id, "--json", env=env).stdout)
    assert by_name == by_id
    types = [e["event_type"] for e in by_name["events"]]
    assert types[0] == "Organisation.Registered" and "Project.PartnerAdmitted" in types


def test_trail_of_an_unknown_name_is_one_clear_error(demo_database: Database):
    result = run_hub("audit", "trail", "No Such Theatre", env=hub_env(demo_database.dsn))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "hub: error: no stream id, organisation name or project acronym 'No Such Theatre'"
    )
