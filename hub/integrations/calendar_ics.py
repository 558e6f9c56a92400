"""Entries as an iCalendar (RFC 5545) document.

All-day entries are DATE values (no zone: a day is the same day everywhere); timed entries
carry their zone's TZID, and the document holds a VTIMEZONE for every zone it uses, so a
client in Québec converts the Paris cut-offs itself. X-WR-TIMEZONE names the hub's zone
for clients that show a calendar in one zone.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from icalendar import Calendar, Event

from hub import __version__
from hub.integrations.calendar_entries import Entry

PRODUCT = f"-//Occitanie en scene//Cooperation projects hub {__version__}//EN"
REFRESH = timedelta(hours=1)


def calendar(name: str, entries: Iterable[Entry]) -> bytes:
    document = Calendar()
    document.add("prodid", PRODUCT)
    document.add("version", "2.0")
    document.add("calscale", "GREGORIAN")
    document.add("method", "PUBLISH")
    document.add("name", name)
    document.add("x-wr-calname", name)
    document.add("x-wr-timezone", "Europe/Paris")
    document.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    for entry in entries:
        document.add_component(_event(entry))
    document.add_missing_timezones()
    return bytes(document.to_ical())


def _event(entry: Entry) -> Event:
    event = Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", entry.stamp)
    event.add("dtstart", entry.start)
    if entry.end is not None:
        event.add("dtend", entry.end)
    event.add("summary", entry.summary)
    event.add("categories", [entry.category])
    event.add("transp", "TRANSPARENT")
    if entry.description:
        event.add("description", entry.description)
    if entry.location:
        event.add("location", entry.location)
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    return event
