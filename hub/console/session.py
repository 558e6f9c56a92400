"""The console's session: a signed cookie (HttpOnly, SameSite=Lax, Secure outside
development) holding the person's tokens, never readable by page scripts.

The signing key comes from ``HUB_CONSOLE_SESSION_SECRET``, or is generated once and kept in
the data folder so sessions survive a restart.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware

from hub.settings import Settings

COOKIE = "hub_console"
KEY_FILE = "console-session.key"


def session_secret(settings: Settings) -> str:
    if settings.console_session_secret:
        return settings.console_session_secret
    path = Path(settings.data_dir) / KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # the first process to start writes the key; the others read it
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="utf-8").strip()


def session_middleware(settings: Settings) -> Middleware:
    return Middleware(
        SessionMiddleware,
        secret_key=session_secret(settings),
        session_cookie=COOKIE,
        max_age=settings.console_session_hours * 3600,
        path="/console",
        same_site="lax",
        https_only=settings.environment != "development",
    )
