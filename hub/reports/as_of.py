"""Reading the "as of" of a report request: a log position or a moment
(``hub.log_moments``: a bare date is the end of that day, a moment without a zone is UTC)."""

from __future__ import annotations

from datetime import datetime

from hub.log_moments import NotAPointOfTheLog, position_or_moment
from hub.reports.errors import invalid


def parse_as_of(text: str) -> int | datetime:
    try:
        point = position_or_moment(text)
    except NotAPointOfTheLog as error:
        raise invalid(f"--as-of: {error}") from None
    if isinstance(point, int) and point < 1:
        raise invalid("--as-of: a log position starts at 1")
    return point
