"""Pages from Jinja2 templates, in the person's language, with the console's security
headers (no framing, same-origin scripts and styles only, nothing cached)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from hub.console.language import language
from hub.console.messages import LANGUAGE_NAMES, translator

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
}


def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> Response:
    lang = language(request)
    values = {
        "lang": lang,
        "t": translator(lang),
        "languages": LANGUAGE_NAMES,
        "csrf_token": request.session.get("csrf", ""),
        "signed_in": "access_token" in request.session,
        "person": request.session.get("person"),
        "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        **context,
    }
    return TEMPLATES.TemplateResponse(request, template, values, status, HEADERS)


async def render_error(request: Request, status: int, message: str, **details: Any) -> Response:
    return render(request, "error.html", {"message": message, "details": details}, status)
