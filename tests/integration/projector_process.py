"""A projector process for the crash test: catches the counting projection up, then exits.

    python -m tests.integration.projector_process DSN NAME BATCH_SIZE DELAY

Prints ``started`` once its runner runs; the test kills it with SIGKILL at random points.
"""

from __future__ import annotations

import asyncio
import sys

from hub.database import open_database
from hub.settings import load_settings
from projections import ProjectionRunner
from tests.integration.projection_fixtures import counting_projection


async def main(dsn: str, name: str, batch_size: int, delay: float) -> None:
    database = await open_database(load_settings(), dsn=dsn)
    projection = counting_projection(name, delay=delay)
    runner = ProjectionRunner(
        dsn,
        database.pool,
        [projection],
        batch_size=batch_size,
        poll_interval=0.05,
        lock_retry_interval=0.02,
    )
    await runner.start()
    print("started", flush=True)
    try:
        await runner.run_until_caught_up()
    finally:
        await runner.stop()
        await database.close()
    print("caught up", flush=True)


if __name__ == "__main__":
    dsn, name, batch_size, delay = sys.argv[1:]
    asyncio.run(main(dsn, name, int(batch_size), float(delay)))
