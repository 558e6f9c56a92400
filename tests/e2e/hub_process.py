"""Runs `hub …` as a real child process, for tests that go through the command line or HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import httpx

HUB = [sys.executable, "-m", "hub.cli"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def hub_env(database_url: str | None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUB_")}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["HUB_DATABASE_URL"] = database_url
    env.update(extra)
    return env


def run_hub(*args: str, env: Mapping[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*HUB, *args], env=dict(env), capture_output=True, text=True, timeout=timeout
    )


@contextmanager
def serving(env: Mapping[str, str], *args: str, timeout: float = 60) -> Iterator[str]:
    """Start `hub serve` on a free port; yield its base URL once /healthz answers."""
    port = free_port()
    process = subprocess.Popen(
        [*HUB, "serve", "--port", str(port), *args],
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"hub serve exited: {process.stdout.read()}")
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise RuntimeError("hub serve did not answer in time")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
