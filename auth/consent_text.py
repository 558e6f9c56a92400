"""The words of the sign-in and consent page in English, French and Spanish.

The language is the first supported one of the request's ``ui_locales`` (OpenID Connect's
authorization parameter: the hub's console passes the language the person chose), then of
Accept-Language, else English.
"""

from __future__ import annotations

from starlette.requests import Request

from hub.api.i18n import LANGUAGES, language_of

TEXT: dict[str, dict[str, str]] = {
    "title": {
        "en": "Hub sign-in",
        "fr": "Connexion au hub",
        "es": "Inicio de sesión en el hub",
    },
    "heading": {
        "en": "Sign in to the hub",
        "fr": "Connectez-vous au hub",
        "es": "Inicie sesión en el hub",
    },
    "asks": {
        "en": "{client} asks to act for you with:",
        "fr": "{client} demande à agir en votre nom avec :",
        "es": "{client} solicita actuar en su nombre con:",
    },
    "no_scope": {"en": "nothing more", "fr": "rien de plus", "es": "nada más"},
    "username": {"en": "Username", "fr": "Identifiant", "es": "Usuario"},
    "password": {"en": "Password", "fr": "Mot de passe", "es": "Contraseña"},
    "allow": {"en": "Allow", "fr": "Autoriser", "es": "Permitir"},
    "deny": {"en": "Deny", "fr": "Refuser", "es": "Denegar"},
    "wrong_password": {
        "en": "Wrong username or password.",
        "fr": "Identifiant ou mot de passe incorrect.",
        "es": "Usuario o contraseña incorrectos.",
    },
    "too_large": {
        "en": "Request too large.",
        "fr": "Requête trop volumineuse.",
        "es": "Solicitud demasiado grande.",
    },
    "too_many": {
        "en": "Too many attempts; try again later.",
        "fr": "Trop de tentatives ; réessayez plus tard.",
        "es": "Demasiados intentos; inténtelo más tarde.",
    },
    "expired": {
        "en": "The form expired; go back to the application and start again.",
        "fr": "Le formulaire a expiré ; revenez à l'application et recommencez.",
        "es": "El formulario ha caducado; vuelva a la aplicación y empiece de nuevo.",
    },
    "invalid": {
        "en": "This sign-in request is not valid: {reason}.",
        "fr": "Cette demande de connexion n'est pas valable : {reason}.",
        "es": "Esta solicitud de inicio de sesión no es válida: {reason}.",
    },
}


def page_language(request: Request, ui_locales: str | None) -> str:
    for tag in (ui_locales or "").split():
        code = tag.lower()[:2]
        if code in LANGUAGES:
            return code
    return language_of(request)


def text(key: str, lang: str, **values: str) -> str:
    words = TEXT[key]
    return words.get(lang, words["en"]).format(**values)
