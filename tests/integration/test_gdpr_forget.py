"""`hub gdpr forget`: crypto-shredding a person end to end, through the command line."""

import asyncio
from uuid import uuid4

import pytest

from domain.organisation import Organisation
from domain.personal_data import PersonalData
from hub import commands as c
from hub.chain import verify_chain
from hub.database import Database
from hub.eventstore import EventStore
from hub.keyring import SubjectForgotten
from tests.e2e.hub_process import hub_env, run_hub
from tests.integration.command_fixtures import running_project


async def test_forgetting_a_person_erases_their_data_and_the_chain_still_verifies(
    database: Database,
) -> None:
    story = await running_project(database)
    email = f"ana.{uuid4().hex[:6]}@lagrainerie.net"
    ana = PersonalData(PersonalData.subject_for(email), {"name": "Ana", "email": email})
    await story.run(c.AddContact(story.partner_id, "finance officer", ana))
    done = await asyncio.to_thread(
        run_hub, "gdpr", "forget", str(ana.subject_id), env=hub_env(database.dsn)
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") == 1 and str(ana.subject_id) in done.stdout
    organisation = await story.bus.repository.get(Organisation, story.partner_id)
    assert organisation.contacts[ana.subject_id][1] == PersonalData(ana.subject_id, None)
    forgotten = await EventStore(database.pool, ()).read_stream(str(ana.subject_id))
    assert [(e.event_type, e.payload) for e in forgotten] == [
        ("DataSubject.Forgotten", {"subject_id": str(ana.subject_id)})
    ]
    async with database.pool.acquire() as connection:
        assert (await verify_chain(connection)).ok
    with pytest.raises(SubjectForgotten):
        await story.run(c.AddContact(story.partner_id, "director", ana))


async def test_forgetting_an_unknown_person_exits_1_with_a_clear_message(
    database: Database,
) -> None:
    subject = uuid4()
    done = await asyncio.to_thread(
        run_hub, "gdpr", "forget", str(subject), env=hub_env(database.dsn)
    )
    assert done.returncode == 1
    assert f"no personal data is held for subject {subject}" in done.stderr
    assert await EventStore(database.pool, ()).read_stream(str(subject)) == []


async def test_forgetting_twice_records_the_erasure_once(database: Database) -> None:
    story = await running_project(database)
    ana = PersonalData(uuid4(), {"name": "Ana"})
    await story.run(c.AddContact(story.partner_id, "director", ana))
    first = await story.run(c.ForgetDataSubject(ana.subject_id))
    again = await story.run(c.ForgetDataSubject(ana.subject_id))
    assert (again.stream_version, again.position) == (1, first.position)
