"""Every read model the hub maintains, in one list for the runner (and for rebuilds)."""

from __future__ import annotations

from projections.projection import Projection
from projections.read_models import (
    activities,
    audit_trail,
    deliverables,
    finance,
    organisations,
    partnerships,
    plans,
    projects,
    schemes,
)

ALL_PROJECTIONS: list[Projection] = [
    organisations.PROJECTION,
    partnerships.PROJECTION,
    projects.PROJECTION,
    plans.PROJECTION,
    deliverables.PROJECTION,
    finance.PROJECTION,
    activities.PROJECTION,
    schemes.PROJECTION,
    audit_trail.PROJECTION,
]
