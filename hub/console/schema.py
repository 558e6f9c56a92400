"""The console's instance of the hub's GraphQL schema: the same types, limits, validation
rules and error codes as the API's, and each of the console's documents parsed and
validated once.

The console only ever runs its own constant documents (``hub.console.queries`` and the
forms' mutations) against a schema and rules fixed at start, so the first parse and
validation of a document holds for every later run of it. A document that fails either is
not kept: it is parsed and validated again each time, and refused each time.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import DocumentNode
from strawberry import Schema
from strawberry.extensions import SchemaExtension

from hub.api.schema import build_schema
from hub.observability.tracing import Tracing
from hub.settings import Settings

# far more than the console has documents: a bound, not an expected size
MAX_DOCUMENTS = 256


class KnownDocuments(SchemaExtension):
    """Reuses the parsed document and the clean validation of a document run before."""

    def __init__(self, documents: dict[str, DocumentNode], validated: set[str]) -> None:
        super().__init__()
        self.documents = documents
        self.validated = validated

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query or ""
        known = self.documents.get(query)
        if known is not None:
            context.graphql_document = known
        yield
        parsed = context.graphql_document
        if known is None and parsed is not None and len(self.documents) < MAX_DOCUMENTS:
            self.documents[query] = parsed

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query or ""
        if query in self.validated:
            context.pre_execution_errors = []  # validated before: strawberry skips it
        yield
        if context.pre_execution_errors == [] and query in self.documents:
            self.validated.add(query)


def console_schema(settings: Settings, tracing: Tracing | None = None) -> Schema:
    documents: dict[str, DocumentNode] = {}
    validated: set[str] = set()
    extensions = [tracing.graphql_extension()] if tracing else []
    return build_schema(settings, [*extensions, lambda: KnownDocuments(documents, validated)])
