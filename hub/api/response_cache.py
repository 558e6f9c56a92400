"""Query responses keyed by log position: nothing a query reads changes between two
positions, so a response computed when every read model had caught up with the log at
position P answers the same request again for as long as the log is still at P (and no new
checkpoint was signed: the audit fields show the newest).

The key covers the whole request (document, operation, variables) and everything the answer
depends on besides the data: the caller (subject, organisation, client, scopes, project
limits), the language and the day (lateness is judged on today). A hit costs a share of one
small query: the log head and the read models' lowest position, read from the database for
every request, so a write acknowledged to any client is never hidden by a cached answer.
Requests that arrive while that query is under way share the next one (see ``position``).
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import asyncpg
import orjson
from graphql import OperationDefinitionNode, OperationType, parse
from graphql.error import GraphQLError
from strawberry.types import ExecutionResult

from hub.api.context import Caller

POSITIONS = """
SELECT (SELECT coalesce(max(position), 0) FROM events) AS head,
       (SELECT coalesce(max(id), 0) FROM audit_checkpoints) AS checkpoint,
       min(position) AS read_models, count(*) AS present
FROM projection_checkpoints WHERE active AND name = ANY($1::text[])
"""

# What answers are valid for: the log head, and the newest signed checkpoint (signing one
# changes what the audit fields answer without moving the log).
State = tuple[int, int]


class ResponseCache:
    def __init__(self, read_models: Sequence[str], capacity: int = 2_000) -> None:
        self.read_models = list(read_models)
        self.capacity = capacity
        self._entries: OrderedDict[bytes, tuple[State, ExecutionResult]] = OrderedDict()
        self._queries: OrderedDict[tuple[str, str | None], tuple[bool, str | None]] = OrderedDict()
        self.hits = 0
        self._next: asyncio.Future[State | None] | None = None
        self._reader: asyncio.Task[None] | None = None

    def is_query(self, document: str, operation_name: str | None) -> bool:
        """Whether the operation to run is a query (mutations and subscriptions never cache)."""
        return self.describe(document, operation_name)[0]

    def describe(self, document: str, operation_name: str | None) -> tuple[bool, str | None]:
        """Whether the operation to run is a query, and its name (from the document when
        the request does not say), parsed once per document."""
        known = self._queries.get((document, operation_name))
        if known is None:
            known = _describe(document, operation_name)
            self._queries[(document, operation_name)] = known
            if len(self._queries) > self.capacity:
                self._queries.popitem(last=False)
        return known

    @staticmethod
    def key(
        document: str, operation_name: str | None, variables: Any, caller: Caller, lang: str
    ) -> bytes:
        parts = [
            document,
            operation_name,
            variables,
            [caller.subject, caller.organisation, caller.client_id, sorted(caller.scopes)],
            sorted(caller.projects) if caller.projects is not None else None,
            lang,
            datetime.now(UTC).date().isoformat(),
        ]
        return hashlib.sha256(orjson.dumps(parts, option=orjson.OPT_SORT_KEYS)).digest()

    async def position(self, pool: asyncpg.Pool) -> State | None:
        """The state answers are valid for; None while the read models lag behind.

        One reading at a time: a request that arrives while a reading is under way waits for
        the next one, which every request arriving meanwhile shares. Each answer is thus
        checked against a reading that began after its request arrived (nothing written
        before is hidden), and under load the database sees one small query per round trip
        rather than one per request.
        """
        loop = asyncio.get_running_loop()
        if self._reader is not None and self._reader.get_loop() is not loop:
            self._next = self._reader = None  # a loop that has ended left its reading behind
        if self._next is None:
            self._next = loop.create_future()
            self._next.add_done_callback(_retrieved)
        reading = self._next
        if self._reader is None or self._reader.done():
            self._reader = loop.create_task(self._read(pool))
        return await asyncio.shield(reading)

    async def _read(self, pool: asyncpg.Pool) -> None:
        while self._next is not None:
            reading, self._next = self._next, None
            try:
                state = await self._read_once(pool)
            except Exception as error:  # every request waiting sees the failure
                reading.set_exception(error)
            except BaseException:
                reading.cancel()
                raise
            else:
                reading.set_result(state)

    async def _read_once(self, pool: asyncpg.Pool) -> State | None:
        row = await pool.fetchrow(POSITIONS, self.read_models)
        head, read_models = row["head"], row["read_models"]
        # a read model without its checkpoint row yet has not started: nothing can be kept
        if row["present"] < len(self.read_models) or read_models is None or read_models < head:
            return None
        return int(head), int(row["checkpoint"])

    async def answer(
        self,
        pool: asyncpg.Pool,
        key: bytes,
        run: Callable[[], Awaitable[ExecutionResult]],
        keepable: Callable[[], bool],
    ) -> ExecutionResult:
        """The kept answer for ``key`` while the state has not moved, else ``run()``'s,
        kept when ``keepable()`` says the fields it read depend on the log only."""
        position = await self.position(pool)
        if position is None:  # the read models are catching up: answer, but do not keep it
            return await run()
        cached = self.get(key, position)
        if cached is not None:
            return cached
        result = await run()
        if keepable():
            self.put(key, position, result)
        return result

    def get(self, key: bytes, position: State) -> ExecutionResult | None:
        entry = self._entries.get(key)
        if entry is None or entry[0] != position:
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return entry[1]

    def put(self, key: bytes, position: State, result: ExecutionResult) -> None:
        if result.errors:
            return
        self._entries[key] = (position, result)
        self._entries.move_to_end(key)
        while len(self._entries) > self.capacity:
            self._entries.popitem(last=False)


def _retrieved(reading: asyncio.Future[State | None]) -> None:
    """Mark a failed reading's error as seen when every request waiting on it went away."""
    if not reading.cancelled():
        reading.exception()


def _describe(document: str, operation_name: str | None) -> tuple[bool, str | None]:
    try:
        operations = [
            node
            for node in parse(document).definitions
            if isinstance(node, OperationDefinitionNode)
        ]
    except GraphQLError:
        return False, operation_name
    chosen = [
        node
        for node in operations
        if operation_name is None or (node.name is not None and node.name.value == operation_name)
    ]
    if len(chosen) != 1:
        return False, operation_name
    name = chosen[0].name.value if chosen[0].name is not None else None
    return chosen[0].operation == OperationType.QUERY, name
