"""Labels of enumerations in French, Spanish and English, chosen by a `lang` argument or
the Accept-Language header."""

from __future__ import annotations

from starlette.requests import HTTPConnection

LANGUAGES = ("en", "fr", "es")


def language_of(connection: HTTPConnection) -> str:
    """The first supported language of Accept-Language, else English."""
    header = connection.headers.get("accept-language", "")
    for part in header.split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in LANGUAGES:
            return tag
    return "en"
