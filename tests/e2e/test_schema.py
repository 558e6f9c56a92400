"""The published contract: graphql/schema.graphql is exactly what the code serves."""

from __future__ import annotations

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
