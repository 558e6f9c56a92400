"""Who is calling the API: what the bearer token says, as ``request.user``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from starlette.authentication import BaseUser

from auth.scopes import parse_scope


@dataclass(frozen=True)
class Caller(BaseUser):  # type: ignore[misc]
    """subject is namespaced: ``client:<client id>`` for a partner system acting for itself,
    ``user:<user id>`` for a person signed in through an application (client_id)."""

    subject: str
    kind: Literal["client", "user"]
    client_id: str
    organisation: str
    scopes: frozenset[str]
    token_id: str
    expires_at: int
    projects: frozenset[str] | None = None  # an auditor limited to these projects
    programme: str | None = None  # … or to this programme

    @classmethod
    def from_claims(cls, claims: dict[str, Any]) -> Caller:
        subject = str(claims["sub"])
        projects = claims.get("projects")
        return cls(
            subject=subject,
            kind="user" if subject.startswith("user:") else "client",
            client_id=str(claims["client_id"]),
            organisation=str(claims["org"]),
            scopes=parse_scope(claims["scope"]),
            token_id=str(claims["jti"]),
            expires_at=int(claims["exp"]),
            projects=frozenset(projects) if projects is not None else None,
            programme=claims.get("programme"),
        )

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def display_name(self) -> str:
        return self.subject

    @property
    def identity(self) -> str:
        return self.subject

    def has_scopes(self, *scopes: str) -> bool:
        return set(scopes) <= self.scopes
