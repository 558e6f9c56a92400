"""The console reads and writes through the hub's GraphQL schema (its own instance of it,
``hub.console.schema``), executed in-process with the signed-in person as the caller: the
same scopes, tenancy and command handlers as the API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from strawberry import Schema
from strawberry.types import ExecutionResult

from hub.api.caller import caller_from
from hub.api.context import Context
from hub.api.response_cache import ResponseCache
from hub.console.language import language


async def _execute(
    console: Any, context: Context, document: str, variables: dict[str, Any] | None
) -> ExecutionResult:
    """Run the document as the caller; a query is answered from the kept responses while
    the log has not moved (the same rules as the API's response cache)."""
    schema: Schema = console.schema
    responses: ResponseCache = console.responses

    async def run() -> ExecutionResult:
        return await schema.execute(document, variable_values=variables, context_value=context)

    if not context.settings.graphql_response_cache or not responses.is_query(document, None):
        return await run()
    key = responses.key(document, None, variables, context.caller, context.lang)
    return await responses.answer(context.database.pool, key, run, lambda: context.keepable)


@dataclass(frozen=True)
class Answer:
    data: dict[str, Any]
    errors: list[dict[str, Any]] = field(default_factory=list)

    def error_for(self, root_field: str) -> dict[str, Any] | None:
        """The first error under a top-level field (its code, message and extensions)."""
        for error in self.errors:
            if error["path"] and error["path"][0] == root_field:
                return error
        return None

    @property
    def first_error(self) -> dict[str, Any] | None:
        return self.errors[0] if self.errors else None


async def execute(
    request: Request, document: str, variables: dict[str, Any] | None = None
) -> Answer:
    state, settings = request.app.state, request.app.state.settings
    context = Context(
        database=state.database,
        settings=settings,
        caller=caller_from(request, settings),
        lang=language(request),
        request=request,
        loaders={"event_feed": state.event_feed},
    )
    console = request.scope["hub.console"]
    result = await _execute(console, context, document, variables)
    errors = [
        {
            "message": error.message,
            "path": list(error.path or []),
            "code": (error.extensions or {}).get("code", "INTERNAL"),
            "extensions": dict(error.extensions or {}),
        }
        for error in result.errors or []
    ]
    return Answer(result.data or {}, errors)
