"""What `dossier validate` says to a newcomer, word for word.

Each message is checked with its exact text, location and hint: the common
YAML slip (an unquoted ": "), a link in plain text, a relation to the wrong
kind of entry (with its article), a future date without a planned status,
a link in a hand-written page to an entry that is gone, and a nav entry
that names no page.  `validate` must catch what a strict build would fail on.
"""

from __future__ import annotations

import pytest

from dossierkit.cli.main import main
from dossierkit.loading.yaml_loader import parse_yaml
from dossierkit.errors import DossierError
from sitebuild import build_site


def validate(project, capsys, monkeypatch) -> tuple[int, list[str]]:
    monkeypatch.chdir(project)
    code = main(["validate"])
    out = capsys.readouterr().out
    return code, [line for line in out.splitlines() if ": error: " in line or ": warning: " in line]


def test_an_unquoted_colon_says_to_quote_the_value(entries, capsys, monkeypatch):
    entries.write("actors/land-b.yml", "id: land-b\nname: Land B\ntype: state\n"
                                       "summary: Another state: a rival of Land A\nsources: [src-one]\n")
    code, lines = validate(entries.root, capsys, monkeypatch)
    assert code == 1
    assert lines == ['dossier/actors/land-b.yml:4:23: error: YAML syntax error: mapping values are not allowed in '
                     'this context (a value with ": " in it must be in quotes: summary: "Another state: a rival of '
                     'Land A")']


@pytest.mark.parametrize("text, hint", [
    ("id: x\nrelations:\n  - note: Minister: 2025\n", 'note: "Minister: 2025"'),
    ('id: x\nsummary: He said "no": twice\n', 'summary: "He said \\"no\\": twice"'),
])
def test_the_quoting_hint_fits_list_items_and_inner_quotes(text, hint):
    with pytest.raises(DossierError) as caught:
        parse_yaml(text, "f.yml")
    message = caught.value.problems[0].message
    assert message.endswith(f'(a value with ": " in it must be in quotes: {hint})'), message


def test_a_link_in_a_summary_is_an_error_that_says_where_links_go(entries, capsys, monkeypatch):
    entries.write("actors/land-b.yml", "id: land-b\nname: Land B\ntype: state\n"
                                       "summary: Another state, a rival of [[land-a]].\nsources: [src-one]\n")
    code, lines = validate(entries.root, capsys, monkeypatch)
    assert code == 1
    assert lines == ["dossier/actors/land-b.yml:4:1: error: summary: [[land-a]] would print literally: this field "
                     "is plain text, not Markdown; name the entry in words here, and link it as [[id]] in the body"]


def test_a_link_in_a_body_is_still_a_link(entries, capsys, monkeypatch):
    entries.write("actors/land-b.yml", "id: land-b\nname: Land B\ntype: state\nsummary: Another state.\n"
                                       "body: |\n  A rival of [[land-a]].\nsources: [src-one]\n")
    assert validate(entries.root, capsys, monkeypatch) == (0, [])


def test_a_relation_to_the_wrong_kind_names_both_kinds_with_their_articles(entries, capsys, monkeypatch):
    entries.write("actors/land-b.yml", "id: land-b\nname: Land B\ntype: state\nsummary: Another state.\n"
                                       "sources: [src-one]\nrelations:\n  - type: party_to\n    target: land-a\n")
    code, lines = validate(entries.root, capsys, monkeypatch)
    assert lines == ["dossier/actors/land-b.yml:7:5: error: relations[0]: 'land-a' is an actor; 'party to' needs an "
                     "organisation (to link an actor, use a relation type whose 'to' allows it, or add it in the "
                     "dossier's vocabulary.yml)"]


def test_a_future_date_needs_a_planned_status(entries, capsys, monkeypatch):
    path = entries.dossier / "events" / "pact-signed.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2025-09-17", "date: 2027-03"), encoding="utf-8")
    code, lines = validate(entries.root, capsys, monkeypatch)
    assert lines == ["dossier/events/pact-signed.yml:3:1: error: date: 2027-03 is after today (2026-11-30); only "
                     "something planned can be dated in the future: give it a planned status (scheduled) or "
                     "correct the date"]
    path.write_text(path.read_text(encoding="utf-8").replace("status: signed", "status: scheduled"), encoding="utf-8")
    assert validate(entries.root, capsys, monkeypatch) == (0, [])


def test_a_page_link_to_a_removed_entry_fails_validate_as_it_fails_the_build(entries, capsys, monkeypatch, tmp_path):
    """Remove an entry that a hand-written page links to: `validate` and a strict build both fail."""
    for name in ("organisations/big-idea.yml",):
        (entries.dossier / name).unlink()
    for path in entries.dossier.rglob("*.yml"):  # what linked to it goes too
        text = path.read_text(encoding="utf-8")
        if "big-idea" in text:
            path.unlink()
    code, lines = validate(entries.root, capsys, monkeypatch)
    assert code == 1
    assert lines == ["docs/index.md:3:18: error: unknown id 'big-idea' in [[...]] link"]
    with pytest.raises(Exception):  # the plugin logs the same line and the strict build stops
        build_site(entries.root, tmp_path / "site")


@pytest.mark.parametrize("entry, message", [
    ("  - Glossary: glossary.md\n", "mkdocs.yml:13:15: error: nav: 'glossary.md' is neither a page in docs/ nor a "
                                   "generated page (did you mean 'terms/index.md'?); correct the path or remove the entry"),
    ("  - Actors: actor/index.md\n", "mkdocs.yml:13:13: error: nav: 'actor/index.md' is neither a page in docs/ nor a "
                                    "generated page (did you mean 'actors/index.md'?); correct the path or remove the "
                                    "entry"),
])
def test_a_nav_entry_without_a_page_is_located_in_mkdocs_yml(starter, capsys, monkeypatch, tmp_path, entry, message):
    config = starter / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + entry, encoding="utf-8")
    code, lines = validate(starter, capsys, monkeypatch)
    assert (code, lines) == (1, [message])
    with pytest.raises(Exception):  # the strict build fails on it too
        build_site(starter, tmp_path / "site")


def test_nav_entries_that_exist_or_are_links_pass(starter, capsys, monkeypatch):
    config = starter / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + (
        "  - Timeline: events/index.md\n  - Glossary: terms/index.md\n  - Legend: status.md\n"
        "  - Network: graph.md\n  - More:\n      - ./index.md\n      - Elsewhere: https://example.net/\n"), encoding="utf-8")
    assert validate(starter, capsys, monkeypatch) == (0, [])
