"""authlib's request objects, built from what a Starlette route has already read.

The route reads the body in the event loop; authlib then works on these plain objects in a
worker thread, without touching Starlette.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import parse_qsl

from authlib.oauth2.rfc6749 import OAuth2Payload, OAuth2Request
from starlette.requests import Request

MAX_FORM_BYTES = 64 * 1024


class FormPayload(OAuth2Payload):  # type: ignore[misc]
    def __init__(self, pairs: Sequence[tuple[str, str]]) -> None:
        self._data = {name: value for name, value in reversed(pairs)}  # first value wins
        self._datalist: defaultdict[str, list[str]] = defaultdict(list)
        for name, value in pairs:
            self._datalist[name].append(value)

    @property
    def data(self) -> dict[str, str]:
        return self._data

    @property
    def datalist(self) -> defaultdict[str, list[str]]:
        return self._datalist


class HubOAuth2Request(OAuth2Request):  # type: ignore[misc]
    def __init__(
        self, method: str, uri: str, headers: Mapping[str, str], pairs: Sequence[tuple[str, str]]
    ) -> None:
        super().__init__(method, uri, headers=headers)
        self.payload = FormPayload(pairs)

    @property
    def args(self) -> dict[str, str]:
        return self.payload.data  # type: ignore[no-any-return]

    @property
    def form(self) -> dict[str, str]:
        return self.payload.data  # type: ignore[no-any-return]


class FormTooLarge(Exception):
    pass


async def form_pairs(request: Request) -> list[tuple[str, str]]:
    """The urlencoded body as (name, value) pairs; query pairs for GET."""
    if request.method == "GET":
        return list(request.query_params.multi_items())
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise FormTooLarge
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        return []
    return parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)


def oauth_request(request: Request, issuer: str, pairs: Sequence[tuple[str, str]]) -> Any:
    """The URL authlib sees is built on the configured issuer, not on the Host header."""
    return HubOAuth2Request(request.method, issuer + request.url.path, request.headers, pairs)
