"""Bad input at /graphql with a valid token, in production mode: every case gets a clear 4xx
or GraphQL errors with a stable code, never a 5xx, and none writes anything."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.conftest import create_database, drop_database
from tests.e2e.mutations_support import expenditure, operation
from tests.reliability.hub_service import HubProcess, unhandled_exceptions
from tests.reliability.results import record
from tests.reliability.stage import Stage, set_stage

STABLE_CODES = {
    "CONFLICT", "NOT_FOUND", "INVALID_INPUT", "FORBIDDEN", "UNAUTHENTICATED", "RULE_VIOLATION",
    "UNAVAILABLE", "PERSISTED_QUERY_NOT_FOUND", "GRAPHQL_VALIDATION_FAILED",
}  # fmt: skip
INJECTIONS = (
    "' OR '1'='1", "x'; DROP TABLE events; --", "\\\" OR 1=1 --", "%' AND pg_sleep(5) --",
    "$1", "{\"$ne\": null}", "\u0000", "é' UNION SELECT hash FROM events --",
)  # fmt: skip
STRING_FILTERS = (
    ("projects", "programme"), ("projects", "status"), ("projects", "partnerCountry"),
    ("organisations", "country"), ("schemes", "kind"), ("eventLog", "actor"),
    ("eventLog", "organisation"), ("eventLog", "clientId"),
)  # fmt: skip
_outcomes: dict[str, str] = {}


@pytest.fixture(scope="module")
async def stage(admin_url: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Stage]:
    url = await create_database(admin_url)
    hub = HubProcess(url, tmp_path_factory.mktemp("bad-input") / "hub.log").start()
    try:
        yield await set_stage(hub, url, clients=1)
    finally:
        hub.stop()
        record(
            "bad-input",
            f"{len(_outcomes)} malformed, oversized, absurd or hostile requests at /graphql "
            "with a valid token (production mode)",
            f"{sum(1 for o in _outcomes.values() if o.startswith('4'))} answered 4xx, "
            f"{sum(1 for o in _outcomes.values() if o.startswith('200'))} with GraphQL errors "
            f"carrying a stable code; 0 writes; {len(unhandled_exceptions(hub.log_text()))} "
            "error records in the hub's log",
            outcomes=_outcomes,
        )  # fmt: skip
        await drop_database(admin_url, url)


def _deep(depth: int) -> str:
    inner = "id"
    for _ in range(depth):
        inner = f"partners {{ organisation {{ projects {{ nodes {{ {inner} }} }} }} }}"
    return f"{{ projects(first: 1) {{ nodes {{ {inner} }} }} }}"


def _cases(stage: Stage) -> tuple[dict[str, dict[str, Any]], Any]:
    """Each case: keyword arguments of an httpx request to /graphql; and how to build an
    expenditure request."""
    world = stage.world
    report = world.reports[world.teatro]
    huge = "x" * 3_000_000

    def gql(query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        return {"json": {"query": query, "variables": variables or {}}}

    def activity(**change: Any) -> dict[str, Any]:
        return _activity(stage, "BAD", **change)

    def spend(amount: str | float, currency: str = "EUR", **change: Any) -> dict[str, Any]:
        values = {**expenditure(report), **change}
        values["declared"] = {"amount": amount, "currency": currency}
        return gql(operation("PartnerRecordExpenditure"), {"input": values})

    cases: dict[str, dict[str, Any]] = {
        "oversized-body": gql("{ __typename }", {"pad": huge}),
        "oversized-chunked-body": {
            "content": _chunks(huge.encode()),
            "headers": {"content-type": "application/json"},
        },
        "deeply-nested-query": gql(_deep(20)),
        "aliased-query": gql(
            "{" + " ".join(f"a{n}: projects {{ nodes {{ id }} }}" for n in range(200)) + "}"
        ),
        "token-flood": gql("{ projects { nodes { " + "id " * 5000 + "} } }"),
        "huge-page-size": gql("{ projects(first: 100000000) { nodes { id } } }"),
        "negative-page-size": gql("{ projects(first: -5) { nodes { id } } }"),
        "int-overflow-page-size": gql("{ projects(first: 99999999999999) { nodes { id } } }"),
        "garbage-cursor": gql('{ projects(first: 5, after: "%%%not-a-cursor") { nodes { id } } }'),
        "malformed-json": {"content": b'{"query": "{ __typename }"', "headers": _json},
        "json-array-body": {"content": b"[1, 2]", "headers": _json},
        "json-string-body": {"content": b'"query"', "headers": _json},
        "query-not-a-string": {"json": {"query": 42}},
        "variables-not-an-object": {"json": {"query": "{ __typename }", "variables": [1]}},
        "no-query": {"json": {"variables": {}}},
        "wrong-content-type": {
            "content": b"query { __typename }",
            "headers": {"content-type": "text/plain"},
        },
        "xml-content-type": {
            "content": b"<query/>",
            "headers": {"content-type": "application/xml"},
        },
        "invalid-utf8": {
            "content": b'{"query": "{ projects(programme: \\"\xff\xfe\\") { nodes { id } } }"}',
            "headers": _json,
        },
        "invalid-utf8-variables": {
            "content": b'{"query": "{ __typename }", "variables": {"a": "\xc3\x28"}}',
            "headers": _json,
        },
        "syntax-error": gql("{ projects(first: ) { nodes { id } }"),
        "unknown-field": gql("{ nothingHere }"),
        "amount-as-json-number": spend(12.5),
        "unknown-activity-owner": activity(ownerId="00000000-0000-0000-0000-000000000000"),
        "activity-before-its-project": activity(heldOn="1900-01-01"),
        "decimal-absurd-precision": spend("1." + "1" * 400),
        "decimal-absurd-exponent": spend("1e999999999"),
        "decimal-negative-exponent": spend("1e-999999999"),
        "decimal-nan": spend("NaN"),
        "decimal-infinity": spend("Infinity"),
        "decimal-huge-integer": spend("9" * 400),
        "decimal-garbage": spend("12,50 €"),
        "currency-unknown": spend("10.00", currency="XXX"),
        "currency-injection": spend("10.00", currency="EUR'; --"),
        "date-year-zero": activity(heldOn="0000-01-01"),
        "date-year-10000": activity(heldOn="10000-01-01"),
        "date-february-30": activity(heldOn="2024-02-30"),
        "date-garbage": activity(heldOn="tomorrow"),
        "unknown-enum-kind": activity(kind="opera_bouffe"),
        "unknown-enum-category": spend("10.00", category="caviar"),
        "fallback-unknown-lang": gql(
            '{ projects(first: 1) { nodes { programmeLabel(lang: "xx") } } }'
        ),
        "nul-byte-in-title": activity(title="Circus\u0000night"),
        "huge-title": activity(title="é" * 400_000),
        "id-not-a-uuid": activity(ownerId="'; DROP TABLE events; --"),
        "min-position-garbage": {
            **gql("{ __typename }"),
            "headers": {"x-hub-min-position": "1; DROP TABLE events"},
        },
        "min-position-huge": {
            **gql("{ projects(first: 1) { nodes { id } } }"),
            "headers": {"x-hub-min-position": "9" * 40},
        },
        "persisted-query-unknown": {
            "json": {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}}
        },
        "persisted-query-bad-hash": {
            "json": {
                "query": "{ __typename }",
                "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "not-hex"}},
            }
        },
        "introspection-in-production": gql("{ __schema { types { name } } }"),
        "batch-of-operations": {"json": [{"query": "{ __typename }"}] * 50},
    }
    for field, argument in STRING_FILTERS:
        for number, attack in enumerate(INJECTIONS):
            selection = "{ nodes { __typename } }"
            query = f"query($v: String) {{ {field}({argument}: $v, first: 5) {selection} }}"
            cases[f"injection-{field}-{argument}-{number}"] = gql(query, {"v": attack})
    for number, attack in enumerate(INJECTIONS):
        query = (
            "query($p: ID!, $v: String) { deliverables(projectId: $p, state: $v) { nodes { id } } }"
        )
        cases[f"injection-deliverables-state-{number}"] = gql(
            query, {"p": world.project, "v": attack}
        )
        query = "query($v: String) { budget(costCategory: $v) { nodes { __typename } } }"
        cases[f"injection-budget-costCategory-{number}"] = gql(query, {"v": attack})
    return cases, spend


_json = {"content-type": "application/json"}


def _activity(stage: Stage, code: str, **change: Any) -> dict[str, Any]:
    values = {"ownerId": stage.world.project, "code": code, "kind": "performance",
              "title": "Bad", "heldOn": "2024-05-04",
              "place": {"city": "Jaca", "country": "ES"}, **change}  # fmt: skip
    return {"json": {"query": operation("PartnerRecordActivity"), "variables": {"input": values}}}


async def _chunks(data: bytes):
    for start in range(0, len(data), 65_536):
        yield data[start : start + 65_536]


def _stable(response: httpx.Response) -> str | None:
    """The outcome if it is clean (4xx, or errors that all carry a stable code), else None."""
    if 400 <= response.status_code < 500:
        return str(response.status_code)
    if response.status_code != 200:
        return None
    try:
        body = response.json()
    except json.JSONDecodeError:
        return None
    errors = body.get("errors") if isinstance(body, dict) else None
    if not errors:
        return "200 ok"
    codes = {str(e.get("extensions", {}).get("code")) for e in errors}
    return f"200 {'/'.join(sorted(codes))}" if codes <= STABLE_CODES else None


async def test_every_bad_input_is_refused_cleanly_and_writes_nothing(stage: Stage):
    cases, _ = _cases(stage)
    token = stage.manager.token
    events = await _event_count(stage)
    unclean = {}
    async with httpx.AsyncClient(timeout=60) as http:
        for name, request in cases.items():
            headers = {"authorization": f"Bearer {token}", **request.pop("headers", {})}
            try:
                response = await http.post(stage.hub.base + "/graphql", headers=headers, **request)
            except httpx.TransportError as error:
                _outcomes[name] = unclean[name] = f"UNCLEAN {type(error).__name__}"
                continue
            outcome = _stable(response)
            _outcomes[name] = outcome or f"UNCLEAN {response.status_code} {response.text[:200]}"
            if outcome is None or (
                outcome == "200 ok" and not name.startswith(("injection", "fallback"))
            ):
                unclean[name] = _outcomes[name]
    assert unclean == {}
    assert await _event_count(stage) == events
    assert unhandled_exceptions(stage.hub.log_text()) == []


async def _event_count(stage: Stage) -> int:
    import asyncpg

    connection = await asyncpg.connect(stage.hub.env["HUB_DATABASE_URL"])
    try:
        return int(await connection.fetchval("SELECT count(*) FROM events"))
    finally:
        await connection.close()
