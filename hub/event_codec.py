"""Converts domain events to and from their stored form; pure and synchronous.

Stored form: ``StoredEvent(event_type, schema_version, payload)`` where ``event_type`` is
the stable name from ``domain.catalogue.EVENT_TYPES`` and ``payload`` is plain JSON (no
floats: Decimal → string, date/datetime/time → ISO string, UUID → string, enum → value). The
store keeps stream id, stream version and recording time, so the payload leaves out
originator_id, originator_version, timestamp and originator_topic.

Every ``PersonalData`` becomes an envelope encrypted with AES-256-GCM under the subject's
own key (the subject id is the associated data)::

    {"$personal": "<subject uuid>", "alg": "A256GCM", "nonce": "<b64>", "ct": "<b64>"}

When the key is gone (the person was forgotten), the envelope decodes to
``PersonalData(subject_id, None)``. Upcasters (``upcast_vN_vN+1(state)`` static methods on
the event class) run on the plain-JSON payload before typed fields are rebuilt.
"""

from __future__ import annotations

import base64
import dataclasses
import enum
import functools
import json
import os
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Protocol
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.domain import Aggregate, CanInitAggregate
from eventsourcing.utils import get_topic
from pydantic import TypeAdapter

from domain.catalogue import EVENT_NAMES, EVENT_TYPES, STREAM_TYPES, payload_fields, schema_version
from domain.personal_data import PersonalData

ALGORITHM = "A256GCM"
PERSONAL = "$personal"


class Keyring(Protocol):
    def key_for(self, subject_id: UUID) -> bytes | None: ...


class CodecError(ValueError):
    """An event or payload the codec cannot convert."""


class FloatNotAllowed(CodecError):
    """Floats never enter or leave the log: money and rates are decimal strings."""


class UnknownEventType(CodecError):
    pass


class MissingPersonalDataKey(CodecError):
    """Encoding personal data needs the subject's key."""


@dataclasses.dataclass(frozen=True)
class StoredEvent:
    event_type: str
    schema_version: int
    payload: dict[str, Any]


# Encoding ------------------------------------------------------------------------------


def encode(event: object, keyring: Keyring) -> StoredEvent:
    event_class = type(event)
    try:
        event_type = EVENT_NAMES[event_class]
    except KeyError:
        raise UnknownEventType(f"{event_class.__qualname__} is not in the catalogue") from None
    payload = {
        name: _to_json(getattr(event, name), keyring, f"$.{name}")
        for name in payload_fields(event_class)
    }
    return StoredEvent(event_type, schema_version(event_class), payload)


def _to_json(value: Any, keyring: Keyring, path: str) -> Any:
    if value is None or isinstance(value, bool | str | int):
        if isinstance(value, enum.Enum):
            return value.value
        return value
    if isinstance(value, float):
        raise FloatNotAllowed(f"{path}: float {value!r}")
    if isinstance(value, enum.Enum):
        return _to_json(value.value, keyring, path)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, PersonalData):
        return _seal(value, keyring)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _to_json(getattr(value, f.name), keyring, f"{path}.{f.name}")
            for f in dataclasses.fields(value)
        }
    if isinstance(value, dict):
        return {_key(k, path): _to_json(v, keyring, f"{path}.{k}") for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [_to_json(v, keyring, f"{path}[{i}]") for i, v in enumerate(items)]
    raise CodecError(f"{path}: cannot encode {type(value).__name__}")


def _key(key: Any, path: str) -> str:
    if isinstance(key, enum.Enum):
        key = key.value
    if isinstance(key, UUID):
        key = str(key)
    if not isinstance(key, str):
        raise CodecError(f"{path}: mapping keys must be strings, got {key!r}")
    return key


def _seal(data: PersonalData, keyring: Keyring) -> dict[str, Any]:
    subject = str(data.subject_id)
    if data.fields is None:
        return {PERSONAL: subject, "erased": True}
    key = keyring.key_for(data.subject_id)
    if key is None:
        raise MissingPersonalDataKey(f"no key for subject {subject}")
    nonce = os.urandom(12)
    plaintext = json.dumps(data.fields, sort_keys=True, ensure_ascii=False).encode()
    ciphertext = AESGCM(key).encrypt(nonce, plaintext, subject.encode())
    return {PERSONAL: subject, "alg": ALGORITHM, "nonce": _b64(nonce), "ct": _b64(ciphertext)}


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# Decoding ------------------------------------------------------------------------------


def decode(
    stream_type: str,
    stream_id: UUID,
    stream_version: int,
    recorded_at: datetime,
    event_type: str,
    schema_version: int,
    payload: dict[str, Any],
    keyring: Keyring,
) -> Any:
    """Rebuild the domain event, upcasting the payload to the class's current version."""
    try:
        event_class = EVENT_TYPES[event_type]
    except KeyError:
        raise UnknownEventType(event_type) from None
    check_no_floats(payload)
    state = _open(json.loads(json.dumps(payload)), keyring)
    _upcast(event_class, schema_version, state)
    kwargs = {
        name: adapter.validate_python(state[name])
        for name, adapter in _adapters(event_class).items()
    }
    kwargs.update(originator_id=stream_id, originator_version=stream_version)
    kwargs["timestamp"] = recorded_at
    if issubclass(event_class, CanInitAggregate):
        kwargs["originator_topic"] = get_topic(STREAM_TYPES[stream_type])
    return event_class(**kwargs)


def _upcast(event_class: type, stored_version: int, state: dict[str, Any]) -> None:
    current = getattr(event_class, "class_version", 1)
    if stored_version > current:
        raise CodecError(f"stored version {stored_version} is newer than {current}")
    for version in range(stored_version, current):
        getattr(event_class, f"upcast_v{version}_v{version + 1}")(state)


@functools.cache
def _adapters(event_class: type) -> dict[str, TypeAdapter[Any]]:
    return {name: TypeAdapter(hint) for name, hint in payload_fields(event_class).items()}


def _open(value: Any, keyring: Keyring) -> Any:
    if isinstance(value, dict):
        if PERSONAL in value:
            return _unseal(value, keyring)
        return {k: _open(v, keyring) for k, v in value.items()}
    if isinstance(value, list):
        return [_open(v, keyring) for v in value]
    return value


def _unseal(envelope: dict[str, Any], keyring: Keyring) -> dict[str, Any]:
    subject_id = UUID(envelope[PERSONAL])
    key = None if envelope.get("erased") else keyring.key_for(subject_id)
    if key is None:
        return {"subject_id": str(subject_id), "fields": None}
    if envelope.get("alg") != ALGORITHM:
        raise CodecError(f"unknown algorithm {envelope.get('alg')!r}")
    nonce = base64.b64decode(envelope["nonce"])
    plaintext = AESGCM(key).decrypt(
        nonce, base64.b64decode(envelope["ct"]), str(subject_id).encode()
    )
    return {"subject_id": str(subject_id), "fields": json.loads(plaintext)}


def check_no_floats(value: Any, path: str = "$") -> None:
    if isinstance(value, float):
        raise FloatNotAllowed(f"{path}: float {value!r}")
    if isinstance(value, dict):
        for k, v in value.items():
            check_no_floats(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            check_no_floats(v, f"{path}[{i}]")


def personal_subjects(payload: Any) -> set[UUID]:
    """The subjects whose keys decoding this payload needs."""
    if isinstance(payload, dict):
        if PERSONAL in payload:
            return {UUID(payload[PERSONAL])}
        return set().union(*(personal_subjects(v) for v in payload.values()))
    if isinstance(payload, list):
        return set().union(*(personal_subjects(v) for v in payload))
    return set()


def reconstruct(stream_type: str, events: Iterable[Any]) -> Aggregate | None:
    """Fold decoded events (in stream order) into the aggregate; None for no events."""
    aggregate: Aggregate | None = None
    for domain_event in events:
        aggregate = domain_event.mutate(aggregate)
    expected = STREAM_TYPES[stream_type]
    if aggregate is not None and not isinstance(aggregate, expected):
        raise CodecError(f"{type(aggregate).__name__} is not a {stream_type}")
    return aggregate
