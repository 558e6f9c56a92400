"""OpenTelemetry tracing, off unless ``HUB_OTEL_ENDPOINT`` names an OTLP/HTTP collector:
one trace per request, with the HTTP server span, the GraphQL operation and resolver spans
(strawberry's extension) and a span per asyncpg statement.

The tracer provider is the app's own (not the process-global one), so two apps in one
process (tests) do not share exporters; asyncpg's instrumentation patches the driver for the
whole process and is removed when the app stops. The OpenTelemetry packages are imported only
when tracing is on (the ``otel`` extra).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.middleware import Middleware

from hub.settings import Settings


class Tracing:
    def __init__(self, settings: Settings) -> None:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor

        self.provider = TracerProvider(
            resource=Resource.create({"service.name": settings.otel_service_name})
        )
        self.provider.add_span_processor(
            BatchSpanProcessor(OTLPSpanExporter(endpoint=settings.otel_endpoint))
        )
        self._asyncpg: Any = None

    def middleware(self) -> Middleware:
        from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware

        return Middleware(OpenTelemetryMiddleware, tracer_provider=self.provider)

    def graphql_extension(self) -> Callable[[], Any]:
        from strawberry.extensions.tracing import OpenTelemetryExtension

        return lambda: OpenTelemetryExtension(tracer_provider=self.provider)

    def start(self) -> None:
        from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor

        self._asyncpg = AsyncPGInstrumentor()
        self._asyncpg.instrument(tracer_provider=self.provider)

    def stop(self) -> None:
        """Send what is buffered and remove the driver's instrumentation."""
        if self._asyncpg is not None:
            self._asyncpg.uninstrument()
            self._asyncpg = None
        self.provider.force_flush()
        self.provider.shutdown()


def tracing_for(settings: Settings) -> Tracing | None:
    return Tracing(settings) if settings.otel_endpoint else None
