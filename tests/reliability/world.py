"""The small world the load works in: a project seeded through the mutations, its partners'
open reports, and the activities and deliverables the clients contend for."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tests.e2e.graphql_client import GraphQLClient
from tests.e2e.mutations_support import mutate, open_report, seed

if TYPE_CHECKING:
    from tests.reliability.load import Write

CONTESTED = 12
EXTRA_DELIVERABLES = ("D1.2", "D1.3", "D1.4")


@dataclass
class World:
    project: str
    lead: str
    teatro: str
    cirque: str
    reports: dict[str, str] = field(default_factory=dict)
    activities: dict[str, int] = field(default_factory=dict)
    deliverables: dict[str, int] = field(default_factory=dict)

    def contested_activity(self, chooser: random.Random) -> tuple[str, int]:
        recent = list(self.activities)[-CONTESTED:]
        activity = chooser.choice(recent)
        return activity, self.activities[activity]

    def contested_deliverable(self, chooser: random.Random) -> tuple[str, int]:
        deliverable = chooser.choice(list(self.deliverables))
        return deliverable, self.deliverables[deliverable]

    def learn(self, write: Write) -> None:
        """Keep the versions the hub reported (a conflict names the current one)."""
        known = self.activities if "activityId" in write.input else self.deliverables
        if write.state == "acked":
            if write.operation == "PartnerRecordActivity":
                self.activities[str(write.payload["id"])] = int(write.payload["version"])
            elif str(write.payload["id"]) in known:
                entity = str(write.payload["id"])
                known[entity] = max(known[entity], int(write.payload["version"]))
        elif write.code == "CONFLICT" and "currentVersion" in write.payload:
            entity = write.input.get("activityId") or write.input.get("deliverableId")
            known[str(entity)] = max(known[str(entity)], int(write.payload["currentVersion"]))


async def build_world(manager: GraphQLClient, acronym: str = "RELIABLE") -> World:
    seeded = await seed(manager, acronym)
    world = World(seeded.project, seeded.lead, seeded.teatro, seeded.cirque)
    for code in EXTRA_DELIVERABLES:
        await mutate(
            manager, "ManagerPlanDeliverable", projectId=world.project, code=code,
            title=f"Deliverable {code}", workPackage="WP1", dueOn="2024-12-31",
            responsiblePartner=world.teatro,
        )  # fmt: skip
    board = await manager.data(
        "query($p: ID!) { deliverables(projectId: $p, first: 20) { nodes { id } } }",
        {"p": world.project},
    )
    world.deliverables = {node["id"]: 1 for node in board["deliverables"]["nodes"]}
    for partner in (world.lead, world.teatro, world.cirque):
        world.reports[partner] = await open_report(manager, seeded, partner)
    return world
