"""The checker's network boundary: which addresses it refuses, at every hop, and how it connects.

Nothing here leaves the machine: the server listens on loopback, names
resolve through a fake DNS, and a connection to any other address fails the
test (``sourceserver.offline_network``).
"""

from __future__ import annotations

import socket

import pytest

from dossierkit.cli.main import main
from dossierkit.sourcecheck.addresses import (
    AddressError, LookupFailed, Policy, Refused, forbidden_reason, parse_endpoint, parse_target, resolve,
)
from dossierkit.sourcecheck.http_fetch import OK, REFUSED, Limits, fetch
from sourceserver import offline_network, page, redirect, server  # noqa: F401
from test_check_sources import project, source_record  # noqa: F401

REFUSED_ADDRESSES = {
    "127.0.0.1": "loopback", "127.8.9.10": "loopback", "10.1.2.3": "private", "172.16.0.1": "private",
    "192.168.1.1": "private", "169.254.169.254": "link-local", "0.0.0.0": "unspecified", "224.0.0.251": "multicast",
    "240.0.0.1": "reserved", "255.255.255.255": "reserved", "100.64.0.1": "not a public", "192.0.2.1": "private",
    "::1": "loopback", "::": "unspecified", "fe80::1": "link-local", "fe80::1%1": "link-local", "fc00::1": "private",
    "fd12:3456::1": "private", "ff02::1": "multicast", "::ffff:127.0.0.1": "loopback address inside an IPv6",
    "::ffff:10.0.0.1": "private address inside an IPv6", "::ffff:169.254.169.254": "link-local address inside",
    "2002:7f00:1::": "loopback address inside an IPv6", "64:ff9b::a00:1": "private address inside an IPv6",
    "::127.0.0.1": "reserved", "2001:db8::1": "private",
}


@pytest.mark.parametrize("address", sorted(REFUSED_ADDRESSES))
def test_non_public_addresses_are_refused(address):
    reason = forbidden_reason(address)
    assert reason is not None and REFUSED_ADDRESSES[address] in reason


@pytest.mark.parametrize("address", ["8.8.8.8", "93.184.216.34", "2606:4700:4700::1111", "2a00:1450:4001::200e",
                                     "::ffff:8.8.8.8", "2002:808:808::"])
def test_public_addresses_pass(address):
    assert forbidden_reason(address) is None


def test_targets_are_http_or_https_with_a_host():
    t = parse_target("https://Example.ORG./a b/\u00e9?q=\u00fc&x=1#frag")
    assert (t.scheme, t.host, t.port, t.path) == ("https", "example.org", 443, "/a%20b/%C3%A9?q=%C3%BC&x=1")
    assert parse_target("http://[::1]:8080").endpoint == ("::1", 8080)
    assert parse_target("http://b\u00fccher.example/").host == "xn--bcher-kva.example"
    assert parse_target("http://user:pw@host.example/%41").path == "/%41"  # escapes stay as written
    for url in ("file:///etc/passwd", "ftp://host/x", "javascript:alert(1)", "gopher://h/", "/relative"):
        with pytest.raises(Refused):
            parse_target(url)
    for url in ("http:///nohost", "http://host:99999/", "http://host:x/"):
        with pytest.raises(AddressError):
            parse_target(url)


def test_endpoints_for_allow_host():
    assert parse_endpoint("127.0.0.1:8000") == ("127.0.0.1", 8000)
    assert parse_endpoint("[::1]:443") == ("::1", 443)
    assert parse_endpoint("Intranet.Example:80") == ("intranet.example", 80)
    for bad in ("localhost", "host:", ":80", "host:0", "host:70000", "host:http"):
        with pytest.raises(ValueError):
            parse_endpoint(bad)


def test_a_name_is_refused_when_any_address_it_resolves_to_is_private(offline_network):
    offline_network.table.update({"intranet.example": ["10.1.2.3"], "mixed.example": ["93.184.216.34", "127.0.0.1"],
                                  "mapped.example": ["::ffff:192.168.0.1"]})
    for host in offline_network.table:
        with pytest.raises(Refused, match=f"{host} resolves to"):
            resolve(parse_target(f"http://{host}/"), Policy(), 2)
    # lifted for one named endpoint, or for everything
    assert resolve(parse_target("http://intranet.example/"), Policy(allowed=frozenset({("intranet.example", 80)})), 2)
    assert resolve(parse_target("http://mixed.example/"), Policy(allow_private=True), 2)
    with pytest.raises(Refused):  # the same host on another port is another endpoint
        resolve(parse_target("http://intranet.example:8080/"), Policy(allowed=frozenset({("intranet.example", 80)})), 2)


def test_the_connection_goes_to_the_checked_address_with_one_lookup(server, offline_network):
    """No second DNS lookup between the check and the connection; the Host header keeps the name."""
    offline_network.table["pinned.example"] = ["127.0.0.1"]
    server.routes["/p"] = page("<p>pinned</p>")
    url = f"http://pinned.example:{server.port}/p"
    fetched = fetch(url, Policy(allowed=frozenset({("pinned.example", server.port)})), Limits(timeout=2))
    assert fetched.outcome == OK and fetched.body == b"<p>pinned</p>"
    assert offline_network.lookups == ["pinned.example"]
    assert server.hits[0][1]["Host"] == f"pinned.example:{server.port}"


def test_a_loopback_address_is_refused_without_a_permission(server):
    server.routes["/p"] = page("<p>secret</p>")
    refused = fetch(server.url("/p"), Policy(), Limits(timeout=2))
    assert refused.outcome == REFUSED and "127.0.0.1, a loopback address" in refused.reason
    assert server.hits == []  # refused before any connection
    other_port = Policy(allowed=frozenset({("127.0.0.1", server.port + 1)}))
    assert fetch(server.url("/p"), other_port, Limits(timeout=2)).outcome == REFUSED
    assert fetch(server.url("/p", host="localhost"), Policy(allowed=frozenset({("127.0.0.1", server.port)})),
                 Limits(timeout=2)).outcome == REFUSED
    assert fetch(server.url("/p"), Policy(allow_private=True), Limits(timeout=2)).outcome == OK


def test_redirects_to_private_addresses_are_refused_even_from_an_allowed_host(project):
    s = project.server
    s.routes["/secret"] = page("<p>the admin panel</p>")
    targets = {
        "localhost": s.url("/secret", host="localhost"),               # a name for loopback
        "mapped": s.url("/secret", host="[::ffff:127.0.0.1]"),          # IPv4-mapped IPv6
        "other-port": f"http://127.0.0.1:{s.port + 1}/secret",          # same host, another endpoint
        "metadata": "http://169.254.169.254/latest/meta-data/",         # cloud metadata
        "private": "http://10.0.0.1/secret",
        "relative": f"//localhost:{s.port}/secret",                     # scheme-relative Location
        "file": "file:///etc/passwd",                                   # another scheme
    }
    for name, location in targets.items():
        s.routes[f"/go-{name}"] = redirect(location)
        project.source(f"src-{name}", s.url(f"/go-{name}"))
    project.cite("quoted", *({"source": f"src-{name}", "quote": "the admin panel"} for name in targets))
    code, report = project.check()
    assert code == 1
    assert "/secret" not in s.paths()
    for name in targets:
        record = source_record(report, f"src-{name}")
        assert record["status"] == "refused", (name, record)
        assert record["reason"].startswith("redirected to "), record["reason"]
        assert record["quotes"][0]["status"] == "not-checked"
    assert "only http and https addresses are fetched, not file:" in source_record(report, "src-file")["reason"]
    assert "169.254.169.254, a link-local address" in source_record(report, "src-metadata")["reason"]
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert {f["source"] for f in errors} == {f"src-{name}" for name in targets}


def test_the_command_refuses_loopback_unless_allowed(project):
    code, report = project.check(allow=False)
    assert code == 1 and project.server.hits == []
    assert {source_record(report, sid)["status"] for sid in ("src-one", "src-two")} == {"refused"}
    code, report = project.check("--allow-private", allow=False)
    assert code == 0 and {source_record(report, sid)["status"] for sid in ("src-one", "src-two")} == {"reachable"}


def test_a_name_that_does_not_exist_is_gone(project):
    project.source("src-nxdomain", "https://no-such-host.example/page")
    project.cite("quoted", {"source": "src-nxdomain"})
    code, report = project.check()
    assert code == 1
    record = source_record(report, "src-nxdomain")
    assert record["status"] == "gone" and "does not exist (DNS)" in record["reason"]


def test_malformed_redirects_are_reasons_not_crashes(project):
    s = project.server
    s.routes["/bad-ipv6"] = redirect("http://[::1/x")
    s.routes["/bad-port"] = redirect("http://example.org:99999/")
    s.routes["/loop"] = redirect("/loop")
    names = ("bad-ipv6", "bad-port", "loop")
    for name in names:
        project.source(f"src-{name}", s.url(f"/{name}"))
    project.cite("quoted", *({"source": f"src-{name}"} for name in names))
    code, report = project.check()
    reasons = {name: source_record(report, f"src-{name}")["reason"] for name in names}
    assert code == 0, reasons  # each is a warning: could not be checked
    assert reasons["bad-ipv6"] == "HTTP 302 to a malformed address 'http://[::1/x'"
    assert reasons["bad-port"] == "redirected to http://example.org:99999/: not a valid address (Port out of range 0-65535)"
    assert reasons["loop"].endswith("more than 5 redirects") and s.paths().count("/loop") == 6


@pytest.mark.parametrize("error", [ValueError("embedded null character"), UnicodeError("label too long")])
def test_a_name_the_resolver_refuses_to_look_up_is_a_reason(monkeypatch, error):
    def refuse(*args, **kwargs):
        raise error
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    with pytest.raises(LookupFailed, match="the lookup of bad.example failed") as failed:
        resolve(parse_target("http://bad.example/"), Policy(), 2)
    assert failed.value.gone is False


def test_a_hostile_location_header_cannot_forge_report_lines(project):
    # (a header is Latin-1: an ANSI escape, a C1 control and workflow-command syntax fit in one)
    project.server.routes["/evil"] = redirect("/x\x1b[31m\x9b::error file=README.md::fake%0A")
    project.source("src-evil", project.server.url("/evil"))
    project.cite("quoted", {"source": "src-evil"})
    code, out = project.check(fmt="github")
    assert "\x1b" not in out and "\x9b" not in out
    lines = out.splitlines()
    assert len(lines) == 4  # three sources and the summary: no forged line
    for line in lines[:-1]:
        assert line.startswith(("::notice file=dossier/", "::warning file=dossier/", "::error file=dossier/"))
    evil = next(line for line in lines if "src-evil" in line)
    head, _, message = evil.partition("::")[2].partition("::")
    assert head == "error file=dossier/sources/src-evil.yml,line=6,col=1,title=dossier check-sources"
    assert f"redirected to http://127.0.0.1:{project.server.port}/x\\x1b[31m\\x9b::error file=README.md::fake%250A" \
        in message


@pytest.mark.parametrize("args", [["--allow-host", "localhost"], ["--allow-host", "h:0"], ["--jobs", "0"],
                                  ["--timeout", "-1"], ["--max-bytes", "lots"], ["--format", "xml"]])
def test_bad_options_are_usage_errors(project, args):
    with pytest.raises(SystemExit) as exit_info:
        main(["check-sources", *args])
    assert exit_info.value.code == 2
