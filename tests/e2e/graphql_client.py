"""A small GraphQL client over real HTTP and graphql-transport-ws, for the tests."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import websockets


class GraphQLClient:
    def __init__(self, address: str, headers: dict[str, str] | None = None) -> None:
        self.url = f"http://{address}/graphql"
        self.ws_url = f"ws://{address}/graphql"
        self.headers = headers or {}

    async def post(self, body: dict[str, Any], **headers: str) -> httpx.Response:
        async with httpx.AsyncClient(timeout=10) as client:
            return await client.post(self.url, json=body, headers={**self.headers, **headers})

    async def execute(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await self.post({"query": query, "variables": variables or {}})
        assert response.status_code == 200, response.text
        return response.json()

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        result = await self.execute(query, variables)
        assert "errors" not in result, result["errors"]
        return result["data"]

    @asynccontextmanager
    async def subscribe(
        self, query: str, variables: dict[str, Any] | None = None
    ) -> AsyncIterator[Subscription]:
        async with websockets.connect(
            self.ws_url, subprotocols=["graphql-transport-ws"], additional_headers=self.headers
        ) as socket:
            await socket.send(json.dumps({"type": "connection_init", "payload": {}}))
            assert json.loads(await socket.recv())["type"] == "connection_ack"
            await socket.send(
                json.dumps(
                    {
                        "id": "1",
                        "type": "subscribe",
                        "payload": {"query": query, "variables": variables or {}},
                    }
                )
            )
            yield Subscription(socket)


class Subscription:
    def __init__(self, socket: Any) -> None:
        self.socket = socket

    async def next(self) -> dict[str, Any]:
        message = json.loads(await self.socket.recv())
        assert message["type"] == "next", message
        return message["payload"]
