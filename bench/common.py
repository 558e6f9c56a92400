"""Shared by the benchmarks: a throwaway database, pgbench runs, and docs/benchmarks.md."""

from __future__ import annotations

import os
import platform
import re
import subprocess
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from hub.migrator import migrate
from hub.settings import PROJECT_ROOT

ADMIN_URL = os.environ.get("HUB_BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
RESULTS = PROJECT_ROOT / "docs" / "benchmarks.md"


async def create_bench_database() -> str:
    name = f"hub_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(ADMIN_URL)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    url = urlunsplit(urlsplit(ADMIN_URL)._replace(path="/" + name))
    connection = await asyncpg.connect(url)
    try:
        await migrate(connection, PROJECT_ROOT / "migrations")
    finally:
        await connection.close()
    return url


async def drop_bench_database(url: str) -> None:
    admin = await asyncpg.connect(ADMIN_URL)
    try:
        name = urlsplit(url).path.lstrip("/")
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


def pgbench_tps(url: str, script: str, clients: int, seconds: int) -> float:
    """Transactions per second pgbench reports for ``script`` (excluding connection time)."""
    parts = urlsplit(url)
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as handle:
        handle.write(script)
    command = [
        "pgbench", "-n", "-f", handle.name, "-c", str(clients), "-j", str(min(clients, 2)),
        "-T", str(seconds), "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432),
        "-U", parts.username or "postgres", parts.path.lstrip("/"),
    ]  # fmt: skip
    try:
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        Path(handle.name).unlink()
    match = re.search(r"tps = ([\d.]+)", output)
    if match is None:
        raise RuntimeError(f"pgbench printed no tps:\n{output}")
    return float(match.group(1))


def machine_line() -> str:
    return (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.machine()}"
    )


def write_section(name: str, body: str) -> None:
    """Replace (or add) the section between the markers for ``name`` in docs/benchmarks.md."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmarks\n"
    block = f"{start}\n{body.rstrip()}\n{end}"
    if start in text:
        text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text)
