"""Cursors carry the ordering key of the row they point at, and refuse anything else."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from hub.api.errors import InvalidInput
from hub.api.pagination import cursor_key, encode_cursor


def test_a_cursor_round_trips_its_ordering_key():
    key = ["2021-06-30", str(uuid4())]
    assert cursor_key(encode_cursor(key), date.fromisoformat, UUID) == [
        date(2021, 6, 30),
        UUID(key[1]),
    ]


def test_no_cursor_means_the_first_page():
    assert cursor_key(None, str, str) == [None, None]


@pytest.mark.parametrize(
    "cursor",
    [encode_cursor(["a"]), encode_cursor(["2021-13-01", str(uuid4())]), "!!", encode_cursor(7)],
    ids=["too-short", "bad-date", "not-base64", "not-a-list"],
)
def test_a_malformed_cursor_is_invalid_input(cursor):
    with pytest.raises(InvalidInput):
        cursor_key(cursor, date.fromisoformat, UUID)
