"""Citations with evidence, confidence as a rule, staleness, placeholder titles and editors' notes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dossierkit import DossierError, load_dossier
from dossierkit.outputs.dataset import to_csv, to_json
from sitebuild import build_site

DOSSIER_BIN = Path(sys.executable).parent / "dossier"


def problems(entries) -> list[str]:
    try:
        return [p.format() for p in load_dossier(entries.dossier, root=entries.root).warnings]
    except DossierError as exc:
        return [p.format() for p in exc.problems]


def source(sid: str, publisher: str, **fields: str) -> str:
    extra = "".join(f"{k}: {v}\n" for k, v in fields.items())
    return f"id: {sid}\ntitle: Title of {sid}\npublisher: {publisher}\nkind: news-report\nlanguage: en\n{extra}"


def event(sources: str, confidence: str = "confirmed") -> str:
    return (f"id: ev\ntitle: Something\ndate: 2025-09\nsummary: x\nconfidence: {confidence}\nas_of: 2026-11-30\n"
            f"participants: [land-a]\nsources: {sources}\n")


# --- the format -----------------------------------------------------------------------------------------------


def test_a_citation_carries_its_evidence_and_the_export_keeps_it(entries):
    entries.write("events/ev.yml", event("\n  - source: src-one\n    quote: \"Exact words.\"\n    locator: paragraph 4\n"
                                         "  - source: src-two\n    quote: \"کلمات\"\n    lang: fa\n"
                                         "    translation: Words\n    translated_by: dossier editors\n"))
    dossier = load_dossier(entries.dossier, root=entries.root)
    cites = dossier.get("ev").citations
    assert (cites[0].quote, cites[0].locator) == ("Exact words.", "paragraph 4")
    assert (cites[1].lang, cites[1].translation) == ("fa", "Words")
    exported = next(e for e in json.loads(to_json(dossier))["entries"] if e["id"] == "ev")
    assert exported["fields"]["sources"][0] == {"source": "src-one", "quote": "Exact words.", "locator": "paragraph 4"}
    assert "src-one;src-two" in to_csv(dossier)


@pytest.mark.parametrize("cite, expected", [
    ("  - source: src-one\n    quote: \"x\"\n    lang: fa\n", "sources[0].lang: a quote that is not in English needs a 'translation'"),
    ("  - source: src-one\n    quote: \"x\"\n    translation: y\n", "sources[0].translation: a translation needs the quote's 'lang'"),
    ("  - source: src-one\n    qoute: \"x\"\n", "sources[0].qoute: unknown field (did you mean 'quote'?)"),
    ("  - quote: \"x\"\n", "sources[0]: missing required field 'source'"),
    ("  - source: land-a\n    quote: \"x\"\n", "sources[0].source: 'land-a' is an actor; expected a source"),
])
def test_citation_mistakes_are_located(entries, cite, expected):
    entries.write("events/ev.yml", event("\n" + cite))
    assert any(expected in p for p in problems(entries)), problems(entries)


# --- confidence as a rule -----------------------------------------------------------------------------------------


RULE = "needs a primary source or two independent sources"


def test_one_source_is_not_enough_for_confirmed(entries):
    entries.write("events/ev.yml", event("[src-one]"))
    found = [p for p in problems(entries) if RULE in p]
    assert found == ["dossier/events/ev.yml:5:1: warning: confidence: 'confirmed' needs a primary source or two "
                     "independent sources; this has one source (its only source is src-one)"]


def test_two_independent_sources_confirm(entries):
    entries.write("events/ev.yml", event("[src-one, src-two]"))
    assert not [p for p in problems(entries) if RULE in p]
    assert load_dossier(entries.dossier, root=entries.root).reason("ev") == "two independent sources"


@pytest.mark.parametrize("files, why", [
    ({"sources/relay.yml": source("relay", "Aggregator Daily", republishes="src-one")}, "relay relays src-one"),
    ({"sources/relay.yml": source("relay", "Daily Example")}, "both from Daily Example"),
    ({"sources/relay.yml": source("relay", "State TV", affiliation="state-media", voice_of="land-a"),
      "sources/src-one.yml": source("src-one", "Government Press", affiliation="government", voice_of="land-a",
                                    url="https://example.org/one")},
     "both the voice of Land A"),
    ({"sources/relay.yml": source("relay", "Weak Site", affiliation="unverified")}, "weak voices"),
])
def test_sources_that_are_not_independent_do_not_confirm(entries, files, why):
    for path, text in files.items():
        entries.write(path, text)
    entries.write("events/ev.yml", event("[src-one, relay]"))
    found = [p for p in problems(entries) if RULE in p]
    assert len(found) == 1 and why in found[0], found


def test_two_copies_of_one_wire_story_are_not_independent(entries):
    entries.write("sources/copy-one.yml", source("copy-one", "Paper One", origin="Associated Press"))
    entries.write("sources/copy-two.yml", source("copy-two", "Paper Two", origin="Associated Press"))
    entries.write("events/ev.yml", event("[copy-one, copy-two]"))
    found = [p for p in problems(entries) if RULE in p]
    assert len(found) == 1 and "both from Associated Press" in found[0], found


def test_a_real_headline_that_repeats_its_address_is_not_a_placeholder(entries):
    entries.write("sources/src-one.yml", "id: src-one\ntitle: Pakistan Saudi Arabia sign defence pact\npublisher: P\n"
                                         "kind: news-report\nlanguage: en\n"
                                         "url: https://example.org/news/pakistan-saudi-arabia-sign-defence-pact\n")
    assert not [p for p in problems(entries) if "title:" in p]


def test_a_primary_source_of_the_party_concerned_confirms(entries):
    entries.write("sources/decree.yml", source("decree", "Land A Government", affiliation="government",
                                               voice_of="land-a").replace("news-report", "official-document"))
    entries.write("events/ev.yml", event("[decree]"))
    assert not [p for p in problems(entries) if RULE in p]
    assert load_dossier(entries.dossier, root=entries.root).reason("ev") == "a primary source"
    entries.write("events/ev.yml", event("[decree]").replace("participants: [land-a]", "participants: [land-b]"))
    assert [p for p in problems(entries) if RULE in p], "an official document of another party is not primary"


def test_claims_relations_and_counts_are_held_to_the_rule(entries):
    entries.write("actors/land-d.yml", "id: land-d\nname: D\ntype: state\nsummary: x\nsources: [src-one]\n"
                                       "claims:\n  - text: A claim.\n    confidence: confirmed\n    sources: [src-one]\n"
                                       "relations:\n  - type: rival_of\n    target: land-a\n    confidence: confirmed\n"
                                       "    sources: [src-two]\n")
    found = [p for p in problems(entries) if RULE in p]
    assert [p.split(": warning: ")[1].split(":")[0] for p in found] == ["claims[0].confidence", "relations[0].confidence"]


# --- staleness -------------------------------------------------------------------------------------------------


def test_an_entry_that_states_a_proposal_is_due_after_three_months(entries):
    org = (entries.root / "dossier" / "organisations" / "big-idea.yml").read_text(encoding="utf-8")
    entries.write("organisations/big-idea.yml", org.replace("as_of: 2026-11-30", "as_of: 2026-05"))
    found = [p for p in problems(entries) if "as_of" in p]
    assert found == ["dossier/organisations/big-idea.yml:12:1: warning: as_of: last checked May 2026; entries stating "
                     "'Proposed' are checked again every 3 months (due since 2026-08-31): check it and update as_of"]


def test_an_entry_never_checked_is_named(entries):
    org = (entries.root / "dossier" / "organisations" / "big-idea.yml").read_text(encoding="utf-8")
    entries.write("organisations/big-idea.yml", org.replace("as_of: 2026-11-30\n", ""))
    assert [p for p in problems(entries) if "never checked" in p] == [
        "dossier/organisations/big-idea.yml:1:1: warning: as_of: never checked; entries stating 'Proposed' are checked "
        "again every 3 months: set as_of to the day you check it against its sources"]


def test_a_relation_in_talks_makes_an_actor_go_stale(entries):
    entries.write("actors/land-d.yml", "id: land-d\nname: D\ntype: state\nsummary: x\nsources: [src-one]\n"
                                       "as_of: 2025-01\nrelations:\n  - type: party_to\n    target: pact\n"
                                       "    status: proposed\n")
    assert any("land-d.yml:6:1: warning: as_of: last checked January 2025" in p for p in problems(entries))


def test_a_founding_date_never_goes_stale(entries):
    entries.write("actors/land-d.yml", "id: land-d\nname: D\ntype: state\nsummary: x\nsources: [src-one]\nas_of: 1990\n")
    assert not [p for p in problems(entries) if "land-d" in p]


# --- sources: placeholder titles and editors' notes ----------------------------------------------------------------


@pytest.mark.parametrize("title, url", [
    ("\"[Dunya News report on the pact]\"", "https://example.org/one"),
    ("pakistan saudi arabia sign defence pact", "https://example.org/news/pakistan-saudi-arabia-sign-defence-pact"),
])
def test_placeholder_titles_are_warnings(entries, title, url):
    entries.write("sources/src-one.yml", f"id: src-one\ntitle: {title}\npublisher: P\nkind: news-report\n"
                                         f"language: en\nurl: {url}\n")
    assert any("src-one.yml:2:1: warning: title:" in p for p in problems(entries)), problems(entries)


NOTE = "EDITORS-ONLY-NOTE-7731"


def test_the_editors_note_reaches_no_reader(starter, tmp_path):
    src = starter / "dossier" / "sources" / "src-one.yml"
    src.write_text(src.read_text(encoding="utf-8") + f"note: {NOTE} title checked against the print edition\n",
                   encoding="utf-8")
    site = tmp_path / "site"
    assert build_site(starter, site) == []
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".ics", ".txt"):
            assert NOTE not in path.read_text(encoding="utf-8", errors="replace"), path
    dossier = load_dossier(starter / "dossier", root=starter)
    assert NOTE not in to_json(dossier) and NOTE not in to_csv(dossier)
    assert NOTE in to_json(dossier, editorial=True)
    out = tmp_path / "book.pdf"
    run = subprocess.run([str(DOSSIER_BIN), "pdf", "-q", "-o", str(out)], cwd=starter, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    from pypdf import PdfReader
    assert NOTE not in "".join(p.extract_text() for p in PdfReader(out).pages)
    md = tmp_path / "md"
    run = subprocess.run([str(DOSSIER_BIN), "export", "--format", "markdown", "-o", str(md)], cwd=starter,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert not [p for p in md.rglob("*.md") if NOTE in p.read_text(encoding="utf-8")]


def test_reference_list_quotes_and_back_links_in_the_markdown_export(starter, tmp_path):
    org = starter / "dossier" / "organisations" / "pact.yml"
    org.write_text(org.read_text(encoding="utf-8").replace(
        "sources: [src-one, src-two]", "sources:\n  - source: src-one\n    quote: \"[click](javascript:alert(1)) *now*\"\n"
        "  - src-two"), encoding="utf-8")
    md = tmp_path / "md"
    run = subprocess.run([str(DOSSIER_BIN), "export", "--format", "markdown", "-o", str(md)], cwd=starter,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    text = (md / "docs" / "organisations" / "pact.md").read_text(encoding="utf-8")
    assert r"\[click\](javascript:alert(1)) \*now\*" in text  # escaped for Markdown: no link, no emphasis
    site = tmp_path / "plain-site"
    shutil.rmtree(site, ignore_errors=True)
    built = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "-q", "-d", str(site)], cwd=md,
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    html = (site / "organisations" / "pact" / "index.html").read_text(encoding="utf-8")
    assert 'href="javascript' not in html and re.search(r'id="cite-ref-1-1"', html)
