"""RFC 9068 JWT access tokens: issued with ES256 and ``typ: at+jwt``, verified strictly."""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass
from typing import Any

from joserfc import jws, jwt
from joserfc.errors import ExpiredTokenError, JoseError
from joserfc.jwk import KeySet

from auth.keys import ALGORITHM, KeyRing

ALGORITHMS = (ALGORITHM,)  # the allow-list: `none`, HS256 and the rest are refused
TOKEN_TYPES = ("at+jwt", "application/at+jwt")
REQUIRED_CLAIMS = ("iss", "aud", "exp", "iat", "jti", "sub", "client_id", "scope", "org")


class InvalidToken(Exception):
    """The token must not be accepted; the message says why (safe to show the caller)."""


@dataclass(frozen=True)
class TokenPolicy:
    issuer: str
    audience: str
    lifetime_s: int
    leeway_s: int


def issue(keyring: KeyRing, policy: TokenPolicy, claims: dict[str, Any]) -> tuple[str, dict]:
    """Sign an access token for ``claims`` (sub, client_id, org, scope and extras)."""
    now = int(time.time())
    payload = {
        "iss": policy.issuer,
        "aud": policy.audience,
        "iat": now,
        "nbf": now,
        "exp": now + policy.lifetime_s,
        "jti": secrets.token_urlsafe(16),
        **claims,
    }
    header = {"alg": ALGORITHM, "typ": "at+jwt", "kid": keyring.signing.kid}
    token = jwt.encode(header, payload, keyring.signing, algorithms=list(ALGORITHMS))
    return token, payload


def unverified_claims(token: str) -> dict[str, Any]:
    """The payload of a token this process just signed (never use on input)."""
    return dict(json.loads(jws.extract_compact(token.encode()).payload))


def verify(token: str, keys: KeySet, policy: TokenPolicy, *, check_time: bool = True) -> dict:
    """The claims of a valid access token, or InvalidToken."""
    try:
        header = jws.extract_compact(token.encode()).headers()
    except (JoseError, ValueError, UnicodeError) as error:
        raise InvalidToken("malformed token") from error
    if header.get("alg") not in ALGORITHMS:
        raise InvalidToken(f"algorithm {header.get('alg')!r} is not accepted")
    if str(header.get("typ", "")).lower() not in TOKEN_TYPES:
        raise InvalidToken("not an access token (typ must be at+jwt)")
    if not header.get("kid"):
        raise InvalidToken("no key id (kid)")
    try:
        decoded = jwt.decode(token, keys, algorithms=list(ALGORITHMS))
    except JoseError as error:
        raise InvalidToken(f"bad signature or unknown key: {error.error}") from error
    claims = dict(decoded.claims)
    _check_claims(claims, policy, check_time)
    return claims


def _check_claims(claims: dict[str, Any], policy: TokenPolicy, check_time: bool) -> None:
    options: dict[str, Any] = {name: {"essential": True} for name in REQUIRED_CLAIMS}
    options["iss"] = {"essential": True, "value": policy.issuer}
    options["aud"] = {"essential": True, "value": policy.audience}
    if not check_time:  # introspection: an expired token is inactive, not an error
        claims = {name: value for name, value in claims.items() if name != "exp"}
        del options["exp"]
    registry = jwt.JWTClaimsRegistry(leeway=policy.leeway_s, **options)
    try:
        registry.validate(claims)
    except ExpiredTokenError as error:
        raise InvalidToken("token expired") from error
    except JoseError as error:
        raise InvalidToken(f"invalid claims: {error.description or error.error}") from error
