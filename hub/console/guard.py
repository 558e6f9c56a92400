"""Every console page: a signed-in person (tokens refreshed when due), seen by the API layer
exactly as a bearer token would make them (``request.user``), and CSRF-checked forms
(urlencoded, read once into ``request.state.form``)."""

from __future__ import annotations

import functools
import hmac
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from auth.caller import Caller
from auth.requests import FormTooLarge, form_pairs
from auth.tokens import InvalidToken
from hub.console.rendering import render_error
from hub.console.tokens import refresh, session_tokens

Endpoint = Callable[[Request], Awaitable[Response]]
REFRESH_MARGIN_S = 30


def _sign_out(session: dict[str, Any]) -> None:
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


async def signed_in_caller(request: Request) -> Caller | None:
    """The person the session's tokens stand for, or None (signed out, revoked, expired)."""
    session = request.session
    if "access_token" not in session:
        return None
    auth = request.app.state.auth
    if session.get("expires_at", 0) - REFRESH_MARGIN_S < time.time():
        tokens = await refresh(auth, session.get("refresh_token") or "")
        if tokens is None:
            _sign_out(session)
            return None
        session.update(session_tokens(tokens))
    try:
        caller: Caller = await auth.verify_access_token(session["access_token"])
    except InvalidToken:
        _sign_out(session)
        return None
    request.scope["user"] = caller
    return caller


def csrf_ok(request: Request, sent: object) -> bool:
    expected = request.session.get("csrf", "")
    return bool(expected) and isinstance(sent, str) and hmac.compare_digest(expected, sent)


def console_page(handler: Endpoint) -> Endpoint:
    @functools.wraps(handler)
    async def endpoint(request: Request) -> Response:
        if await signed_in_caller(request) is None:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse("/console/login?" + urlencode({"next": target}), 303)
        if request.method == "POST":
            try:
                request.state.form = dict(await form_pairs(request))
            except FormTooLarge:
                return await render_error(request, 413, "error_form_expired")
            if not csrf_ok(request, request.state.form.get("csrf_token")):
                return await render_error(request, 403, "error_form_expired")
        return await handler(request)

    return endpoint
