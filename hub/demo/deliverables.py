"""Deliverable histories as of DEMO_AS_OF, so that every state appears: pending, draft,
submitted, accepted, rejected, and late (not handed in by a due date already passed,
some with a justified new due date). Dates and outcomes are illustrative."""

from __future__ import annotations

from datetime import date, timedelta

from domain.deliverables import Deliverable
from domain.plan import PlannedDeliverable
from domain.project import Programme
from hub.commands import (
    AcceptDeliverable,
    ChangeDeliverableDueDate,
    Command,
    PlanDeliverable,
    RejectDeliverable,
    StartDraftingDeliverable,
    SubmitDeliverable,
)
from hub.demo.plans import APPROVERS, deliverables
from hub.demo.projects import PROJECTS, ProjectSpec

DEMO_AS_OF = date(2021, 12, 31)
"""The day the demo data describes: 'late' and 'pending' are judged on this day."""

PAST_STORIES = (
    "accepted", "accepted", "rejected_then_accepted", "moved_then_accepted", "rejected",
    "late_pending", "accepted", "late_draft", "submitted",
)  # fmt: skip
DAY = timedelta(days=1)


def story(index: int, due_on: date) -> str:
    if due_on > DEMO_AS_OF:
        return "draft" if index % 2 else "pending"
    if due_on > DEMO_AS_OF - 60 * DAY:
        return "submitted" if index % 2 else "late_draft"
    return PAST_STORIES[index % len(PAST_STORIES)]


def history(spec: ProjectSpec, planned: PlannedDeliverable, index: int) -> list[Command]:
    deliverable_id = Deliverable.create_id(spec.id, planned.code)
    due = planned.due_on
    doc = f"docs/{spec.key}/{planned.code}"
    reviewer = APPROVERS[spec.programme]
    if spec.programme == Programme.INTERREG_POCTEFA:
        reviewer = "POCTEFA joint secretariat (demo)"
    draft = StartDraftingDeliverable(deliverable_id, f"{doc}-draft.odt")
    submit = SubmitDeliverable(deliverable_id, due - 5 * DAY, f"{doc}-v1.pdf")
    accept = AcceptDeliverable(deliverable_id, due + 21 * DAY, reviewer)
    reject = RejectDeliverable(
        deliverable_id, due + 18 * DAY, reviewer,
        "Indicators not broken down by gender; partner contributions missing (illustrative)",
    )  # fmt: skip
    moved_to = due + 45 * DAY
    steps: dict[str, list[Command]] = {
        "pending": [],
        "draft": [draft],
        "submitted": [draft, submit],
        "accepted": [draft, submit, accept],
        "rejected": [draft, submit, reject],
        "rejected_then_accepted": [
            draft, submit, reject,
            StartDraftingDeliverable(deliverable_id, f"{doc}-v2-draft.odt"),
            SubmitDeliverable(deliverable_id, due + 35 * DAY, f"{doc}-v2.pdf"),
            AcceptDeliverable(deliverable_id, due + 50 * DAY, reviewer),
        ],
        "moved_then_accepted": [
            draft,
            ChangeDeliverableDueDate(
                deliverable_id, moved_to,
                "Activities postponed by the health crisis (illustrative justification)",
            ),
            SubmitDeliverable(deliverable_id, moved_to - 2 * DAY, f"{doc}-v1.pdf"),
            AcceptDeliverable(deliverable_id, moved_to + 20 * DAY, reviewer),
        ],
        "late_pending": [],
        "late_draft": [draft],
    }  # fmt: skip
    return steps[story(index, due)]


def deliverable_scripts(spec: ProjectSpec) -> dict[str, list[Command]]:
    """One script per deliverable stream: plan it, then play its history."""
    scripts = {}
    for index, planned in enumerate(deliverables(spec)):
        plan = PlanDeliverable(
            spec.id, planned.code, planned.title, planned.work_package, planned.due_on,
            planned.responsible_partner,
        )  # fmt: skip
        scripts[f"deliverable:{spec.key}:{planned.code}"] = [plan, *history(spec, planned, index)]
    return scripts


DELIVERABLES: dict[str, list[Command]] = {
    key: commands for spec in PROJECTS for key, commands in deliverable_scripts(spec).items()
}
