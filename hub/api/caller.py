"""Who is calling: from the authenticated user the OAuth layer put on the connection, or,
in development with no credentials, the development caller."""

from __future__ import annotations

from starlette.requests import HTTPConnection

from hub.api.context import DEVELOPMENT_CALLER, Caller
from hub.settings import Settings


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
    return anonymous(settings)


def anonymous(settings: Settings) -> Caller:
    """A request without a token in production: the scopes settings open to everyone."""
    return Caller("anonymous", None, frozenset(settings.graphql_anonymous_scopes.split()))


def must_authenticate(connection: HTTPConnection, settings: Settings) -> bool:
    """Whether the request needs a bearer token it does not carry."""
    user = connection.scope.get("user")
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    return not authenticated and settings.environment == "production" and not (
        settings.graphql_anonymous_scopes.strip()
    )
