"""`hub serve` and `hub project` as real child processes on a loopback port, with their
output kept in a log file (scanned afterwards for unhandled exceptions), and partner systems
registered in the database that get real OAuth access tokens over HTTP."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx

from auth import store
from auth.clients import hash_secret
from hub.database import init_connection
from tests.e2e.hub_process import HUB, free_port, hub_env

MANAGER_SCOPES = "projects:read finance:read finance:write plan:write activities:write admin"
PARTNER_SCOPES = "projects:read finance:read finance:write plan:write activities:write"


class HubProcess:
    """One `hub serve` (or `hub project`) process; restartable on the same port."""

    def __init__(self, database_url: str, log: Path, *args: str, **env: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.args = args
        self.env = hub_env(
            database_url, HUB_AUTH_ISSUER=self.base, HUB_LOG_FORMAT="json",
            HUB_ENVIRONMENT="production", HUB_AUTH_TOKEN_RATE_PER_ADDRESS="100000",
            HUB_AUTH_TOKEN_RATE_PER_CLIENT="100000", **env,
        )  # fmt: skip
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, command: str = "serve", timeout: float = 60) -> HubProcess:
        extra = ["--port", str(self.port)] if command == "serve" else []
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(
                [*HUB, command, *extra, *self.args], env=self.env, stdout=output,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        if command == "serve":
            self.wait_alive(timeout)
        return self

    def wait_alive(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"hub exited; its log: {self.log_text()[-3000:]}")
            try:
                if httpx.get(self.base + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError("hub serve did not answer in time")

    def signal(self, signum: int) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signum)

    def wait(self, timeout: float = 60) -> int:
        assert self.process is not None
        return self.process.wait(timeout=timeout)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def unhandled_exceptions(log_text: str) -> list[str]:
    """Log records of the hub at error level or above, and any traceback outside a record."""
    found = []
    for line in log_text.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            if "Traceback" in line:
                found.append(line)
            continue
        if isinstance(entry, dict) and str(entry.get("level")).lower() in ("error", "critical"):
            found.append(line)
    return found


@dataclass
class PartnerSystem:
    """A registered client: it gets its access token with client_secret_basic."""

    client_id: str
    secret: str
    organisation: str
    scopes: str
    token: str = ""
    token_time: float = field(default=0.0)

    @property
    def key_prefix(self) -> str:
        """How the hub namespaces this client's idempotency keys in the log."""
        return f"{self.client_id}|client:{self.client_id}|"

    async def fetch_token(self, http: httpx.AsyncClient, base: str) -> str:
        response = await http.post(
            base + "/oauth/token", auth=(self.client_id, self.secret),
            data={"grant_type": "client_credentials", "scope": self.scopes},
        )  # fmt: skip
        response.raise_for_status()
        self.token, self.token_time = response.json()["access_token"], time.monotonic()
        return self.token


async def register_system(database_url: str, name: str, organisation: str, scopes: str):
    """A partner system in the hub's client table, with a fresh secret."""
    secret = os.urandom(24).hex()
    client = {
        "client_id": name, "name": name, "organisation": organisation,
        "auth_method": "client_secret_basic", "grant_types": ["client_credentials"],
        "redirect_uris": [], "scopes": set(scopes.split()), "restrictions": {},
        "jwks": None, "jwks_uri": None,
    }  # fmt: skip
    connection = await asyncpg.connect(database_url)
    try:
        await init_connection(connection)
        await store.insert_client(connection, client, hash_secret(secret))
    finally:
        await connection.close()
    return PartnerSystem(name, secret, organisation, scopes)
