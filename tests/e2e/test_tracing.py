"""OpenTelemetry: with ``HUB_OTEL_ENDPOINT`` set, a GraphQL request becomes one trace (HTTP
server span, GraphQL operation span, SQL spans) sent over OTLP/HTTP to a collector; here the
collector is a real HTTP server on loopback that decodes what it receives."""

from __future__ import annotations

import gzip
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.e2e.graphql_client import GraphQLClient
from tests.e2e.hub_process import free_port
from tests.e2e.servers import served, serving_app


@asynccontextmanager
async def collector() -> AsyncIterator[tuple[str, list[tuple[str, str, bytes]]]]:
    """An OTLP/HTTP traces receiver; yields its URL and the (service, span name, trace id) seen."""
    spans: list[tuple[str, str, bytes]] = []

    async def traces(request: Request) -> Response:
        body = await request.body()
        if request.headers.get("content-encoding") == "gzip":
            body = gzip.decompress(body)
        export = ExportTraceServiceRequest.FromString(body)
        for resource_spans in export.resource_spans:
            service = next(
                a.value.string_value
                for a in resource_spans.resource.attributes
                if a.key == "service.name"
            )
            for scope_spans in resource_spans.scope_spans:
                spans.extend((service, s.name, s.trace_id) for s in scope_spans.spans)
        return Response(b"", media_type="application/x-protobuf")

    port = free_port()
    async with serving_app(Starlette(routes=[Route("/v1/traces", traces, methods=["POST"])]), port):
        yield f"http://127.0.0.1:{port}/v1/traces", spans


async def test_a_request_is_one_trace_across_http_graphql_and_sql(settings, demo_database):
    async with collector() as (endpoint, spans):
        traced = settings.model_copy(
            update={"otel_endpoint": endpoint, "otel_service_name": "hub-under-test"}
        )
        async with served(traced, demo_database) as address:
            data = await GraphQLClient(address).data(
                "query Names { organisations(first: 3) { nodes { name } } }"
            )
        # leaving the block stopped the app, which flushed its spans to the collector
    assert len(data["organisations"]["nodes"]) == 3
    names = {name for service, name, _ in spans if service == "hub-under-test"}
    assert {"POST /graphql", "GraphQL Query: Names", "GraphQL Resolving: organisations"} <= names
    request_trace = next(trace for _, name, trace in spans if name == "POST /graphql")
    in_request = {name for _, name, trace in spans if trace == request_trace}
    assert {"GraphQL Query: Names", "SELECT"} <= in_request, in_request
