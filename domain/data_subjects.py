"""Data subjects: the natural persons whose personal data events carry.

Only the erasure is recorded here (droit à l'effacement / derecho de supresión): the
key that opened the person's data is deleted outside the log, and this event, naming
nothing but the subject id, tells read models to drop their clear copies.
"""

from uuid import UUID

from eventsourcing.domain import Aggregate, event


class DataSubject(Aggregate):
    """A person whose personal data was erased; the stream id is the subject id."""

    class Event(Aggregate.Event):
        """Base of this stream's events; schema version 1 unless an event says otherwise."""

        class_version = 1

    class Forgotten(Aggregate.Created):
        """The person's key was deleted: their personal data can no longer be read."""

        class_version = 1
        subject_id: UUID

    @staticmethod
    def create_id(subject_id: UUID) -> UUID:
        return subject_id

    @classmethod
    def forget(cls, subject_id: UUID) -> "DataSubject":
        return cls(subject_id=subject_id)

    @event(Forgotten)
    def __init__(self, subject_id: UUID) -> None:
        self.subject_id = subject_id
