"""The entity a payload shows after a write, read from the read models once they caught up
(null when they did not in time), and which read models each family of mutations waits for.
"""

from __future__ import annotations

from uuid import UUID

from hub.api.context import Info
from hub.api.directory import data
from hub.api.directory.types import Organisation, Project
from hub.api.loaders import loader
from hub.api.mutations.plumbing import Written

ORGANISATIONS = ("organisations",)
PARTNERSHIP = ("projects", "partnerships")
PLAN = ("projects", "plans")
DELIVERABLES = ("deliverables",)
FINANCE = ("finance",)
ACTIVITIES = ("activities",)
SCHEMES = ("schemes",)


async def organisation(info: Info, written: Written) -> Organisation | None:
    if not written.caught_up:
        return None
    row = await loader(info, data.organisations_by_id).load(written.result.stream_id)
    return None if row is None else Organisation.from_row(row)


async def project(info: Info, written: Written, project_id: UUID | None = None) -> Project | None:
    if not written.caught_up:
        return None
    key = project_id or written.result.stream_id
    row = await loader(info, data.projects_by_id).load(key)
    return None if row is None else Project.from_row(row)
