"""The positions model (issue 22): histories, where actors stand as of a day, and what changed between versions."""

from __future__ import annotations

from datetime import date

from dossierkit import load_dossier

B_HEAD = "id: land-b\nname: Land B\ntype: state\nsummary: Another state.\nsources: [src-one]\npositions:\n"
A_HEAD = ("id: land-a\nname: Land A\ntype: state\nsummary: A state.\nsources: [src-one]\n"
          "relations:\n  - type: rival_of\n    target: land-b\n    sources: [src-one]\npositions:\n")


def item(target: str, value: str, when: str, who: str = "by: person-c", extra: str = "") -> str:
    return (f"  - target: {target}\n    position: {value}\n    date: {when}\n    {who}\n    confidence: reported\n"
            f"{extra}    sources:\n      - source: src-one\n        quote: \"Words of {value}.\"\n")


def test_histories_latest_and_as_of(entries):
    entries.write("actors/land-b.yml", B_HEAD + item("pact", "ambiguous", "2025-09") + item("pact", "supports", "2025-10-03")
                  + item("mistrust", "denies", "2026") + item("pact", "opposes", "2026-02-01"))
    entries.write("actors/land-a.yml", A_HEAD + item("pact", "supports", "2025-09-17", "office: Foreign ministry"))
    positions = load_dossier(entries.dossier, root=entries.root).positions
    assert len(positions) == 5
    assert [t for t, _ in positions.histories("land-b")] == ["pact", "mistrust"]
    assert positions.latest("land-b", "pact").value == "opposes"
    # A month counts once it is over: on 20 September 2025 Land B's September position is not yet certain.
    assert positions.latest("land-b", "pact", date(2025, 9, 20)) is None
    assert positions.latest("land-b", "pact", date(2025, 10, 1)).value == "ambiguous"
    assert positions.latest("land-b", "pact", date(2025, 12, 31)).value == "supports"
    assert [(p.holder, p.value) for p in positions.standing("pact")] == [("land-a", "supports"), ("land-b", "opposes")]
    assert [p.holder for p in positions.standing("pact", date(2025, 9, 18))] == ["land-a"]
    assert [p.holder for p in positions.by_speaker["person-c"]] == ["land-b"] * 4
    changed = [p for p in positions.history("land-b", "pact") if p.changed]
    assert [(p.previous, p.value) for p in changed] == [("ambiguous", "supports"), ("supports", "opposes")]


def test_the_timeline_takes_what_the_position_or_vocabulary_says(entries):
    entries.write("vocabulary.yml", "positions:\n  - {value: denies, label: Denies, colour: purple, timeline: true,"
                                    " definition: Denies it.}\n")
    entries.write("actors/land-b.yml", B_HEAD + item("pact", "supports", "2025-09-19", extra="    timeline: true\n")
                  + item("pact", "opposes", "2025-10-01") + item("mistrust", "denies", "2026")
                  + item("mistrust", "denies", "2026-02", extra="    timeline: false\n"))
    positions = load_dossier(entries.dossier, root=entries.root).positions
    assert [(p.target, p.date.iso()) for p in positions.timeline_items()] == [("pact", "2025-09-19"), ("mistrust", "2026")]


