"""The console's own OAuth client: a public client (PKCE, no secret, since the console runs
inside the hub and a secret would sit next to what it protects), registered on first
sign-in. An operator who disables it (`hub clients disable hub-console`) closes the console;
registering again never re-enables it."""

from __future__ import annotations

import asyncpg

from auth.scopes import SCOPES

CLIENT_ID = "hub-console"
CALLBACK_PATH = "/console/callback"
# every scope a person may hold, except managing webhooks (not a console task)
CONSOLE_SCOPES = sorted(set(SCOPES) - {"webhooks:manage"})

REGISTER = """
INSERT INTO oauth_clients (client_id, name, organisation, auth_method, grant_types,
                           redirect_uris, scopes)
VALUES ($1, 'Hub console', 'hub', 'none', '{authorization_code,refresh_token}', $2, $3)
ON CONFLICT (client_id) DO UPDATE SET redirect_uris = excluded.redirect_uris,
                                      scopes = excluded.scopes"""


def redirect_uri(issuer: str) -> str:
    return issuer + CALLBACK_PATH


async def register_console_client(pool: asyncpg.Pool, issuer: str) -> None:
    await pool.execute(REGISTER, CLIENT_ID, [redirect_uri(issuer)], CONSOLE_SCOPES)
