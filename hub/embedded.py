"""An embedded PostgreSQL (the pgserver wheel) in the data folder, for machines with no server."""

from __future__ import annotations

import asyncio
import os
import warnings
from pathlib import Path
from typing import Any


class EmbeddedPostgresError(Exception):
    """The embedded PostgreSQL could not be started in the data folder."""


class EmbeddedPostgres:
    """Starts (or reuses) the server in ``data_dir/postgres``; stop() leaves the data in place."""

    def __init__(self, data_dir: Path) -> None:
        self.pgdata = data_dir / "postgres"
        self._server: Any = None

    async def start(self) -> str:
        """Start the server in a thread (initdb and pg_ctl block) and return its URL."""
        self._check_data_dir()
        try:
            self._server = await asyncio.to_thread(self._start_blocking)
        except Exception as error:  # pgserver raises bare subprocess and OS errors
            raise EmbeddedPostgresError(
                f"could not start the embedded PostgreSQL in {self.pgdata}: {error}"
            ) from error
        return str(self._server.get_uri())

    def _start_blocking(self) -> Any:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset; pgserver then uses /tmp.
            warnings.simplefilter("ignore")
            import pgserver

            return pgserver.get_server(self.pgdata, cleanup_mode="stop")

    def _check_data_dir(self) -> None:
        parent = self.pgdata.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise EmbeddedPostgresError(
                f"cannot create the data folder {parent}: {error.strerror}"
            ) from error
        if not os.access(parent, os.W_OK | os.X_OK):
            raise EmbeddedPostgresError(f"the data folder {parent} is not writable")

    async def stop(self) -> None:
        if self._server is not None:
            server, self._server = self._server, None
            await asyncio.to_thread(server.cleanup)
