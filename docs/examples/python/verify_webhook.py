"""Verify a webhook from the hub (Standard Webhooks): signature, then timestamp.

Standard library only. As a program:
    WEBHOOK_SECRET=whsec_... python verify_webhook.py HEADERS.json BODY_FILE
prints the event type and exits 0, or prints why and exits 1.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import sys
import time
from collections.abc import Mapping

TOLERANCE_SECONDS = 5 * 60  # refuse deliveries older (or newer) than this: replays


class InvalidWebhook(Exception):
    pass


def verify(secret: str, headers: Mapping[str, str], body: bytes, now: float | None = None) -> dict:
    """The delivered document if the signature and timestamp hold; InvalidWebhook if not.
    ``headers`` keys are lower-case. Deduplicate on headers["webhook-id"]."""
    try:
        delivery_id = headers["webhook-id"]
        timestamp = int(headers["webhook-timestamp"])
        signatures = headers["webhook-signature"].split()
    except (KeyError, ValueError):
        raise InvalidWebhook("missing or malformed webhook headers") from None
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{delivery_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    if not any(
        version == "v1" and hmac.compare_digest(signature, expected)
        for version, _, signature in (s.partition(",") for s in signatures)
    ):
        raise InvalidWebhook("no valid signature")
    if abs((time.time() if now is None else now) - timestamp) > TOLERANCE_SECONDS:
        raise InvalidWebhook("timestamp too old or in the future")
    return json.loads(body)


def main(headers_path: str, body_path: str) -> int:
    with open(headers_path, encoding="utf-8") as file:
        headers = {name.lower(): value for name, value in json.load(file).items()}
    with open(body_path, "rb") as file:
        body = file.read()
    try:
        document = verify(os.environ["WEBHOOK_SECRET"], headers, body)
    except InvalidWebhook as error:
        print(f"invalid webhook: {error}")
        return 1
    print(f"valid {document['type']} at position {document['data']['position']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
