"""People sign in through an application: authorization code + PKCE (S256), refresh tokens
rotated on every use, and a reused refresh token revoking its whole family."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
from authlib.integrations.httpx_client import AsyncOAuth2Client

from tests.e2e.test_oauth_support import (
    REDIRECT_URI,
    app_client,
    authorization_code_tokens,
    eventually,
    hub,
    person,
    pkce_pair,
    sign_in,
)

__all__ = ["hub"]


def authorize_url(hub, client_id: str, scope: str, challenge: str, method: str = "S256") -> str:
    query = (
        f"response_type=code&client_id={client_id}&redirect_uri={REDIRECT_URI}"
        f"&scope={scope}&state=xyz&code_challenge={challenge}&code_challenge_method={method}"
    )
    return f"{hub.base}/oauth/authorize?{query}"


async def test_a_person_signs_in_and_the_application_gets_a_user_token(hub):
    client_id = await app_client(hub.database)
    username = await person(
        hub.database, "projects:read audit:read", restrictions={"projects": ["pyrenart"]}
    )
    token = await authorization_code_tokens(hub, client_id, username, "projects:read audit:read")
    assert token["refresh_token"] and token["scope"] == "projects:read audit:read"
    whoami = (await hub.whoami(token["access_token"])).json()
    assert whoami["kind"] == "user" and whoami["subject"].startswith("user:")
    assert whoami["organisation"] == "occitanie-en-scene" and whoami["client_id"] == client_id
    assert whoami["projects"] == ["pyrenart"]


async def test_a_person_who_denies_sends_the_application_access_denied(hub):
    client_id = await app_client(hub.database)
    username = await person(hub.database)
    _, challenge = pkce_pair()
    url = authorize_url(hub, client_id, "projects:read", challenge)
    answer = await sign_in(hub, url, username, decision="deny")
    query = parse_qs(urlsplit(answer.headers["location"]).query)
    assert answer.status_code == 302 and query["error"] == ["access_denied"]
    assert query["state"] == ["xyz"]


async def test_a_wrong_password_shows_the_form_again_and_issues_no_code(hub):
    client_id = await app_client(hub.database)
    username = await person(hub.database)
    _, challenge = pkce_pair()
    url = authorize_url(hub, client_id, "projects:read", challenge)
    answer = await sign_in(hub, url, username, password="not the password at all")
    assert answer.status_code == 400 and "Wrong username or password" in answer.text


async def test_the_sign_in_page_speaks_the_language_asked_for(hub):
    client_id = await app_client(hub.database)
    username = await person(hub.database)
    _, challenge = pkce_pair()
    url = authorize_url(hub, client_id, "projects:read", challenge)
    french = await sign_in(hub, url + "&ui_locales=fr-FR%20en", username, password="wrong")
    assert french.status_code == 400 and '<html lang="fr">' in french.text
    assert "Identifiant ou mot de passe incorrect." in french.text  # carried through the POST
    assert "Autoriser" in french.text and "Mot de passe" in french.text
    async with httpx.AsyncClient() as browser:
        spanish = await browser.get(url, headers={"accept-language": "es-ES,es;q=0.9"})
        english = await browser.get(url, headers={"accept-language": "de-DE"})
        invalid = await browser.get(
            f"{hub.base}/oauth/authorize?response_type=code&client_id=nobody&ui_locales=fr"
        )
    assert "Inicie sesión en el hub" in spanish.text and '<html lang="es">' in spanish.text
    assert "Sign in to the hub" in english.text and '<html lang="en">' in english.text
    assert invalid.status_code == 400 and "n&#x27;est pas valable" in invalid.text


async def test_a_form_posted_without_its_csrf_cookie_is_refused(hub):
    client_id = await app_client(hub.database)
    username = await person(hub.database)
    _, challenge = pkce_pair()
    form = dict(parse_qs(urlsplit(authorize_url(hub, client_id, "projects:read", challenge)).query))
    form = {k: v[0] for k, v in form.items()}
    form.update(username=username, password="x", decision="allow", csrf_token="forged")
    answer = await hub.post("/oauth/authorize", data=form)
    assert answer.status_code == 403 and "location" not in answer.headers


async def test_a_person_cannot_grant_scopes_they_do_not_hold(hub):
    client_id = await app_client(hub.database)
    username = await person(hub.database, "projects:read")
    _, challenge = pkce_pair()
    answer = await sign_in(hub, authorize_url(hub, client_id, "finance:write", challenge), username)
    assert parse_qs(urlsplit(answer.headers["location"]).query)["error"] == ["invalid_scope"]


async def test_a_refresh_token_is_rotated_on_every_use(hub):
    client_id = await app_client(hub.database)
    username = await person(hub.database)
    first = await authorization_code_tokens(hub, client_id, username, "projects:read")
    async with AsyncOAuth2Client(client_id) as oauth:
        second = await oauth.refresh_token(hub.token_url, refresh_token=first["refresh_token"])
        third = await oauth.refresh_token(hub.token_url, refresh_token=second["refresh_token"])
    assert len({first["refresh_token"], second["refresh_token"], third["refresh_token"]}) == 3
    assert (await hub.whoami(third["access_token"])).status_code == 200


async def test_a_reused_refresh_token_revokes_the_whole_family(hub):
    client_id = await app_client(hub.database)
    username = await person(hub.database)
    first = await authorization_code_tokens(hub, client_id, username, "projects:read")
    async with AsyncOAuth2Client(client_id) as oauth:
        second = await oauth.refresh_token(hub.token_url, refresh_token=first["refresh_token"])
    form = {
        "grant_type": "refresh_token",
        "refresh_token": first["refresh_token"],
        "client_id": client_id,
    }
    replay = await hub.post("/oauth/token", data=form)
    assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"
    form["refresh_token"] = second["refresh_token"]
    assert (await hub.post("/oauth/token", data=form)).json()["error"] == "invalid_grant"

    async def refused() -> bool:
        return (await hub.whoami(second["access_token"])).status_code == 401

    await eventually(refused)


async def test_a_reused_authorization_code_revokes_what_its_first_use_issued(hub):
    client_id = await app_client(hub.database)
    username = await person(hub.database)
    verifier, challenge = pkce_pair()
    answer = await sign_in(hub, authorize_url(hub, client_id, "projects:read", challenge), username)
    code = parse_qs(urlsplit(answer.headers["location"]).query)["code"][0]
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "client_id": client_id,
        "redirect_uri": REDIRECT_URI,
        "code_verifier": verifier,
    }
    first = (await hub.post("/oauth/token", data=form)).json()
    assert (await hub.post("/oauth/token", data=form)).json()["error"] == "invalid_grant"

    async def refused() -> bool:
        return (await hub.whoami(first["access_token"])).status_code == 401

    await eventually(refused)
