"""Forgetting a person: delete their key, then record the erasure in the log.

The key goes first: if the append then fails, running the command again finds the
erasure already made and appends the missing event (the event is never duplicated).
"""

from __future__ import annotations

from eventsourcing.domain import Aggregate

from domain.data_subjects import DataSubject
from hub.commands import ForgetDataSubject
from hub.handlers.session import Handler, Session


async def forget_data_subject(command: ForgetDataSubject, session: Session) -> Aggregate:
    await session.keyring.forget(command.subject_id, session.context.actor)
    recorded = await session.find(DataSubject, command.subject_id)
    return recorded or DataSubject.forget(command.subject_id)


HANDLERS: dict[type, Handler] = {ForgetDataSubject: forget_data_subject}
