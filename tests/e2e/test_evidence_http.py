"""The evidence vault over real HTTP with real OAuth tokens: uploads attached to entities
through the log, streamed downloads, tenancy, and bad input that leaves nothing behind."""

from __future__ import annotations

import asyncio
import hashlib
import os

import pytest

from hub.database import Database
from tests.e2e.evidence_support import MAX_BYTES, PNG, World, docx, pdf, served_world
from tests.e2e.graphql_client import GraphQLClient
from tests.e2e.mutations_support import module_database

__all__ = ["module_database"]


@pytest.fixture(scope="module")
async def world(module_database: Database, tmp_path_factory: pytest.TempPathFactory):
    async with served_world(module_database, tmp_path_factory.mktemp("evidence")) as built:
        yield built


PDF, CSV = "application/pdf", "text/csv"
EVIDENCE = """query($kind: String!, $id: String!) {
  evidence(entityKind: $kind, entityId: $id) {
    sha256 fileName contentType size attachedBy position downloadUrl deletedOn } }"""


def graphql(world: World, token: str) -> GraphQLClient:
    return GraphQLClient(
        world.hub.base.removeprefix("http://"), {"authorization": f"Bearer {token}"}
    )


def code_of(response) -> str:  # type: ignore[no-untyped-def]
    return response.json()["errors"][0]["extensions"]["code"]


async def test_a_partner_attaches_an_invoice_to_its_line_and_reads_it_back(world: World):
    body = pdf("attach-and-read")
    sha256 = hashlib.sha256(body).hexdigest()
    partner = world.tokens["partner"]
    response = await world.upload(
        "expenditure_line", world.line_id, body, partner, content_type="application/pdf"
    )
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["sha256"] == sha256 and created["size"] == len(body)
    assert created["contentType"] == "application/pdf" and not created["alreadyAttached"]
    events = [e for e in await world.evidence_events() if e["position"] <= created["position"]]
    attached = events[-1]
    assert attached["event_type"] == "Evidence.Attached"
    payload = attached["payload"]
    assert (payload["sha256"], payload["file_name"], payload["size"]) == (
        sha256,
        "facture.pdf",
        len(body),
    )
    assert payload["entity_id"] == world.line_id
    assert payload["partner_id"] == str(world.story.partner_id)
    assert (world.store.path_of(sha256)).read_bytes() == body
    downloaded = await world.download(sha256, world.tokens["partner"])
    assert downloaded.status_code == 200 and downloaded.content == body
    assert downloaded.headers["content-type"] == "application/pdf"
    assert downloaded.headers["etag"] == f'"{sha256}"'
    assert 'filename="facture.pdf"' in downloaded.headers["content-disposition"]


async def test_the_same_bytes_are_stored_once_and_attached_once_per_entity(world: World):
    body, partner = pdf("dedupe"), world.tokens["partner"]
    first = await world.upload("expenditure_line", world.line_id, body, partner)
    again = await world.upload("expenditure_line", world.line_id, body, partner)
    other = await world.upload("deliverable", str(world.deliverable_id), body, partner,
                               name="etude.pdf")  # fmt: skip
    assert [r.status_code for r in (first, again, other)] == [201, 201, 201]
    assert again.json()["alreadyAttached"] and again.json()["position"] == first.json()["position"]
    assert not other.json()["alreadyAttached"]
    sha256 = first.json()["sha256"]
    stored = [p for p in world.files() if p.name == sha256]
    assert len(stored) == 1
    cited = [e for e in await world.evidence_events() if e["payload"].get("sha256") == sha256]
    assert {e["payload"]["entity_kind"] for e in cited} == {"expenditure_line", "deliverable"}


async def test_the_evidence_query_lists_an_entitys_documents_with_download_links(world: World):
    body = docx()
    response = await world.upload("deliverable", str(world.deliverable_id), body,
                                  world.tokens["partner"], name="rapport.docx")  # fmt: skip
    assert response.status_code == 201, response.text
    assert response.json()["contentType"].endswith("wordprocessingml.document")
    variables = {"kind": "deliverable", "id": str(world.deliverable_id)}
    listed = (await graphql(world, world.tokens["auditor"]).data(EVIDENCE, variables))["evidence"]
    mine = [d for d in listed if d["sha256"] == response.json()["sha256"]]
    assert mine[0]["fileName"] == "rapport.docx" and mine[0]["size"] == len(body)
    assert [d["position"] for d in listed] == sorted(d["position"] for d in listed)
    link = await world.download(mine[0]["sha256"], world.tokens["auditor"])
    assert mine[0]["downloadUrl"].endswith(f"/evidence/{mine[0]['sha256']}")
    assert link.status_code == 200 and link.content == body


async def test_a_partner_neither_attaches_to_nor_reads_another_partners_line(world: World):
    body = pdf("tenancy")
    before, files = len(await world.evidence_events()), world.files()
    refused = await world.upload("expenditure_line", world.line_id, body, world.tokens["lead"])
    stranger = await world.upload("deliverable", str(world.deliverable_id), body,
                                  world.tokens["outsider"])  # fmt: skip
    assert (refused.status_code, code_of(refused)) == (403, "FORBIDDEN")
    assert (stranger.status_code, code_of(stranger)) == (403, "FORBIDDEN")
    assert len(await world.evidence_events()) == before and world.files() == files
    own = await world.upload("expenditure_line", world.lead_line_id, body, world.tokens["lead"])
    sha256 = own.json()["sha256"]
    assert (await world.download(sha256, world.tokens["partner"])).status_code == 404
    assert (await world.download(sha256, world.tokens["auditor"])).status_code == 200
    assert (await world.download(sha256, world.tokens["lead"])).status_code == 200
    result = await graphql(world, world.tokens["partner"]).execute(
        EVIDENCE, {"kind": "expenditure_line", "id": world.lead_line_id}
    )
    assert result["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_only_managers_attach_evidence_of_a_control(world: World):
    partner = await world.upload("control", str(world.report_id), pdf("control"),
                                 world.tokens["partner"])  # fmt: skip
    manager = await world.upload("control", str(world.report_id), pdf("control"),
                                 world.tokens["manager"], name="checklist.pdf")  # fmt: skip
    assert partner.status_code == 403 and manager.status_code == 201


async def test_requests_without_a_token_are_refused(world: World):
    upload = await world.upload("expenditure_line", world.line_id, pdf("anonymous"), None)
    download = await world.download("0" * 64, None)
    assert upload.status_code == download.status_code == 401
    assert upload.headers["www-authenticate"].startswith("Bearer")


async def _chunks(total: int):  # type: ignore[no-untyped-def]
    for _ in range(total // 65536):
        yield b"%PDF-" + os.urandom(65531)


@pytest.mark.parametrize(
    ("kind", "body", "options", "status", "code"),
    [
        ("expenditure_line", b"", {}, 400, "INVALID_INPUT"),
        ("expenditure_line", b"%PDF-" + b"x" * MAX_BYTES, {}, 413, "PAYLOAD_TOO_LARGE"),
        ("expenditure_line", "chunked", {}, 413, "PAYLOAD_TOO_LARGE"),
        ("expenditure_line", PNG, {"content_type": PDF}, 415, "CONTENT_TYPE_MISMATCH"),
        ("expenditure_line", b"\x00\x01binary", {}, 415, "UNSUPPORTED_MEDIA_TYPE"),
        ("expenditure_line", b"MZ\x90\x00", {"content_type": CSV}, 415, "CONTENT_TYPE_MISMATCH"),
        ("expenditure_line", pdf(), {"name": None}, 400, "INVALID_INPUT"),
        ("expenditure_line", pdf(), {"name": "../etc/passwd"}, 400, "INVALID_INPUT"),
        ("invoice", pdf(), {}, 400, "INVALID_INPUT"),
        ("missing_line", pdf(), {}, 403, "FORBIDDEN"),
    ],
    ids=["empty", "too-large", "too-large-chunked", "png-as-pdf", "not-allowed",
         "binary-as-csv", "no-name", "path-in-name", "unknown-kind", "line-not-found"],
)  # fmt: skip
async def test_bad_uploads_get_a_coded_error_and_leave_nothing(
    world: World, kind, body, options, status, code
):
    before, files = len(await world.evidence_events()), world.files()
    entity = f"{world.report_id}:99" if kind == "missing_line" else world.line_id
    kind = "expenditure_line" if kind == "missing_line" else kind
    content = _chunks(MAX_BYTES + 65536 * 4) if body == "chunked" else body
    response = await world.upload(kind, entity, content, world.tokens["partner"], **options)
    assert (response.status_code, code_of(response)) == (status, code), response.text
    assert len(await world.evidence_events()) == before
    assert world.files() == files


async def test_an_upload_interrupted_half_way_leaves_nothing_behind(world: World):
    before, files = len(await world.evidence_events()), world.files()
    host, port = world.hub.base.removeprefix("http://").split(":")
    _, writer = await asyncio.open_connection(host, int(port))
    writer.write(
        f"POST /evidence/expenditure_line/{world.line_id}?name=half.pdf HTTP/1.1\r\n"
        f"host: {host}\r\nauthorization: Bearer {world.tokens['partner']}\r\n"
        f"content-type: application/pdf\r\ncontent-length: {MAX_BYTES}\r\n\r\n".encode()
    )
    writer.write(b"%PDF-" + os.urandom(MAX_BYTES // 2))
    await writer.drain()
    staging = world.store.staging
    for _ in range(500):  # the hub has started staging the bytes
        if any(staging.glob("*.part")):
            break
        await asyncio.sleep(0.02)
    assert any(staging.glob("*.part"))
    writer.close()
    for _ in range(500):  # and removes them once it sees the client gone
        if not any(staging.glob("*.part")):
            break
        await asyncio.sleep(0.02)
    assert world.files() == files
    assert len(await world.evidence_events()) == before
