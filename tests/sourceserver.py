"""Test helpers for the source checker: a loopback web server, a fake DNS, a tiny PDF.

Nothing here touches the real network: the server listens on 127.0.0.1,
:func:`offline_network` answers DNS lookups from a table (any other name
does not exist) and fails any connection to an address that is not
loopback.
"""

from __future__ import annotations

import http.server
import ipaddress
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

import pytest

Handler = Callable[[http.server.BaseHTTPRequestHandler], None]


def page(body: bytes | str, status: int = 200, content_type: str = "text/html; charset=utf-8",
         headers: dict[str, str] | None = None) -> Handler:
    """A route that answers with ``body``."""
    data = body.encode("utf-8") if isinstance(body, str) else body

    def respond(h: http.server.BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        if content_type:
            h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            h.send_header(name, value)
        h.end_headers()
        h.wfile.write(data)
    return respond


def redirect(location: str, status: int = 302) -> Handler:
    """A route that redirects to ``location``."""
    return page(b"", status, "", {"Location": location})


def slow(seconds: float, then: Handler) -> Handler:
    """A route that waits ``seconds`` before answering like ``then``."""
    def respond(h):
        time.sleep(seconds)
        then(h)
    return respond


def trickle(count: int, interval: float) -> Handler:
    """A route that sends one byte of body every ``interval`` seconds (each read succeeds, the whole never ends)."""
    def respond(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/plain")
        h.end_headers()
        for _ in range(count):
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(interval)
    return respond


def stream(total: int, content_length: bool, chunk: bytes = b"word " * 1000,
           encoding: str | None = None, prefix: bytes = b"") -> Handler:
    """A route that sends ``total`` bytes of body (with or without Content-Length)."""
    def respond(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/plain")
        if encoding:
            h.send_header("Content-Encoding", encoding)
        if content_length:
            h.send_header("Content-Length", str(total))
        h.end_headers()
        h.wfile.write(prefix)
        sent = len(prefix)
        while sent < total:
            piece = chunk[: total - sent]
            h.wfile.write(piece)
            sent += len(piece)
    return respond


@dataclass
class Server:
    """The test's web server: ``routes`` by path, and what it was asked."""

    port: int = 0
    routes: dict[str, Handler] = field(default_factory=dict)
    hits: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        """The address of ``path`` on this server."""
        return f"http://{host}:{self.port}{path}"

    @property
    def endpoint(self) -> str:
        """``127.0.0.1:PORT``, for ``--allow-host``."""
        return f"127.0.0.1:{self.port}"

    def paths(self) -> list[str]:
        """The paths requested so far, in order."""
        return [path for path, _ in self.hits]


def _handler_class(server: Server):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            with server.lock:
                server.hits.append((self.path, dict(self.headers.items())))
            try:
                route = server.routes.get(self.path)
                if route is None:
                    page("<p>not here</p>", 404)(self)
                else:
                    route(self)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the checker gave up first (timeouts, size caps)

        def log_message(self, *args) -> None:
            pass

    return Handler


@pytest.fixture
def server():
    """A web server on 127.0.0.1 in a thread, for one test."""
    state = Server()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler_class(state))
    httpd.daemon_threads = True
    httpd.block_on_close = False
    httpd.handle_error = lambda request, address: None
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


@dataclass
class FakeDNS:
    """Names the tests may resolve, and how often each was looked up."""

    table: dict[str, list[str]] = field(default_factory=dict)
    lookups: list[str] = field(default_factory=list)


@pytest.fixture(autouse=True)
def offline_network(monkeypatch):
    """No real DNS and no connection beyond loopback, for every test that imports this fixture."""
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect
    dns = FakeDNS()

    def getaddrinfo(host, port, *args, **kwargs):
        dns.lookups.append(host)
        try:
            ipaddress.ip_address(host)
            return real_getaddrinfo(host, port, *args, **kwargs)
        except ValueError:
            pass
        if host == "localhost":
            return real_getaddrinfo("127.0.0.1", port, *args, **kwargs)
        if host not in dns.table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known (fake DNS)")
        answers = []
        for address in dns.table[host]:
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            sockaddr = (address, port, 0, 0) if family == socket.AF_INET6 else (address, port)
            answers.append((family, socket.SOCK_STREAM, 6, "", sockaddr))
        return answers

    def connect(sock, address):
        host = address[0] if isinstance(address, tuple) else None
        if host is not None and not ipaddress.ip_address(host.split("%")[0]).is_loopback:
            raise AssertionError(f"a test tried to reach {address}: tests never leave the machine")
        return real_connect(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    return dns


def tiny_pdf(*lines: str) -> bytes:
    """A one-page PDF whose text is ``lines`` (Helvetica, one line each), written by hand."""
    ops = ["BT /F1 12 Tf 72 720 Td 14 TL"]
    for text in lines:
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({escaped}) Tj T*")
    ops.append("ET")
    content = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
