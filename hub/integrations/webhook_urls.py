"""Which URLs the hub posts to: a guard against server-side request forgery.

Outside development an endpoint must be ``https`` and its host must resolve only to public
addresses (no loopback, private, link-local, carrier-grade NAT, multicast, reserved or
unspecified ranges, IPv4 or IPv6, mapped addresses included). The check runs when an
endpoint is registered and again before every attempt; the attempt then connects to the
address just checked (``Target``), so a name re-pointed at an internal address in between
(DNS rebinding) is not followed. Redirects are never followed. In development anything
``http(s)`` goes, loopback included (a receiver on the developer's machine).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_URL_LENGTH = 2000
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeUrl(ValueError):
    """A URL the hub refuses to deliver to; the message says why."""


@dataclass(frozen=True)
class Target:
    """Where an attempt connects: ``url`` as registered, ``address`` checked (None in
    development: connect by name)."""

    url: str
    host: str
    address: str | None


def check_shape(url: str, *, development: bool) -> str:
    """The host of ``url`` if its form is acceptable (scheme, no credentials, a host)."""
    if len(url) > MAX_URL_LENGTH:
        raise UnsafeUrl(f"a webhook URL is at most {MAX_URL_LENGTH} characters")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as error:
        raise UnsafeUrl(f"not a URL: {error}") from None
    allowed = ("https", "http") if development else ("https",)
    if parts.scheme not in allowed:
        needed = "http or https" if development else "https (outside development)"
        raise UnsafeUrl(f"a webhook URL must use {needed}")
    if parts.username is not None or parts.password is not None:
        raise UnsafeUrl("a webhook URL must not carry credentials")
    if not parts.hostname:
        raise UnsafeUrl("a webhook URL needs a host")
    if parts.fragment:
        raise UnsafeUrl("a webhook URL must not have a fragment")
    return parts.hostname


def is_public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


async def resolve(url: str, *, development: bool) -> Target:
    """Check ``url`` and, outside development, the addresses its host resolves to."""
    host = check_shape(url, development=development)
    if development:
        return Target(url, host, None)
    addresses = await _addresses(host)
    refused = [str(a) for a in addresses if not is_public(a)]
    if refused:
        raise UnsafeUrl(f"{host} resolves to a non-public address ({refused[0]})")
    return Target(url, host, str(addresses[0]))


async def _addresses(host: str) -> list[IPAddress]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError as error:
        raise UnsafeUrl(f"{host} does not resolve ({error.strerror or error})") from None
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    if not addresses:
        raise UnsafeUrl(f"{host} does not resolve")
    return addresses
