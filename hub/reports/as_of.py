"""Reading the "as of" of a report request: a log position (digits) or a moment (ISO 8601).

A bare date means the end of that day (UTC): "as of 2024-06-30" includes what was
recorded on the 30th. A moment without a zone is UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from hub.reports.errors import invalid


def parse_as_of(text: str) -> int | datetime:
    value = text.strip()
    if value.isdigit():
        position = int(value)
        if position < 1:
            raise invalid("--as-of: a log position starts at 1")
        return position
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time.max, tzinfo=UTC)
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise invalid(
            f"--as-of: {text!r} is neither a log position nor an ISO 8601 date or time"
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
