"""Assembles the subgraph schema from the feature folders, with its limits and error codes."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import strawberry
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from hub.api import (
    activities,
    audit,
    calendar,
    checkpoints,
    directory,
    evidence,
    finance,
    mutations,
    planning,
    reports,
    webhooks,
)
from hub.api.errors import CodedSchema, ErrorCodes, MaskedErrorCodes
from hub.api.log.queries import LogQueries
from hub.api.log.subscriptions import LogSubscriptions
from hub.api.scalars import SCALARS
from hub.settings import Settings

FEATURES = (
    directory,
    planning,
    finance,
    activities,
    audit,
    checkpoints,
    reports,
    webhooks,
    calendar,
    evidence,
)
QUERY_TYPES: tuple[type, ...] = (LogQueries, *(q for f in FEATURES for q in f.QUERIES))
EXTRA_TYPES: tuple[type, ...] = tuple(t for f in FEATURES for t in f.TYPES)
SUBSCRIPTION_TYPES: tuple[type, ...] = (LogSubscriptions,)
MUTATION_TYPES: tuple[type, ...] = (
    *mutations.MUTATIONS,
    *(m for f in FEATURES for m in getattr(f, "MUTATIONS", ())),
)


def introspection_allowed(settings: Settings) -> bool:
    if settings.graphql_introspection is not None:
        return settings.graphql_introspection
    return settings.environment == "development"


def extensions(settings: Settings) -> list[type[SchemaExtension] | Callable[[], SchemaExtension]]:
    chosen: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [
        MaskedErrorCodes if settings.environment == "production" else ErrorCodes,
        lambda: QueryDepthLimiter(max_depth=settings.graphql_max_depth),
        lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
        lambda: MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases),
    ]
    if not introspection_allowed(settings):
        chosen.append(lambda: AddValidationRules([NoSchemaIntrospectionCustomRule]))
    return chosen


def build_schema(
    settings: Settings, extra_extensions: Sequence[Callable[[], SchemaExtension]] = ()
) -> strawberry.federation.Schema:
    mutation = merge_types("Mutation", MUTATION_TYPES) if MUTATION_TYPES else None
    return CodedSchema(
        query=merge_types("Query", QUERY_TYPES),
        mutation=mutation,
        subscription=merge_types("Subscription", SUBSCRIPTION_TYPES),
        types=EXTRA_TYPES,
        extensions=[*extensions(settings), *extra_extensions],
        config=StrawberryConfig(scalar_map=SCALARS),
    )
