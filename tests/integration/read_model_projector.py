"""A projector process for the read-model crash test: catches every read model up, then
exits.

    python -m tests.integration.read_model_projector DSN BATCH_SIZE

Prints ``started`` once its runner runs; the test kills it with SIGKILL at random points.
"""

from __future__ import annotations

import asyncio
import sys

from hub.database import open_database
from hub.settings import load_settings
from projections import ProjectionRunner
from projections.catalogue import ALL_PROJECTIONS


async def main(dsn: str, batch_size: int) -> None:
    database = await open_database(load_settings(), dsn=dsn)
    runner = ProjectionRunner(
        dsn,
        database.pool,
        ALL_PROJECTIONS,
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
    dsn, batch_size = sys.argv[1:]
    asyncio.run(main(dsn, int(batch_size)))
