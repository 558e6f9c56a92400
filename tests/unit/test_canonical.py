"""The canonical encoding the hash chain covers (docs/event-log.md)."""

from __future__ import annotations

import hashlib
import json
import struct
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hub.canonical import (
    NotCanonicalJSON,
    canonical_json,
    chain_hash,
    check_json,
    content_hash,
    content_hash_of_encoded,
    micros_since_epoch,
)

text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(text, children, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_canonical_json_equals_sorted_compact_stdlib_json(value):
    check_json(value)
    expected = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert canonical_json(value) == expected.encode()


@given(st.dictionaries(text, json_values, max_size=5), st.dictionaries(text, text, max_size=3))
def test_the_content_hash_of_pre_encoded_parts_equals_the_documented_one(payload, metadata):
    document = {
        "stream_id": "s-1",
        "stream_type": "Project",
        "event_type": "Project.Registered",
        "schema_version": 2,
        "payload": payload,
        "metadata": metadata,
    }
    documented = hashlib.sha256(
        json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    ).digest()
    assert content_hash("s-1", "Project", "Project.Registered", 2, payload, metadata) == documented
    assert documented == content_hash_of_encoded(
        "s-1",
        "Project",
        "Project.Registered",
        2,
        canonical_json(payload),
        canonical_json(metadata),
    )


def test_the_chain_hash_covers_position_time_version_and_content():
    moment = datetime(2021, 4, 1, 9, 30, 0, 123456, tzinfo=UTC)
    content = hashlib.sha256(b"x").digest()
    header = struct.pack(">qqi", 7, micros_since_epoch(moment), 3)
    assert chain_hash(bytes(32), 7, moment, 3, content) == hashlib.sha256(
        bytes(32) + header + content
    ).digest()
    assert micros_since_epoch(moment) == 1617269400123456


@pytest.mark.parametrize(
    "value",
    [1.5, {"a": float("nan")}, {"a": [1, {"b": 2.0}]}, {1: "x"}, {"a": "\x00"}, {"a": 2**64}, b"x"],
    ids=["float", "nan", "nested-float", "int-key", "nul", "huge-int", "bytes"],
)
def test_values_outside_canonical_json_are_refused(value):
    with pytest.raises(NotCanonicalJSON):
        check_json(value)
