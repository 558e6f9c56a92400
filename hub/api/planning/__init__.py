"""Plan versions, work packages, deliverables and indicators; projects as of a past moment."""

QUERIES: tuple[type, ...] = ()
TYPES: tuple[type, ...] = ()
