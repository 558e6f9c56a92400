"""Automatic persisted queries (Apollo's APQ protocol): after the first request, a client
sends only the SHA-256 of its query; an unknown hash asks it to send the query once more."""

from __future__ import annotations

import hashlib
from collections import OrderedDict

from hub.api.errors import InvalidInput


class PersistedQueryNotFound(Exception):
    code = "PERSISTED_QUERY_NOT_FOUND"


class PersistedQueries:
    """A bounded, least-recently-used map from hash to query text, per process."""

    def __init__(self, capacity: int = 2_000) -> None:
        self.capacity = capacity
        self._queries: OrderedDict[str, str] = OrderedDict()

    def resolve(self, query: str | None, extensions: dict[str, object] | None) -> str | None:
        """The query to run: the one given (remembered under its hash) or the remembered one."""
        persisted = (extensions or {}).get("persistedQuery")
        if not isinstance(persisted, dict):
            return query
        digest = persisted.get("sha256Hash")
        if persisted.get("version") != 1 or not isinstance(digest, str):
            raise InvalidInput("unsupported persistedQuery extension")
        if query is not None:
            if hashlib.sha256(query.encode()).hexdigest() != digest:
                raise InvalidInput("provided sha does not match query")
            self._remember(digest, query)
            return query
        known = self._queries.get(digest)
        if known is None:
            raise PersistedQueryNotFound("PersistedQueryNotFound")
        self._queries.move_to_end(digest)
        return known

    def _remember(self, digest: str, query: str) -> None:
        self._queries[digest] = query
        self._queries.move_to_end(digest)
        while len(self._queries) > self.capacity:
            self._queries.popitem(last=False)
