"""An in-memory keyring for the codec tests: one AES-256 key per person."""

import os
from uuid import UUID


class MemoryKeyring:
    def __init__(self) -> None:
        self.keys: dict[UUID, bytes] = {}

    def key_for(self, subject_id: UUID) -> bytes | None:
        return self.keys.get(subject_id)

    def add(self, subject_id: UUID) -> None:
        self.keys[subject_id] = os.urandom(32)

    def forget(self, subject_id: UUID) -> None:
        del self.keys[subject_id]
