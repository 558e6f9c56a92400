"""The JSON body of a delivery, built from the stored event (so every retry sends the same
bytes).

Standard Webhooks shape: ``{"type", "timestamp", "data"}``; ``data`` is the event's
envelope and payload. Personal data never leaves in a webhook: each encrypted envelope is
replaced by ``{"$personal": "<subject id>"}``, the id alone (the hub never sends decrypted
personal data, nor ciphertext a partner has no use for). Metadata (actors, clients) is left
out too.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson

from hub.event_codec import PERSONAL


def redacted(value: Any) -> Any:
    if isinstance(value, dict):
        if PERSONAL in value:
            return {PERSONAL: value[PERSONAL]}
        return {key: redacted(item) for key, item in value.items()}
    if isinstance(value, list):
        return [redacted(item) for item in value]
    return value


def delivery_body(event: dict[str, Any], project_id: str | None) -> bytes:
    recorded_at: datetime = event["recorded_at"]
    data = {
        "position": event["position"],
        "stream_id": event["stream_id"],
        "stream_type": event["stream_type"],
        "stream_version": event["stream_version"],
        "event_type": event["event_type"],
        "schema_version": event["schema_version"],
        "recorded_at": recorded_at.isoformat(),
        "project_id": project_id,
        "payload": redacted(event["payload"]),
    }
    document = {"type": event["event_type"], "timestamp": recorded_at.isoformat(), "data": data}
    return orjson.dumps(document, option=orjson.OPT_SORT_KEYS)
