"""Personal data carried by events (données personnelles / datos personales).

The domain never encrypts: the event codec turns every PersonalData value into an
envelope encrypted with the subject's own key, and forgetting the person deletes the
key (crypto-shredding). A PersonalData whose ``fields`` is None has been erased.
"""

from dataclasses import dataclass
from uuid import UUID, uuid5

PERSON_NAMESPACE = UUID("6f1c2a0e-5a43-5b1e-9d1e-3c6a2f0b7e11")


@dataclass(frozen=True)
class PersonalData:
    """Details about one natural person, e.g. ``{"name": ..., "email": ...}``."""

    subject_id: UUID
    fields: dict[str, str] | None

    @property
    def is_erased(self) -> bool:
        return self.fields is None

    def get(self, name: str) -> str | None:
        return None if self.fields is None else self.fields.get(name)

    @staticmethod
    def subject_for(email: str) -> UUID:
        """A deterministic subject id from a person's e-mail address."""
        return uuid5(PERSON_NAMESPACE, email.strip().lower())
