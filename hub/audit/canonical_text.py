"""Canonical JSON (hub/canonical.py) from the text PostgreSQL prints for a jsonb value.

Verification reads ``payload::text`` rather than decoded values: orjson parses the text and
re-encodes it canonically in one pass each way. For every value the log can hold (no
floats, integers within 64 bits) this is byte for byte ``hub.canonical.canonical_json``;
``reference_canonical`` is the definition of docs/event-log.md, used when the fast form
does not give the stored hash, so a value orjson renders differently is never misjudged.
"""

from __future__ import annotations

import json

import orjson

_SORTED = orjson.OPT_SORT_KEYS


def fast_canonical(text: str) -> bytes:
    """Canonical JSON of a jsonb text; raises ValueError if orjson cannot read it.

    ``hub.audit.row_hashes.first_unrecomputed`` inlines these two calls in its loop.
    """
    return orjson.dumps(orjson.loads(text), option=_SORTED)


def reference_canonical(text: str) -> bytes:
    """The documented encoding: sorted keys, no spaces, UTF-8 characters as themselves."""
    value = json.loads(text)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
