"""What the search index holds: prose for snippets, names as tags, language names from CLDR (issue 16).

The browser tests search the shipped site in Chromium; these check the index
and the helpers behind it.
"""

from __future__ import annotations

import json

import pytest

from dossierkit import load_dossier
from dossierkit.plugin.search import known_names, search_meta
from dossierkit.render.text import language_name
from sitebuild import ROOT


@pytest.fixture(scope="module")
def dossier():
    return load_dossier(ROOT / "dossier", root=ROOT)


@pytest.fixture(scope="module")
def index(shipped_site):
    return json.loads((shipped_site / "search" / "search_index.json").read_text(encoding="utf-8"))


def first_section(index, location: str) -> dict:
    return next(d for d in index["docs"] if d["location"] == location)


def test_snippets_start_with_the_summary_not_a_table_or_markers(index, dossier):
    for entry in dossier:
        if entry.kind.name == "source" or not entry.summary:
            continue
        doc = first_section(index, f"{entry.kind.folder}/{entry.id}/")
        text = doc["text"]
        assert not text.startswith(("Field", "<p>Field")) and "Field Value" not in text, entry.id
        assert "[1]" not in text and "Last checked" not in text, entry.id
    nato = first_section(index, "organisations/nato/")["text"]
    assert nato.startswith("<p>Collective-defence alliance founded on the North Atlantic Treaty"), nato[:120]


def test_entity_pages_carry_the_names_they_are_known_by(index):
    tags = {d["location"]: d.get("tags") for d in index["docs"]}
    assert "مسعود پزشکیان" in tags["actors/masoud-pezeshkian/"]
    assert "中国" in tags["actors/china/"]
    assert {"NATO", "North Atlantic Treaty Organization"} <= set(tags["organisations/nato/"])
    assert all(not loc.startswith(("sources/", "events/")) for loc, t in tags.items() if t)


def test_the_home_page_is_boosted(index):
    assert first_section(index, "")["boost"] >= 4


def test_known_names_and_their_escaping(entries):
    entries.write("actors/land-x.yml", """
        id: land-x
        name: "Land <X>"
        type: state
        summary: x
        aliases: [Ex Land, "Land <X>"]
        native_names:
          - {name: "لند", lang: fa, transliteration: Land}
        sources: [src-one]
        """)
    dossier = load_dossier(entries.root / "dossier", root=entries.root)
    assert known_names(dossier.entries["land-x"]) == ["Land <X>", "Ex Land", "لند", "Land"]
    assert search_meta(dossier.entries["land-x"])["tags"][0] == "Land &lt;X&gt;"
    assert known_names(dossier.entries["src-one"]) == []


@pytest.mark.parametrize("code, name", [("fa", "Persian"), ("ur", "Urdu"), ("ja", "Japanese"), ("ko", "Korean"),
                                        ("zh-Hans", "Simplified Chinese"), ("zh", "Chinese"), ("xx", "xx")])
def test_language_names_come_from_cldr(code, name):
    assert language_name(code) == name
