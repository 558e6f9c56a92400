"""Webhooks delivered by real `hub serve` processes to a receiver on loopback."""

from __future__ import annotations

from collections import Counter
from uuid import UUID

import orjson

from domain.personal_data import PersonalData
from hub.commands import AddContact
from tests.e2e.hub_process import hub_env, run_hub, serving
from tests.e2e.test_oauth_support import add_client
from tests.e2e.webhook_receiver import Receiver, receiving
from tests.e2e.webhook_support import register_organisations, run_command, until, verifier

FAST = {"HUB_PROJECTION_POLL_SECONDS": "0.2", "HUB_WEBHOOK_RETRY_BASE_SECONDS": "0.1"}


def add_endpoint(env: dict[str, str], url: str, client_id: str, *extra: str) -> str:
    added = run_hub("webhooks", "add", url, "--client", client_id, *extra, env=env)
    assert added.returncode == 0, added.stderr
    return added.stdout.split("secret: ")[1].split()[0]


async def test_every_matching_event_arrives_once_per_endpoint_across_a_restart(
    fresh_database, fresh_database_url
):
    env = hub_env(fresh_database_url, **FAST)
    client_id = await add_client(fresh_database, scopes={"projects:read"})
    verify = verifier().verify
    with receiving(Receiver()) as receiver:
        only_registered = ("--event-types", "Organisation.Registered")
        secrets = [add_endpoint(env, receiver.url + f"/{n}", client_id, *only_registered)
                   for n in (1, 2)]  # fmt: skip
        with serving(env):
            before = await register_organisations(fresh_database, 3)
            await until(lambda: len(set(receiver.ids())) == 6)
        during_the_restart = await register_organisations(fresh_database, 2)
        with serving(env):
            await until(lambda: len(set(receiver.ids())) == 10)
            after = await register_organisations(fresh_database, 1)
            await until(lambda: len(set(receiver.ids())) == 12)
        requests = list(receiver.requests)
    by_endpoint: dict[str, Counter[int]] = {"1": Counter(), "2": Counter()}
    first_by_id: dict[str, bytes] = {}
    for request in requests:
        endpoint, document = "", None
        for secret, name in zip(secrets, ("1", "2"), strict=True):
            try:
                document = verify(secret, request.headers, request.body)
                endpoint = name
                break
            except Exception:
                continue
        assert document is not None, "a delivery did not verify with its endpoint's secret"
        if request.headers["webhook-id"] in first_by_id:  # at least once: a repeat is the same
            assert first_by_id[request.headers["webhook-id"]] == request.body
            continue
        first_by_id[request.headers["webhook-id"]] = request.body
        by_endpoint[endpoint][document["data"]["position"]] += 1
    expected = Counter(before + during_the_restart + after)
    assert by_endpoint == {"1": expected, "2": expected}


async def test_deliveries_carry_the_envelope_and_only_the_subject_of_personal_data(
    fresh_database, fresh_database_url
):
    env = hub_env(fresh_database_url, **FAST)
    client_id = await add_client(fresh_database, scopes={"projects:read"})
    contact = PersonalData(PersonalData.subject_for("ana@example.org"), {"name": "Ana"})
    with receiving(Receiver()) as receiver:
        secret = add_endpoint(env, receiver.url, client_id)
        with serving(env):
            [position] = await register_organisations(fresh_database, 1)
            organisation = (await fresh_database.pool.fetchval(
                "SELECT stream_id FROM events WHERE position = $1", position))  # fmt: skip
            await run_command(
                fresh_database, AddContact(UUID(organisation), "project manager", contact)
            )
            await until(lambda: len(set(receiver.ids())) >= 2)
        received = sorted(receiver.requests, key=lambda r: orjson.loads(r.body)["data"]["position"])
    verify = verifier().verify
    registered, contact_added = (verify(secret, r.headers, r.body) for r in received[:2])
    assert registered["type"] == "Organisation.Registered"
    assert registered["data"]["position"] == position
    assert registered["data"]["stream_id"] == organisation
    assert contact_added["type"] == "Organisation.ContactAdded"
    assert contact_added["data"]["payload"]["details"] == {"$personal": str(contact.subject_id)}
    assert "metadata" not in contact_added["data"] and b"Ana" not in received[1].body


async def test_an_operator_reads_the_delivery_log_and_redelivers_with_the_same_id(
    fresh_database, fresh_database_url
):
    env = hub_env(fresh_database_url, **FAST)
    client_id = await add_client(fresh_database, scopes={"projects:read"})
    with receiving(Receiver()) as receiver:
        add_endpoint(env, receiver.url, client_id, "--event-types", "Organisation.Registered")
        with serving(env):
            [position] = await register_organisations(fresh_database, 1)
            await until(lambda: len(receiver.requests) == 1)
            await until(
                lambda: "\tdelivered\t" in run_hub("webhooks", "deliveries", env=env).stdout
            )
            log = run_hub("webhooks", "deliveries", "--state", "delivered", env=env)
            assert log.returncode == 0, log.stderr
            [line] = log.stdout.splitlines()
            delivery_id, _endpoint, shown_position, event_type, state, attempts, status = (
                line.split("\t")
            )
            assert (int(shown_position), event_type, state) == (
                position, "Organisation.Registered", "delivered",
            )  # fmt: skip
            assert int(attempts) == 1 and status == "204"
            assert run_hub("webhooks", "deliveries", "--state", "pending", env=env).stdout == ""
            again = run_hub("webhooks", "redeliver", delivery_id, env=env)
            assert again.returncode == 0 and again.stdout.strip() == f"queued {delivery_id} again"
            await until(lambda: len(receiver.requests) == 2)
            first, second = receiver.requests
            assert second.headers["webhook-id"] == first.headers["webhook-id"]
            assert second.body == first.body
    unknown = run_hub("webhooks", "redeliver", "00000000-0000-0000-0000-000000000000", env=env)
    assert unknown.returncode != 0 and "no delivery" in unknown.stderr
    garbage = run_hub("webhooks", "redeliver", "not-an-id", env=env)
    assert garbage.returncode != 0 and "is not a delivery id" in garbage.stderr
