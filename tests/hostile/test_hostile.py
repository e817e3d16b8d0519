"""The hostile-input corpus through the real command-line tools (issue 8).

For every case of ``corpus.py`` a copy of the starter project gets the
hostile files and a *previous site* in ``site/``; next to it sits a canary
folder.  Then the real ``dossier validate`` and ``mkdocs build --strict``
run in subprocesses, and the tests check:

- rejected cases: a non-zero exit, the located message
  (``path:line:column: severity: field: ...``) from both tools, every line
  of the report located, no traceback, no raw control character, and
  *nothing* changed anywhere: the project, the previous site (byte for
  byte) and the canary folder;
- accepted YAML traps: the value is exported exactly as it was written;
- accepted hostile content (``HOSTILE_FILES``): neutralised in every output:
  site HTML, search index, ``timeline.json`` and ``.ics``, the JSON, CSV
  and Markdown exports (the latter built by plain MkDocs, with no HTML
  sanitizer), and the PDF.

The subprocesses of all cases run in a thread pool, once per module.  The
machinery is in ``harness.py``, the shared fixtures in ``conftest.py``;
round two of the corpus (issue 18) is checked further in
``test_hostile_round2.py`` and, in Chromium, ``test_hostile_browser.py``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from corpus import CANARY_MARKER, CASES as ROUND1, Case
from corpus_round2 import CASES_ROUND2
from harness import (
    BIN, LOCATED, SUMMARY, Run, article_of, assert_clean_output, assert_inert_content, new_project, reported, run,
    snapshot, visible_text, write_files,
)
from sitebuild import ROOT
from test_site_build import assert_inert

CASES = ROUND1 + CASES_ROUND2
REJECTED = tuple(c for c in CASES if not c.accepted)
ACCEPTED = tuple(c for c in CASES if c.accepted)


@dataclass
class Outcome:
    validate: Run
    strict: Run | None  # `validate --strict`, where it differs
    make: Run | None  # `make build`, for cases refused by the strict build only
    build: Run  # `mkdocs build --strict`
    export: Run | None
    pdf: Run | None
    before: dict
    after: dict
    before_site: dict
    after_site: dict  # site/ after the build that must leave it alone (make build for strict-only cases)
    out: Path


def _run_case(base: Path, previous_site: Path, case: Case) -> Outcome:
    folder = base / case.id
    folder.mkdir()
    project, canary = new_project(folder, previous_site)
    write_files(project, canary, case.files)
    out = folder / "out"  # the only place a command is asked to write (besides site/ on success)
    out.mkdir()
    # Where a build may write: site/ for an accepted case, and for `make build` its
    # staging folder build/; nothing may change anywhere else.
    skip = ("out", "project/site", "project/build") if case.accepted or case.strict_only else ("out",)
    if case.strict_only:
        shutil.copy(ROOT / "Makefile", project / "Makefile")
    before = snapshot(folder, skip=skip)
    before_site = snapshot(project / "site")
    validate = run([BIN / "dossier", "validate"], project)
    strict = run([BIN / "dossier", "validate", "--strict"], project) if case.strict_only or case.accepted else None
    make = None
    if case.strict_only:
        # Warnings stop a strict MkDocs build only after it has written every
        # page; `make build` builds into build/site, so site/ is never touched.
        make = run(["make", "--no-print-directory", "-o", "install", "-o", "system-deps", f"BIN={BIN}", "build"], project)
        make_site = snapshot(project / "site")
    build = run([BIN / "mkdocs", "build", "--strict"], project)
    after_site = make_site if make else snapshot(project / "site")
    export = pdf = None
    if case.accepted:
        export = run([BIN / "dossier", "export", "--format", "json", "-o", out / "export.json"], project)
    if case.id == "content-local-link":
        pdf = run([BIN / "dossier", "pdf", "-o", out / "dossier.pdf"], project)
    after = snapshot(folder, skip=skip)
    return Outcome(validate, strict, make, build, export, pdf, before, after, before_site, after_site, out)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory, previous_site) -> dict[str, Outcome]:
    base = tmp_path_factory.mktemp("hostile")
    with ThreadPoolExecutor(max_workers=4) as pool:
        done = pool.map(lambda c: (c.id, _run_case(base, previous_site, c)), CASES)
        return dict(done)


# ------------------------------------------------------------ the corpus

REQUIRED = {  # the classes of issues 8 and 18, and the cases that cover each item
    "syntax": ["syntax-indentation", "syntax-tabs", "syntax-unclosed-quote", "syntax-empty-file", "syntax-only-comment",
               "syntax-top-level-list", "syntax-top-level-scalar", "syntax-several-documents", "syntax-bom",
               "syntax-latin1", "syntax-binary", "syntax-over-size-cap", "syntax-very-long-line",
               "syntax-very-long-string", "syntax-deep-nesting"],
    "yaml-traps": ["trap-python-tag", "trap-custom-tag", "trap-anchor-alias", "trap-alias-bomb", "trap-duplicate-key",
                   "trap-yes-no-on-off", "trap-underscore-number", "trap-octal", "trap-sexagesimal",
                   "trap-float-where-date", "trap-scalars-stay-as-written", "trap-dates-keep-precision"],
    "identity": ["id-dot-dot", "id-slash", "id-backslash", "id-uppercase", "id-space", "id-lookalike", "id-reserved",
                 "id-case-collision", "id-normalisation-collision", "id-mismatch", "id-unknown-folder",
                 "id-non-yaml-files", "id-device-names"],
    "references": ["ref-unknown-id", "ref-wrong-kind", "ref-self", "ref-both-sides", "ref-cycle"],
    "dates-numbers": ["date-impossible", "date-until-before-since", "date-time-of-day", "date-iso-week",
                      "number-negative", "number-absurd"],
    "content": ["content-url-schemes", "content-bidi-in-name", "content-local-link", "content-invisible-in-names",
                "content-url-credentials"],
    "files": ["files-link-in-docs", "files-dossier-folder-is-a-link", "files-link-in-overrides",
              "files-link-in-include-pages", "files-device-names-in-docs", "files-case-collisions",
              "files-invisible-in-page-name", "files-active-content"],
    "pages": ["pages-front-matter-keys", "pages-front-matter-values"],
}


def test_the_corpus_covers_every_class_of_issues_8_and_18():
    ids = {c.id: c for c in CASES}
    assert len(ids) == len(CASES), "case ids must be unique"
    for klass, required in REQUIRED.items():
        for case_id in required:
            assert case_id in ids and ids[case_id].klass == klass, case_id
    assert {c.klass for c in CASES} == set(REQUIRED)


@pytest.mark.parametrize("case", REJECTED, ids=lambda c: c.id)
def test_rejected_with_a_located_message_and_nothing_written(case: Case, outcomes):
    o = outcomes[case.id]
    report = o.strict if case.strict_only else o.validate
    if case.strict_only:
        assert o.validate.rc == 0, o.validate.out  # warnings alone pass a plain `validate`...
        assert o.strict.rc == 1, o.strict.out      # ...and fail `--strict`, as they fail the strict build
    else:
        assert o.validate.rc == 1, o.validate.out
    for exp in case.expect:
        assert reported(report.out, exp), f"`dossier validate` did not report {exp}:\n{report.out[:4000]}"
    lines = report.out.splitlines()
    assert lines and SUMMARY.match(lines[-1]), lines[-1:]
    for line in lines[:-1]:  # every problem is located, at a real position
        m = LOCATED.match(line)
        assert m and int(m["line"]) >= 1 and int(m["col"]) >= 1, line
        assert len(line) < 600, f"message too long ({len(line)} characters)"
    builds = [("mkdocs build --strict", o.build)] + ([("make build", o.make)] if o.make else [])
    for name, build in builds:
        assert build.rc != 0, build.out
        for exp in case.expect:
            assert reported(build.out, exp, anywhere=True), f"`{name}` did not report {exp}:\n{build.out[-4000:]}"
    for name, r in [("validate", o.validate), ("validate --strict", o.strict)] + builds:
        if r is not None:
            assert_clean_output(r.out, f"{case.id}: {name}")
    # Nothing written or changed anywhere: project, previous site (byte for byte), canary.
    assert o.after == o.before
    assert o.after_site == o.before_site
    assert not (o.out.parent / "canary" / "pwned").exists()
    if case.max_seconds:
        assert o.validate.seconds < case.max_seconds and o.build.seconds < case.max_seconds


@pytest.mark.parametrize("case", ACCEPTED, ids=lambda c: c.id)
def test_accepted_values_stay_as_written(case: Case, outcomes):
    o = outcomes[case.id]
    assert o.strict.rc == 0, o.strict.out
    assert o.build.rc == 0, o.build.out[-3000:]
    assert o.export.rc == 0, o.export.out
    for r in (o.validate, o.strict, o.build, o.export):
        assert_clean_output(r.out, case.id)
    data = json.loads((o.out / "export.json").read_text(encoding="utf-8"))
    fields = {e["id"]: e["fields"] for e in data["entries"]}
    for (entry_id, name), value in case.accepted.items():
        assert fields[entry_id][name] == value, (entry_id, name)
    if case.max_seconds:
        assert o.build.seconds < case.max_seconds, f"the build took {o.build.seconds:.1f} s"
    assert o.after == o.before  # only site/ (the build folder) changed
    assert o.after_site != o.before_site  # a new site was built


def test_a_pdf_cannot_pull_a_local_file(outcomes):
    o = outcomes["content-local-link"]
    assert o.pdf.rc == 0, o.pdf.out  # warnings do not stop the PDF; the links are left out and reported
    assert_clean_output(o.pdf.out, "dossier pdf")
    assert "left out of the PDF" in o.pdf.out
    pdf = (o.out / "dossier.pdf").read_bytes()
    assert CANARY_MARKER.encode() not in pdf
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(str(o.out / "dossier.pdf")).pages)
    assert CANARY_MARKER not in text


# ------------------------------------------- accepted content, every output

VISIBLE = ["alert('body-script')", "HIDDEN-BY-COMMENT", "alert('name')", "alert('summary')", "alert('native')",
           "alert('note')", "alert('claim')", "inline-js", "alert('tilde-fence')"]
VISIBLE_E = ["alert('clean-fence')", "alert('after-fence')"]  # land-e: a clean fenced block, then text



def test_hostile_content_is_accepted_and_only_build_folders_are_written(content):
    assert content.runs["validate"].out.strip().endswith("0 error(s), 0 warning(s)"), content.runs["validate"].out
    for name, r in content.runs.items():
        assert r.rc == 0, f"{name}:\n{r.out[-3000:]}"
        assert_clean_output(r.out, name)
    assert content.after == content.before


def test_site_html_is_inert(content):
    site = content.project / "site"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        assert_inert(page.read_text(encoding="utf-8"), str(page))
        if page.name == "index.html" and page.parent != site:
            assert_inert_content(article_of(page), str(page))
    land_d = visible_text(article_of(site / "actors" / "land-d" / "index.html"))
    for text in VISIBLE:  # shown as text, never run, never hidden
        assert text in land_d, text
    land_e = visible_text(article_of(site / "actors" / "land-e" / "index.html"))
    assert all(text in land_e for text in VISIBLE_E)
    docs_page = article_of(site / "hostile" / "index.html")  # a hand-written page from a stranger
    assert_inert_content(docs_page, "docs/hostile.md")


def test_search_index_is_inert(content):
    index = json.loads((content.project / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any(d["location"].startswith("actors/land-d/") for d in index["docs"])
    for doc in index["docs"]:  # Material renders titles and texts from the index as HTML
        assert_inert_content(doc["title"], doc["location"])
        assert_inert_content(doc["text"], doc["location"])


def test_timeline_json_is_inert_and_exact(content):
    raw = (content.project / "site" / "events" / "timeline.json").read_text(encoding="utf-8")
    assert not set(raw) & set("<>&")  # escaped as \u003c...: inert even if pasted into a page
    events = {e["id"]: e for e in json.loads(raw)["events"]}
    evil = events["ev-evil"]
    assert evil["title"] == "<script>alert('event-title')</script>"
    assert evil["location"] == "<img src=x onerror=alert('location')>"
    assert evil["summary"] == "\"</script><script>alert('event-summary')</script> & <!-- x -->"


def test_timeline_ics_stays_one_property_per_line(content):
    raw = (content.project / "site" / "events" / "timeline.ics").read_bytes().decode("utf-8")
    lines = raw.replace("\r\n ", "").split("\r\n")  # unfold
    assert lines[-1] == "" and all(re.match(r"^[A-Z][A-Z-]*(;[^:\r\n]*)?:", line) for line in lines[:-1]), lines
    assert raw.count("BEGIN:VEVENT") == raw.count("END:VEVENT") == 5  # the starter's three, ev-evil and ev-md
    assert "SUMMARY:<script>alert('event-title')</script>" in lines


def test_json_export_is_data_exactly_as_written(content):
    data = json.loads((content.out / "export.json").read_text(encoding="utf-8"))
    fields = {e["id"]: e["fields"] for e in data["entries"]}
    assert fields["land-d"]["name"] == "</title><script>alert('name')</script>"
    assert fields["land-d"]["body"].startswith("<script>alert('body-script')</script>\n")
    assert fields["src-evil"]["url"] == "https://example.org/?a=1&b=2"


def test_csv_export_has_no_formula_cells(content):
    rows = list(csv.reader(io.StringIO((content.out / "export.csv").read_text(encoding="utf-8"))))
    cells = [cell for row in rows for cell in row]
    # A spreadsheet reads the full-width and small forms (＝ ＋ － ＠) as = + - @.
    assert not [c for c in cells if unicodedata.normalize("NFKC", c[:1]) in ("=", "+", "-", "@", "\t", "\r")]
    labels = {row[1]: row for row in rows}
    assert labels["land-f"][2] == "'\uff1d1+1 [name-md](javascript:alert('name-md'))"
    assert labels["land-f"][3] == "'\uff20SUM(1) ![img](x){: onerror=alert('summary-attr')}"
    assert labels["land-e"][2] == "'=HYPERLINK(\"https://evil.example/\",\"click\")"
    assert labels["land-e"][3] == "'+cmd|' /C calc'!A0"
    assert labels["evil-org"][3] == "'@SUM(1+1)"


def test_markdown_export_is_inert_without_any_html_sanitizer(content):
    """Plain MkDocs has no sanitizer: the Markdown pages themselves must be inert."""
    site = content.out / "md" / "site"
    pages = sorted(site.rglob("*/index.html"))  # hand-written pages included
    assert len(pages) > 20 and site / "hostile" / "index.html" in pages
    for page in pages:
        assert_inert_content(article_of(page), str(page))
    land_d = visible_text(article_of(site / "actors" / "land-d" / "index.html"))
    for text in VISIBLE:
        assert text in land_d, text
    land_e = article_of(site / "actors" / "land-e" / "index.html")
    assert all(text in visible_text(land_e) for text in VISIBLE_E)
    assert '<code class="language-html">&lt;script&gt;' in land_e  # a clean fence stays code
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        assert_inert_content(doc["title"], doc["location"])
        assert_inert_content(doc["text"], doc["location"])


def test_markdown_export_page_titles(content):
    page = content.out / "md" / "site" / "actors" / "land-d" / "index.html"
    assert_inert(page.read_text(encoding="utf-8"), str(page))


def test_markdown_export_of_a_hand_written_page(content):
    """Hand-written pages are neutralised in the export as the site neutralises them."""
    page = content.out / "md" / "site" / "hostile" / "index.html"
    assert_inert(page.read_text(encoding="utf-8"), "docs/hostile.md")
    article = article_of(page)
    assert_inert_content(article, "docs/hostile.md")
    assert "alert('docs')" in visible_text(article)  # shown as text, not run
    source = (content.out / "md" / "docs" / "hostile.md").read_text(encoding="utf-8")
    assert "<script" not in source and "javascript:" not in source


def test_pdf_is_inert(content):
    from pypdf import PdfReader

    path = content.out / "dossier.pdf"
    raw = path.read_bytes()
    for token in (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/OpenAction", b"/SubmitForm", b"/ImportData"):
        assert token not in raw, token
    reader = PdfReader(str(path))
    uris = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None:
                action = action.get_object()
                assert action.get("/S") in ("/URI", "/GoTo"), action
                if action.get("/S") == "/URI":
                    uris.append(str(action["/URI"]))
    assert uris and all(re.match(r"^(https?|mailto):", u) for u in uris), uris
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "alert('name')" in text and "HIDDEN-BY-COMMENT" in text  # shown as text
    assert CANARY_MARKER not in text
