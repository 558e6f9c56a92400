"""Generated operations at /graphql with a valid token, in production mode: schemathesis
(GraphQL mode) builds queries and mutations for every root field, valid and invalid ones, and
each must be answered below 500 with a JSON body whose errors all carry a stable code, never
INTERNAL; afterwards the hub's log has no error record.

``HUB_FUZZ_EXAMPLES`` is the number of generated operations (spread evenly over the root
fields); CI runs a few hundred, `python -m bench.reliability` thousands. Generation is
derandomized, so a run is reproducible. The hub runs on a database of its own, so the
mutations touch nothing shared.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import graphql
import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.graphql import nodes
from schemathesis.specs.graphql.scalars import CUSTOM_SCALARS

from auth.scopes import SCOPES
from tests.conftest import create_database, drop_database
from tests.reliability.hub_service import HubProcess, register_system, unhandled_exceptions
from tests.reliability.results import record
from tests.reliability.stage import MANAGER_ORGANISATION, Stage, set_stage
from tests.reliability.test_bad_input import STABLE_CODES

EXAMPLES = int(os.environ.get("HUB_FUZZ_EXAMPLES") or 300)
# Everything but webhooks:manage: a generated endpoint URL must not make the hub call out.
FUZZ_SCOPES = " ".join(scope for scope in SCOPES if scope != "webhooks:manage")
CODES = STABLE_CODES | {"REQUEST_TOO_LARGE", "IDEMPOTENCY_KEY_REUSED", "NOT_CONFIGURED"}

_decimal_texts = st.one_of(
    st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False).map(str),
    st.sampled_from(["0", "-0.00", "1e999999999", "NaN", "Infinity", "1." + "1" * 40, "12,5"]),
    st.text(max_size=12),
)
_json_values = st.recursive(
    st.one_of(
        st.text(max_size=12).map(nodes.String),
        st.integers(-(2**31), 2**31 - 1).map(nodes.Int),
        st.booleans().map(nodes.Boolean),
    ),
    lambda inner: st.lists(inner, max_size=3).map(nodes.List),
    max_leaves=6,
)
_typename = st.sampled_from(["Project", "Organisation", "Scheme", "Activity", "Nothing", ""])
_representations = st.builds(
    lambda typename, key: nodes.Object(
        [
            graphql.ObjectFieldNode(
                name=graphql.NameNode(value="__typename"), value=nodes.String(typename)
            ),
            graphql.ObjectFieldNode(name=graphql.NameNode(value="id"), value=nodes.String(key)),
        ]
    ),
    _typename,
    st.one_of(st.uuids().map(str), st.text(max_size=10)),
)
schemathesis.graphql.scalar("Decimal", _decimal_texts.map(nodes.String))
schemathesis.graphql.scalar("JSON", _json_values)
schemathesis.graphql.scalar("_Any", _representations)

_figures: dict[str, Any] = {}


@pytest.fixture
async def stage(admin_url: str, tmp_path) -> AsyncIterator[Stage]:
    url = await create_database(admin_url)
    hub = HubProcess(url, tmp_path / "hub.log").start()
    try:
        yield await set_stage(hub, url, clients=0)
    finally:
        hub.stop()
        await drop_database(admin_url, url)


def _operations(database_url: str) -> list[Any]:
    """Every query and mutation root field, from the schema the hub serves (production mode
    refuses introspection, and the published SDL carries federation directives)."""
    from hub.api.schema import build_schema
    from hub.settings import load_settings

    served = build_schema(load_settings(database_url=database_url))._schema
    schema = schemathesis.graphql.from_dict(graphql.introspection_from_schema(served))
    return [result.ok() for result in schema.get_all_operations()]


def _verdict(response: httpx.Response) -> tuple[str, set[str], str | None]:
    """(status, error codes, problem or None)."""
    status = str(response.status_code)
    if response.status_code >= 500:
        return status, set(), f"HTTP {status}: {response.text[:300]}"
    try:
        body = response.json()
    except json.JSONDecodeError:
        return status, set(), f"HTTP {status} without a JSON body: {response.text[:300]}"
    if not isinstance(body, dict):
        return status, set(), f"HTTP {status} with a JSON body that is no object"
    errors = body.get("errors") or []
    codes = {
        str((error.get("extensions") or {}).get("code")) if isinstance(error, dict) else "None"
        for error in errors
    }
    unstable = codes - CODES
    if unstable:
        messages = [str(e.get("message"))[:200] for e in errors if isinstance(e, dict)]
        return status, codes, f"unstable codes {sorted(unstable)}: {messages}"
    if not errors and "data" not in body:
        return status, codes, "neither data nor errors"
    return status, codes, None


async def test_generated_operations_are_answered_cleanly(stage: Stage):
    hub = stage.hub
    fuzzer = await register_system(
        hub.env["HUB_DATABASE_URL"], f"fuzzer-{hub.port}", MANAGER_ORGANISATION, FUZZ_SCOPES
    )
    async with httpx.AsyncClient() as http:
        token = await fuzzer.fetch_token(http, hub.base)
    operations = _operations(hub.env["HUB_DATABASE_URL"])
    world = stage.world
    known = sorted({world.project, world.lead, world.teatro, world.cirque,
                    *world.reports.values(), *world.activities, *world.deliverables})  # fmt: skip
    # Ids of the seeded world half the time, so that generated operations reach the
    # resolvers and the event store rather than stopping at the id's format.
    ids = st.one_of(st.sampled_from(known), st.uuids().map(str), st.text(max_size=20))
    schemathesis.graphql.scalar("ID", ids.map(nodes.String))
    per_operation = max(1, math.ceil(EXAMPLES / len(operations)))
    statuses: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    problems: list[str] = []
    exercised: set[str] = set()
    started = time.monotonic()
    with httpx.Client(
        base_url=hub.base, timeout=60, headers={"authorization": f"Bearer {token}"}
    ) as client:
        for operation in operations:
            strategy = st.one_of(
                operation.as_strategy(GenerationMode.POSITIVE),
                operation.as_strategy(GenerationMode.NEGATIVE),
            )

            @settings(
                max_examples=per_operation, deadline=None, derandomize=True, database=None,
                phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
            )  # fmt: skip
            @given(case=strategy)
            def send(case: Any) -> None:
                kinds[case._meta.generation.mode.value] += 1
                exercised.add(case.operation.label)
                try:
                    response = client.post("/graphql", json={"query": case.body})
                except httpx.TransportError as error:
                    statuses["transport"] += 1
                    problems.append(f"{case.operation.label}: {type(error).__name__}\n{case.body}")
                    return
                status, found, problem = _verdict(response)
                statuses[status] += 1
                codes.update(found or {"no error"})
                if problem is not None:
                    problems.append(f"{case.operation.label}: {problem}\n{case.body[:2000]}")

            send()
    CUSTOM_SCALARS.pop("ID", None)
    seconds = time.monotonic() - started
    log_errors = unhandled_exceptions(hub.log_text())
    sent = sum(statuses.values())
    over_500 = sum(n for status, n in statuses.items() if status >= "500" and status != "transport")
    record(
        "schemathesis",
        f"{sent} operations generated by schemathesis {schemathesis.__version__} (GraphQL mode, "
        f"derandomized; {dict(kinds)}) over the {len(operations)} query and mutation root "
        f"fields, at /graphql with a valid token carrying {FUZZ_SCOPES.count(' ') + 1} scopes "
        f"(production mode, a database of its own) in {seconds:.0f} s",
        f"responses by status {dict(sorted(statuses.items()))}; {over_500} 5xx; error codes "
        f"{dict(sorted(codes.items()))}; {len(problems)} unclean answers; "
        f"{len(log_errors)} error records in the hub's log",
        operations=sent,
        statuses=dict(statuses),
        codes=dict(codes),
        problems=problems[:20],
        log_errors=log_errors[:20],
    )
    assert problems == [], "\n\n".join(problems[:10])
    assert log_errors == [], "\n".join(log_errors[:10])
    # hypothesis stops early on a field with few distinct operations (`logHead`), so the
    # total can fall a little short of HUB_FUZZ_EXAMPLES; every field is exercised
    assert exercised == {operation.label for operation in operations}
