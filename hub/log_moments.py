"""How people name a point of the log on the command line and in URLs: a position (digits)
or a moment in ISO 8601. A bare date means the end of that day, so "as of 2024-06-30"
includes what was recorded on the 30th; a moment without an offset is UTC unless the caller
asks for an explicit offset (an export an auditor will sign off should say which zone)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time


class NotAPointOfTheLog(ValueError):
    """The text is neither a position nor an ISO 8601 date or time (or lacks a needed offset)."""


def position_or_moment(text: str, *, offset_required: bool = False) -> int | datetime:
    value = text.strip()
    if value.isdigit():
        return int(value)
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time.max, tzinfo=UTC)
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise NotAPointOfTheLog(
            f"{text!r} is neither a log position nor a moment: expected a position or an "
            "ISO 8601 time (or date)"
        ) from None
    if moment.tzinfo is None:
        if offset_required:
            raise NotAPointOfTheLog(f"{text!r} needs a UTC offset (e.g. Z or +02:00)")
        moment = moment.replace(tzinfo=UTC)
    return moment
