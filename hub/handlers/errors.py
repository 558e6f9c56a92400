"""Errors of the command side that are not business rules of one aggregate."""

from __future__ import annotations

from uuid import UUID

from domain.errors import DomainError


class AggregateNotFound(DomainError):
    """The command names a stream that does not exist (or is of another type)."""

    rule = "not_found"

    def __init__(self, stream_type: str, stream_id: UUID) -> None:
        super().__init__(f"no {stream_type} {stream_id}")
        self.stream_type, self.stream_id = stream_type, stream_id


class AggregateAlreadyExists(DomainError):
    """The command would create a stream that already exists."""

    rule = "already_exists"

    def __init__(self, stream_type: str, stream_id: UUID) -> None:
        super().__init__(f"{stream_type} {stream_id} already exists")
        self.stream_type, self.stream_id = stream_type, stream_id


class UnknownCommand(Exception):
    """No handler is registered for this command type (a programming error)."""
