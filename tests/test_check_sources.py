"""``dossier check-sources`` end to end, against a web server the test starts on loopback.

Every case runs the real command (``main([...])``) on a copy of the starter
dossier whose sources point at the test's server; nothing leaves the machine
(``sourceserver.offline_network``).  The network boundary, the cache, the
changed-only selection and the matching rules have their own modules:
``test_check_sources_boundary.py``, ``test_check_sources_cache.py`` and
``test_check_sources_text.py``.
"""

from __future__ import annotations

import gzip
import json
import threading
import time

import pytest

from dossierkit.cli.main import main
from sourceserver import offline_network, page, redirect, server, slow, stream, tiny_pdf, trickle  # noqa: F401

ARTICLE = """<!doctype html><html><head><title>Defence pact</title>
<script>var quote = "the words that are only in a script";</script><style>p {color: red}</style></head>
<body><h1>Iran welcomes the pact</h1>
<p>Tehran called it &ldquo;the beginning of a comprehensive
regional security system&rdquo; &ndash; and said more.</p><p>Caf\u00e9 talks resume.</p></body></html>"""


class Project:
    """The starter dossier with its sources on the test server, and a runner for the command."""

    def __init__(self, entries, server, tmp_path):
        self.entries, self.server, self.cache = entries, server, tmp_path / "cache"
        server.routes["/one"] = page("<p>Source one.</p>")
        server.routes["/two"] = page("<p>Source two.</p>")
        self.source("src-one", server.url("/one"))
        self.source("src-two", server.url("/two"))

    def source(self, sid: str, url: str | None = None, archive: str | None = None) -> None:
        lines = [f"id: {sid}", f"title: Source {sid}", "publisher: Example", "kind: news-report", "language: en"]
        lines += [f'url: "{url}"'] if url else []
        lines += [f'archive_url: "{archive}"'] if archive else []
        self.entries.write(f"sources/{sid}.yml", "\n".join(lines) + "\n")

    def cite(self, entry_id: str, *cites: dict) -> None:
        """An event citing ``cites`` (mappings with source, quote, ...)."""
        body = [f"id: {entry_id}", "title: An event", "date: 2025-09-17", "summary: Something happened.",
                "participants: [land-a]", "confidence: reported", "sources:"]
        for cite in cites:
            body.append(f"  - source: {cite['source']}")
            body += [f"    {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in cite.items() if k != "source"]
        self.entries.write(f"events/{entry_id}.yml", "\n".join(body) + "\n")

    def check(self, *args: str, fmt: str = "json", allow: bool = True) -> tuple[int, object]:
        argv = ["check-sources", "--cache", str(self.cache), "--timeout", "2", "--format", fmt, *args]
        if allow:
            argv += ["--allow-host", self.server.endpoint]
        code = main(argv)
        out = self.capsys.readouterr().out
        return code, json.loads(out) if fmt == "json" else out


@pytest.fixture
def project(entries, server, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(entries.root)
    p = Project(entries, server, tmp_path)
    p.capsys = capsys
    return p


def source_record(report: dict, sid: str) -> dict:
    return next(s for s in report["sources"] if s["id"] == sid)


def finding(report: dict, code: str) -> dict:
    found = [f for f in report["findings"] if f["code"] == code]
    assert len(found) == 1, (code, report["findings"])
    return found[0]


def test_a_quote_on_the_page_is_found(project):
    project.server.routes["/art"] = page(ARTICLE)
    project.source("src-art", project.server.url("/art"))
    project.cite("quoted", {"source": "src-art", "quote": "the beginning of a comprehensive regional security system"})
    code, report = project.check()
    assert code == 0, report["findings"]
    assert source_record(report, "src-art")["status"] == "reachable"
    assert source_record(report, "src-art")["quotes"][0]["status"] == "found"
    assert finding(report, "quote-found")["path"] == "dossier/events/quoted.yml"
    assert report["summary"]["errors"] == 0


def test_a_missing_quote_is_an_error_at_the_citation_naming_the_source(project):
    project.server.routes["/art"] = page(ARTICLE)
    project.source("src-art", project.server.url("/art"))
    project.cite("quoted", {"source": "src-art", "quote": "the beginning of a comprehensive military alliance"})
    code, out = project.check(fmt="text")
    assert code == 1
    line = next(line for line in out.splitlines() if "quote not found" in line)
    # the quote field is on line 9 of the event, column 5; the source's url on line 6 of its file
    assert line.startswith("dossier/events/quoted.yml:9:5: error: quote not found on http://127.0.0.1:")
    assert "(source src-art, dossier/sources/src-art.yml:6)" in line
    assert "the page has its first 5 of 7 words" in line and "comprehensive), then differs" in line


def test_words_only_in_a_script_are_not_the_page(project):
    project.server.routes["/art"] = page(ARTICLE)
    project.source("src-art", project.server.url("/art"))
    project.cite("quoted", {"source": "src-art", "quote": "the words that are only in a script"})
    code, report = project.check()
    assert code == 1 and finding(report, "quote-missing")


def test_a_near_miss_quote_is_found_despite_typography(project):
    """Curly quotes, a line break, an en dash, a non-breaking space, case and accents do not count."""
    project.server.routes["/art"] = page(ARTICLE)
    project.source("src-art", project.server.url("/art"))
    project.cite("quoted",
                 {"source": "src-art", "quote": '"The beginning of a comprehensive regional security system" - and'},
                 {"source": "src-art", "quote": "CAFE\u00a0talks resume"})
    code, report = project.check()
    assert code == 0, report["findings"]
    assert [q["status"] for q in source_record(report, "src-art")["quotes"]] == ["found", "found"]


def test_a_gone_page_with_a_working_archive_is_a_warning_and_its_quotes_are_read_there(project):
    project.server.routes["/archive/art"] = page(ARTICLE)
    project.source("src-art", project.server.url("/art"), archive=project.server.url("/archive/art"))
    project.cite("quoted", {"source": "src-art", "quote": "regional security system"})
    code, report = project.check()
    assert code == 0, report["findings"]
    record = source_record(report, "src-art")
    assert (record["status"], record["http_status"], record["archive"]) == ("gone", 404, "works")
    gone = finding(report, "gone-archived")
    assert gone["severity"] == "warning" and "the archived copy works" in gone["message"]
    assert record["quotes"][0]["status"] == "found"
    assert record["quotes"][0]["checked_in"] == project.server.url("/archive/art")


def test_a_gone_page_without_a_working_archive_is_an_error(project):
    project.server.routes["/art"] = page("<p>Gone.</p>", 410)
    project.source("src-art", project.server.url("/art"))
    project.source("src-arc", project.server.url("/arc"), archive=project.server.url("/arc-archive"))
    project.cite("quoted", {"source": "src-art"}, {"source": "src-arc"})
    code, report = project.check()
    assert code == 1
    messages = {f["source"]: f["message"] for f in report["findings"] if f["code"] == "gone"}
    assert "gone (HTTP 410)" in messages["src-art"] and "add an archive_url" in messages["src-art"]
    assert "the archived copy failed too (HTTP 404)" in messages["src-arc"]


def test_a_redirect_to_another_page_is_reported_as_moved_with_the_final_address(project):
    project.server.routes["/old"] = redirect("/middle", 301)
    project.server.routes["/middle"] = redirect(project.server.url("/new"), 308)
    project.server.routes["/new"] = page(ARTICLE)
    project.source("src-art", project.server.url("/old"))
    project.cite("quoted", {"source": "src-art", "quote": "Iran welcomes the pact"})
    code, report = project.check()
    assert code == 0
    record = source_record(report, "src-art")
    assert (record["status"], record["final_url"]) == ("moved", project.server.url("/new"))
    moved = finding(report, "moved")
    assert moved["severity"] == "warning" and f"now leads to {project.server.url('/new')}" in moved["message"]
    assert record["quotes"][0]["status"] == "found"


def test_a_slow_server_times_out_and_is_a_warning(project):
    project.server.routes["/slow"] = slow(5, page(ARTICLE))
    project.server.routes["/drip"] = trickle(100, 0.1)
    project.source("src-slow", project.server.url("/slow"))
    project.source("src-drip", project.server.url("/drip"))
    project.cite("quoted", {"source": "src-slow", "quote": "regional security"}, {"source": "src-drip"})
    started = time.monotonic()
    code, report = project.check("--timeout", "0.5")
    assert time.monotonic() - started < 4  # neither the sleep nor the byte-by-byte page holds the run
    assert code == 0
    for sid in ("src-slow", "src-drip"):
        record = source_record(report, sid)
        assert (record["status"], record["reason"]) == ("unreachable", "timed out after 0.5 s")
    assert finding(report, "quote-not-checked")["severity"] == "warning"


@pytest.mark.parametrize("route", [
    stream(3_000_000, content_length=True),
    stream(3_000_000, content_length=False),
    # a gzip bomb: a few kilobytes that inflate to 50 MB stop at the cap
    stream(0, content_length=False, encoding="gzip", prefix=gzip.compress(b"\0" * 50_000_000)),
], ids=["with-length", "without-length", "gzip-bomb"])
def test_a_huge_page_stops_at_the_size_cap(project, route):
    project.server.routes["/huge"] = route
    project.source("src-huge", project.server.url("/huge"))
    project.cite("quoted", {"source": "src-huge"})
    code, report = project.check("--max-bytes", "100000")
    assert code == 0
    record = source_record(report, "src-huge")
    assert record["status"] == "unreachable"
    assert record["reason"] == "the page is larger than 100,000 bytes; not read"


def test_compressed_pages_are_read_and_damaged_ones_reported(project):
    project.server.routes["/gz"] = page(gzip.compress(ARTICLE.encode()), headers={"Content-Encoding": "gzip"})
    project.server.routes["/bad"] = page(gzip.compress(b"x" * 10)[:10] + b"\xff\xff", headers={"Content-Encoding": "gzip"})
    project.server.routes["/cut"] = page(gzip.compress(ARTICLE.encode())[:-20], headers={"Content-Encoding": "gzip"})
    project.server.routes["/br"] = page(b"...", headers={"Content-Encoding": "br"})
    for name in ("gz", "bad", "cut", "br"):
        project.source(f"src-{name}", project.server.url(f"/{name}"))
    project.cite("quoted", {"source": "src-gz", "quote": "Iran welcomes the pact"}, {"source": "src-bad"},
                 {"source": "src-cut"}, {"source": "src-br"})
    code, report = project.check()
    assert code == 0
    assert source_record(report, "src-gz")["quotes"][0]["status"] == "found"
    assert source_record(report, "src-bad")["reason"] == "the compressed page is damaged"
    assert source_record(report, "src-cut")["reason"] == "the compressed page is damaged"
    assert source_record(report, "src-br")["reason"] == "the page is compressed as 'br', which is not read"


def test_non_utf8_pages_are_decoded_by_their_declared_charset(project):
    arabic = "<html><head><meta charset=windows-1256></head><body><p>\u0627\u0644\u062a\u062d\u0627\u0644\u0641 " \
             "\u0627\u0644\u0625\u0633\u0644\u0627\u0645\u064a \u0627\u0644\u0639\u0633\u0643\u0631\u064a</p></body></html>"
    project.server.routes["/ar"] = page(arabic.encode("windows-1256"), content_type="text/html")
    french = "<p>\u00ab Une alliance \u00e9tendue \u00bb, a d\u00e9clar\u00e9 le ministre \u2013 \u201cpas encore\u201d.</p>"
    project.server.routes["/fr"] = page(french.encode("windows-1252"), content_type="text/html; charset=windows-1252")
    project.source("src-ar", project.server.url("/ar"))
    project.source("src-fr", project.server.url("/fr"))
    project.cite("quoted",
                 {"source": "src-ar", "quote": "\u0627\u0644\u062a\u062d\u0627\u0644\u0641 \u0627\u0644\u0625\u0633\u0644\u0627\u0645\u064a",
                  "lang": "ar", "translation": "the Islamic alliance"},
                 {"source": "src-fr", "quote": "\u00ab une alliance \u00e9tendue \u00bb, a d\u00e9clar\u00e9 le ministre",
                  "lang": "fr", "translation": "a wider alliance, the minister said"})
    code, report = project.check()
    assert code == 0, report["findings"]
    for sid in ("src-ar", "src-fr"):
        assert source_record(report, sid)["quotes"][0]["status"] == "found", sid


def test_a_quote_is_found_in_a_pdf_across_its_lines(project):
    pdf = tiny_pdf("The two states agreed that any aggression", "against either shall be considered an aggression",
                   "against both.")
    project.server.routes["/treaty.pdf"] = page(pdf, content_type="application/pdf")
    project.source("src-pdf", project.server.url("/treaty.pdf"))
    project.cite("quoted", {"source": "src-pdf", "quote": "any aggression against either shall be considered"},
                 {"source": "src-pdf", "quote": "an attack on one is an attack on all"})
    code, report = project.check()
    assert code == 1
    assert [q["status"] for q in source_record(report, "src-pdf")["quotes"]] == ["found", "missing"]


def test_busy_servers_are_retried_politely(project):
    calls = []

    def busy_then_ok(h):
        calls.append(time.monotonic())
        (page("<p>later</p>", 503, headers={"Retry-After": "0"}) if len(calls) < 2 else page(ARTICLE))(h)
    project.server.routes["/busy"] = busy_then_ok
    project.server.routes["/limited"] = page("<p>slow down</p>", 429, headers={"Retry-After": "3600"})
    project.source("src-busy", project.server.url("/busy"))
    project.source("src-limited", project.server.url("/limited"))
    project.cite("quoted", {"source": "src-busy"}, {"source": "src-limited"})
    code, report = project.check()
    assert source_record(report, "src-busy")["status"] == "reachable" and len(calls) == 2
    limited = source_record(report, "src-limited")
    assert limited["status"] == "unreachable" and "gave up after 1 tries" in limited["reason"]  # an hour is too long
    assert project.server.paths().count("/limited") == 1


def test_requests_name_dossierkit_and_go_one_at_a_time_per_host(project):
    state = {"now": 0, "most": 0}
    lock = threading.Lock()

    def counted(h):
        # Counted while the checker waits for the answer: a second request to
        # this host during that time would mean two at once.
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        time.sleep(0.1)
        with lock:
            state["now"] -= 1
        page("<p>ok</p>")(h)

    for n in range(6):
        project.server.routes[f"/p{n}"] = counted
        project.source(f"src-p{n}", project.server.url(f"/p{n}"))
    project.cite("quoted", *({"source": f"src-p{n}"} for n in range(6)))
    started = time.monotonic()
    code, report = project.check("--jobs", "4")
    assert code == 0 and state["most"] == 1
    assert time.monotonic() - started >= 0.6  # six answers, one after the other
    agents = {headers.get("User-Agent", "") for _, headers in project.server.hits}
    assert len(agents) == 1 and agents.pop().startswith("dossierkit/")


def test_a_source_without_an_address_is_noted_and_its_quotes_not_checked(project):
    project.source("src-none")
    project.cite("quoted", {"source": "src-none", "quote": "anything at all"})
    code, report = project.check()
    assert code == 0
    assert source_record(report, "src-none")["status"] == "no-address"
    assert "the source has no address" in finding(report, "quote-not-checked")["message"]
