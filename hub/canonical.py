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
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, str):
        if "\x00" in value:
            raise NotCanonicalJSON(f"{path}: NUL characters are not allowed")
        return
    if isinstance(value, int):
        if not -(2**63) <= value < 2**63:
            raise NotCanonicalJSON(f"{path}: integer outside 64 bits")
        return
    if isinstance(value, float):
        raise NotCanonicalJSON(f"{path}: floats are not allowed, use a decimal string")
    if isinstance(value, list):
        for index, item in enumerate(value):
            check_json(item, f"{path}[{index}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise NotCanonicalJSON(f"{path}: object keys must be strings")
            check_json(key, path)
            check_json(item, f"{path}.{key}")
        return
    raise NotCanonicalJSON(f"{path}: {type(value).__name__} is not JSON")


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
    document = {
        "stream_id": stream_id,
        "stream_type": stream_type,
        "event_type": event_type,
        "schema_version": schema_version,
        "payload": payload,
        "metadata": metadata,
    }
    return hashlib.sha256(canonical_json(document)).digest()


def micros_since_epoch(moment: datetime) -> int:
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def chain_hash(
    prev_hash: bytes, position: int, recorded_at: datetime, stream_version: int, content: bytes
) -> bytes:
    header = struct.pack(">qqi", position, micros_since_epoch(recorded_at), stream_version)
    return hashlib.sha256(prev_hash + header + content).digest()
