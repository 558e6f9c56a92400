"""Shared pieces of the console tests (this module holds no tests): a hub with the demo
loaded in a database of the module's own, a person who signs in, and their signing in
without a browser."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from html import unescape
from pathlib import Path

import httpx

from auth import store
from auth.users import hash_password
from hub.database import Database
from hub.demo.organisations import org_id
from hub.settings import Settings
from tests.conftest import loaded_demo
from tests.e2e.test_oauth_support import PASSWORD, Hub, serving

MANAGER_SCOPES = "projects:read finance:read activities:write finance:write plan:write audit:read"


@asynccontextmanager
async def console_hub(admin_url: str, settings: Settings, folder: Path) -> AsyncIterator[Hub]:
    # the hub serving it runs the projections: no need to catch them up first
    loaded = loaded_demo(settings, admin_url, caught_up=False)
    async with loaded as database, serving(database, folder) as hub:
        yield hub


async def person(
    database: Database, scopes: str = MANAGER_SCOPES, organisation: str = "oes"
) -> str:
    """A person of a demo organisation (by its key) who may sign in; returns the username."""
    username = f"person-{uuid.uuid4().hex[:8]}"
    user = {
        "user_id": str(uuid.uuid4()), "username": username,
        "password_hash": hash_password(PASSWORD), "organisation": str(org_id(organisation)),
        "scopes": set(scopes.split()), "restrictions": {},
    }  # fmt: skip
    async with database.pool.acquire() as connection:
        await store.insert_user(connection, user)
    return username


async def event_count(database: Database) -> int:
    return int(await database.pool.fetchval("SELECT count(*) FROM events"))


async def signed_in(http: httpx.AsyncClient, username: str) -> None:
    """Sign the client in through the console's own OAuth pages (what the browser posts)."""
    page = await http.get("/console/login", follow_redirects=True)
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text)
    form = {name: unescape(value) for name, value in fields}
    form.update(username=username, password=PASSWORD, decision="allow")
    answer = await http.post("/oauth/authorize", data=form, follow_redirects=True)
    assert answer.status_code == 200 and str(answer.url).endswith("/console/"), answer.url
