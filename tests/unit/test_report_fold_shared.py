"""Reports read from the same decoded events share one fold; any other events, or a log
read with a person's keys, are folded for themselves."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hub.reports.builders.context import BuildContext
from hub.reports.builders.fold import Log, LoggedEvent, fold_shared
from hub.reports.model import Text
from tests.unit.builders import pyrenart

MOMENT = datetime(2021, 6, 1, tzinfo=UTC)
TITLE = Text("Project", "Projet", "Proyecto")


def events_of(project: Any) -> tuple[LoggedEvent, ...]:
    return tuple(
        LoggedEvent(position, "Project", project.id, MOMENT, event)
        for position, event in enumerate(project.collect_events(), start=1)
    )


def context(events: tuple[LoggedEvent, ...], personal_data: bool = False) -> BuildContext:
    log = Log(len(events), "00" * 32, MOMENT, events[0].stream_id, events)
    return BuildContext("project", TITLE, log, personal_data=personal_data)


def test_the_same_event_objects_are_folded_once() -> None:
    events = events_of(pyrenart())
    first = fold_shared(events)
    assert fold_shared(tuple(events)) is first
    assert context(events).folded is first


def test_other_events_at_the_same_positions_are_folded_for_themselves() -> None:
    events = events_of(pyrenart())
    shared = fold_shared(events)
    other = events_of(pyrenart())  # equal events, other objects
    assert [e.position for e in other] == [e.position for e in events]
    assert fold_shared(other) is not shared
    earlier = fold_shared(other[:-1])
    assert earlier is not fold_shared(other)
    assert earlier.project is not None and shared.project is not None
    assert earlier.project.version == shared.project.version - 1


def test_a_log_read_with_personal_data_is_never_shared() -> None:
    events = events_of(pyrenart())
    shared = fold_shared(events)
    assert context(events, personal_data=True).folded is not shared
