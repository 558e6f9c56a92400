"""The interface language: the person's choice (kept in the session), else the browser's
Accept-Language, else English."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from hub.api.i18n import LANGUAGES, language_of
from hub.console.paths import safe_next


def language(request: Request) -> str:
    chosen = request.session.get("lang")
    return chosen if chosen in LANGUAGES else language_of(request)


async def choose_language(request: Request) -> Response:
    """`/console/language/{lang}?next=…`: a preference, so a plain link will do."""
    lang = request.path_params["lang"]
    if lang in LANGUAGES:
        request.session["lang"] = lang
    return RedirectResponse(safe_next(request.query_params.get("next")), 303)
