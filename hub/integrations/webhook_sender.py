"""Posts the deliveries that are due, records every attempt, and schedules retries.

Only the head of each (endpoint, stream) is ever due: a later event of the same stream
waits until the earlier one is delivered, so a receiver sees each stream in log order,
and one attempt at most is in flight per (endpoint, stream). Attempts run concurrently
otherwise, bounded by ``concurrency``. A 2xx answer is success; anything else (redirects
included: they are never followed), a timeout or a refused URL is a failure, retried after
``RetryPolicy.delay``. An endpoint failing with no success for ``disable_after_seconds`` is
disabled with the reason; its pending deliveries wait for it to be enabled again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from uuid import UUID

import asyncpg
import httpx

from hub.integrations import webhook_signing
from hub.integrations.secret_box import SecretBox, SecretUnreadable
from hub.integrations.webhook_body import delivery_body
from hub.integrations.webhook_dispatcher import PROJECT_OF_EVENT
from hub.integrations.webhook_retry import RetryPolicy
from hub.integrations.webhook_urls import Target, UnsafeUrl, resolve

log = logging.getLogger(__name__)

_DUE = """
SELECT d.delivery_id, d.endpoint_id, d.position, d.stream_id, d.attempts, w.url, w.key_id,
       w.secret_sealed, w.previous_sealed, coalesce(w.previous_expires_at > now(), false)
           AS previous_live
FROM webhook_deliveries d JOIN webhook_endpoints w USING (endpoint_id)
WHERE d.state = 'pending' AND w.enabled AND d.next_attempt_at <= now()
  AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p
                  WHERE p.endpoint_id = d.endpoint_id AND p.stream_id = d.stream_id
                    AND p.state = 'pending' AND p.position < d.position)
ORDER BY d.next_attempt_at, d.position LIMIT $1
"""
_NEXT_DUE = """
SELECT extract(epoch FROM min(d.next_attempt_at) - now())
FROM webhook_deliveries d JOIN webhook_endpoints w USING (endpoint_id)
WHERE d.state = 'pending' AND w.enabled AND NOT (d.delivery_id = ANY($1::uuid[]))
  AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p
                  WHERE p.endpoint_id = d.endpoint_id AND p.stream_id = d.stream_id
                    AND p.state = 'pending' AND p.position < d.position)
"""
_EVENT = f"""
SELECT e.position, e.stream_id, e.stream_type, e.stream_version, e.event_type,
       e.schema_version, e.payload, e.recorded_at, {PROJECT_OF_EVENT} AS project_id
FROM events e WHERE e.position = $1
"""
_ATTEMPT = """
INSERT INTO webhook_attempts (delivery_id, attempted_at, succeeded, status_code, error,
                              duration_ms, retry_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
"""
_DELIVERED = """
UPDATE webhook_deliveries SET state = 'delivered', attempts = attempts + 1, delivered_at = $2,
    last_status = $3, last_error = NULL
WHERE delivery_id = $1
"""
_FAILED = """
UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = $2, last_status = $3,
    last_error = $4
WHERE delivery_id = $1
"""
_HEALTHY = "UPDATE webhook_endpoints SET failing_since = NULL WHERE endpoint_id = $1"
_FAILING = """
UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, $2)
WHERE endpoint_id = $1 RETURNING failing_since
"""
_DISABLE = """
UPDATE webhook_endpoints SET enabled = false, disabled_at = $2, disabled_reason = $3
WHERE endpoint_id = $1 AND enabled
"""
ERROR_LENGTH = 500


@dataclass(frozen=True)
class Outcome:
    attempted_at: datetime
    status_code: int | None
    error: str | None
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.error is None


class Sender:
    def __init__(
        self,
        pool: asyncpg.Pool,
        box: SecretBox,
        policy: RetryPolicy,
        *,
        development: bool,
        timeout: float,
        concurrency: int,
        on_done: Callable[[], None] = lambda: None,
    ) -> None:
        self.pool, self.box, self.policy = pool, box, policy
        self.development = development
        self.concurrency = concurrency
        self.http = httpx.AsyncClient(
            timeout=timeout, follow_redirects=False, trust_env=False,
            headers={"user-agent": "occitanie-hub-webhooks"},
        )  # fmt: skip
        self.on_done = on_done
        self._in_flight: dict[tuple[UUID, str], tuple[UUID, asyncio.Task[None]]] = {}

    async def close(self) -> None:
        tasks = [task for _, task in self._in_flight.values()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self.http.aclose()

    async def send_due(self) -> None:
        """Start attempts for the deliveries due now, up to the concurrency bound."""
        room = self.concurrency - len(self._in_flight)
        if room <= 0:
            return
        rows = await self.pool.fetch(_DUE, room + len(self._in_flight))
        for row in rows:
            key = (row["endpoint_id"], row["stream_id"])
            if key in self._in_flight or len(self._in_flight) >= self.concurrency:
                continue
            task = asyncio.create_task(self._deliver(row), name=f"webhook-{row['delivery_id']}")
            self._in_flight[key] = (row["delivery_id"], task)
            task.add_done_callback(lambda _, key=key: self._finished(key))

    def _finished(self, key: tuple[UUID, str]) -> None:
        self._in_flight.pop(key, None)
        self.on_done()

    async def seconds_until_due(self, longest: float) -> float:
        if len(self._in_flight) >= self.concurrency:
            return longest
        in_flight = [delivery_id for delivery_id, _ in self._in_flight.values()]
        seconds = await self.pool.fetchval(_NEXT_DUE, in_flight)
        return longest if seconds is None else max(0.0, min(longest, float(seconds)))

    async def _deliver(self, row: asyncpg.Record) -> None:
        try:
            outcome = await self._attempt(row)
            await self._record(row, outcome)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("webhook delivery %s: could not record its attempt", row["delivery_id"])

    async def _attempt(self, row: asyncpg.Record) -> Outcome:
        attempted_at = datetime.now(UTC)
        started = time.perf_counter()
        status: int | None = None
        try:
            target = await resolve(row["url"], development=self.development)
            body = await self._body(row["position"])
            timestamp = int(time.time())
            headers = webhook_signing.headers(
                self._secrets(row), str(row["delivery_id"]), timestamp, body
            )
            response = await self._post(target, headers, body)
            status = response.status_code
            error = None if 200 <= status < 300 else f"HTTP {status}"
        except (UnsafeUrl, SecretUnreadable) as failure:
            error = str(failure)
        except httpx.HTTPError as failure:
            error = (
                f"{type(failure).__name__}: {failure}" if str(failure) else type(failure).__name__
            )
        duration = int((time.perf_counter() - started) * 1000)
        return Outcome(attempted_at, status, error and error[:ERROR_LENGTH], duration)

    async def _body(self, position: int) -> bytes:
        event = await self.pool.fetchrow(_EVENT, position)
        return delivery_body(dict(event), event["project_id"])

    def _secrets(self, row: asyncpg.Record) -> list[bytes]:
        endpoint_id = row["endpoint_id"]
        secrets = [self.box.open(endpoint_id, row["key_id"], row["secret_sealed"])]
        if row["previous_live"] and row["previous_sealed"] is not None:
            secrets.append(self.box.open(endpoint_id, row["key_id"], row["previous_sealed"]))
        return secrets

    async def _post(self, target: Target, headers: dict[str, str], body: bytes) -> httpx.Response:
        if target.address is None:
            return await self.http.post(target.url, headers=headers, content=body)
        url, extensions = _pinned(target)
        headers = {**headers, "host": urlsplit(target.url).netloc}
        request = self.http.build_request(
            "POST", url, headers=headers, content=body, extensions=extensions
        )
        return await self.http.send(request)

    async def _record(self, row: asyncpg.Record, outcome: Outcome) -> None:
        delivery_id, endpoint_id = row["delivery_id"], row["endpoint_id"]
        retry_at = None
        if not outcome.succeeded:
            delay = self.policy.delay(row["attempts"] + 1)
            retry_at = outcome.attempted_at + timedelta(seconds=delay)
        async with self.pool.acquire() as connection, connection.transaction():
            await connection.execute(
                _ATTEMPT, delivery_id, outcome.attempted_at, outcome.succeeded,
                outcome.status_code, outcome.error, outcome.duration_ms, retry_at,
            )  # fmt: skip
            if outcome.succeeded:
                await connection.execute(
                    _DELIVERED, delivery_id, outcome.attempted_at, outcome.status_code
                )
                await connection.execute(_HEALTHY, endpoint_id)
                return
            await connection.execute(
                _FAILED, delivery_id, retry_at, outcome.status_code, outcome.error
            )
            await self._maybe_disable(connection, endpoint_id, outcome)

    async def _maybe_disable(
        self, connection: asyncpg.Connection, endpoint_id: UUID, outcome: Outcome
    ) -> None:
        since: datetime = await connection.fetchval(_FAILING, endpoint_id, outcome.attempted_at)
        failing_for = (outcome.attempted_at - since).total_seconds()
        if failing_for < self.policy.disable_after_seconds:
            return
        reason = (
            f"disabled after failing since {since.isoformat(timespec='seconds')} with no "
            f"success; last error: {outcome.error}"
        )
        await connection.execute(_DISABLE, endpoint_id, outcome.attempted_at, reason)
        log.warning("webhook endpoint %s: %s", endpoint_id, reason)


def _pinned(target: Target) -> tuple[str, dict[str, Any]]:
    """The URL with its host replaced by the checked address; TLS still checks the name."""
    parts = urlsplit(target.url)
    address = f"[{target.address}]" if ":" in (target.address or "") else target.address
    netloc = address if parts.port is None else f"{address}:{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc)), {"sni_hostname": target.host}
