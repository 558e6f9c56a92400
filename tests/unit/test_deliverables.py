from datetime import date
from uuid import uuid4

import pytest

from domain.deliverables import Deliverable, DeliverableStatus
from domain.errors import DeliverableNotSubmitted, InvalidStateTransition, JustificationRequired
from tests.unit.builders import LA_GRAINERIE


def study() -> Deliverable:
    return Deliverable.plan(
        uuid4(), "d2.1", "Capitalisation study", "WP2", date(2021, 6, 30), LA_GRAINERIE
    )


def test_a_deliverable_goes_from_pending_to_accepted() -> None:
    deliverable = study()
    deliverable.start_drafting("drive/travesia/d2.1-v0.docx")
    deliverable.submit(date(2021, 6, 28), "drive/travesia/d2.1-v1.pdf")
    deliverable.accept(date(2021, 7, 15), "project officer")
    assert deliverable.status == DeliverableStatus.ACCEPTED
    assert not deliverable.is_late(date(2021, 12, 31))


def test_accepting_before_submission_is_refused() -> None:
    deliverable = study()
    deliverable.start_drafting("draft")
    with pytest.raises(DeliverableNotSubmitted) as caught:
        deliverable.accept(date(2021, 7, 1), "project officer")
    assert caught.value.rule == "deliverable_not_submitted"


def test_a_rejection_states_its_reason_and_goes_back_to_drafting() -> None:
    deliverable = study()
    deliverable.start_drafting("draft")
    deliverable.submit(date(2021, 6, 1), "v1")
    with pytest.raises(JustificationRequired):
        deliverable.reject(date(2021, 6, 10), "project officer", " ")
    deliverable.reject(date(2021, 6, 10), "project officer", "Spanish summary missing")
    deliverable.start_drafting("v2")
    assert deliverable.rejection_reason == "Spanish summary missing"


def test_submitting_a_pending_deliverable_is_refused() -> None:
    with pytest.raises(InvalidStateTransition):
        study().submit(date(2021, 6, 1), "v1")


def test_a_due_date_change_needs_a_justification() -> None:
    with pytest.raises(JustificationRequired) as caught:
        study().change_due_date(date(2021, 9, 30), "")
    assert caught.value.rule == "justification_required"


def test_a_justified_due_date_change_moves_the_deadline() -> None:
    deliverable = study()
    deliverable.change_due_date(date(2021, 9, 30), "seminars postponed by the lockdown")
    assert not deliverable.is_late(date(2021, 7, 1))
    assert deliverable.due_date_history == (
        (date(2021, 6, 30), "seminars postponed by the lockdown"),
    )


def test_a_deliverable_not_submitted_after_its_due_date_is_late() -> None:
    deliverable = study()
    assert not deliverable.is_late(date(2021, 6, 30))
    assert deliverable.is_late(date(2021, 7, 1))


def test_a_deliverable_submitted_after_its_due_date_stays_late() -> None:
    deliverable = study()
    deliverable.start_drafting("draft")
    deliverable.submit(date(2021, 7, 2), "v1")
    assert deliverable.is_late(date(2021, 7, 3))
