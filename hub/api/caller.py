"""Who is calling: from the authenticated user the OAuth layer put on the connection, or,
in development with no credentials, the development caller."""

from __future__ import annotations

from starlette.requests import HTTPConnection

from hub.api.context import DEVELOPMENT_CALLER, Caller
from hub.settings import Settings

ANONYMOUS = Caller("anonymous", None, frozenset())


def caller_from(connection: HTTPConnection, settings: Settings) -> Caller:
    user = connection.scope.get("user")
    if user is not None and getattr(user, "is_authenticated", False):
        return Caller(
            subject=user.subject,
            organisation=getattr(user, "organisation", None),
            scopes=frozenset(getattr(user, "scopes", ())),
            client_id=getattr(user, "client_id", None),
            projects=getattr(user, "projects", None),
        )
    if settings.environment == "development":
        return DEVELOPMENT_CALLER
    return ANONYMOUS
