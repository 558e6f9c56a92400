"""A throwaway PostgreSQL cluster of the test's own (initdb and pg_ctl from the system's
PostgreSQL, run as the ``postgres`` user, trust authentication on loopback), for scenarios
that stop, restart or freeze the server. The shared server is never touched."""

from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import asyncpg

from tests.e2e.hub_process import free_port


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(f"no {name} under /usr/lib/postgresql/*/bin")
    return found[-1]


class ThrowawayCluster:
    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="hub-reliability-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.admin_url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        shutil.chown(self.root, "postgres", "postgres")

    def _as_postgres(self, *command: str, timeout: float = 60) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *command], check=True, timeout=timeout,
            capture_output=True, cwd=self.root,
        )  # fmt: skip

    def start(self) -> ThrowawayCluster:
        if not self.data.exists():
            self._as_postgres(_bin("initdb"), "-D", str(self.data), "-U", "postgres",
                              "--auth=trust", "--no-sync")  # fmt: skip
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        self._as_postgres(_bin("pg_ctl"), "-D", str(self.data), "-o", options, "-w",
                          "-l", str(self.root / "server.log"), "start")  # fmt: skip
        return self

    def stop(self, mode: str = "fast") -> None:
        self._as_postgres(_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def freeze(self) -> list[int]:
        """Stop (SIGSTOP) the server and every backend: connections hang, nothing answers."""
        pids = [self.postmaster_pid(), *self._children()]
        for pid in pids:
            os.kill(pid, signal.SIGSTOP)
        return pids

    def thaw(self, pids: list[int]) -> None:
        for pid in pids:
            os.kill(pid, signal.SIGCONT)

    def _children(self) -> list[int]:
        done = subprocess.run(
            ["pgrep", "-P", str(self.postmaster_pid())], capture_output=True, text=True
        )
        return [int(pid) for pid in done.stdout.split()]

    def accepting(self) -> bool:
        done = subprocess.run(
            [_bin("pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)], timeout=10
        )
        return done.returncode == 0

    def wait_accepting(self, timeout: float = 60) -> float:
        deadline = time.monotonic() + timeout
        while not self.accepting():
            if time.monotonic() > deadline:
                raise TimeoutError("the throwaway PostgreSQL does not accept connections")
            time.sleep(0.05)
        return time.monotonic()

    async def create_database(self, name: str = "hub") -> str:
        connection = await asyncpg.connect(self.admin_url)
        try:
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()
        return self.admin_url.rsplit("/", 1)[0] + f"/{name}"

    def destroy(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self.stop("immediate")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
