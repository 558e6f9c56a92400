"""Read models built from the event log, and the runner that keeps them up to date."""

from projections.batches import ProjectionFailed
from projections.projection import BatchHandler, Handler, Projection
from projections.rebuild import ReadModelConflict
from projections.runner import ProjectionRunner
from projections.status import (
    ProjectionStatus,
    ProjectionTimeout,
    projection_status,
    wait_for_position,
)

__all__ = [
    "BatchHandler",
    "Handler",
    "Projection",
    "ProjectionFailed",
    "ProjectionRunner",
    "ProjectionStatus",
    "ProjectionTimeout",
    "ReadModelConflict",
    "projection_status",
    "wait_for_position",
]
