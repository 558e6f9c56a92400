"""The hub's Prometheus metrics (served by ``hub.observability.scrape``): HTTP requests and
GraphQL operations by outcome with latency histograms, events appended, projection lag
(events and seconds) per projection, and the database pool's use.

Counters live in this process (each hub process is its own scrape target); the projection
lag and pool gauges are set when scraped, so they are true at that moment whichever process
runs the projections.
"""

from __future__ import annotations

import re

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
)

REGISTRY = CollectorRegistry(auto_describe=True)

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

HTTP_REQUESTS = Counter(
    "hub_http_requests_total",
    "HTTP requests answered, by route template, method and status code.",
    ["route", "method", "status"],
    registry=REGISTRY,
)
HTTP_SECONDS = Histogram(
    "hub_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template.",
    ["route"],
    buckets=_LATENCY_BUCKETS,
    registry=REGISTRY,
)
GRAPHQL_OPERATIONS = Counter(
    "hub_graphql_operations_total",
    "GraphQL operations executed, by operation name and outcome (ok or the first error code).",
    ["operation", "outcome"],
    registry=REGISTRY,
)
GRAPHQL_SECONDS = Histogram(
    "hub_graphql_operation_duration_seconds",
    "Time to execute a GraphQL operation, by operation name.",
    ["operation"],
    buckets=_LATENCY_BUCKETS,
    registry=REGISTRY,
)
EVENTS_APPENDED = Counter(
    "hub_events_appended_total",
    "Events appended to the log by this process (idempotent replays not counted).",
    registry=REGISTRY,
)
PROJECTION_LAG_EVENTS = Gauge(
    "hub_projection_lag_events",
    "Events in the log a projection has not applied yet.",
    ["projection"],
    registry=REGISTRY,
)
PROJECTION_LAG_SECONDS = Gauge(
    "hub_projection_lag_seconds",
    "Age of the oldest event a projection has not applied yet (0 when caught up).",
    ["projection"],
    registry=REGISTRY,
)
PROJECTION_FAILED = Gauge(
    "hub_projection_failed",
    "1 when a projection is stopped on a failing event, else 0.",
    ["projection"],
    registry=REGISTRY,
)
POOL_CONNECTIONS = Gauge(
    "hub_db_pool_connections",
    "Connections of this process's database pool, by state (open, idle, max).",
    ["state"],
    registry=REGISTRY,
)

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


class OperationNames:
    """Bounded labels for client-chosen operation names: a metric must not grow forever."""

    def __init__(self, limit: int = 200) -> None:
        self.limit = limit
        self._seen: set[str] = set()

    def label(self, name: str | None) -> str:
        if name is None:
            return "anonymous"
        if not _NAME.fullmatch(name):
            return "invalid"
        if name not in self._seen:
            if len(self._seen) >= self.limit:
                return "other"
            self._seen.add(name)
        return name


_operation_names = OperationNames()


def record_graphql(operation: str | None, outcome: str, seconds: float) -> None:
    label = _operation_names.label(operation)
    GRAPHQL_OPERATIONS.labels(label, outcome).inc()
    GRAPHQL_SECONDS.labels(label).observe(seconds)
