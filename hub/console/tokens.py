"""Tokens for the console, from the hub's own token endpoint called in-process: the same
grants, checks and rotation as over HTTP, without a request to itself."""

from __future__ import annotations

import time
from typing import Any

from auth.requests import HubOAuth2Request
from hub.console.client import CLIENT_ID, redirect_uri

FORM = {"content-type": "application/x-www-form-urlencoded"}


async def _token_request(auth: Any, pairs: list[tuple[str, str]]) -> dict[str, Any] | None:
    request = HubOAuth2Request("POST", auth.settings.auth_issuer + "/oauth/token", FORM, pairs)
    status, body, _ = await auth.run(auth.server.create_token_response, request)
    return dict(body) if status == 200 else None


async def exchange_code(auth: Any, code: str, verifier: str) -> dict[str, Any] | None:
    """The tokens for an authorization code and its PKCE verifier, or None."""
    return await _token_request(
        auth,
        [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("code_verifier", verifier),
            ("redirect_uri", redirect_uri(auth.settings.auth_issuer)),
            ("client_id", CLIENT_ID),
        ],
    )


async def refresh(auth: Any, refresh_token: str) -> dict[str, Any] | None:
    """New tokens for a refresh token (rotated: the old one stops working), or None."""
    return await _token_request(
        auth,
        [
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
            ("client_id", CLIENT_ID),
        ],
    )


def session_tokens(tokens: dict[str, Any]) -> dict[str, Any]:
    """What the session keeps of a token response."""
    return {
        "access_token": tokens["access_token"],
        "refresh_token": tokens.get("refresh_token"),
        "expires_at": int(time.time()) + int(tokens.get("expires_in", 0)),
    }


async def revoke(auth: Any, refresh_token: str) -> None:
    """Revoke the refresh token and its family (signing out)."""
    request = HubOAuth2Request(
        "POST",
        auth.settings.auth_issuer + "/oauth/revoke",
        FORM,
        [("token", refresh_token), ("token_type_hint", "refresh_token"), ("client_id", CLIENT_ID)],
    )
    await auth.run(auth.server.create_endpoint_response, "revocation", request)
