"""The report kinds the hub builds, and ``build_report``: read the log up to a position,
fold it, and hand it to the kind's builder (pure, run in a thread)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg

from hub.reports.builders import BUILDERS
from hub.reports.builders.context import BuildContext
from hub.reports.errors import INVALID_INPUT, NOT_FOUND, ReportError, not_found
from hub.reports.model import Report, Text
from hub.reports.source import read_log, resolve_project

__all__ = [
    "INVALID_INPUT",
    "NOT_FOUND",
    "REPORT_KINDS",
    "ReportError",
    "ReportKind",
    "ReportRequest",
    "build_report",
    "report_project_ids",
]


@dataclass(frozen=True)
class ReportKind:
    name: str
    title: Text
    needs_partner: bool
    needs_period: bool
    personal_data: bool


def _kind(name: str, en: str, fr: str, es: str, **flags: bool) -> ReportKind:
    return ReportKind(
        name,
        Text(en, fr, es),
        needs_partner=flags.get("needs_partner", False),
        needs_period=flags.get("needs_period", False),
        personal_data=flags.get("personal_data", False),
    )


REPORT_KINDS: dict[str, ReportKind] = {
    kind.name: kind
    for kind in (
        _kind(
            "poctefa-partner",
            "Partner financial report (Interreg POCTEFA)",
            "Rapport financier du partenaire (Interreg POCTEFA)",
            "Informe financiero del socio (Interreg POCTEFA)",
            needs_partner=True,
            needs_period=True,
        ),
        _kind(
            "project",
            "Project report across partners",
            "Rapport du projet (tous partenaires)",
            "Informe del proyecto (todos los socios)",
        ),
        _kind(
            "creative-europe",
            "Creative Europe continuous reporting",
            "Rapport continu Europe créative",
            "Informe continuo Europa Creativa",
        ),
        _kind(
            "erasmus-ka2",
            "Erasmus+ KA2 work packages and activities",
            "Erasmus+ KA2 : lots de travail et activités",
            "Erasmus+ KA2: paquetes de trabajo y actividades",
        ),
        _kind(
            "esf-participants",
            "ESF+ participant indicators",
            "Indicateurs de participants FSE+",
            "Indicadores de participantes FSE+",
            personal_data=True,
        ),
        _kind(
            "france-quebec-mobilities",
            "France–Québec fund: mobilities",
            "Fonds franco-québécois : mobilités",
            "Fondo Francia-Quebec: movilidades",
        ),
        _kind(
            "collaborative-schemes",
            "La Collaborative: schemes and Objectif 13 carbon summary",
            "La Collaborative : dispositifs et bilan carbone d'Objectif 13",
            "La Collaborative: dispositivos y balance de carbono de Objectif 13",
        ),
    )
}


@dataclass(frozen=True)
class ReportRequest:
    kind: str
    project: str  # acronym or project id ("La Collaborative" for the schemes)
    period: int | None = None  # reporting period number
    partner: str | None = None  # organisation name or id
    as_of: int | datetime | None = None  # log position, or a timestamp; None: the head
    personal_data: bool = False  # the caller may see personal data


def report_kind(name: str) -> ReportKind:
    try:
        return REPORT_KINDS[name]
    except KeyError:
        known = ", ".join(REPORT_KINDS)
        raise not_found(f"unknown report kind {name!r} (known: {known})") from None


async def report_project_ids(pool: asyncpg.Pool, request: ReportRequest) -> UUID:
    """The id of the project (or scheme owner) the request is about, for tenancy checks;
    ReportError if there is none."""
    report_kind(request.kind)
    async with pool.acquire() as connection:
        return await resolve_project(connection, request.kind, request.project)


async def build_report(pool: asyncpg.Pool, request: ReportRequest) -> Report:
    kind = report_kind(request.kind)
    if kind.needs_period and request.period is None:
        raise ReportError(INVALID_INPUT, f"a {kind.name} report needs --period")
    if kind.needs_partner and not request.partner:
        raise ReportError(INVALID_INPUT, f"a {kind.name} report needs --partner")
    log = await read_log(
        pool,
        request.kind,
        request.project,
        request.as_of,
        personal_data=request.personal_data and kind.personal_data,
    )
    builder: Callable[[BuildContext], Report] = BUILDERS[kind.name]
    context = BuildContext(
        kind=kind.name,
        title=kind.title,
        log=log,
        period=request.period,
        partner=request.partner,
        personal_data=request.personal_data and kind.personal_data,
    )
    return await asyncio.to_thread(builder, context)
