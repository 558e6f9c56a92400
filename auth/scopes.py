"""The scopes a token can carry, and the rule that a request never widens what is allowed."""

from __future__ import annotations

from collections.abc import Iterable

SCOPES: tuple[str, ...] = (
    "projects:read",
    "finance:read",
    "activities:write",
    "finance:write",
    "plan:write",
    "audit:read",
    "webhooks:manage",
    "admin",
)


class UnknownScope(ValueError):
    """A scope name the hub does not define."""


def parse_scope(text: str | None) -> frozenset[str]:
    """The set of scopes in a space-separated scope string (RFC 6749 §3.3)."""
    return frozenset((text or "").split())


def format_scope(scopes: Iterable[str]) -> str:
    """Scopes as one string, in the canonical order of SCOPES."""
    chosen = set(scopes)
    return " ".join(name for name in SCOPES if name in chosen)


def checked(scopes: Iterable[str]) -> frozenset[str]:
    """The scopes, or UnknownScope naming the first one the hub does not define."""
    names = frozenset(scopes)
    unknown = sorted(names - set(SCOPES))
    if unknown:
        raise UnknownScope(f"unknown scope {unknown[0]!r} (known: {', '.join(SCOPES)})")
    return names


def granted(requested: str | None, allowed: frozenset[str]) -> str | None:
    """What a token request gets: everything allowed when it names no scope, exactly what it
    names when that is allowed, and None (refuse with invalid_scope) when it asks for more."""
    asked = parse_scope(requested)
    if not asked:
        return format_scope(allowed)
    if not asked <= allowed:
        return None
    return format_scope(asked)


def restrictions(projects: str | None, programme: str | None) -> dict[str, object]:
    """The limits of an auditor's grant, carried as token claims for the API to enforce:
    named projects (comma-separated) or one programme."""
    if projects and programme:
        raise ValueError("limit a grant to projects or to a programme, not both")
    if projects:
        return {"projects": sorted({p.strip() for p in projects.split(",") if p.strip()})}
    if programme:
        return {"programme": programme}
    return {}
