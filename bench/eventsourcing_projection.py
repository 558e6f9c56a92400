"""The yardstick for bench.projections: eventsourcing 9.5's own ProjectionRunner with its
PostgreSQL persistence (psycopg 3), on the same server, projecting a simple count of
events per topic into a table (one transaction per event with its tracking record, as
the library does).

The events are written first by an eventsourcing Application (1,000 per save), then the
runner is started and timed until its tracking record reaches the last notification.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

from eventsourcing.application import Application
from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.projection import Projection, ProjectionRunner
from eventsourcing.utils import get_topic
from psycopg.sql import SQL

EVENTS_PER_AGGREGATE = 10
AGGREGATES_PER_SAVE = 100


class Ledger(Aggregate):
    def __init__(self, name: str) -> None:
        self.name = name
        self.total = 0

    @event("Recorded")
    def record(self, amount: int) -> None:
        self.total += amount


class BenchApp(Application[Any]):
    pass


class CountsView(PostgresTrackingRecorder):
    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        self.sql_create_statements.append(
            SQL("CREATE TABLE IF NOT EXISTS es_bench_counts (topic text PRIMARY KEY, n bigint)")
        )

    def count(self, topic: str, tracking: Tracking) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(
                "INSERT INTO es_bench_counts VALUES (%s, 1) ON CONFLICT (topic)"
                " DO UPDATE SET n = es_bench_counts.n + 1",
                (topic,),
            )
            self._insert_tracking(cursor, tracking)


class CountsProjection(Projection[CountsView]):
    name = "es_bench_counts"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.count(get_topic(type(domain_event)), tracking)


def environment(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": parts.path.lstrip("/"),
        "POSTGRES_HOST": parts.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(parts.port or 5432),
        "POSTGRES_USER": parts.username or "postgres",
        "POSTGRES_PASSWORD": parts.password or "",
    }


def write_events(env: dict[str, str], count: int) -> int:
    """Write ``count`` events; return the last notification id."""
    app = BenchApp(env)
    written, last = 0, 0
    try:
        while written < count:
            batch = []
            for _ in range(AGGREGATES_PER_SAVE):
                ledger = Ledger(f"ledger {written}")
                for amount in range(EVENTS_PER_AGGREGATE - 1):
                    ledger.record(amount)
                batch.append(ledger)
                written += EVENTS_PER_AGGREGATE
            recordings = app.save(*batch)
            last = recordings[-1].notification.id
    finally:
        app.close()
    return last


def projection_rate(url: str, count: int) -> tuple[int, float]:
    """(events projected, events/s) of eventsourcing's ProjectionRunner catching up."""
    env = environment(url)
    last = write_events(env, count)
    started = time.perf_counter()
    with ProjectionRunner(
        application_class=BenchApp,
        projection_class=CountsProjection,
        view_class=CountsView,
        env=env,
    ) as runner:
        while (runner.view.max_tracking_id(runner.app_name) or 0) < last:
            time.sleep(0.05)
    return last, last / (time.perf_counter() - started)
