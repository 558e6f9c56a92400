"""Reports through the API with real OAuth tokens on the demo: the `report` query, its
download links on the HTTP route, and who may have which report."""

from __future__ import annotations

import io
import json

import httpx
import pypdf
import pytest

from hub.database import Database
from hub.demo.organisations import org_id
from tests.e2e.graphql_client import GraphQLClient
from tests.e2e.test_oauth_support import Hub, basic_client, basic_oauth, serving

REPORT = """query($kind: String!, $project: String!, $period: Int, $asOf: BigInt, $lang: String) {
  report(kind: $kind, project: $project, period: $period, asOf: $asOf, lang: $lang) {
    kind title position headHash asOf planVersion command generatedAt content
    downloads { format url contentType fileName } } }"""


@pytest.fixture(scope="module")
async def hub(demo_database: Database, tmp_path_factory: pytest.TempPathFactory):
    async with serving(demo_database, tmp_path_factory.mktemp("reports")) as running:
        yield running


async def token_for(hub: Hub, scopes: str, organisation: str) -> str:
    client_id, secret = await basic_client(hub.database, scopes, organisation=organisation)
    async with basic_oauth(hub, client_id, secret) as oauth:
        token = await oauth.fetch_token(hub.token_url, grant_type="client_credentials")
    return token["access_token"]


@pytest.fixture(scope="module")
async def parvis(hub: Hub) -> str:
    """Le Parvis: a partner of Pyrenart only."""
    return await token_for(hub, "projects:read finance:read", str(org_id("parvis")))


@pytest.fixture(scope="module")
async def auditor(hub: Hub) -> str:
    return await token_for(hub, "finance:read audit:read", "audit-firm")


def graphql(hub: Hub, token: str) -> GraphQLClient:
    return GraphQLClient(hub.base.removeprefix("http://"), {"authorization": f"Bearer {token}"})


async def get(url: str, token: str | None = None, **headers: str) -> httpx.Response:
    if token:
        headers["authorization"] = f"Bearer {token}"
    async with httpx.AsyncClient(timeout=30) as http:
        return await http.get(url, headers=headers)


async def test_a_partner_gets_its_projects_report_with_provenance_and_links(hub, parvis):
    variables = {"kind": "project", "project": "Pyrenart", "asOf": 3000, "lang": "es"}
    report = (await graphql(hub, parvis).data(REPORT, variables))["report"]
    head_hash = await hub.database.pool.fetchval("SELECT hash FROM events WHERE position = 3000")
    assert report["position"] == 3000 and report["headHash"] == head_hash.hex()
    assert report["command"].endswith("--as-of 3000")
    assert (
        report["content"]["title"] == report["title"] == "Informe del proyecto (todos los socios)"
    )
    assert [d["format"] for d in report["downloads"]] == ["json", "csv", "xlsx", "pdf"]
    json_link = report["downloads"][0]["url"]
    downloaded = await get(json_link, parvis)
    assert downloaded.status_code == 200 and json.loads(downloaded.content) == report["content"]


async def test_a_download_is_a_named_reproducible_file_with_an_etag(hub, parvis):
    url = f"{hub.base}/reports/project.pdf?project=Pyrenart&as_of=3000&lang=fr"
    first, second = await get(url, parvis), await get(url, parvis)
    assert first.status_code == 200, first.text
    assert first.headers["content-type"] == "application/pdf"
    assert 'filename="pyrenart-project-pos3000-fr.pdf"' in first.headers["content-disposition"]
    assert first.content == second.content and first.headers["etag"] == second.headers["etag"]
    reader = pypdf.PdfReader(io.BytesIO(first.content))
    assert "Rapport du projet" in reader.pages[0].extract_text()
    unchanged = await get(url, parvis, **{"if-none-match": first.headers["etag"]})
    assert unchanged.status_code == 304 and unchanged.content == b""


async def test_a_partner_asking_for_another_organisations_project_is_forbidden(hub, parvis):
    variables = {"kind": "creative-europe", "project": "Be SpectACTive! 2"}
    result = await graphql(hub, parvis).execute(REPORT, variables)
    assert result["errors"][0]["extensions"]["code"] == "FORBIDDEN" and result["data"] is None
    response = await get(
        f"{hub.base}/reports/creative-europe.csv?project=Be+SpectACTive!+2", parvis
    )
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    unknown = await get(f"{hub.base}/reports/project.csv?project=Nowhere", parvis)
    assert unknown.status_code == 403  # whether or not it exists: ids cannot be probed


async def test_a_download_without_a_token_is_refused(hub):
    response = await get(f"{hub.base}/reports/project.pdf?project=Pyrenart")
    assert response.status_code == 401 and response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_token_without_finance_or_audit_scope_is_forbidden(hub):
    token = await token_for(hub, "projects:read", str(org_id("parvis")))
    response = await get(f"{hub.base}/reports/project.json?project=Pyrenart", token)
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/reports/budget.json?project=Pyrenart", 404, "NOT_FOUND"),
        ("/reports/project.docx?project=Pyrenart", 400, "INVALID_INPUT"),
        ("/reports/project.json?project=Pyrenart&lang=de", 400, "INVALID_INPUT"),
        ("/reports/project.json?project=Pyrenart&as_of=soon", 400, "INVALID_INPUT"),
        ("/reports/poctefa-partner.json?project=Pyrenart&period=one", 400, "INVALID_INPUT"),
        ("/reports/project.json?project=Nowhere", 404, "NOT_FOUND"),
    ],
    ids=["unknown-kind", "unknown-format", "unknown-lang", "bad-as-of", "bad-period", "no-project"],
)
async def test_bad_requests_are_answered_with_a_coded_json_error(hub, auditor, path, status, code):
    response = await get(hub.base + path, auditor)
    assert response.status_code == status, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == code


async def test_personal_data_only_reaches_auditors(hub, auditor):
    partner = await token_for(hub, "finance:read", str(org_id("oes")))
    variables = {"kind": "esf-participants", "project": "Trajectoires créatives"}
    seen_by_partner = (await graphql(hub, partner).data(REPORT, variables))["report"]["content"]
    seen_by_auditor = (await graphql(hub, auditor).data(REPORT, variables))["report"]["content"]
    partner_tables = {t["key"] for t in seen_by_partner["tables"]}
    assert {t["key"] for t in seen_by_auditor["tables"]} - partner_tables == {"contacts"}
