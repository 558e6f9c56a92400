"""Forms for the commonest manager actions: a deliverable's transition, an expenditure line,
a control decision (a deduction) and an activity. Each checks its fields, then runs the same
mutation as the API; an error is shown next to its field and nothing is written."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from domain.activities import ActivityKind
from domain.costs import CostCategory
from domain.expenditure import ErrorType
from hub.api.labels import label
from hub.console import mutations, queries
from hub.console.form_fields import Field, Submission, clean, decimal_text
from hub.console.graph import execute
from hub.console.guard import console_page
from hub.console.language import language
from hub.console.messages import translator
from hub.console.rendering import render

# the API's extensions.field (or the input's name) → the form field it concerns
API_FIELDS = {
    "declared": "amount",
    "vat": "vat",
    "category": "category",
    "reportId": "report",
    "amount": "amount",
    "errorType": "error_type",
    "kind": "kind",
    "lineNumber": "line_number",
    "deliverableId": "deliverable",
}
Build = Callable[[dict[str, Any], str], tuple[str, dict[str, Any]]]
Check = Callable[[dict[str, Any]], dict[str, str]]


def _options(kind: str, values: Sequence[str], lang: str) -> list[tuple[str, str]]:
    return [(value, label(kind, value, lang)) for value in values]


async def _form_page(
    request: Request,
    title: str,
    fields: Sequence[Field],
    build: Build,
    anchor: str,
    check: Check | None = None,
) -> Response:
    project_id = str(request.path_params["project_id"])
    context = {
        "title": title,
        "fields": fields,
        "project_id": project_id,
        "idempotency_key": str(uuid.uuid4()),
    }
    if request.method == "GET":
        return render(request, "form.html", {**context, "submission": Submission()})
    form = request.state.form
    submission = clean(fields, form)
    if submission.ok and check is not None:
        submission.errors.update(check(submission.values))
    context["idempotency_key"] = str(form.get("idempotency_key") or uuid.uuid4())
    if submission.ok:
        document, variables = build(submission.values, project_id)
        variables["input"]["idempotencyKey"] = context["idempotency_key"]
        answer = await execute(request, document, variables)
        if not answer.errors:
            return RedirectResponse(f"/console/projects/{project_id}?saved=1#{anchor}", 303)
        _attach(submission, answer.errors[0], fields)
    return render(request, "form.html", {**context, "submission": submission}, 400)


def _attach(submission: Submission, error: dict[str, Any], fields: Sequence[Field]) -> None:
    """The API's error next to the field it names, else above the form."""
    name = API_FIELDS.get(str(error["extensions"].get("field", "")))
    if name in {spec.name for spec in fields}:
        submission.errors[name] = error["message"]
    else:
        submission.errors["form"] = error["message"]


async def _nodes(request: Request, document: str, root: str) -> list[dict[str, Any]]:
    variables = {"id": str(request.path_params["project_id"]), "lang": language(request)}
    answer = await execute(request, document, variables)
    return ((answer.data or {}).get(root) or {}).get("nodes", [])


@console_page
async def deliverable_transition(request: Request) -> Response:
    t = translator(language(request))
    deliverables = await _nodes(request, queries.DELIVERABLE_CHOICES, "deliverables")
    fields = [
        Field(
            "deliverable",
            "select",
            choices=[
                (d["id"], f"{d['code']} — {d['title']} ({d['stateLabel']})") for d in deliverables
            ],
        ),
        Field(
            "action",
            "select",
            choices=[(a, t(f"transition_{a}")) for a in mutations.DELIVERABLE_TRANSITIONS],
        ),
        Field("on", "date", required=False, hint="hint_on"),
        Field("document_ref", required=False, hint="hint_document_ref"),
        Field("reason", "textarea", required=False, hint="hint_reason"),
    ]
    return await _form_page(
        request, "form_deliverable", fields, _transition, "deliverables", _transition_needs
    )


def _transition_needs(values: dict[str, Any]) -> dict[str, str]:
    """What each transition needs besides the deliverable (the API would refuse it whole)."""
    needs = {
        "start_drafting": ("document_ref",),
        "submit": ("on", "document_ref"),
        "accept": ("on",),
        "reject": ("on", "reason"),
    }.get(values["action"], ())
    return {name: "error_required" for name in needs if not values.get(name)}


def _transition(values: dict[str, Any], project_id: str) -> tuple[str, dict[str, Any]]:
    action = values["action"]
    data: dict[str, Any] = {"deliverableId": values["deliverable"]}
    if action == "start_drafting":
        data["documentRef"] = values["document_ref"]
    if action == "submit":
        data.update(submittedOn=values["on"] or None, documentRef=values["document_ref"])
    if action == "accept":
        data["acceptedOn"] = values["on"] or None
    if action == "reject":
        data.update(rejectedOn=values["on"] or None, reason=values["reason"])
    return mutations.DELIVERABLE_TRANSITIONS[action], {"input": data}


@console_page
async def expenditure_line(request: Request) -> Response:
    lang = language(request)
    reports = await _nodes(request, queries.PARTNER_REPORTS, "partnerReports")
    drafts = [
        (r["id"], f"{r['partner']['name']} — P{r['periodNumber']}")
        for r in reports
        if r["state"] == "draft"
    ]
    fields = [
        Field("report", "select", choices=drafts),
        Field("category", "select", choices=_options("cost_category", list(CostCategory), lang)),
        Field("description"),
        Field("supplier"),
        Field("invoice_number"),
        Field("invoice_date", "date"),
        Field("payment_date", "date"),
        Field("amount", "decimal"),
        Field("currency", hint="hint_currency"),
        Field("vat", "decimal"),
        Field("vat_recoverable", "checkbox", required=False),
        Field("evidence_ref"),
    ]
    return await _form_page(request, "form_expenditure", fields, _expenditure, "budget")


def _expenditure(values: dict[str, Any], project_id: str) -> tuple[str, dict[str, Any]]:
    currency = values["currency"].upper()
    return mutations.RECORD_EXPENDITURE, {
        "input": {
            "reportId": values["report"],
            "category": values["category"],
            "description": values["description"],
            "supplier": values["supplier"],
            "invoiceNumber": values["invoice_number"],
            "invoiceDate": values["invoice_date"],
            "paymentDate": values["payment_date"],
            "declared": {"amount": decimal_text(values["amount"]), "currency": currency},
            "vat": {"amount": decimal_text(values["vat"]), "currency": currency},
            "vatRecoverable": values["vat_recoverable"],
            "evidenceRef": values["evidence_ref"],
        }
    }


@console_page
async def control_decision(request: Request) -> Response:
    lang = language(request)
    reports = await _nodes(request, queries.PARTNER_REPORTS, "partnerReports")
    in_control = [
        (r["id"], f"{r['partner']['name']} — P{r['periodNumber']}")
        for r in reports
        if r["state"] == "in_control"
    ]
    fields = [
        Field("report", "select", choices=in_control),
        Field("line_number", "integer"),
        Field("amount", "decimal"),
        Field("currency", hint="hint_currency"),
        Field("error_type", "select", choices=_options("error_type", list(ErrorType), lang)),
        Field("comment", "textarea"),
    ]
    return await _form_page(request, "form_deduction", fields, _deduction, "budget")


def _deduction(values: dict[str, Any], project_id: str) -> tuple[str, dict[str, Any]]:
    return mutations.MAKE_DEDUCTION, {
        "input": {
            "reportId": values["report"],
            "lineNumber": int(values["line_number"]),
            "amount": {
                "amount": decimal_text(values["amount"]),
                "currency": values["currency"].upper(),
            },
            "errorType": values["error_type"],
            "comment": values["comment"],
        }
    }


@console_page
async def new_activity(request: Request) -> Response:
    kinds = _options("activity_kind", list(ActivityKind), language(request))
    fields = [
        Field("code"),
        Field("kind", "select", choices=kinds),
        Field("title"),
        Field("held_on", "date"),
        Field("starts_at", "time", required=False, hint="hint_times"),
        Field("ends_at", "time", required=False, hint="hint_times"),
        Field("city"),
        Field("country", hint="hint_country"),
        Field("venue", required=False),
        Field("time_zone", required=False, hint="hint_time_zone"),
    ]
    return await _form_page(request, "form_activity", fields, _activity, "activities")


def _activity(values: dict[str, Any], project_id: str) -> tuple[str, dict[str, Any]]:
    return mutations.RECORD_ACTIVITY, {
        "input": {
            "ownerId": project_id,
            "code": values["code"],
            "kind": values["kind"],
            "title": values["title"],
            "heldOn": values["held_on"],
            "startsAt": values["starts_at"] or None,
            "endsAt": values["ends_at"] or None,
            "timeZone": values["time_zone"] or None,
            "place": {
                "city": values["city"],
                "country": values["country"].upper(),
                "venue": values["venue"],
            },
        }
    }
