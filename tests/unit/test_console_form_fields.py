"""The console's checks before any command runs: each error kept next to its field."""

from __future__ import annotations

import pytest

from hub.console.form_fields import Field, clean

FIELDS = (
    Field("held_on", "date"),
    Field("starts_at", "time", required=False),
    Field("ends_at", "time", required=False),
)


def test_times_of_day_pass_and_optional_ones_may_stay_empty() -> None:
    submission = clean(FIELDS, {"held_on": "2022-03-15", "starts_at": "18:00", "ends_at": ""})
    assert submission.ok
    assert submission.values == {"held_on": "2022-03-15", "starts_at": "18:00", "ends_at": ""}


@pytest.mark.parametrize("raw", ["25:00", "6pm", "18:00+02:00", "2022-03-15T18:00"])
def test_a_time_that_is_not_a_local_time_of_day_is_an_error_on_its_field(raw: str) -> None:
    submission = clean(FIELDS, {"held_on": "2022-03-15", "starts_at": raw})
    assert submission.errors == {"starts_at": "error_time"}
