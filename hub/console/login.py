"""Signing in and out: authorization code with PKCE (S256) against the hub's own
authorization server, then the tokens kept in the session."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from auth.tokens import InvalidToken
from hub.console.client import CLIENT_ID, redirect_uri, register_console_client
from hub.console.language import language
from hub.console.paths import safe_next
from hub.console.rendering import render, render_error
from hub.console.tokens import exchange_code, revoke, session_tokens


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


async def login(request: Request) -> Response:
    auth = request.app.state.auth
    await register_console_client(request.app.state.database.pool, auth.settings.auth_issuer)
    verifier, state = secrets.token_urlsafe(48), secrets.token_urlsafe(24)
    request.session["pending"] = {
        "verifier": verifier,
        "state": state,
        "next": safe_next(request.query_params.get("next")),
    }
    query = urlencode(
        {
            "response_type": "code",
            "client_id": CLIENT_ID,
            "state": state,
            "redirect_uri": redirect_uri(auth.settings.auth_issuer),
            "code_challenge": _challenge(verifier),
            "code_challenge_method": "S256",
            "ui_locales": language(request),
        }
    )
    return RedirectResponse("/oauth/authorize?" + query, 303)


async def callback(request: Request) -> Response:
    pending = request.session.pop("pending", None)
    params = request.query_params
    if pending is None or not hmac.compare_digest(pending["state"], params.get("state", "")):
        return await render_error(request, 400, "error_sign_in_expired")
    if "code" not in params:
        return await render_error(request, 403, "error_sign_in_refused")
    auth = request.app.state.auth
    tokens = await exchange_code(auth, params["code"], pending["verifier"])
    if tokens is None:
        return await render_error(request, 400, "error_sign_in_expired")
    try:
        caller = await auth.verify_access_token(tokens["access_token"])
    except InvalidToken:
        return await render_error(request, 400, "error_sign_in_expired")
    request.session.update(session_tokens(tokens), person=caller.subject)
    request.session["csrf"] = secrets.token_urlsafe(32)
    return RedirectResponse(pending["next"], 303)


async def logout(request: Request) -> Response:
    """POST only (with the CSRF token): a link could sign people out from another site."""
    lang = request.session.get("lang")
    if request.session.get("refresh_token"):
        await revoke(request.app.state.auth, request.session["refresh_token"])
    request.session.clear()
    if lang:
        request.session["lang"] = lang
    return RedirectResponse("/console/signed-out", 303)


async def signed_out(request: Request) -> Response:
    return render(request, "signed_out.html", {})
