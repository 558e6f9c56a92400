"""The request context every resolver sees: who calls, in which language, with which loaders.

``Caller`` is the seam with authorization: the OAuth layer builds it from a validated token;
in development without a token, the development caller stands in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeAlias

import strawberry

from auth.scopes import SCOPES
from hub.database import Database
from hub.settings import Settings

ALL_SCOPES = frozenset(SCOPES)


@dataclass(frozen=True)
class Caller:
    subject: str
    organisation: str | None
    scopes: frozenset[str]
    client_id: str | None = None
    projects: frozenset[str] | None = None  # an auditor's grant limited to named projects

    def has(self, scope: str) -> bool:
        return scope in self.scopes or "admin" in self.scopes


DEVELOPMENT_CALLER = Caller("user:development", None, ALL_SCOPES, client_id="development")


@dataclass
class Context:
    database: Database
    settings: Settings
    caller: Caller
    lang: str = "en"
    request: Any = None
    loaders: dict[str, Any] = field(default_factory=dict)
    # False once a resolver read something that changes without the log moving (webhook
    # deliveries, calendar feeds): the answer must not be kept per log position.
    keepable: bool = True


Info: TypeAlias = strawberry.Info[Context, None]
