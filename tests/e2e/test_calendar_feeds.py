"""Calendar feeds over real HTTP with real tokens, on the demo, parsed with icalendar and
checked against the read models."""

from __future__ import annotations

import asyncio
import secrets
import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from hub.lifecycle import projection_runner
from tests.e2e.calendar_support import (
    CREATE,
    OCCITANIE_EN_SCENE,
    QUEBEC_NETWORK_A,
    SCENES_EN_RESEAUX,
    Feed,
    demo_copy,
    fetch,
    hub,
    new_feed,
    partner,
    partner_with_id,
)
from tests.e2e.hub_process import hub_env, run_hub
from tests.e2e.test_oauth_support import person

__all__ = ["demo_copy", "hub"]  # module fixtures
PARIS, TORONTO = ZoneInfo("Europe/Paris"), ZoneInfo("America/Toronto")


async def rows(hub, sql, *args):
    return await hub.database.pool.fetch(sql, *args)


async def feed_rows(hub) -> int:
    return await hub.database.pool.fetchval("SELECT count(*) FROM calendar_feeds")


async def test_a_project_feed_holds_its_deliverables_deadlines_activities_and_payments(hub):
    client = await partner(hub, QUEBEC_NETWORK_A, "projects:read finance:read")
    created = await new_feed(client, "project", SCENES_EN_RESEAUX)
    assert created["url"].startswith(hub.base + "/calendar/") and created["url"].endswith(".ics")
    assert len(created["url"].rsplit("/", 1)[1].removesuffix(".ics")) >= 43  # 256 bits
    answer = await fetch(created["url"])
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/calendar")
    feed = Feed.parse(answer.content)
    project = uuid.UUID(SCENES_EN_RESEAUX)
    deliverables = await rows(
        hub, "SELECT deliverable_id, due_on FROM read.deliverables WHERE project_id = $1", project
    )
    assert feed.starts("-deliverable-due") == {str(r[0]): r[1] for r in deliverables}
    periods = await rows(
        hub, "SELECT number, ends_on FROM read.reporting_periods WHERE project_id = $1", project
    )
    assert feed.starts("-deadline") == {
        f"{project}-reporting-period-{n}": datetime.combine(end, time(23, 59), PARIS)
        for n, end in periods
    }
    activities = await rows(
        hub, "SELECT activity_id, held_on, starts_at FROM read.activities WHERE owner_id = $1",
        project,
    )  # fmt: skip
    assert any(r[2] for r in activities) and not all(r[2] for r in activities)
    assert feed.starts("-activity") == {str(r[0]): r[2] or r[1] for r in activities}
    payments = await rows(
        hub, "SELECT payment_id, coalesce(confirmed_on, authorised_on) FROM read.payments"
        " WHERE project_id = $1", project,
    )  # fmt: skip
    assert payments and feed.starts("-payment") == {str(r[0]): r[1] for r in payments}


async def test_a_reporting_deadline_is_the_end_of_the_day_in_paris_with_its_time_zone(hub):
    client = await partner(hub, QUEBEC_NETWORK_A, "projects:read")
    feed = await open_feed(client, "project", SCENES_EN_RESEAUX)
    deadline = feed.events[f"{SCENES_EN_RESEAUX}-reporting-period-1-deadline"]
    assert deadline["dtstart"].params["TZID"] == "Europe/Paris"
    assert deadline["dtend"].params["TZID"] == "Europe/Paris"
    assert "Europe/Paris" in feed.zones
    ends_on = await hub.database.pool.fetchval(
        "SELECT ends_on FROM read.reporting_periods WHERE project_id = $1 AND number = 1",
        uuid.UUID(SCENES_EN_RESEAUX),
    )
    cut_off = deadline.decoded("dtend")
    assert cut_off == datetime.combine(ends_on + timedelta(days=1), time(0), PARIS)
    in_quebec = cut_off.astimezone(TORONTO)  # winter: Québec is six hours behind Paris
    assert ends_on.month == 12 and (in_quebec.date(), in_quebec.hour) == (ends_on, 18)


async def test_a_quebec_activity_known_by_its_day_is_a_whole_day_at_its_place(hub):
    client = await partner(hub, QUEBEC_NETWORK_A, "projects:read")
    feed = await open_feed(client, "project", SCENES_EN_RESEAUX)
    in_quebec = await rows(
        hub, "SELECT activity_id, held_on, city FROM read.activities"
        " WHERE owner_id = $1 AND country = 'CA' AND starts_at IS NULL",
        uuid.UUID(SCENES_EN_RESEAUX),
    )  # fmt: skip
    assert in_quebec
    for activity_id, held_on, city in in_quebec:
        event = feed.events[f"{activity_id}-activity"]
        assert event["dtstart"].params["VALUE"] == "DATE" and "TZID" not in event["dtstart"].params
        assert event.decoded("dtstart") == held_on
        assert event.decoded("dtend") == held_on + timedelta(days=1)
        assert str(event["location"]).endswith(f"{city}, CA")


async def test_an_agencys_feed_carries_la_collaboratives_meetings(hub):
    client = await partner(hub, OCCITANIE_EN_SCENE, "projects:read")
    feed = await open_feed(client, "organisation", OCCITANIE_EN_SCENE)
    meetings = await rows(
        hub, "SELECT a.activity_id, a.held_on FROM read.activities a"
        " JOIN read.schemes s ON s.scheme_id = a.owner_id WHERE s.kind = 'jeudigraphies'",
    )  # fmt: skip
    assert len(meetings) == 5
    starts = feed.starts("-activity")
    assert {str(a): on for a, on in meetings}.items() <= starts.items()
    assert all(on.isoweekday() == 4 for _, on in meetings)  # jeudi: Thursday


async def test_an_organisation_feed_holds_what_it_is_responsible_for_and_is_paid(hub):
    client = await partner(hub, OCCITANIE_EN_SCENE, "projects:read finance:read")
    feed = await open_feed(client, "organisation", OCCITANIE_EN_SCENE)
    organisation = uuid.UUID(OCCITANIE_EN_SCENE)
    deliverables = await rows(
        hub, "SELECT deliverable_id, due_on FROM read.deliverables WHERE responsible_partner = $1",
        organisation,
    )  # fmt: skip
    assert deliverables and feed.starts("-deliverable-due") == {
        str(r[0]): r[1] for r in deliverables
    }
    payments = await rows(
        hub, "SELECT payment_id, coalesce(confirmed_on, authorised_on) FROM read.payments"
        " WHERE partner_id = $1", organisation,
    )  # fmt: skip
    assert payments and feed.starts("-payment") == {str(r[0]): r[1] for r in payments}


async def test_payments_show_only_with_finance_read_on_the_callers_own_projects(hub):
    outsider = await first_organisation_outside(hub, SCENES_EN_RESEAUX)
    for organisation, scopes in [
        (outsider, "projects:read finance:read"),
        (QUEBEC_NETWORK_A, "projects:read"),
    ]:
        client = await partner(hub, organisation, scopes)
        feed = await open_feed(client, "project", SCENES_EN_RESEAUX)
        assert feed.starts("-deliverable-due") and not feed.starts("-payment")


async def test_a_revoked_or_unknown_token_is_not_found(hub):
    client = await partner(hub, QUEBEC_NETWORK_A, "projects:read")
    created = await new_feed(client, "project", SCENES_EN_RESEAUX)
    assert (await fetch(created["url"])).status_code == 200
    revoke = "mutation($id: ID!) { revokeCalendarFeed(id: $id) { id revokedAt } }"
    revoked = (await client.data(revoke, {"id": created["feed"]["id"]}))["revokeCalendarFeed"]
    assert revoked["revokedAt"] is not None
    assert (await fetch(created["url"])).status_code == 404
    unknown = f"{hub.base}/calendar/{secrets.token_urlsafe(32)}.ics"
    assert (await fetch(unknown)).status_code == 404


async def test_a_feed_of_a_disabled_client_is_not_found(hub):
    client, client_id = await partner_with_id(hub, QUEBEC_NETWORK_A, "projects:read")
    url = (await new_feed(client, "project", SCENES_EN_RESEAUX))["url"]
    await hub.database.pool.execute(
        "UPDATE oauth_clients SET disabled_at = now() WHERE client_id = $1", client_id
    )
    assert (await fetch(url)).status_code == 404


async def test_a_client_polls_cheaply_with_the_etag(hub):
    client = await partner(hub, QUEBEC_NETWORK_A, "projects:read")
    url = (await new_feed(client, "project", SCENES_EN_RESEAUX))["url"]
    first = await fetch(url)
    assert first.headers["cache-control"].startswith("private, max-age=")
    again = await fetch(url, **{"if-none-match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    stale = await fetch(url, **{"if-none-match": '"another"'})
    assert stale.status_code == 200 and stale.content == first.content


async def test_feeds_are_listed_for_their_owner_only(hub):
    client = await partner(hub, QUEBEC_NETWORK_A, "projects:read")
    created = await new_feed(client, "organisation", QUEBEC_NETWORK_A)
    listed = "{ calendarFeeds { id kind targetId } }"
    assert (await client.data(listed))["calendarFeeds"] == [
        {"id": created["feed"]["id"], "kind": "organisation", "targetId": QUEBEC_NETWORK_A}
    ]
    other = await partner(hub, QUEBEC_NETWORK_A, "projects:read")
    assert (await other.data(listed))["calendarFeeds"] == []
    revoke = "mutation($id: ID!) { revokeCalendarFeed(id: $id) { id } }"
    answer = await other.execute(revoke, {"id": created["feed"]["id"]})
    assert answer["errors"][0]["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize(
    ("scopes", "kind", "target", "code"),
    [
        ("finance:read", "project", SCENES_EN_RESEAUX, "FORBIDDEN"),
        ("projects:read", "planet", SCENES_EN_RESEAUX, "INVALID_INPUT"),
        ("projects:read", "project", "not-an-id", "INVALID_INPUT"),
        ("projects:read", "project", str(uuid.uuid4()), "NOT_FOUND"),
        ("projects:read", "organisation", SCENES_EN_RESEAUX, "NOT_FOUND"),
    ],
    ids=["without-projects-read", "unknown-kind", "bad-id", "no-such-project",
         "not-an-organisation"],
)  # fmt: skip
async def test_a_bad_request_writes_no_feed(hub, scopes, kind, target, code):
    client = await partner(hub, QUEBEC_NETWORK_A, scopes)
    before = await feed_rows(hub)
    variables = {"input": {"kind": kind, "targetId": target}}
    answer = await client.execute(CREATE, variables)
    assert answer["errors"][0]["extensions"]["code"] == code
    assert await feed_rows(hub) == before


async def test_a_grant_limited_to_other_projects_cannot_open_a_projects_calendar(hub):
    client = await partner(
        hub, QUEBEC_NETWORK_A, "projects:read", restrictions={"projects": ["Pyrenart"]}
    )
    before = await feed_rows(hub)
    variables = {"input": {"kind": "project", "targetId": SCENES_EN_RESEAUX}}
    answer = await client.execute(CREATE, variables)
    assert answer["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await feed_rows(hub) == before


async def open_feed(client, kind: str, target: str) -> Feed:
    answer = await fetch((await new_feed(client, kind, target))["url"])
    assert answer.status_code == 200, answer.text
    return Feed.parse(answer.content)


async def first_organisation_outside(hub, project: str) -> str:
    return str(
        await hub.database.pool.fetchval(
            "SELECT organisation_id FROM read.organisations WHERE organisation_id NOT IN"
            " (SELECT organisation_id FROM read.partnerships WHERE project_id = $1)"
            " AND organisation_id IN (SELECT organisation_id FROM read.partnerships)"
            " ORDER BY name LIMIT 1",
            uuid.UUID(project),
        )
    )


async def test_the_command_line_creates_lists_and_revokes_a_persons_feed(hub):
    username = await person(hub.database, "projects:read", organisation=QUEBEC_NETWORK_A)
    env = hub_env(hub.database.dsn, HUB_AUTH_ISSUER=hub.base)
    create = ["calendar", "create", "project", SCENES_EN_RESEAUX, "--user", username]
    created = await asyncio.to_thread(run_hub, *create, env=env)
    assert created.returncode == 0, created.stderr
    fields = dict(line.split(": ", 1) for line in created.stdout.splitlines() if ": " in line)
    assert (await fetch(fields["url"])).status_code == 200
    listed = await asyncio.to_thread(run_hub, "calendar", "list", "--user", username, env=env)
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == [fields["feed_id"]]
    revoked = await asyncio.to_thread(run_hub, "calendar", "revoke", fields["feed_id"], env=env)
    assert revoked.returncode == 0 and (await fetch(fields["url"])).status_code == 404


@pytest.mark.parametrize(
    "arguments",
    [
        ["create", "project", SCENES_EN_RESEAUX, "--client", "no-such-client"],
        ["create", "project", "not-an-id", "--client", "no-such-client"],
        ["revoke", str(uuid.UUID(int=7))],
    ],
    ids=["unknown-client", "bad-id", "unknown-feed"],
)
async def test_the_command_line_refuses_bad_input_in_one_line(hub, arguments):
    before = await feed_rows(hub)
    answer = await asyncio.to_thread(run_hub, "calendar", *arguments, env=hub_env(hub.database.dsn))
    assert answer.returncode == 1 and answer.stderr.startswith("hub: error: ")
    assert len(answer.stderr.strip().splitlines()) == 1
    assert await feed_rows(hub) == before


RECORD_ACTIVITY = """mutation($input: RecordActivityInput!) {
  recordActivity(input: $input) { id } }"""
ACTIVITY = "query($id: ID!) { activity(id: $id) { date startsAt endsAt timeZone } }"


async def test_an_activity_with_times_is_timed_on_the_clock_of_its_place(hub, settings):
    """Last in the module: it adds a timed activity to the demo copy the others read."""
    client = await partner(hub, QUEBEC_NETWORK_A, "projects:read activities:write")
    held_on = await hub.database.pool.fetchval(
        "SELECT min(held_on) FROM read.activities WHERE owner_id = $1 AND country = 'CA'",
        uuid.UUID(SCENES_EN_RESEAUX),
    )
    closing = {
        "ownerId": SCENES_EN_RESEAUX, "code": "MTL-CLOSING", "kind": "performance",
        "title": "Soirée de clôture", "heldOn": held_on.isoformat(),
        "place": {"city": "Montréal", "country": "CA", "venue": "Usine C"},
    }  # fmt: skip
    refused = await client.execute(RECORD_ACTIVITY, {"input": {**closing, "startsAt": "19:30"}})
    assert refused["errors"][0]["extensions"] == {
        "code": "RULE_VIOLATION", "rule": "invalid_activity_schedule"
    }  # fmt: skip
    timed = {**closing, "startsAt": "19:30", "endsAt": "21:00", "timeZone": "America/Toronto"}
    recorded = await client.data(RECORD_ACTIVITY, {"input": timed})
    activity_id = recorded["recordActivity"]["id"]
    runner = projection_runner(hub.database, settings)  # this hub serves, projects nothing
    await runner.start()
    await runner.run_until_caught_up()
    await runner.stop()

    starts = datetime.combine(held_on, time(19, 30), TORONTO)
    ends = datetime.combine(held_on, time(21), TORONTO)
    read = (await client.data(ACTIVITY, {"id": activity_id}))["activity"]
    assert read["timeZone"] == "America/Toronto"
    assert datetime.fromisoformat(read["startsAt"]) == starts
    assert datetime.fromisoformat(read["startsAt"]).utcoffset() == starts.utcoffset()
    assert datetime.fromisoformat(read["endsAt"]) == ends

    feed = await open_feed(client, "project", SCENES_EN_RESEAUX)
    event = feed.events[f"{activity_id}-activity"]
    assert event["dtstart"].params["TZID"] == "America/Toronto"
    assert (event.decoded("dtstart"), event.decoded("dtend")) == (starts, ends)
    assert "America/Toronto" in feed.zones
    in_paris = event.decoded("dtstart").astimezone(PARIS)
    assert in_paris.date() == held_on + timedelta(days=1)  # 19:30 in Montréal is past midnight
