"""The console's routes under /console, with its session and its shared pieces."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry import Schema

from hub.api.response_cache import ResponseCache
from hub.api.view import READ_MODELS
from hub.console import audit_pages, forms, login, overview, project_page, report_builder
from hub.console.language import choose_language
from hub.console.schema import console_schema
from hub.console.session import session_middleware
from hub.observability.tracing import Tracing
from hub.settings import Settings


@dataclass(frozen=True)
class Console:
    schema: Schema
    settings: Settings
    # The console's own answers kept per log position, like the API's (hub.api.view).
    responses: ResponseCache = field(default_factory=lambda: ResponseCache(READ_MODELS))


class ConsoleScope:
    """Puts the console's shared pieces in the request scope (``scope["hub.console"]``)."""

    def __init__(self, app: ASGIApp, console: Console) -> None:
        self.app, self.console = app, console

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope["hub.console"] = self.console
        await self.app(scope, receive, send)


def console_mount(settings: Settings, tracing: Tracing | None = None) -> Mount:
    project = "/projects/{project_id:uuid}"
    routes = [
        Route("/", overview.projects_overview),
        Route("/login", login.login),
        Route("/callback", login.callback),
        Route("/logout", login.logout, methods=["POST"]),
        Route("/signed-out", login.signed_out),
        Route("/language/{lang}", choose_language),
        Route(project, project_page.project_page),
        Route(project + "/as-of", audit_pages.project_as_of),
        Route(project + "/reports", report_builder.report_builder),
        Route("/reports/{kind}.{format}", report_builder.download),
        Route(
            project + "/deliverables/transition",
            forms.deliverable_transition,
            methods=["GET", "POST"],
        ),
        Route(project + "/expenditure", forms.expenditure_line, methods=["GET", "POST"]),
        Route(project + "/deductions", forms.control_decision, methods=["GET", "POST"]),
        Route(project + "/activities/new", forms.new_activity, methods=["GET", "POST"]),
        Route("/audit/entities/{entity_id:uuid}", audit_pages.entity_history),
        Route("/audit/entity", audit_pages.entity_lookup),
        Route("/audit/log", audit_pages.log_explorer),
        Route("/audit/checkpoint", audit_pages.checkpoint, methods=["GET", "POST"]),
        Mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static"),
    ]
    middleware = [
        Middleware(ConsoleScope, console=Console(console_schema(settings, tracing), settings)),
        session_middleware(settings),
    ]
    return Mount("/console", routes=routes, middleware=middleware)
