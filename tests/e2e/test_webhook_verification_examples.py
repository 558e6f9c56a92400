"""The receiver code of docs/partners.md (Python, Node, shell) on a real delivery: it
accepts it, and detects a tampered body, a wrong secret and an old timestamp."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hub.integrations import webhook_signing, webhook_store
from hub.integrations.secret_box import SecretBox
from hub.integrations.webhook_signing import format_secret, parse_secret
from hub.settings import load_settings
from tests.e2e.test_oauth_support import add_client
from tests.e2e.webhook_receiver import Received, Receiver, receiving
from tests.e2e.webhook_support import EXAMPLES, register_organisations, until
from tests.integration.test_webhook_retries import delivering

VERIFIERS = {
    "python": lambda h, b: [sys.executable, str(EXAMPLES / "python" / "verify_webhook.py"), h, b],
    "node": lambda h, b: ["node", str(EXAMPLES / "node" / "verify_webhook.mjs"), h, b],
    "shell": lambda h, b: ["sh", str(EXAMPLES / "curl" / "verify_webhook.sh"), *_fields(h), b],
}


def _fields(headers_path: str) -> list[str]:
    headers = json.loads(Path(headers_path).read_text())
    return [headers[k] for k in ("webhook-id", "webhook-timestamp", "webhook-signature")]


@pytest.fixture(scope="module")
async def delivery(database, tmp_path_factory) -> tuple[str, Received]:
    """One real delivery from the hub's sender, and the endpoint's secret."""
    settings = load_settings(
        data_dir=tmp_path_factory.mktemp("verify"), projection_poll_seconds=0.1
    )
    with receiving(Receiver()) as receiver:
        client_id = await add_client(database, scopes={"projects:read"})
        async with database.pool.acquire() as connection:
            row, secret = await webhook_store.register(
                connection, SecretBox.from_settings(settings), client_id=client_id,
                url=receiver.url, description="", event_types=["Organisation.Registered"],
                project_ids=[],
            )  # fmt: skip
        async with delivering(database, settings):
            await register_organisations(database, 1)
            await until(lambda: len(receiver.requests) >= 1)
        async with database.pool.acquire() as connection:
            await webhook_store.delete(connection, row["endpoint_id"], None)
    return format_secret(secret), receiver.requests[0]


def run(language: str, tmp_path: Path, secret: str, headers: dict, body: bytes):
    headers_path, body_path = tmp_path / "headers.json", tmp_path / "body"
    headers_path.write_text(json.dumps(headers))
    body_path.write_bytes(body)
    command = VERIFIERS[language](str(headers_path), str(body_path))
    env = {"WEBHOOK_SECRET": secret, "PATH": "/usr/local/bin:/usr/bin:/bin"}
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=30)


@pytest.mark.parametrize("language", sorted(VERIFIERS))
async def test_the_example_accepts_a_real_delivery(delivery, tmp_path, language):
    secret, received = delivery
    result = run(language, tmp_path, secret, received.headers, received.body)
    assert result.returncode == 0 and result.stdout.startswith("valid"), result.stdout


@pytest.mark.parametrize("language", sorted(VERIFIERS))
async def test_the_example_detects_a_tampered_body(delivery, tmp_path, language):
    secret, received = delivery
    tampered = received.body.replace(b"Organisation.Registered", b"Organisation.Renamed", 1)
    result = run(language, tmp_path, secret, received.headers, tampered)
    assert result.returncode == 1 and "no valid signature" in result.stdout


@pytest.mark.parametrize("language", sorted(VERIFIERS))
async def test_the_example_detects_another_secret(delivery, tmp_path, language):
    _, received = delivery
    other = format_secret(webhook_signing.new_secret())
    result = run(language, tmp_path, other, received.headers, received.body)
    assert result.returncode == 1 and "no valid signature" in result.stdout


@pytest.mark.parametrize("language", sorted(VERIFIERS))
async def test_the_example_detects_an_old_timestamp(delivery, tmp_path, language):
    secret, received = delivery
    old = int(time.time()) - 600
    replayed = webhook_signing.headers(
        [parse_secret(secret)], received.headers["webhook-id"], old, received.body
    )
    result = run(language, tmp_path, secret, replayed, received.body)
    assert result.returncode == 1 and "timestamp" in result.stdout
