"""The sign-in and consent page of the authorization endpoint (authorization code + PKCE).

One small HTML form, in English, French or Spanish (``auth.consent_text``): the person signs
in and allows (or denies) the application the scopes it asked for. The form carries the
authorization request in hidden fields and a CSRF token that must match a SameSite=Strict
cookie (double submit). The page cannot be framed.
"""

from __future__ import annotations

import hmac
import html
import secrets
from typing import Any

from authlib.oauth2.rfc6749 import InvalidScopeError, OAuth2Error
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from auth.consent_text import page_language, text
from auth.requests import FormTooLarge, form_pairs, oauth_request
from auth.scopes import granted, parse_scope
from auth.users import User

CSRF_COOKIE = "hub_csrf"
REQUEST_FIELDS = (
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
    "ui_locales",
)
_SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "form-action 'self'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
}


async def authorize(request: Request) -> Response:
    service = request.app.state.auth
    lang = page_language(request, request.query_params.get("ui_locales"))
    try:
        pairs = await form_pairs(request)
    except FormTooLarge:
        return _page(text("too_large", lang), lang, status=413)
    lang = page_language(request, dict(pairs).get("ui_locales"))
    if request.method == "POST":
        retry = service.address_limiter.hit(_address(request))
        if retry is not None:
            return _page(text("too_many", lang), lang, 429, {"Retry-After": str(retry)})
        if not _csrf_ok(request, pairs):
            return _page(text("expired", lang), lang, 403)
    fields = {name: value for name, value in pairs if name in REQUEST_FIELDS}
    auth_request = oauth_request(
        request, service.settings.auth_issuer, [(k, v) for k, v in pairs if k in REQUEST_FIELDS]
    )
    try:
        grant = await service.run(service.server.get_consent_grant, auth_request)
    except OAuth2Error as error:
        return _refuse(service, auth_request, error, lang)
    if request.method == "GET":
        return _consent_form(grant, fields, lang)
    return await _decide(request, service, grant, dict(pairs), fields, lang)


async def _decide(
    request: Request,
    service: Any,
    grant: Any,
    form: dict[str, str],
    fields: dict[str, str],
    lang: str,
) -> Response:
    user: User | None = None
    if form.get("decision") == "allow":
        user = await service.directory.authenticate(
            form.get("username", ""), form.get("password", "")
        )
        if user is None:
            message = text("wrong_password", lang)
            return _consent_form(grant, fields, lang, message, status=400)
        scope = granted(grant.request.payload.scope, grant.client.scopes & user.scopes)
        if scope is None:
            error = InvalidScopeError(
                description="You may not grant these scopes.",
                redirect_uri=grant.redirect_uri,
                state=grant.request.payload.state,
            )
            return _refuse(service, grant.request, error, lang)
    status, body, headers = await service.run(
        service.server.create_authorization_response, grant.request, user, grant
    )
    return Response(body or None, status, headers=dict(headers))


def _refuse(service: Any, auth_request: Any, error: OAuth2Error, lang: str) -> Response:
    if error.redirect_uri:  # only set once the redirect URI was checked against the client
        status, _, headers = service.server.handle_error_response(auth_request, error)
        return Response(None, status, headers=dict(headers))
    # the reason is the OAuth error's own (English) description, as the RFCs word it
    reason = error.description or error.error
    return _page(text("invalid", lang, reason=reason), lang, 400)


def _consent_form(
    grant: Any, fields: dict[str, str], lang: str, message: str = "", status: int = 200
) -> Response:
    token = secrets.token_urlsafe(32)
    hidden = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
        for k, v in fields.items()
    )
    scopes = parse_scope(grant.request.scope or grant.request.payload.scope)
    items = "".join(f"<li>{html.escape(s)}</li>" for s in sorted(scopes))
    client = f"<strong>{html.escape(grant.client.name)}</strong>"
    asks = text("asks", lang, client=client)
    body = f"""<h1>{text("heading", lang)}</h1>
<p>{asks}</p><ul>{items or f"<li>{text('no_scope', lang)}</li>"}</ul>
<p class="error">{html.escape(message)}</p>
<form method="post" action="authorize">{hidden}
<input type="hidden" name="csrf_token" value="{token}">
<label>{text("username", lang)} <input name="username" autocomplete="username" required></label>
<label>{text("password", lang)} <input name="password" type="password"
 autocomplete="current-password"></label>
<button name="decision" value="allow">{text("allow", lang)}</button>
<button name="decision" value="deny" formnovalidate>{text("deny", lang)}</button></form>"""
    response = _page(body, lang, status, raw=True)
    response.set_cookie(
        CSRF_COOKIE,
        token,
        max_age=900,
        path="/oauth/authorize",
        httponly=True,
        samesite="strict",
        secure=grant.server.service.settings.auth_issuer.startswith("https:"),
    )
    return response


def _csrf_ok(request: Request, pairs: list[tuple[str, str]]) -> bool:
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = dict(pairs).get("csrf_token", "")
    return bool(cookie) and hmac.compare_digest(cookie.encode(), sent.encode())


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _page(
    content: str,
    lang: str,
    status: int = 200,
    headers: dict[str, str] | None = None,
    raw: bool = False,
) -> HTMLResponse:
    body = content if raw else f"<p>{html.escape(content)}</p>"
    document = (
        f'<!doctype html><html lang="{lang}"><meta charset="utf-8">'
        f"<title>{text('title', lang)}</title>"
        "<style>body{font-family:sans-serif;max-width:30em;margin:3em auto}"
        "label{display:block;margin:.5em 0}.error{color:#a00}</style>"
        f"<body>{body}</body></html>"
    )
    return HTMLResponse(document, status, headers={**_SECURITY_HEADERS, **(headers or {})})
