"""Worker processes that recompute the hashes of pages of the log, beside the walk.

Recomputing a row's hash (JSON parsing, canonical encoding, two SHA-256) is most of the
work of verification and needs nothing but the row (hub/audit/row_hashes.py), so it is
spread over processes of their own, each reading its pages on its own connection in the
snapshot the walk reads. Page *n* goes to worker *n* mod *count*, and each worker answers
its pages in order with one line: ``[rows read, first position whose hash does not
recompute or null]``.

The worker side runs as ``python -m hub.audit.hash_workers``: it reads a JSON line with the
DSN and the snapshot, imports the snapshot, then reads a JSON line with its pages. It
imports nothing of the hub beyond this package, so it starts in a fraction of a second.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, suppress

import orjson

from hub.audit.connections import connection_in_snapshot
from hub.audit.row_hashes import ROWS_BETWEEN, first_unrecomputed

Page = tuple[int, int]  # positions low < p <= high


class HashWorkerError(RuntimeError):
    """A worker stopped or answered something that is not the page asked for."""


class HashWorkers:
    """The parent's side: hand out the pages, then take each page's answer in order."""

    def __init__(self) -> None:
        self.processes: list[asyncio.subprocess.Process] = []

    @property
    def count(self) -> int:
        return len(self.processes)

    async def assign(self, pages: Sequence[Page]) -> None:
        """Give every worker its share of ``pages`` (it then works through them alone)."""
        for index, process in enumerate(self.processes):
            assert process.stdin is not None
            try:
                process.stdin.write(orjson.dumps(pages[index :: self.count]) + b"\n")
                await process.stdin.drain()
                process.stdin.close()
            except ConnectionError:  # it already stopped: its first answer says so
                pass

    async def first_unrecomputed(self, number: int, rows: int) -> int | None:
        """The answer for page ``number``, which the walk read as ``rows`` rows."""
        process = self.processes[number % self.count]
        assert process.stdout is not None
        line = await process.stdout.readline()
        if not line:
            status = await process.wait()
            raise HashWorkerError(f"a hash worker stopped with exit status {status}")
        read, first = orjson.loads(line)
        if read != rows:
            raise HashWorkerError(f"page {number}: a hash worker read {read} rows, not {rows}")
        return first  # type: ignore[no-any-return]

    async def close(self) -> None:
        for process in self.processes:
            if process.returncode is None:
                with suppress(ProcessLookupError):
                    process.kill()
        for process in self.processes:
            await process.wait()


@asynccontextmanager
async def hash_workers(dsn: str, snapshot: str, count: int) -> AsyncIterator[HashWorkers]:
    """``count`` worker processes reading in ``snapshot`` (which must stay exported)."""
    workers = HashWorkers()
    try:
        for _ in range(count):
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                __name__,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                start_new_session=True,  # Ctrl-C reaches the walk's process, which stops them
            )
            workers.processes.append(process)
            assert process.stdin is not None
            process.stdin.write(orjson.dumps({"dsn": dsn, "snapshot": snapshot}) + b"\n")
        yield workers
    finally:
        await workers.close()


async def _work(dsn: str, snapshot: str) -> None:
    connection = await connection_in_snapshot(dsn, snapshot)
    try:
        line = sys.stdin.buffer.readline()
        if not line:  # the walk ended before handing out pages
            return
        pages: list[Page] = orjson.loads(line)
        answers = sys.stdout.buffer
        for low, high in pages:
            rows = await connection.fetch(ROWS_BETWEEN, low, high)
            answers.write(orjson.dumps([len(rows), first_unrecomputed(rows)]) + b"\n")
            answers.flush()
            del rows  # before the next page arrives
    finally:
        await connection.close()


def main() -> None:
    settings = orjson.loads(sys.stdin.buffer.readline())
    try:
        asyncio.run(_work(settings["dsn"], settings["snapshot"]))
    except BrokenPipeError:  # the walk's process is gone: nobody reads the answers
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":
    main()
