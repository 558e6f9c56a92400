"""The evidence vault: upload and download throughput of a large document, and the hub's
peak memory while it streams.

    .venv/bin/python -m bench.evidence [--megabytes 200]

Runs the real `hub serve` in a child process on a throwaway database (HUB_BENCH_ADMIN_URL),
gets a token from its OAuth endpoint, uploads a generated document to an activity over
HTTP (streamed from disk by the client), downloads it back, and reads the server's peak
resident memory (VmHWM) before and after. As anchors in the same run: writing the same
bytes to disk with fsync, and hashing them. Writes its section to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from uuid import uuid4

import httpx
import uvloop

from auth import store
from auth.clients import hash_secret
from bench.common import create_bench_database, drop_bench_database, machine_line, write_section
from domain.activities import ActivityKind, Place
from hub.commands import RecordActivity
from hub.database import open_database
from hub.handlers import CommandContext, bootstrap
from hub.settings import load_settings

CHUNK = 1024 * 1024
PDF = "application/pdf"


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc")


def make_document(path: Path, megabytes: int) -> None:
    with path.open("wb") as file:
        file.write(b"%PDF-1.7\n")
        for _ in range(megabytes):
            file.write(os.urandom(CHUNK))


async def read_chunks(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as file:
        while chunk := await asyncio.to_thread(file.read, CHUNK):
            yield chunk


async def prepare(url: str) -> tuple[str, str, str]:
    """An activity to attach to and an admin client: (activity id, client id, secret)."""
    database = await open_database(load_settings(), dsn=url)
    try:
        activity = await bootstrap(database.pool).execute(
            RecordActivity(uuid4(), "BENCH-1", ActivityKind.SEMINAR, "Benchmark seminar",
                           date(2024, 5, 2), Place("Toulouse", "FR")),
            CommandContext(actor="bench"),
        )  # fmt: skip
        client_id, secret = f"bench-{uuid4().hex[:8]}", secrets.token_urlsafe(32)
        client = {
            "client_id": client_id, "name": "bench", "organisation": "bench",
            "auth_method": "client_secret_basic", "grant_types": ["client_credentials"],
            "redirect_uris": [], "scopes": {"admin"}, "restrictions": {}, "jwks": None,
            "jwks_uri": None,
        }  # fmt: skip
        async with database.pool.acquire() as connection:
            await store.insert_client(connection, client, hash_secret(secret))
    finally:
        await database.close()
    return str(activity.stream_id), client_id, secret


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_hub(url: str, data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUB_")}
    env.update(HUB_DATABASE_URL=url, HUB_DATA_DIR=str(data_dir),
               HUB_AUTH_ISSUER=f"http://127.0.0.1:{port}", HUB_LOG_LEVEL="warning",
               HUB_EVIDENCE_MAX_BYTES=str(1024**3))  # fmt: skip
    hub = Path(sys.executable).parent / "hub"
    return subprocess.Popen([str(hub), "serve", "--port", str(port)], env=env)


async def wait_ready(base: str) -> None:
    async with httpx.AsyncClient() as http:
        for _ in range(300):
            try:
                if (await http.get(base + "/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("hub serve did not start")


async def measure(megabytes: int) -> dict[str, float]:
    url = await create_bench_database()
    work = Path(tempfile.mkdtemp(prefix="bench-evidence-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = None
    try:
        activity, client_id, secret = await prepare(url)
        document = work / "document.pdf"
        make_document(document, megabytes)
        size = document.stat().st_size
        process = start_hub(url, work / "hub", port)
        await wait_ready(base)
        async with httpx.AsyncClient(timeout=600) as http:
            token = (await http.post(base + "/oauth/token", auth=(client_id, secret),
                                     data={"grant_type": "client_credentials"})).json()  # fmt: skip
            headers = {"authorization": f"Bearer {token['access_token']}"}
            await http.get(base + "/healthz")
            idle = peak_rss_mb(process.pid)
            started = time.perf_counter()
            upload = await http.post(
                f"{base}/evidence/activity/{activity}", params={"name": "large.pdf"},
                content=read_chunks(document), headers={**headers, "content-type": PDF},
            )  # fmt: skip
            upload_seconds = time.perf_counter() - started
            assert upload.status_code == 201, upload.text
            after_upload = peak_rss_mb(process.pid)
            started = time.perf_counter()
            received = 0
            digest = hashlib.sha256()
            async with http.stream("GET", f"{base}/evidence/{upload.json()['sha256']}",
                                   headers=headers) as download:  # fmt: skip
                async for chunk in download.aiter_bytes(CHUNK):
                    received += len(chunk)
                    digest.update(chunk)
            download_seconds = time.perf_counter() - started
            assert received == size and digest.hexdigest() == upload.json()["sha256"]
            after_download = peak_rss_mb(process.pid)
        return {
            "megabytes": size / 1e6,
            "upload": size / 1e6 / upload_seconds,
            "download": size / 1e6 / download_seconds,
            "idle": idle,
            "after_upload": after_upload,
            "after_download": after_download,
            **anchors(document, work / "copy"),
        }
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
        await drop_bench_database(url)
        await asyncio.to_thread(shutil.rmtree, work, True)


def anchors(document: Path, copy: Path) -> dict[str, float]:
    """Bare disk write (with fsync) and SHA-256 of the same bytes, MB/s."""
    size = document.stat().st_size
    started = time.perf_counter()
    with document.open("rb") as source, copy.open("wb") as target:
        while chunk := source.read(CHUNK):
            target.write(chunk)
        target.flush()
        os.fsync(target.fileno())
    write = size / 1e6 / (time.perf_counter() - started)
    started = time.perf_counter()
    digest = hashlib.sha256()
    with document.open("rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    return {"disk_write": write, "sha256": size / 1e6 / (time.perf_counter() - started)}


def report(figures: dict[str, float]) -> str:
    f = figures
    return f"""## Evidence vault (`python -m bench.evidence`)

{machine_line()}.

One {f["megabytes"]:.0f} MB ({f["megabytes"] / 1.048576:.0f} MiB) document through the real
`hub serve` (child process, one worker) over HTTP on loopback with a bearer token: uploaded
to an activity (streamed to a staging file while hashed, committed under its SHA-256,
`Evidence.Attached` appended), then downloaded back and re-hashed by the client. Peak memory
is the server's VmHWM (peak resident set) read from /proc before and after each transfer.

| what | figure |
|---|---|
| upload (stream, hash, fsync, commit, event) | {f["upload"]:.0f} MB/s |
| download (streamed) | {f["download"]:.0f} MB/s |
| anchor: bare disk write with fsync, same bytes | {f["disk_write"]:.0f} MB/s |
| anchor: SHA-256 of the same bytes | {f["sha256"]:.0f} MB/s |
| server peak RSS before the upload | {f["idle"]:.0f} MB |
| server peak RSS after the upload | {f["after_upload"]:.0f} MB |
| server peak RSS after the download | {f["after_download"]:.0f} MB |

The server's peak grew by {f["after_upload"] - f["idle"]:.0f} MB during the upload and
{f["after_download"] - f["after_upload"]:.0f} MB during the download: bytes move in 1 MiB
chunks, never the whole document.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=200)
    args = parser.parse_args()
    figures = uvloop.run(measure(args.megabytes))
    text = report(figures)
    write_section("evidence", text)
    print(text)


if __name__ == "__main__":
    main()
