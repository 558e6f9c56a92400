"""The per-row hash check verification spreads over worker processes."""

from __future__ import annotations

from hub.audit.row_hashes import first_unrecomputed, row_hash
from hub.canonical import GENESIS_HASH

STAMP = 790_000_000_000_000  # µs since 2000-01-01, as the verification connection reads it


def chained(payloads: list[str], metadata: str = '{"actor": "user:1"}') -> list[tuple]:
    """Rows (ROW_COLUMNS) of a valid chain with these payload texts, each hashed by the
    documented encoding."""
    rows, prev = [], GENESIS_HASH
    for position, payload in enumerate(payloads, start=1):
        row = (position, "s-1", "Project", position, "Project.Noted", 1, payload, metadata)
        row += (STAMP + position, prev, b"")
        digest = row_hash(row)
        rows.append((*row[:10], digest))
        prev = digest
    return rows


def test_a_valid_chain_has_no_row_whose_hash_fails():
    rows = chained([f'{{"n": {n}, "note": "réunion «{n}»\\n"}}' for n in range(5)])
    assert first_unrecomputed(rows) is None


def test_a_value_the_fast_encoding_renders_otherwise_is_judged_by_the_reference_one():
    # orjson reads an integer past 64 bits as a float; the documented encoding keeps it
    rows = chained(['{"n": 1}', '{"n": 123456789012345678901234567890}', '{"n": 3}'])
    assert first_unrecomputed(rows) is None


def test_the_first_row_whose_content_changed_is_named_by_its_position():
    rows = chained([f'{{"n": {n}}}' for n in range(6)])
    rows[2] = (*rows[2][:6], '{"n": 20}', *rows[2][7:])
    rows[4] = (*rows[4][:7], '{"actor": "user:2"}', *rows[4][8:])
    assert first_unrecomputed(rows) == 3
    assert first_unrecomputed(rows[3:]) == 5


def test_a_row_whose_json_does_not_parse_fails_rather_than_raising():
    rows = chained(['{"n": 1}', '{"n": 2}'])
    rows[1] = (*rows[1][:6], '{"n": ', *rows[1][7:])
    assert first_unrecomputed(rows) == 2


def test_the_hash_covers_the_stored_prev_hash_position_time_and_version():
    rows = chained(['{"n": 1}', '{"n": 2}'])
    for index, value in ((9, bytes(32)), (0, 7), (8, STAMP), (3, 5)):
        changed = list(rows[1])
        changed[index] = value
        assert first_unrecomputed([rows[0], tuple(changed)]) == changed[0]
