"""A project's page: partners, deliverables timeline, budget charts and tables, activities
calendar, indicators against targets and, where travel was recorded, carbon figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import groupby
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from hub.console import queries
from hub.console.charts import Group, grouped_bars
from hub.console.figures import amount, money_text
from hub.console.graph import Answer, execute
from hub.console.guard import console_page
from hub.console.language import language
from hub.console.messages import translator
from hub.console.rendering import render, render_error

STATUS = {"NOT_FOUND": 404, "FORBIDDEN": 403, "INVALID_INPUT": 400}


def day_or_none(text: str | None) -> str | None:
    try:
        return date.fromisoformat(text).isoformat() if text else None
    except ValueError:
        return None


FIGURES = ("budget", "declared", "validated")


def _figures(category: dict[str, Any]) -> dict[str, Any]:
    return {"label": category["costCategoryLabel"], **{k: amount(category[k]) for k in FIGURES}}


def by_category(summary: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The partners' figures added up per cost category."""
    cells: dict[str, dict[str, Any]] = {}
    for row in summary:
        for category in row["categories"]:
            cell = cells.get(category["costCategory"])
            if cell is None:
                cells[category["costCategory"]] = _figures(category)
            else:
                for key in FIGURES:
                    cell[key] += amount(category[key])
    return list(cells.values())


def by_partner_and_category(summary: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Each partner's figures per cost category, partners by name."""
    table: dict[str, list[dict[str, Any]]] = {}
    for row in summary:
        table.setdefault(row["partner"]["name"], []).extend(map(_figures, row["categories"]))
    return dict(sorted(table.items()))


def charts(lang: str, summary: list[dict[str, Any]], categories: list[dict[str, Any]]) -> dict:  # type: ignore[type-arg]
    t = translator(lang)

    def fmt(value: Decimal) -> str:
        return money_text(value, lang)

    partners = grouped_bars(
        t("chart_partners"),
        [t("budget"), t("declared"), t("validated"), t("paid")],
        [
            Group(
                row["partner"]["name"],
                [amount(row[k]) for k in ("budget", "declared", "validated", "paid")],
            )
            for row in summary
        ],
        fmt,
    )
    by_cost = grouped_bars(
        t("chart_categories"),
        [t("budget"), t("declared"), t("validated")],
        [Group(c["label"], [c["budget"], c["declared"], c["validated"]]) for c in categories],
        fmt,
    )
    return {"partners": partners, "categories": by_cost}


def calendar(activities: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    ordered = sorted(activities, key=lambda a: a["date"])
    return [(month, list(items)) for month, items in groupby(ordered, key=lambda a: a["date"][:7])]


def page_error(answer: Answer) -> tuple[int, dict[str, Any]] | None:
    error = answer.error_for("project")
    if error is None:
        return None
    return STATUS.get(error["code"], 500), error


@console_page
async def project_page(request: Request) -> Response:
    project_id, lang = str(request.path_params["project_id"]), language(request)
    on = day_or_none(request.query_params.get("on"))
    answer = await execute(request, queries.PROJECT, {"id": project_id, "lang": lang, "on": on})
    failed = page_error(answer)
    if failed:
        return await render_error(request, failed[0], "error_project", reason=failed[1])
    data = answer.data
    summary = data.get("budgetSummary")
    categories = by_category(summary or [])
    carbon = data.get("carbonSummary")
    return render(
        request,
        "project.html",
        {
            "project": data["project"],
            "on": on,
            "deliverables": (data.get("deliverables") or {}).get("nodes", []),
            "summary": summary,
            "categories": categories,
            "table": by_partner_and_category(summary or []),
            "charts": charts(lang, summary, categories) if summary is not None else None,
            "indicators": data.get("indicators") or [],
            "calendar": calendar((data.get("activities") or {}).get("nodes", [])),
            "carbon": carbon if carbon and Decimal(carbon["totalKgCo2e"]) > 0 else None,
            "money": lambda value: money_text(value, lang),
            "amount": amount,
        },
    )
