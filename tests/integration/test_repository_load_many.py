"""Loading several aggregates at once: the same folds as loading each one, as of a position,
leaving out the streams that did not exist then or are of another kind."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from domain.deliverables import Deliverable
from domain.organisation import Organisation
from hub import commands as c
from hub.database import Database
from tests.integration.command_fixtures import running_project


async def test_load_many_folds_each_stream_as_loading_it_alone_does(database: Database):
    story = await running_project(database)
    repository = story.bus.repository
    ids = []
    for code in ("D1.1", "D1.2"):
        planned = await story.run(c.PlanDeliverable(
            story.project_id, code, f"Deliverable {code}", "WP1", date(2019, 6, 30),
            story.partner_id,
        ))  # fmt: skip
        ids.append(UUID(str(planned.stream_id)))
    before = int(planned.position)
    drafting = await story.run(c.StartDraftingDeliverable(ids[0], "docs/draft.odt"))

    asked = [*ids, story.partner_id, uuid4()]  # an organisation, a stream never written
    now = await repository.load_many(Deliverable, asked)
    assert set(now) == set(ids)
    assert now[ids[0]].status.value == "draft" and now[ids[0]].version == 2
    assert (await repository.load_many(Organisation, asked)).keys() == {story.partner_id}

    then = await repository.load_many(Deliverable, asked, as_of_position=before)
    assert then[ids[0]].status.value == "pending" and then[ids[0]].version == 1
    for stream_id in ids:
        alone = await repository.load(Deliverable, stream_id, as_of_position=before)
        assert alone is not None and alone.__dict__ == then[stream_id].__dict__
    assert drafting.position > before
    earlier = await repository.load_many(Deliverable, asked, as_of_position=before - 1)
    assert set(earlier) == {ids[0]}
