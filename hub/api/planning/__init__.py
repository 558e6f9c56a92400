"""Plan versions, work packages, deliverables and indicators; projects as of a past moment."""

from hub.api.planning.queries import PlanningQueries
from hub.api.planning.snapshot import AsOfQueries, ProjectSnapshot
from hub.api.planning.types import Deliverable, Indicator, PlanVersion, WorkPackage

QUERIES: tuple[type, ...] = (PlanningQueries, AsOfQueries)
TYPES: tuple[type, ...] = (Deliverable, PlanVersion, WorkPackage, Indicator, ProjectSnapshot)
