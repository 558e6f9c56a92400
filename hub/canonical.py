"""The canonical encoding the hash chain covers; docs/event-log.md is its specification.

content_hash = SHA-256(canonical_json({stream_id, stream_type, event_type, schema_version,
                                       payload, metadata}))
hash         = SHA-256(prev_hash || int8be(position) || int8be(recorded_at_µs)
                       || int4be(stream_version) || content_hash)

Canonical JSON: UTF-8, object keys sorted by code point, no insignificant whitespace, no
floats (money and rates are decimal strings), integers within 64 bits, no NUL characters.
"""

from __future__ import annotations

import hashlib
import struct
from datetime import UTC, datetime
from typing import Any

import orjson

GENESIS_HASH = bytes(32)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class NotCanonicalJSON(ValueError):
    """A payload or metadata value the log cannot hold (float, NUL, non-string key, …)."""


def check_json(value: Any, path: str = "$") -> None:
    """Raise NotCanonicalJSON unless ``value`` is made of str, int, bool, None, list, dict."""
    kind = type(value)
    if kind is str:
        if "\x00" in value:
            raise NotCanonicalJSON(f"{path}: NUL characters are not allowed")
    elif kind is dict:
        for key, item in value.items():
            if type(key) is not str:
                raise NotCanonicalJSON(f"{path}: object keys must be strings")
            if type(item) in _SCALARS and type(item) is not int:
                continue
            check_json(key, path)
            check_json(item, f"{path}.{key}")
    elif kind is list:
        for index, item in enumerate(value):
            check_json(item, f"{path}[{index}]")
    elif kind is int:
        if not -(2**63) <= value < 2**63:
            raise NotCanonicalJSON(f"{path}: integer outside 64 bits")
    elif kind is float:
        raise NotCanonicalJSON(f"{path}: floats are not allowed, use a decimal string")
    elif value is not None and kind is not bool:
        raise NotCanonicalJSON(f"{path}: {kind.__name__} is not JSON")


_SCALARS = (bool, type(None))


def canonical_json(value: Any) -> bytes:
    """Encode checked JSON canonically (orjson sorts keys by code point and adds no spaces)."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def content_hash(
    stream_id: str,
    stream_type: str,
    event_type: str,
    schema_version: int,
    payload: dict[str, Any],
    metadata: dict[str, Any],
) -> bytes:
    return content_hash_of_encoded(
        stream_id,
        stream_type,
        event_type,
        schema_version,
        canonical_json(payload),
        canonical_json(metadata),
    )


def content_hash_of_encoded(
    stream_id: str,
    stream_type: str,
    event_type: str,
    schema_version: int,
    payload_json: bytes,
    metadata_json: bytes,
) -> bytes:
    """The same digest from payload and metadata already in canonical JSON (keys in order)."""
    document = b"".join(
        (
            b'{"event_type":',
            canonical_json(event_type),
            b',"metadata":',
            metadata_json,
            b',"payload":',
            payload_json,
            b',"schema_version":',
            canonical_json(schema_version),
            b',"stream_id":',
            canonical_json(stream_id),
            b',"stream_type":',
            canonical_json(stream_type),
            b"}",
        )
    )
    return hashlib.sha256(document).digest()


def micros_since_epoch(moment: datetime) -> int:
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def chain_hash(
    prev_hash: bytes, position: int, recorded_at: datetime, stream_version: int, content: bytes
) -> bytes:
    header = struct.pack(">qqi", position, micros_since_epoch(recorded_at), stream_version)
    return hashlib.sha256(prev_hash + header + content).digest()
