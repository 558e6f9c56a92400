"""Who may create, list and revoke calendar feeds, and as whom a feed shows its calendar.

A feed needs ``projects:read``; it belongs to the caller's subject (a person or a partner
system) and shows what the caller could see when creating it. ``admin`` reaches every
subject's feeds.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from hub.api.context import Caller, Info
from hub.api.errors import NotFound
from hub.api.permissions import require
from hub.integrations.calendar_store import FeedNotFound, Viewer

SCOPE = "projects:read"


def feed_owner(info: Info) -> Caller:
    caller = require(info, SCOPE)
    info.context.keepable = False
    return caller


def owner_filter(caller: Caller) -> str | None:
    """The subject whose feeds the caller reaches; None: everyone's (admin)."""
    return None if "admin" in caller.scopes else caller.subject


def viewer_of(info: Info, caller: Caller) -> Viewer:
    return Viewer(
        subject=caller.subject,
        organisation=caller.organisation,
        scopes=caller.scopes,
        projects=caller.projects,
        programme=_programme(info),
    )


def _programme(info: Info) -> str | None:
    """A grant limited to a programme, from the authenticated user the OAuth layer set."""
    request = info.context.request
    user: Any = None if request is None else request.scope.get("user")
    programme = getattr(user, "programme", None)
    return programme if isinstance(programme, str) else None


@contextmanager
def found() -> Iterator[None]:
    try:
        yield
    except FeedNotFound as error:
        raise NotFound(str(error)) from None
