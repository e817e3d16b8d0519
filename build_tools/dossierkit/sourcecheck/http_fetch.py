"""One GET of one source address: redirects, retries, caps, and the network boundary.

- Only http and https, at every hop; every hop's host is resolved and
  checked (:func:`dossierkit.sourcecheck.addresses.resolve`) and the
  connection goes to the address that was checked, with the right ``Host``
  header and TLS ``server_hostname`` (:class:`_Connection`).
- A hard deadline per request (connection, TLS handshake, headers and body):
  a watchdog shuts the socket down when it passes, so a server that trickles
  bytes cannot hold a request longer than ``timeout``.
- The body is read up to ``max_bytes``, compressed or not (a gzip bomb stops
  at the cap); a larger page is not read further.
- 429 and 503 are retried politely: ``Retry-After`` when the server gives it
  (up to ``max_retry_wait``), exponential backoff otherwise.
- At most one request at a time per host: the caller passes a ``gate``.
"""

from __future__ import annotations

import contextlib
import email.utils
import functools
import http.client
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass
from typing import Callable, ContextManager
from urllib.parse import urljoin

from dossierkit import __version__
from dossierkit.sourcecheck.addresses import (
    Address, AddressError, LookupFailed, Policy, Refused, Target, parse_target, resolve,
)

USER_AGENT = f"dossierkit/{__version__} (source checker; checks that cited pages exist and hold their quotes)"
OK, GONE, REFUSED, FAILED, NOT_CHECKED = "ok", "gone", "refused", "failed", "not-checked"
GONE_STATUSES = {404, 410}
RETRY_STATUSES = {429, 503}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}


@dataclass(frozen=True)
class Limits:
    """How long, how much and how often (``--timeout``, ``--max-bytes``)."""

    timeout: float = 20.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 2
    max_retry_wait: float = 30.0
    backoff: float = 2.0


@dataclass(frozen=True)
class Fetched:
    """What one address gave: an outcome (``ok``, ``gone``, ``refused``, ``failed``) and, when ok, the body."""

    outcome: str
    url: str
    final_url: str
    status: int | None = None
    reason: str = ""
    content_type: str = ""
    body: bytes = b""


Gate = Callable[[str], ContextManager[None]]


@contextlib.contextmanager
def no_gate(_host: str):
    """A gate that lets every request through (one-off fetches, tests)."""
    yield


@functools.cache
def _tls_context() -> ssl.SSLContext:
    return ssl.create_default_context()


class _Timeout(Exception):
    pass


class _TooLarge(Exception):
    pass


class _BadBody(Exception):
    """The body cannot be read (an unknown or damaged compression); the message says why."""


class _Watchdog:
    """Shuts the tracked socket down at the deadline, which ends any blocking read."""

    def __init__(self, seconds: float):
        self.fired = False
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def track(self, sock: socket.socket) -> socket.socket:
        with self._lock:
            self._sock = sock
            if self.fired:
                self._shutdown()
        return sock

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            self._shutdown()

    def _shutdown(self) -> None:
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        self._timer.cancel()


def _open(addresses: list[Address], timeout: float) -> socket.socket:
    error: OSError = OSError("no address to connect to")
    for family, sockaddr in addresses:
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            error = exc
    raise error


class _Connection(http.client.HTTPConnection):
    """An HTTP connection to an address checked beforehand (never a new DNS lookup)."""

    def __init__(self, target: Target, addresses: list[Address], timeout: float, watchdog: _Watchdog):
        super().__init__(target.host, target.port, timeout=timeout)
        self._addresses = addresses
        self._watchdog = watchdog

    def connect(self) -> None:
        self.sock = self._watchdog.track(_open(self._addresses, self.timeout))


class _TLSConnection(_Connection):
    """The same over TLS, verified against the host name of the address."""

    default_port = 443

    def connect(self) -> None:
        raw = self._watchdog.track(_open(self._addresses, self.timeout))
        tls = _tls_context().wrap_socket(raw, server_hostname=self.host, do_handshake_on_connect=False)
        self.sock = self._watchdog.track(tls)
        tls.do_handshake()


def _read_body(response: http.client.HTTPResponse, max_bytes: int) -> bytes:
    length = response.getheader("Content-Length", "")
    if length.strip().isdigit() and int(length) > max_bytes:
        raise _TooLarge
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding in ("gzip", "x-gzip", "deflate"):
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header
    elif encoding in ("identity", ""):
        inflater = None
    else:
        raise _BadBody(f"the page is compressed as {encoding[:40]!r}, which is not read")
    body, raw = bytearray(), 0
    try:
        while chunk := response.read(65536):
            raw += len(chunk)
            if raw > max_bytes:
                raise _TooLarge
            body += inflater.decompress(chunk, max_bytes + 1 - len(body)) if inflater else chunk
            if len(body) > max_bytes:
                raise _TooLarge
        if inflater:
            body += inflater.flush()
            if not inflater.eof:
                raise zlib.error("truncated")
    except zlib.error:
        raise _BadBody("the compressed page is damaged") from None
    if len(body) > max_bytes:
        raise _TooLarge
    return bytes(body)


@dataclass(frozen=True)
class _Answer:
    status: int
    location: str | None = None
    retry_after: str | None = None
    content_type: str = ""
    body: bytes = b""


def _request(target: Target, policy: Policy, limits: Limits) -> _Answer:
    """One GET to ``target``; raises on network errors, :class:`_Timeout`, :class:`_TooLarge`."""
    started = time.monotonic()
    addresses = resolve(target, policy, limits.timeout)
    watchdog = _Watchdog(limits.timeout - (time.monotonic() - started))
    kind = _TLSConnection if target.scheme == "https" else _Connection
    conn = kind(target, addresses, limits.timeout, watchdog)
    try:
        conn.request("GET", target.path, headers={
            "User-Agent": USER_AGENT, "Accept-Encoding": "gzip, identity", "Connection": "close",
            "Accept": "text/html,application/xhtml+xml,application/pdf,text/plain;q=0.9,*/*;q=0.5",
        })
        response = conn.getresponse()
        status = response.status
        if status in REDIRECT_STATUSES:
            answer = _Answer(status, location=response.getheader("Location"))
        elif status in RETRY_STATUSES:
            answer = _Answer(status, retry_after=response.getheader("Retry-After"))
        elif not 200 <= status < 300:
            answer = _Answer(status)
        else:
            answer = _Answer(status, content_type=response.getheader("Content-Type", ""),
                             body=_read_body(response, limits.max_bytes))
    except (OSError, http.client.HTTPException, ValueError, _BadBody):
        if watchdog.fired:
            raise _Timeout from None
        raise
    finally:
        watchdog.cancel()
        conn.close()
    if watchdog.fired:  # a socket shut down mid-body reads as a clean end: the body may be cut short
        raise _Timeout
    return answer


def _retry_wait(answer: _Answer, attempt: int, limits: Limits) -> float:
    value = (answer.retry_after or "").strip()
    if value.isdigit():
        return float(value)
    if value:
        with contextlib.suppress(TypeError, ValueError):
            when = email.utils.parsedate_to_datetime(value)
            return max(0.0, when.timestamp() - time.time())
    return limits.backoff * (2 ** attempt)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate not valid ({exc.verify_message})"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error ({exc.reason or exc})"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, (ConnectionResetError, http.client.RemoteDisconnected)):
        return "the server closed the connection"
    if isinstance(exc, socket.timeout):
        return "timed out"
    text = str(exc) or type(exc).__name__
    return f"network error ({text[:120]})"


def fetch(url: str, policy: Policy, limits: Limits, gate: Gate = no_gate) -> Fetched:
    """GET ``url``, following up to ``limits.max_redirects`` redirects; never raises for network trouble."""
    current = url

    def ended(outcome: str, reason: str, status: int | None = None) -> Fetched:
        return Fetched(outcome, url, current, status, f"redirected to {current}: {reason}" if current != url else reason)

    for _hop in range(limits.max_redirects + 1):
        try:
            target = parse_target(current)
        except AddressError as exc:
            return ended(REFUSED if isinstance(exc, Refused) else FAILED, str(exc))
        with gate(target.host):
            answer = _with_retries(target, policy, limits)
        if isinstance(answer, tuple):
            return ended(*answer)
        if answer.status in REDIRECT_STATUSES:
            if not answer.location:
                return ended(FAILED, f"HTTP {answer.status} without a Location", answer.status)
            try:
                current = urljoin(current, answer.location.strip()).split("#", 1)[0]
            except ValueError:
                return ended(FAILED, f"HTTP {answer.status} to a malformed address {answer.location[:200]!r}",
                             answer.status)
            continue
        if answer.status in GONE_STATUSES:
            return ended(GONE, f"HTTP {answer.status}", answer.status)
        if not 200 <= answer.status < 300:
            return ended(FAILED, f"HTTP {answer.status}", answer.status)
        return Fetched(OK, url, current, answer.status, f"HTTP {answer.status}", answer.content_type, answer.body)
    return ended(FAILED, f"more than {limits.max_redirects} redirects")


def _with_retries(target: Target, policy: Policy, limits: Limits) -> _Answer | tuple[str, str, int | None]:
    """The answer for ``target``, retrying 429/503; ``(outcome, reason, status)`` when the fetch ends here."""
    for attempt in range(limits.retries + 1):
        try:
            answer = _request(target, policy, limits)
        except Refused as exc:
            return (REFUSED, str(exc), None)
        except LookupFailed as exc:
            return (GONE if exc.gone else FAILED, str(exc), None)
        except (_Timeout, socket.timeout):  # the watchdog's deadline or the socket's own: the same to a reader
            return (FAILED, f"timed out after {limits.timeout:g} s", None)
        except _TooLarge:
            return (FAILED, f"the page is larger than {limits.max_bytes:,} bytes; not read", None)
        except _BadBody as exc:
            return (FAILED, str(exc), None)
        except (OSError, http.client.HTTPException, ValueError) as exc:
            return (FAILED, _describe(exc), None)
        if answer.status not in RETRY_STATUSES:
            return answer
        wait = _retry_wait(answer, attempt, limits)
        if attempt == limits.retries or wait > limits.max_retry_wait:
            return (FAILED, f"HTTP {answer.status} (busy or rate-limited; gave up after {attempt + 1} tries)",
                    answer.status)
        time.sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover
