"""The console's schema parses and validates a document once, and refuses a bad document
every time it is sent."""

from __future__ import annotations

from pathlib import Path

import pytest
import strawberry.schema.schema as strawberry_schema

from hub.console.schema import console_schema
from hub.settings import load_settings


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documents validated, one entry per validation run."""
    runs: list[str] = []
    validate = strawberry_schema.validate

    def counted(schema, document, rules):  # type: ignore[no-untyped-def]
        runs.append(document.loc.source.body)
        return validate(schema, document, rules)

    monkeypatch.setattr(strawberry_schema, "validate", counted)
    return runs


@pytest.fixture
def schema(tmp_path: Path):  # type: ignore[no-untyped-def]
    return console_schema(load_settings(data_dir=tmp_path))


async def test_a_document_is_validated_once_and_answered_each_time(schema, validations):
    document = "query ConsoleProbe { __typename }"
    for _ in range(3):
        result = await schema.execute(document)
        assert result.errors is None and result.data == {"__typename": "Query"}
    assert validations == [document]


async def test_a_bad_document_is_refused_every_time(schema, validations):
    document = "query ConsoleProbe { noSuchField }"
    for _ in range(2):
        result = await schema.execute(document)
        assert result.data is None
        assert "noSuchField" in result.errors[0].message
    assert validations == [document, document]


async def test_a_stricter_schema_does_not_reuse_another_schemas_validation(schema, tmp_path: Path):
    narrow = console_schema(load_settings(data_dir=tmp_path, graphql_max_aliases=1))
    document = "query ConsoleProbe { a: __typename b: __typename }"
    assert (await schema.execute(document)).errors is None
    for _ in range(2):
        result = await narrow.execute(document)
        assert result.errors and "aliases" in result.errors[0].message.lower()
