"""What a break in the chain means: which kind of tampering, and which check caught it.

A stored hash covers its row and, through ``prev_hash``, everything before it. So:

- **changed**: the link from the previous row holds but the row's own hash does not
  recompute (payload, metadata, recorded_at, stream_version… edited in place);
- **deleted**: a position is missing, or a row sits at a later position than the one its
  hash was computed for (the rows after a deletion were renumbered);
- **reordered**: ``prev_hash`` is the hash of a row stored at another position;
- **forged**: a row whose hash recomputes but that the next row was not chained to (it was
  written by someone who knows the algorithm but could not rewrite what follows);
- **stream_version_gap / stream_version_repeat / time_reversed**: every hash recomputes yet
  a stream skips or repeats a version, or time goes back: the chain was rewritten from here
  with recomputed hashes (a forged insertion, a deletion or an edit);
- **rewritten / truncated**: the log no longer has the head hash an auditor kept. A rewrite
  that keeps versions and times consistent is only caught this way (or by a signed
  checkpoint), and then the place of the change is somewhere at or before that position.
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from hub.audit.chain_walk import Break, ExpectedHead
from hub.audit.row_hashes import ROW_COLUMNS, micros_1970, row_hash

_SEARCH_SHIFT = 16
_ROW_AT = f"SELECT {ROW_COLUMNS} FROM events WHERE position = $1"


@dataclass(frozen=True)
class Finding:
    position: int  # the first broken position
    kind: str
    check: str  # the check that caught it
    detail: str

    def as_json(self) -> dict[str, object]:
        return {
            "position": self.position,
            "kind": self.kind,
            "check": self.check,
            "detail": self.detail,
        }


async def diagnose(connection: asyncpg.Connection, found: Break) -> Finding:
    """Classify ``found``; may query the log (inside the walk's snapshot)."""
    if found.check == "position":
        stored = found.row[0] if found.row is not None else None
        return Finding(
            found.position,
            "deleted",
            "position",
            f"position {found.position} is missing (next stored position is {stored})",
        )
    if found.check == "prev_link":
        return await _unlinked(connection, found)
    if found.check == "hash":
        return await _changed(connection, found)
    if found.check == "stream_version":
        return _stream_version(found)
    if found.check == "time_order":
        return Finding(
            found.position,
            "time_reversed",
            "time_order",
            f"recorded_at of event {found.position} is earlier than the previous event's, "
            "yet every hash recomputes: the chain was rewritten from here",
        )
    return Finding(
        found.position,
        "rewritten",
        "expected_head",
        f"the hash at position {found.position} is not the one kept: history up to here was "
        "rewritten with recomputed hashes (the change is at or before this position)",
    )


def truncated(head: ExpectedHead, last_position: int) -> Finding:
    return Finding(
        last_position + 1,
        "truncated",
        "expected_head",
        f"the log ends at position {last_position} but position {head.position} was kept: "
        "events at the end were deleted",
    )


async def _unlinked(connection: asyncpg.Connection, found: Break) -> Finding:
    assert found.row is not None
    position, prev_hash = found.position, found.row[9]
    elsewhere = await connection.fetchval(
        "SELECT position FROM events WHERE hash = $1 ORDER BY position LIMIT 1", prev_hash
    )
    if elsewhere is not None:
        return Finding(
            position,
            "reordered",
            "prev_link",
            f"event {position} is chained to the event now stored at position {elsewhere}: "
            "events were moved",
        )
    if row_hash(found.row) == found.row[10] and position == 1:
        return Finding(
            1,
            "forged",
            "prev_link",
            "event 1 has a hash that recomputes but is not chained to the genesis hash",
        )
    if row_hash(found.row) == found.row[10]:
        return Finding(
            position - 1,
            "forged",
            "prev_link",
            f"event {position - 1} has a hash that recomputes, but event {position} was "
            f"chained to a different event: event {position - 1} is a forged replacement",
        )
    for shift in range(1, _SEARCH_SHIFT + 1):
        if row_hash(found.row, position=position + shift) == found.row[10]:
            return Finding(
                position,
                "deleted",
                "prev_link",
                f"the event at position {position} was chained at position {position + shift}: "
                f"{shift} event(s) before it were deleted and the positions renumbered",
            )
    return Finding(
        position,
        "changed",
        "prev_link",
        f"prev_hash of event {position} matches no stored event and its hash does not "
        "recompute: its prev_hash (or several columns) was altered",
    )


async def _changed(connection: asyncpg.Connection, found: Break) -> Finding:
    assert found.row is not None
    row, position = found.row, found.position
    altered = "payload, metadata or another hashed column (the content hash differs)"
    following = await connection.fetchrow(_ROW_AT, position + 1)
    neighbour_times = {found.previous_micros}
    if following is not None:
        neighbour_times.add(micros_1970(following))
    neighbour_times.discard(None)
    if any(row_hash(row, micros=t) == row[10] for t in neighbour_times if t != micros_1970(row)):
        altered = "recorded_at (the hash recomputes with a neighbouring event's time)"
    elif row[3] != found.stream_base + 1 and (
        row_hash(row, stream_version=found.stream_base + 1) == row[10]
    ):
        altered = f"stream_version (stored {row[3]}, chained as {found.stream_base + 1})"
    return Finding(
        position,
        "changed",
        "hash",
        f"the hash of event {position} does not recompute while its link holds: {altered} "
        "was altered",
    )


def _stream_version(found: Break) -> Finding:
    assert found.row is not None
    stream_id, version, base = found.row[1], found.row[3], found.stream_base
    kind = "stream_version_repeat" if version <= base else "stream_version_gap"
    return Finding(
        found.position,
        kind,
        "stream_version",
        f"stream {stream_id} goes from version {base} to {version} at position "
        f"{found.position}, yet every hash recomputes: the chain was rewritten from here "
        "(a forged or removed event, or an altered version, with the hashes after it "
        "recomputed)",
    )
