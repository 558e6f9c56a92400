"""Setting the stage for a scenario: a hub process on a database, the world seeded through
its mutations, and the partner systems that will send the load."""

from __future__ import annotations

from dataclasses import dataclass

from tests.e2e.graphql_client import GraphQLClient
from tests.reliability.hub_service import (
    MANAGER_SCOPES,
    PARTNER_SCOPES,
    HubProcess,
    PartnerSystem,
    register_system,
)
from tests.reliability.world import World, build_world

MANAGER_ORGANISATION = "occitanie-en-scene"


@dataclass
class Stage:
    hub: HubProcess
    world: World
    systems: list[PartnerSystem]
    manager: PartnerSystem


async def graphql_as(hub: HubProcess, system: PartnerSystem) -> GraphQLClient:
    import httpx

    async with httpx.AsyncClient() as http:
        token = await system.fetch_token(http, hub.base)
    return GraphQLClient(hub.base.removeprefix("http://"), {"authorization": f"Bearer {token}"})


async def set_stage(hub: HubProcess, database_url: str, clients: int = 32) -> Stage:
    """Seed the world as a manager, then register ``clients`` systems: a quarter managers,
    the rest split between the lead partner and two partners."""
    tag = hub.port
    manager = await register_system(
        database_url, f"manager-{tag}", MANAGER_ORGANISATION, MANAGER_SCOPES
    )
    world = await build_world(await graphql_as(hub, manager), f"REL{tag}")
    kinds = [
        ("manager", MANAGER_ORGANISATION, MANAGER_SCOPES),
        ("lead", world.lead, PARTNER_SCOPES),
        ("teatro", world.teatro, PARTNER_SCOPES),
        ("cirque", world.cirque, PARTNER_SCOPES),
    ]
    systems = []
    for number in range(clients):
        kind, organisation, scopes = kinds[number % len(kinds)]
        name = f"{kind}-{tag}-{number}"
        systems.append(await register_system(database_url, name, organisation, scopes))
    return Stage(hub, world, systems, manager)
