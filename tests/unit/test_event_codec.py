from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.activities import Activity, ActivityKind, Place
from domain.catalogue import EVENT_NAMES, EVENT_TYPES
from domain.organisation import LegalStatus, Organisation, VatRecovery
from domain.personal_data import PersonalData
from hub.event_codec import (
    FloatNotAllowed,
    MissingPersonalDataKey,
    StoredEvent,
    decode,
    encode,
    personal_subjects,
    reconstruct,
)
from tests.unit.builders import CONTACT, declare, draft_report, every_kind_of_event
from tests.unit.keyring import MemoryKeyring

RECORDED_AT = datetime(2021, 6, 1, 10, 30, tzinfo=UTC)


def keyring_with_contact() -> MemoryKeyring:
    keyring = MemoryKeyring()
    keyring.add(CONTACT.subject_id)
    return keyring


def roundtrip(stream_type: str, event: Any, keyring: MemoryKeyring) -> Any:
    stored = encode(event, keyring)
    return decode(
        stream_type,
        event.originator_id,
        event.originator_version,
        event.timestamp,
        stored.event_type,
        stored.schema_version,
        stored.payload,
        keyring,
    )


def is_plain_json(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and is_plain_json(v) for k, v in value.items())
    if isinstance(value, list):
        return all(is_plain_json(v) for v in value)
    return value is None or type(value) in (str, int, bool)


def test_every_event_type_survives_a_round_trip_and_folds_into_its_aggregate() -> None:
    keyring, seen = keyring_with_contact(), set()
    for stream_type, events in every_kind_of_event():
        decoded = [roundtrip(stream_type, event, keyring) for event in events]
        assert decoded == events
        assert reconstruct(stream_type, decoded) == reconstruct(stream_type, events)
        seen |= {EVENT_NAMES[type(event)] for event in events}
    assert seen == set(EVENT_TYPES)


def test_payloads_are_plain_json_without_envelope_fields() -> None:
    keyring = keyring_with_contact()
    for _, events in every_kind_of_event():
        for event in events:
            payload = encode(event, keyring).payload
            assert is_plain_json(payload)
            assert not {"originator_id", "originator_version", "timestamp"} & set(payload)
            assert "originator_topic" not in payload


def test_personal_data_is_encrypted_in_the_payload() -> None:
    org = Organisation.register(
        "Odia Normandie", "FR", "Normandie", LegalStatus.NON_PROFIT_ASSOCIATION, VatRecovery.NO
    )
    org.add_contact("director", CONTACT)
    stored = encode(org.collect_events()[1], keyring_with_contact())
    envelope = stored.payload["details"]
    assert envelope["$personal"] == str(CONTACT.subject_id)
    assert envelope["alg"] == "A256GCM"
    assert "ana@" not in str(stored.payload)
    assert personal_subjects(stored.payload) == {CONTACT.subject_id}


def test_encoding_personal_data_without_a_key_is_refused() -> None:
    org = Organisation.register(
        "Odia Normandie", "FR", "Normandie", LegalStatus.NON_PROFIT_ASSOCIATION, VatRecovery.NO
    )
    org.add_contact("director", CONTACT)
    with pytest.raises(MissingPersonalDataKey):
        encode(org.collect_events()[1], MemoryKeyring())


def test_a_forgotten_person_decodes_as_erased_personal_data() -> None:
    keyring = keyring_with_contact()
    _, events = every_kind_of_event()[0]
    added = next(e for e in events if EVENT_NAMES[type(e)] == "Organisation.ContactAdded")
    stored = encode(added, keyring)
    keyring.forget(CONTACT.subject_id)
    decoded = decode(
        "Organisation",
        added.originator_id,
        added.originator_version,
        RECORDED_AT,
        stored.event_type,
        stored.schema_version,
        stored.payload,
        keyring,
    )
    assert decoded.details == PersonalData(CONTACT.subject_id, None)
    assert decoded.details.is_erased


def test_a_stored_v1_organisation_registration_decodes_as_v2() -> None:
    payload = {
        "name": "Artemrede",
        "country": "PT",
        "region": "Lisboa",
        "legal_status": "non_profit_association",
        "vat_recoverable": True,
        "languages": ["pt"],
    }
    org_id = Organisation.create_id("Artemrede", "PT")
    event = decode(
        "Organisation",
        org_id,
        1,
        RECORDED_AT,
        "Organisation.Registered",
        1,
        payload,
        MemoryKeyring(),
    )
    assert event.vat_recovery == VatRecovery.YES
    organisation = reconstruct("Organisation", [event])
    assert isinstance(organisation, Organisation)
    assert organisation.vat_recovery == VatRecovery.YES
    assert encode(event, MemoryKeyring()).schema_version == 2


def test_an_activitys_schedule_round_trips_and_a_v1_record_has_none() -> None:
    activity = Activity.record(
        uuid4(), "perf-1", ActivityKind.PERFORMANCE, "Closing night", date(2021, 10, 14),
        Place("Montréal", "CA", "Usine C"), starts_at=time(19, 30), ends_at=time(21),
        time_zone="America/Toronto",
    )  # fmt: skip
    recorded = activity.collect_events()[0]
    stored = encode(recorded, MemoryKeyring())
    assert stored.schema_version == 2
    assert stored.payload["schedule"] == {
        "starts_at": "19:30:00", "ends_at": "21:00:00", "time_zone": "America/Toronto"
    }  # fmt: skip
    decoded = decode(
        "Activity", recorded.originator_id, 1, RECORDED_AT, stored.event_type, 2,
        stored.payload, MemoryKeyring(),
    )  # fmt: skip
    assert decoded.schedule == activity.schedule
    version_1 = {k: v for k, v in stored.payload.items() if k != "schedule"}
    old = decode(
        "Activity", recorded.originator_id, 1, RECORDED_AT, stored.event_type, 1, version_1,
        MemoryKeyring(),
    )  # fmt: skip
    assert old.schedule is None
    assert reconstruct("Activity", [old]).schedule is None


def test_a_float_in_a_stored_payload_is_refused() -> None:
    payload = {"line_number": 1.0}
    with pytest.raises(FloatNotAllowed):
        decode(
            "PartnerReport",
            uuid4(),
            2,
            RECORDED_AT,
            "PartnerReport.LineSampled",
            1,
            payload,
            MemoryKeyring(),
        )


def test_a_float_in_an_event_is_refused_when_encoding() -> None:
    event = draft_report().collect_events()[0]
    object.__setattr__(event, "plan_version", 1.0)
    with pytest.raises(FloatNotAllowed):
        encode(event, MemoryKeyring())


cents = st.decimals(min_value=Decimal("0"), max_value=Decimal("999999.99"), places=2)
days = st.dates(min_value=date(2019, 10, 1), max_value=date(2020, 12, 31))


@given(amount=cents, day=days)
def test_expenditure_lines_round_trip_with_any_amount_and_date(amount: Decimal, day: date) -> None:
    report = draft_report()
    declare(report, str(amount), on=day)
    event = report.collect_events()[-1]
    stored = encode(event, MemoryKeyring())
    assert stored.payload["line"]["declared"] == {"amount": str(amount), "currency": "EUR"}
    assert roundtrip("PartnerReport", event, MemoryKeyring()) == event


@given(fields=st.dictionaries(st.text(min_size=1), st.text(), max_size=4))
def test_any_personal_fields_round_trip(fields: dict[str, str]) -> None:
    keyring = MemoryKeyring()
    subject = uuid4()
    keyring.add(subject)
    org = Organisation.register(
        "OARA", "FR", "Nouvelle-Aquitaine", LegalStatus.PUBLIC_BODY, VatRecovery.NO
    )
    org.add_contact("director", PersonalData(subject, fields))
    event = org.collect_events()[-1]
    assert roundtrip("Organisation", event, keyring).details.fields == fields


def test_stored_event_carries_the_stable_name_and_version() -> None:
    event = draft_report().collect_events()[0]
    stored = encode(event, MemoryKeyring())
    assert isinstance(stored, StoredEvent)
    assert (stored.event_type, stored.schema_version) == ("PartnerReport.Opened", 1)
    assert isinstance(UUID(stored.payload["project_id"]), UUID)
