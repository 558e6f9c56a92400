"""Shared helpers for the evidence vault tests (this module holds no tests): a served hub
on a database of the module's own, a project with a partner's expenditure line, a
deliverable and a confirmed payment, real OAuth tokens, and sample documents."""

from __future__ import annotations

import asyncio
import io
import zipfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx

from domain.money import Money
from domain.payments import Payment, PaymentKind
from domain.project import Fund
from hub.commands import AuthorisePayment, ConfirmPayment, OpenPartnerReport, PlanDeliverable
from hub.database import Database
from hub.evidence.filesystem import FilesystemStore
from tests.e2e.hub_process import hub_env, run_hub
from tests.e2e.test_oauth_support import Hub, basic_client, basic_oauth, serving
from tests.integration.command_fixtures import Story, draft_report, payslip, running_project

MAX_BYTES = 2 * 1024 * 1024
LAST_PAYMENT = date(2023, 3, 15)  # retention deadline 2028-12-31 under the default rule


def pdf(text: str = "invoice") -> bytes:
    return b"%PDF-1.7\n1 0 obj << /Title (" + text.encode() + b") >> endobj\n%%EOF\n"


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@dataclass
class World:
    hub: Hub
    story: Story
    report_id: UUID
    line_id: str
    lead_line_id: str
    deliverable_id: UUID
    tokens: dict[str, str]

    @property
    def store(self) -> FilesystemStore:
        return FilesystemStore(self.hub.settings.data_dir / "evidence")

    @property
    def database(self) -> Database:
        return self.hub.database

    async def upload(self, kind: str, entity_id: str, body: Any, token: str | None,
                     name: str | None = "facture.pdf", content_type: str | None = None,
                     **headers: str) -> httpx.Response:  # fmt: skip
        if token:
            headers["authorization"] = f"Bearer {token}"
        if content_type:
            headers["content-type"] = content_type
        params = {"name": name} if name is not None else {}
        async with httpx.AsyncClient(timeout=60) as http:
            url = f"{self.hub.base}/evidence/{kind}/{entity_id}"
            return await http.post(url, content=body, params=params, headers=headers)

    async def download(self, sha256: str, token: str | None, **headers: str) -> httpx.Response:
        if token:
            headers["authorization"] = f"Bearer {token}"
        async with httpx.AsyncClient(timeout=60) as http:
            return await http.get(f"{self.hub.base}/evidence/{sha256}", headers=headers)

    async def evidence_events(self) -> list[Any]:
        return await self.database.pool.fetch(
            "SELECT position, event_type, payload FROM events WHERE stream_type = 'Evidence'"
            " ORDER BY position"
        )

    def files(self) -> list[Path]:
        """Every file under the vault's folder, staged ones included."""
        root = self.store.root
        return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []

    async def cli(self, *args: str, command: str = "evidence", **env: str) -> Any:
        """`hub <command> <args>` on this world's database and vault, in a child process."""
        data_dir = str(self.hub.settings.data_dir)
        variables = hub_env(self.database.dsn, HUB_DATA_DIR=data_dir, **env)
        return await asyncio.to_thread(run_hub, command, *args, env=variables)


async def token_for(hub: Hub, scopes: str, organisation: str) -> str:
    client_id, secret = await basic_client(hub.database, scopes, organisation=organisation)
    async with basic_oauth(hub, client_id, secret) as oauth:
        token = await oauth.fetch_token(hub.token_url, grant_type="client_credentials")
    return str(token["access_token"])


async def build_world(hub: Hub) -> World:
    story = await running_project(hub.database)
    report_id = await draft_report(story)
    line = await story.run(payslip(report_id))
    lead_report = await story.run(_open_lead_report(story))
    await story.run(payslip(UUID(str(lead_report.stream_id))))
    plan = PlanDeliverable(
        story.project_id, "D1.1", "Study", "WP1", date(2019, 9, 30), story.partner_id
    )
    deliverable = await story.run(plan)
    await _pay(story)
    partner, lead = str(story.partner_id), str(story.lead_id)
    write = "projects:read finance:read finance:write plan:write activities:write"
    tokens = {
        "partner": await token_for(hub, write, partner),
        "lead": await token_for(hub, write, lead),
        "outsider": await token_for(hub, write, str(uuid4())),
        "auditor": await token_for(hub, "projects:read finance:read audit:read", "audit-firm"),
        "manager": await token_for(hub, "admin", lead),
        "reader": await token_for(hub, "projects:read", partner),
    }
    assert line.stream_id == report_id
    return World(hub, story, report_id, f"{report_id}:1", f"{lead_report.stream_id}:1",
                 UUID(str(deliverable.stream_id)), tokens)  # fmt: skip


def _open_lead_report(story: Story) -> Any:
    return OpenPartnerReport(story.project_id, story.lead_id, 1, date(2019, 6, 1))


async def _pay(story: Story) -> None:
    """A balance payment to the partner, confirmed on LAST_PAYMENT."""
    key = (story.project_id, story.partner_id, Fund.ERDF, PaymentKind.BALANCE, 1)
    amount, officer = Money.of("5000.00"), "paying officer"
    await story.run(AuthorisePayment(*key, amount, officer, date(2023, 3, 1)))
    await story.run(ConfirmPayment(Payment.create_id(*key), officer, LAST_PAYMENT))


@asynccontextmanager
async def served_world(database: Database, folder: Path) -> AsyncIterator[World]:
    """A hub serving ``database`` with its vault in ``folder`` and the world built in it."""
    async with serving(database, folder, evidence_max_bytes=MAX_BYTES) as hub:
        yield await build_world(hub)
