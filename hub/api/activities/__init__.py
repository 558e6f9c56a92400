"""Activities with participants and carbon, and La Collaborative's schemes."""

QUERIES: tuple[type, ...] = ()
TYPES: tuple[type, ...] = ()
