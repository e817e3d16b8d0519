"""Which addresses the source checker may connect to.

A source's ``url`` is written by a stranger, and so is every ``Location`` a
server answers with.  Before each request (the first one and every redirect
hop) the host name is resolved once, every address it resolves to is
checked, and the connection is then made to one of *those* addresses (see
:mod:`dossierkit.sourcecheck.http_fetch`): there is no second lookup between
the check and the connection, so a name that resolves to a public address
when checked and to ``127.0.0.1`` a moment later (DNS rebinding) gains
nothing.

Refused unless the :class:`Policy` allows them: loopback, private,
link-local, multicast, reserved, unspecified and other non-global ranges of
IPv4 and IPv6, including IPv4 addresses carried inside IPv6 ones
(IPv4-mapped ``::ffff:127.0.0.1``, 6to4, NAT64).
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

SCHEMES = {"http": 80, "https": 443}
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Characters kept as they are in a request path: RFC 3986's reserved and
# unreserved ones and "%" (escapes already written stay as written).
_PATH_SAFE = "/:@!$&'()*+,;=-._~%?"


class AddressError(Exception):
    """An address the checker will not fetch (the message says why)."""


class Refused(AddressError):
    """The address is outside the network boundary (a private range, another scheme)."""


class LookupFailed(Exception):
    """The host name did not resolve; ``gone`` is True when it does not exist at all."""

    def __init__(self, message: str, gone: bool):
        super().__init__(message)
        self.gone = gone


@dataclass(frozen=True)
class Target:
    """One http(s) address, split into what a request needs."""

    scheme: str
    host: str            # lower case, ASCII (IDNA), no brackets around IPv6 literals
    port: int
    path: str            # path and query, percent-encoded, never empty

    @property
    def endpoint(self) -> tuple[str, int]:
        """``(host, port)``, the unit that ``--allow-host`` names."""
        return (self.host, self.port)


def parse_target(url: str) -> Target:
    """Split an http(s) ``url``; raise :class:`Refused` for another scheme, :class:`AddressError` if malformed."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise AddressError(f"not a valid address ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise Refused(f"only http and https addresses are fetched, not {scheme or 'a relative address'}:")
    host = parts.hostname or ""
    if not host:
        raise AddressError("the address has no host name")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        raise AddressError("the host name is not a valid international domain name") from None
    path = quote(parts.path or "/", safe=_PATH_SAFE)
    if parts.query:
        path += "?" + quote(parts.query, safe=_PATH_SAFE)
    return Target(scheme, host.lower().rstrip("."), port or SCHEMES[scheme], path)


def parse_endpoint(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:8080`` for IPv6) as a ``(host, port)`` pair; ValueError if malformed."""
    host, sep, port = text.strip().rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"{text!r} is not HOST:PORT")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return (host.lower().rstrip("."), int(port))


@dataclass(frozen=True)
class Policy:
    """What may be reached besides public addresses.

    ``allow_private`` lifts the boundary for every address (an intranet);
    ``allowed`` lifts it for named ``(host, port)`` endpoints only, as written
    in the address (tests, one intranet server): a redirect from an allowed
    endpoint to any other host or port is checked again.
    """

    allow_private: bool = False
    allowed: frozenset[tuple[str, int]] = field(default_factory=frozenset)

    def exempts(self, target: Target) -> bool:
        """True when ``target`` may be reached whatever it resolves to."""
        return self.allow_private or target.endpoint in self.allowed


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def forbidden_reason(address: str) -> str | None:
    """Why ``address`` (an IP literal) is outside the boundary, or None when it is a public address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            reason = forbidden_reason(str(inner))
            if reason or ip.ipv4_mapped is not None:  # a mapped address *is* its IPv4 address
                return f"{reason} inside an IPv6 address" if reason else None
    for attribute, words in (
        ("is_unspecified", "an unspecified address"), ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"), ("is_multicast", "a multicast address"),
        ("is_reserved", "a reserved address"), ("is_private", "a private address"),
    ):
        if getattr(ip, attribute):
            return words
    if not ip.is_global:
        return "not a public address"
    return None


Address = tuple[int, tuple]  # (socket family, socket address) as getaddrinfo gives them


def _getaddrinfo(host: str, port: int, timeout: float) -> list[Address]:
    """``getaddrinfo`` bounded by ``timeout`` (the C call itself cannot be interrupted)."""
    result: dict[str, object] = {}

    def lookup() -> None:
        try:
            result["ok"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, ValueError) as exc:  # ValueError: a NUL, a label over 63 characters
            result["error"] = exc

    thread = threading.Thread(target=lookup, name=f"dns {host}", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise LookupFailed(f"the lookup of {host} timed out", gone=False)
    error = result.get("error")
    if isinstance(error, socket.gaierror) and error.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", -5)):
        raise LookupFailed(f"the host name {host} does not exist (DNS)", gone=True)
    if error is not None:
        raise LookupFailed(f"the lookup of {host} failed ({error})", gone=False)
    seen: dict[tuple, Address] = {}
    for family, _type, _proto, _name, sockaddr in result["ok"]:  # type: ignore[union-attr]
        seen.setdefault(sockaddr, (family, sockaddr))
    return list(seen.values())


def resolve(target: Target, policy: Policy, timeout: float) -> list[Address]:
    """The addresses to connect to for ``target``, each checked against ``policy``.

    Raises :class:`Refused` if any address the name resolves to is outside the
    boundary (a name that answers with a public and a private address is
    refused as a whole), :class:`LookupFailed` if it does not resolve.
    """
    addresses = _getaddrinfo(target.host, target.port, timeout)
    if not addresses:
        raise LookupFailed(f"the host name {target.host} has no address", gone=True)
    if not policy.exempts(target):
        for _family, sockaddr in addresses:
            reason = forbidden_reason(sockaddr[0])
            if reason:
                shown = target.host if target.host == sockaddr[0] else f"{target.host} resolves to {sockaddr[0]}"
                raise Refused(f"{shown}, {reason}; not fetched (--allow-private or --allow-host lifts this)")
    return addresses
