"""A partner system's first steps with the hub: a token with private_key_jwt, a first
query, a subscription.

Needs `cryptography` (to sign the client assertion, RS256) and `websockets` (for the
subscription); the rest is the standard library.

    HUB_URL=https://hub.example HUB_CLIENT_ID=teatro-erp HUB_KEY_FILE=partner-key.pem \
        python quickstart.py

HUB_URL is the hub's issuer (its public base URL); HUB_KEY_FILE is the PEM private key whose
public half the hub's administrator registered for the client (docs/partners.md).
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import time
import urllib.parse
import urllib.request
import uuid

import websockets
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
PROJECTS = """
query Projects($organisation: ID!) {
  projects(partner: $organisation, first: 20) { nodes { id acronym title programme } }
}"""
EVENTS = "subscription { events(after: 0) { position eventType streamType recordedAt } }"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def client_assertion(client_id: str, issuer: str, key_file: str) -> str:
    """RFC 7523: iss = sub = the client id, aud = the hub's issuer exactly, a one-minute
    life (the hub refuses more than five), and a fresh jti (each assertion works once)."""
    with open(key_file, "rb") as pem:
        key = serialization.load_pem_private_key(pem.read(), password=None)
    now = int(time.time())
    header = {"alg": "RS256", "typ": "JWT"}
    claims = {
        "iss": client_id,
        "sub": client_id,
        "aud": issuer,
        "iat": now,
        "exp": now + 60,
        "jti": str(uuid.uuid4()),
    }
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}"
    signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{b64url(signature)}"


def token(hub: str, client_id: str, key_file: str) -> dict:
    form = urllib.parse.urlencode(
        {
            "grant_type": "client_credentials",
            "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": client_assertion(client_id, hub, key_file),
        }
    ).encode()
    with urllib.request.urlopen(urllib.request.Request(f"{hub}/oauth/token", form)) as answer:
        return json.load(answer)


def get(hub: str, path: str, access_token: str) -> dict:
    request = urllib.request.Request(
        hub + path, headers={"authorization": f"Bearer {access_token}"}
    )
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


def graphql(hub: str, access_token: str, query: str, variables: dict) -> dict:
    body = json.dumps({"query": query, "variables": variables}).encode()
    headers = {"authorization": f"Bearer {access_token}", "content-type": "application/json"}
    request = urllib.request.Request(f"{hub}/graphql", body, headers)
    with urllib.request.urlopen(request) as answer:
        result = json.load(answer)
    if "errors" in result:
        raise SystemExit(f"graphql error: {result['errors'][0]['message']}")
    return result["data"]


async def first_event(hub: str, access_token: str) -> dict:
    """Subscribe over graphql-transport-ws (the token in the upgrade request), take one
    event, and say goodbye."""
    url = "ws" + hub.removeprefix("http") + "/graphql"
    headers = {"authorization": f"Bearer {access_token}"}
    async with websockets.connect(
        url, subprotocols=["graphql-transport-ws"], additional_headers=headers
    ) as socket:
        await socket.send(json.dumps({"type": "connection_init", "payload": {}}))
        if json.loads(await socket.recv())["type"] != "connection_ack":
            raise SystemExit("the hub did not accept the connection")
        await socket.send(
            json.dumps({"id": "1", "type": "subscribe", "payload": {"query": EVENTS}})
        )
        while True:
            message = json.loads(await socket.recv())
            if message["type"] == "next":
                await socket.send(json.dumps({"id": "1", "type": "complete"}))
                return message["payload"]["data"]["events"]
            if message["type"] == "error":
                raise SystemExit(f"subscription error: {message['payload']}")


def main() -> None:
    hub = os.environ["HUB_URL"].rstrip("/")
    issued = token(hub, os.environ["HUB_CLIENT_ID"], os.environ["HUB_KEY_FILE"])
    access_token = issued["access_token"]
    print(f"token: {issued['token_type']} for {issued['expires_in']} s, scope {issued['scope']}")
    me = get(hub, "/api/whoami", access_token)
    print(f"organisation: {me['organisation']}")
    data = graphql(hub, access_token, PROJECTS, {"organisation": me["organisation"]})
    for project in data["projects"]["nodes"]:
        print(f"project: {project['acronym']} ({project['programme']}) {project['title']}")
    event = asyncio.run(first_event(hub, access_token))
    print(f"event: {event['position']} {event['eventType']} at {event['recordedAt']}")


if __name__ == "__main__":
    main()
