"""Each entity's audit trail: which events touched it, who, when, on whose behalf."""

QUERIES: tuple[type, ...] = ()
TYPES: tuple[type, ...] = ()
