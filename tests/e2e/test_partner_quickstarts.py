"""The quickstarts of docs/partners.md, each run as a program against a served hub (in
production mode) with a client registered for private_key_jwt and an RSA key made by
openssl."""

from __future__ import annotations

import asyncio
import shutil
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from joserfc.jwk import RSAKey

from hub.database import Database, open_database
from hub.lifecycle import projection_runner
from hub.settings import PROJECT_ROOT, Settings
from tests.conftest import create_database, drop_database
from tests.e2e.test_oauth_support import Hub, add_client, serving
from tests.integration.command_fixtures import Story, running_project

EXAMPLES = PROJECT_ROOT / "docs" / "examples"
HIDDEN_FROM_PROJECTS_READ = ["PartnerReport", "Payment", "Audit", "DataSubject"]


@pytest.fixture(scope="module")
async def story(settings: Settings, admin_url: str) -> AsyncIterator[tuple[Database, Story]]:
    url = await create_database(admin_url)
    database = await open_database(settings, dsn=url)
    try:
        story = await running_project(database)
        runner = projection_runner(database, settings)
        await runner.start()
        await runner.run_until_caught_up()
        await runner.stop()
        yield database, story
    finally:
        await database.close()
        await drop_database(admin_url, url)


@pytest.fixture(scope="module")
async def hub(story, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Hub]:
    options = {
        "environment": "production",
        "run_projections": False,
        "run_webhooks": False,
        "audit_checkpoint_seconds": 0,
    }
    async with serving(story[0], tmp_path_factory.mktemp("quickstarts"), **options) as running:
        yield running


@pytest.fixture(scope="module")
async def key_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("partner") / "partner-key.pem"
    made = await run("openssl", "genpkey", "-algorithm", "RSA", "-out", str(path))
    assert made[0] == 0, made[2]
    return path


async def run(*command: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        *command, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await process.communicate()
    return process.returncode or 0, out.decode(), err.decode()


async def run_example(hub: Hub, story, key_file: Path, *command: str) -> str:
    pem = await asyncio.to_thread(key_file.read_bytes)
    public = RSAKey.import_key(pem).as_dict(private=False)
    client_id = await add_client(
        hub.database, auth_method="private_key_jwt", jwks={"keys": [public]},
        organisation=str(story[1].lead_id), scopes={"projects:read"},
    )  # fmt: skip
    env = {"PATH": "/usr/bin:/bin", "HUB_URL": hub.base, "HUB_CLIENT_ID": client_id}
    code, out, err = await run(*command, env={**env, "HUB_KEY_FILE": str(key_file)})
    assert code == 0, err
    assert f"organisation: {story[1].lead_id}" in out.splitlines()
    return out


async def project_acronym(hub: Hub, story) -> str:
    return await hub.database.pool.fetchval(
        "SELECT acronym FROM read.projects WHERE project_id = $1", story[1].project_id
    )


async def test_the_python_quickstart_queries_and_subscribes(hub, story, key_file):
    script = str(EXAMPLES / "python" / "quickstart.py")
    out = await run_example(hub, story, key_file, sys.executable, script)
    assert out.startswith("token: Bearer for ") and "scope projects:read" in out
    assert f"project: {await project_acronym(hub, story)} (" in out
    first = await hub.database.pool.fetchrow(
        "SELECT position, event_type FROM events WHERE stream_type <> ALL($1::text[])"
        " ORDER BY position LIMIT 1",
        HIDDEN_FROM_PROJECTS_READ,
    )
    assert f"event: {first['position']} {first['event_type']} at " in out


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node 20")
async def test_the_node_quickstart_queries(hub, story, key_file):
    node = shutil.which("node") or "node"
    out = await run_example(hub, story, key_file, node, str(EXAMPLES / "node" / "quickstart.mjs"))
    assert "scope projects:read" in out.splitlines()[0]
    assert f"project: {await project_acronym(hub, story)} (" in out


async def test_the_curl_quickstart_queries(hub, story, key_file):
    script = str(EXAMPLES / "curl" / "quickstart.sh")
    out = await run_example(hub, story, key_file, "bash", script)
    assert out.startswith("token: Bearer, scope projects:read")
    projects = next(line for line in out.splitlines() if line.startswith("projects: "))
    assert f'"acronym":"{await project_acronym(hub, story)}"' in projects.replace(" ", "")
