"""Stable error codes in ``extensions.code``, and masking of anything unexpected.

CONFLICT, NOT_FOUND, INVALID_INPUT, FORBIDDEN, UNAUTHENTICATED, RULE_VIOLATION (with the
rule's name in ``extensions.rule``), UNAVAILABLE (retryable), PERSISTED_QUERY_NOT_FOUND,
GRAPHQL_VALIDATION_FAILED, INTERNAL (masked in production).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import asyncpg
import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from domain.errors import DomainError
from hub.outage import is_outage
from hub.store_errors import ConcurrencyError, EventStoreError, InvalidAppend, StoreUnavailable

log = logging.getLogger(__name__)


class ApiError(Exception):
    code = "INTERNAL"

    def __init__(self, message: str, **extensions: object) -> None:
        super().__init__(message)
        self.extensions = extensions


class NotFound(ApiError):
    code = "NOT_FOUND"


class Forbidden(ApiError):
    code = "FORBIDDEN"


class Unauthenticated(ApiError):
    code = "UNAUTHENTICATED"


class InvalidInput(ApiError):
    code = "INVALID_INPUT"


class Unavailable(ApiError):
    """Try again shortly: nothing is wrong with the request."""

    code = "UNAVAILABLE"

    def __init__(self, message: str) -> None:
        super().__init__(message, retryable=True)


def classify(error: BaseException | None) -> tuple[str, dict[str, object]]:
    """The code (and extra extensions) for an exception raised while resolving."""
    if isinstance(error, ApiError):
        return error.code, dict(error.extensions)
    if isinstance(error, ConcurrencyError):
        return "CONFLICT", {"currentVersion": error.actual}
    if isinstance(error, StoreUnavailable):
        return "UNAVAILABLE", {"retryable": True}
    if isinstance(error, InvalidAppend):
        return "INVALID_INPUT", {}
    if isinstance(error, EventStoreError):
        return error.code, {}
    if isinstance(error, DomainError):
        rule = getattr(error, "rule", "unnamed_rule")
        if rule in ("invalid_command", "float_not_allowed"):
            return "INVALID_INPUT", {"rule": rule}
        return "RULE_VIOLATION", {"rule": rule}
    if isinstance(error, TimeoutError | asyncpg.UndefinedTableError):
        # a read model not built yet (first start, new database) answers once it is
        return "UNAVAILABLE", {"retryable": True}
    if isinstance(
        error, asyncpg.CharacterNotInRepertoireError | asyncpg.UntranslatableCharacterError
    ):
        return "INVALID_INPUT", {}  # a NUL byte or the like, which PostgreSQL text cannot hold
    if is_outage(error):  # the database restarting, unreachable or cancelling on timeout
        return "UNAVAILABLE", {"retryable": True}
    return "INTERNAL", {}


class ErrorCodes(SchemaExtension):
    """Give every error a stable code; in production, hide what an INTERNAL error says."""

    mask_internal = False

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not getattr(result, "errors", None):
            return
        result.errors = [self._coded(error) for error in result.errors]

    def _coded(self, error: GraphQLError) -> GraphQLError:
        if error.extensions and "code" in error.extensions:
            return error
        original = error.original_error
        if original is None:
            code, extra = "GRAPHQL_VALIDATION_FAILED", {}
        elif error.path is None and not isinstance(original, ApiError):
            # a variable that does not coerce (a bad Date, Decimal or BigInt): the request's
            # fault, found before any resolver ran
            code, extra = "INVALID_INPUT", {}
        else:
            code, extra = classify(original)
        message = error.message
        if code == "INTERNAL":
            log.error("internal error in %s", error.path, exc_info=original)
            if self.mask_internal:
                message = "Internal error"
        return GraphQLError(
            message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            original_error=None if code == "INTERNAL" and self.mask_internal else original,
            extensions={**(error.extensions or {}), "code": code, **extra},
        )


class MaskedErrorCodes(ErrorCodes):
    mask_internal = True


class CodedSchema(strawberry.federation.Schema):
    """A schema that leaves error logging to ``ErrorCodes``: an error the caller caused
    (validation, refusal, conflict) is an answer, not a fault of the hub, so only INTERNAL
    errors reach the log at error level and a log line with a traceback always means a bug."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            log.debug("graphql error: %s", error.message)
