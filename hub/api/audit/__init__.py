"""Each entity's audit trail: which events touched it, who, when, on whose behalf."""

from hub.api.audit.queries import AuditQueries
from hub.api.audit.types import AuditEntry

QUERIES: tuple[type, ...] = (AuditQueries,)
TYPES: tuple[type, ...] = (AuditEntry,)
