"""Webhook signing secrets at rest: AES-256-GCM under a key the hub holds outside the
database (``HUB_WEBHOOK_SECRETS_KEY``), so a copy of the database alone cannot forge
deliveries. The hub must sign with the secret itself, so a one-way hash will not do.

Each sealed secret is ``nonce (12 bytes) || ciphertext``, with the endpoint id as associated
data (a sealed secret copied onto another endpoint does not open), and the endpoint row
names the key by ``key_id`` so a wrong key gives a clear error instead of garbage.
"""

from __future__ import annotations

import base64
import hashlib
import os
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from hub.settings import Settings

_DEVELOPMENT_KEY = hashlib.sha256(b"occitanie-hub development webhook secrets").digest()


class SecretKeyMissing(Exception):
    """Production needs HUB_WEBHOOK_SECRETS_KEY to keep webhook secrets."""


class SecretUnreadable(Exception):
    """A stored secret was sealed under another key, or altered."""


class SecretBox:
    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)
        self.key_id = hashlib.sha256(b"key-id" + key).hexdigest()[:16]

    @classmethod
    def from_settings(cls, settings: Settings) -> SecretBox:
        if settings.webhook_secrets_key:
            encoded = settings.webhook_secrets_key.rstrip("=") + "="
            return cls(base64.urlsafe_b64decode(encoded))
        if settings.environment == "production":
            raise SecretKeyMissing("set HUB_WEBHOOK_SECRETS_KEY to keep webhook secrets")
        return cls(_DEVELOPMENT_KEY)

    def seal(self, endpoint_id: UUID, secret: bytes) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, secret, endpoint_id.bytes)

    def open(self, endpoint_id: UUID, key_id: str, sealed: bytes) -> bytes:
        if key_id != self.key_id:
            raise SecretUnreadable(f"secret sealed under key {key_id}, the hub holds {self.key_id}")
        try:
            return self._aead.decrypt(sealed[:12], sealed[12:], endpoint_id.bytes)
        except InvalidTag:
            raise SecretUnreadable("the stored secret does not open: altered") from None
