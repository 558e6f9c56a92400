"""Report builders: pure functions from a folded log (``BuildContext``) to a ``Report``."""

from __future__ import annotations

from collections.abc import Callable

from hub.reports.builders import (
    collaborative,
    creative_europe,
    erasmus,
    esf,
    france_quebec,
    poctefa,
    project,
)
from hub.reports.builders.context import BuildContext
from hub.reports.model import Report

BUILDERS: dict[str, Callable[[BuildContext], Report]] = {
    "poctefa-partner": poctefa.build,
    "project": project.build,
    "creative-europe": creative_europe.build,
    "erasmus-ka2": erasmus.build,
    "esf-participants": esf.build,
    "france-quebec-mobilities": france_quebec.build,
    "collaborative-schemes": collaborative.build,
}
