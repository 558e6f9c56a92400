"""Standard Webhooks signatures (https://www.standardwebhooks.com/).

Headers: ``webhook-id`` (the delivery's id, the receiver's idempotency key),
``webhook-timestamp`` (unix seconds) and ``webhook-signature``: space-separated
``v1,<base64 HMAC-SHA256(secret, id + "." + timestamp + "." + body)>``, one per live secret
(two during a rotation). Secrets are shown as ``whsec_<base64 of 32 random bytes>``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Sequence

PREFIX = "whsec_"
SECRET_BYTES = 32


class InvalidSecret(ValueError):
    """Not a ``whsec_`` secret of the hub's format."""


def new_secret() -> bytes:
    return secrets.token_bytes(SECRET_BYTES)


def format_secret(raw: bytes) -> str:
    return PREFIX + base64.b64encode(raw).decode()


def parse_secret(text: str) -> bytes:
    if not text.startswith(PREFIX):
        raise InvalidSecret(f"a webhook secret starts with {PREFIX}")
    try:
        return base64.b64decode(text[len(PREFIX) :], validate=True)
    except ValueError:
        raise InvalidSecret("a webhook secret is base64 after its prefix") from None


def signature(secret: bytes, delivery_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{delivery_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(
    secrets_: Sequence[bytes], delivery_id: str, timestamp: int, body: bytes
) -> dict[str, str]:
    return {
        "content-type": "application/json",
        "webhook-id": delivery_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(
            signature(secret, delivery_id, timestamp, body) for secret in secrets_
        ),
    }
