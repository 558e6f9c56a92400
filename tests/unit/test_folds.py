"""The folds kept for reconstructions as of a position: named by a stream and the hash of
its last event, bounded, and only of kinds whose events carry no personal data."""

from __future__ import annotations

import dataclasses
import typing
from datetime import date
from typing import Any
from uuid import uuid4

from domain.catalogue import EVENT_TYPES, STREAM_TYPES, payload_fields
from domain.deliverables import Deliverable
from domain.organisation import LegalStatus, Organisation, VatRecovery
from domain.personal_data import PersonalData
from hub.api.planning.folds import KEPT_KINDS, Folds
from tests.unit.builders import LA_GRAINERIE


def carries_personal_data(hint: Any, seen: set[type] | None = None) -> bool:
    """Whether a type, or anything it is made of, is PersonalData."""
    seen = set() if seen is None else seen
    if hint is PersonalData:
        return True
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if hint in seen:
            return False
        seen.add(hint)
        return any(carries_personal_data(h, seen) for h in typing.get_type_hints(hint).values())
    return any(carries_personal_data(arg, seen) for arg in typing.get_args(hint))


def kinds_with_personal_data() -> set[type]:
    return {
        STREAM_TYPES[name.split(".")[0]]
        for name, event_class in EVENT_TYPES.items()
        if any(carries_personal_data(hint) for hint in payload_fields(event_class).values())
    }


def deliverable() -> Deliverable:
    return Deliverable.plan(
        uuid4(), "d2.1", "Capitalisation study", "WP2", date(2021, 6, 30), LA_GRAINERIE
    )


def test_no_kind_kept_carries_personal_data() -> None:
    personal = kinds_with_personal_data()
    assert Organisation in personal  # the check sees the contacts
    assert not personal & set(KEPT_KINDS)


def test_a_fold_is_found_by_its_stream_and_last_hash_only() -> None:
    folds, kept = Folds(), deliverable()
    folds.keep(kept.id, b"h1", kept)
    assert folds.get(Deliverable, kept.id, b"h1") is kept
    assert folds.get(Deliverable, kept.id, b"h2") is None  # the stream moved on
    assert folds.get(Organisation, kept.id, b"h1") is None


def test_a_kind_with_personal_data_is_never_kept() -> None:
    folds = Folds()
    organisation = Organisation.register(
        "La Grainerie", "FR", "Occitanie", LegalStatus.NON_PROFIT_ASSOCIATION, VatRecovery.NO
    )
    folds.keep(organisation.id, b"h1", organisation)
    assert len(folds) == 0 and folds.get(Organisation, organisation.id, b"h1") is None


def test_the_least_recently_used_fold_goes_first() -> None:
    folds = Folds(capacity=2)
    first, second, third = deliverable(), deliverable(), deliverable()
    folds.keep(first.id, b"h", first)
    folds.keep(second.id, b"h", second)
    assert folds.get(Deliverable, first.id, b"h") is first
    folds.keep(third.id, b"h", third)
    assert len(folds) == 2
    assert folds.get(Deliverable, second.id, b"h") is None
    assert folds.get(Deliverable, first.id, b"h") is first
