"""The Evidence aggregate: documents received once, attached per entity, deleted only
after their retention deadline."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.evidence import (
    Document,
    DocumentDeleted,
    EntityKind,
    EntityRef,
    Evidence,
    InvalidDocument,
    RetentionDeadlineUnknown,
    RetentionNotExpired,
    RetentionRule,
)

INVOICE = Document("ab" * 32, "facture-2024-031.pdf", "application/pdf", 48_213)
LINE = EntityRef(EntityKind.EXPENDITURE_LINE, f"{uuid4()}:1", uuid4(), uuid4())
DEFAULT = RetentionRule("default", 5)


def received() -> Evidence:
    evidence = Evidence.receive(INVOICE, "client-teatro")
    evidence.attach(INVOICE, LINE, "client-teatro")
    return evidence


def test_the_stream_is_named_by_the_documents_hash():
    assert received().id == Evidence.create_id(INVOICE.sha256)
    assert Evidence.create_id(INVOICE.sha256) != Evidence.create_id("cd" * 32)


def test_attaching_twice_to_one_entity_records_one_attachment():
    evidence = received()
    assert not evidence.attach(INVOICE, LINE, "client-teatro")
    deliverable = EntityRef(EntityKind.DELIVERABLE, str(uuid4()), LINE.project_id, None)
    assert evidence.attach(INVOICE, deliverable, "client-teatro")
    names = [type(e).__name__ for e in evidence.collect_events()]
    assert names == ["Received", "Attached", "Attached"]


@pytest.mark.parametrize(
    ("sha256", "size"), [("AB" * 32, 1), ("ab" * 31, 1), ("ab" * 32, 0)],
    ids=["uppercase", "short", "empty"],
)  # fmt: skip
def test_a_document_is_a_lowercase_sha256_of_at_least_one_byte(sha256, size):
    with pytest.raises(InvalidDocument):
        Document(sha256, "f.pdf", "application/pdf", size)


def test_other_bytes_cannot_be_attached_under_this_documents_name():
    with pytest.raises(InvalidDocument):
        received().attach(Document(INVOICE.sha256, "f.pdf", "application/pdf", 3), LINE, "x")


def test_the_deadline_is_31_december_of_the_last_payments_year_plus_the_rule():
    assert DEFAULT.deadline(date(2023, 3, 15)) == date(2028, 12, 31)
    assert RetentionRule("state aid", 10).deadline(date(2023, 12, 31)) == date(2033, 12, 31)


def test_deletion_waits_for_the_day_after_the_deadline():
    evidence = received()
    with pytest.raises(RetentionNotExpired, match="kept until 2028-12-31"):
        evidence.delete(date(2028, 12, 31), date(2028, 12, 31), DEFAULT, "archivist")
    evidence.delete(date(2029, 1, 1), date(2028, 12, 31), DEFAULT, "archivist")
    assert evidence.deleted_on == date(2029, 1, 1)
    with pytest.raises(DocumentDeleted):
        evidence.delete(date(2029, 1, 2), date(2028, 12, 31), DEFAULT, "archivist")


def test_without_a_payment_the_deadline_is_unknown_and_the_document_kept():
    with pytest.raises(RetentionDeadlineUnknown):
        received().delete(date(2099, 1, 1), None, DEFAULT, "archivist")


def test_bytes_uploaded_again_after_deletion_are_attached_anew():
    evidence = received()
    evidence.delete(date(2029, 1, 1), date(2028, 12, 31), DEFAULT, "archivist")
    assert evidence.attach(INVOICE, LINE, "client-teatro")
    assert evidence.deleted_on is None
