"""Who asks for a command and what it produced: the bus's input and output envelopes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from uuid import UUID

from hub.eventstore import Metadata


def _new_correlation_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class CommandContext:
    """The caller of a command; stored as metadata on every event it produces.

    ``subject`` is the authenticated principal (a token's ``sub``), ``actor`` the person
    or system named in the audit trail, ``on_behalf_of`` whom they act for.
    """

    actor: str
    organisation: str | None = None
    client_id: str | None = None
    subject: str | None = None
    correlation_id: str = field(default_factory=_new_correlation_id)
    causation_id: str | None = None
    idempotency_key: str | None = None
    on_behalf_of: str | None = None

    def metadata(self, command_name: str) -> Metadata:
        extra = {"command": command_name}
        if self.subject is not None:
            extra["subject"] = self.subject
        return Metadata(
            actor=self.actor,
            organisation=self.organisation,
            client_id=self.client_id,
            correlation_id=self.correlation_id,
            causation_id=self.causation_id,
            idempotency_key=self.idempotency_key,
            on_behalf_of=self.on_behalf_of,
            extra=extra,
        )


@dataclass(frozen=True)
class CommandResult:
    """Where a command's events went: ``position`` is the last one written (or, when the
    command changed nothing, the stream's last event); a query can wait for it."""

    stream_id: UUID
    stream_version: int
    position: int
    positions: tuple[int, ...] = ()
    duplicate: bool = False
