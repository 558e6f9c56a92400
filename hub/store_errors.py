"""Typed errors of the event store; the API and CLI map them to codes and exit statuses."""

from __future__ import annotations


class EventStoreError(Exception):
    code = "STORE_ERROR"


class InvalidAppend(EventStoreError):
    """The append itself is malformed (bad version, non-JSON payload, empty batch…)."""

    code = "INVALID_INPUT"


class UnknownStreamType(InvalidAppend):
    pass


class StreamTypeMismatch(InvalidAppend):
    def __init__(self, stream_id: str, given: str, stored: str) -> None:
        super().__init__(f"stream {stream_id} is a {stored}, not a {given}")
        self.stream_id, self.given, self.stored = stream_id, given, stored


class ConcurrencyError(EventStoreError):
    """The stream moved on since the caller read it: reload and decide again."""

    code = "CONFLICT"

    def __init__(self, stream_id: str, expected: int | None, actual: int) -> None:
        super().__init__(f"stream {stream_id} is at version {actual}, expected {expected}")
        self.stream_id, self.expected, self.actual = stream_id, expected, actual


class IdempotencyKeyReused(EventStoreError):
    """The key was first used for a different request; nothing was appended."""

    code = "IDEMPOTENCY_KEY_REUSED"

    def __init__(self, key: str, first_stream_id: str) -> None:
        super().__init__(
            f"idempotency key {key!r} was already used for a different request "
            f"(stream {first_stream_id})"
        )
        self.key = key


class StoreUnavailable(EventStoreError):
    """PostgreSQL could not be reached; the append may be retried with its idempotency key."""

    code = "UNAVAILABLE"
