"""Scope checks shared by resolvers. Tenancy rules (organisation, named projects) build on
``Caller``; every list and subscription filters through ``visible_stream_types``."""

from __future__ import annotations

from hub.api.context import Caller, Info
from hub.api.errors import Forbidden

FINANCE_STREAM_TYPES = frozenset({"PartnerReport", "Payment", "Audit", "Evidence"})
PRIVATE_STREAM_TYPES = frozenset({"DataSubject"})


def require(info: Info, scope: str) -> Caller:
    caller = info.context.caller
    if not caller.has(scope):
        raise Forbidden(f"this needs the scope {scope}", scope=scope)
    return caller


def hidden_stream_types(caller: Caller) -> frozenset[str]:
    """Stream types whose events the caller may not see in feeds and pages."""
    hidden: set[str] = set()
    if not caller.has("finance:read"):
        hidden |= FINANCE_STREAM_TYPES
    if not caller.has("audit:read"):
        hidden |= PRIVATE_STREAM_TYPES
    return frozenset(hidden)
