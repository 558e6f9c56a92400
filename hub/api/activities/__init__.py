"""Activities with participants and carbon, and La Collaborative's schemes."""

from hub.api.activities.queries import ActivityQueries
from hub.api.activities.scheme_queries import SchemeQueries
from hub.api.activities.schemes import Scheme, SchemeParticipation
from hub.api.activities.types import Activity

QUERIES: tuple[type, ...] = (ActivityQueries, SchemeQueries)
TYPES: tuple[type, ...] = (Activity, Scheme, SchemeParticipation)
