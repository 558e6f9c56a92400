"""One reading of "a point of the log" for reports, replays and exports."""

from datetime import UTC, datetime, timedelta

import pytest

from hub.log_moments import NotAPointOfTheLog, position_or_moment


def test_digits_are_a_position_and_a_date_is_the_end_of_that_day():
    assert position_or_moment(" 42 ") == 42
    end = position_or_moment("2024-06-30")
    assert end == datetime(2024, 6, 30, 23, 59, 59, 999999, tzinfo=UTC)


def test_a_moment_keeps_its_offset_and_a_naive_one_is_utc_unless_an_offset_is_required():
    paris = position_or_moment("2024-06-30T10:00:00+02:00")
    assert paris == datetime(2024, 6, 30, 8, 0, tzinfo=UTC)
    assert paris.utcoffset() == timedelta(hours=2)
    assert position_or_moment("2024-06-30T10:00:00") == datetime(2024, 6, 30, 10, tzinfo=UTC)
    with pytest.raises(NotAPointOfTheLog, match="needs a UTC offset"):
        position_or_moment("2024-06-30T10:00:00", offset_required=True)
    assert position_or_moment("2024-06-30", offset_required=True).tzinfo == UTC
    assert position_or_moment("2024-06-30T10:00:00Z").utcoffset() == timedelta(0)


@pytest.mark.parametrize("text", ["yesterday", "2024-13-01", "", "-3", "12 June"])
def test_anything_else_is_refused_with_what_was_expected(text):
    with pytest.raises(NotAPointOfTheLog, match="expected a position or an ISO 8601 time"):
        position_or_moment(text)
