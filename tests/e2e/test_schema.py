"""The published contract: graphql/schema.graphql is exactly what the code serves."""

from __future__ import annotations

import re

from hub.commands_cli.schema import PUBLISHED, sdl
from hub.settings import Settings


def test_the_published_schema_matches_the_code(settings: Settings):
    assert PUBLISHED.read_text() == sdl(settings), (
        "graphql/schema.graphql is stale: run `hub schema export --output graphql/schema.graphql`"
    )


def test_the_schema_links_federation_2_and_keys_its_entities(settings: Settings):
    text = sdl(settings)
    assert text.startswith('schema @link(url: "https://specs.apollo.dev/federation/v2.')
    for entity in ("Organisation", "Project"):
        assert f'type {entity} @key(fields: "id")' in text


FINANCE_TYPES = {
    "BudgetLine",
    "PartnerBudgetSummary",
    "PartnerReport",
    "ExpenditureLine",
    "Payment",
}


def _named(type_node: object) -> str:
    while hasattr(type_node, "of_type"):
        type_node = type_node.of_type  # type: ignore[attr-defined]
    return type_node.name  # type: ignore[attr-defined]


def test_no_federation_entity_leads_to_finance_data(settings: Settings):
    """`_entities` answers for any id a gateway sends, so no entity may reach finance types:
    finance is read only through the finance queries, which check tenancy."""
    from hub.api.schema import build_schema

    schema = build_schema(settings)._schema
    entities = re.findall(r"^type (\w+) @key", sdl(settings), flags=re.M)
    reachable: set[str] = set()
    frontier = list(entities)
    while frontier:
        name = frontier.pop()
        if name in reachable:
            continue
        reachable.add(name)
        kind = schema.type_map[name]
        frontier += [_named(field.type) for field in getattr(kind, "fields", {}).values()]
        frontier += [member.name for member in getattr(kind, "types", ())]
    assert {"Project", "Organisation", "Deliverable", "Activity", "Scheme"} <= set(entities)
    assert not reachable & FINANCE_TYPES
    assert "PartnerReport" in schema.type_map  # the check looks for names that exist
