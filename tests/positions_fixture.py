"""A starter project whose actors take positions, some of them written by a hostile hand (issue 22 tests)."""

from __future__ import annotations

import json


def _q(text: str) -> str:
    """A YAML double-quoted string (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)

HOSTILE_OFFICE = "<script>alert('office')</script> [x](javascript:alert(1))"
HOSTILE_NOTE = "=HYPERLINK(\"https://evil.example\") <img src=x onerror=alert('note')> **bold**"
HOSTILE_QUOTE = "We back the pact. </q><script>alert('quote')</script> {: onclick=alert(1) }"

LAND_B = f"""
id: land-b
name: Land B
type: state
summary: Another state.
sources: [src-one]
as_of: 2026-11-30
positions:
  - target: pact
    position: ambiguous
    date: 2025-09
    office: Foreign ministry spokesperson
    confidence: reported
    sources:
      - source: src-one
        quote: "We will study the implications of the pact."
        locator: paragraph 2
  - target: pact
    position: supports
    date: 2025-10-03
    by: person-c
    office: {_q(HOSTILE_OFFICE)}
    confidence: confirmed
    note: {_q(HOSTILE_NOTE)}
    timeline: true
    sources:
      - source: src-one
        quote: {_q(HOSTILE_QUOTE)}
      - source: src-two
        quote: "بیانیه"
        lang: fa
        translation: "Statement"
        translated_by: dossier editors
  - target: big-idea
    position: opposes
    date: 2026
    office: Government
    confidence: reported
    sources:
      - source: src-two
        quote: "A bad idea."
"""

LAND_A_POSITIONS = """
positions:
  - target: pact
    position: supports
    date: 2025-09-17
    office: Joint statement
    confidence: reported
    sources:
      - source: src-one
        quote: "Signed today."
  - target: mistrust
    position: denies
    date: 2026-02-01
    by: person-c
    confidence: reported
    timeline: true
    sources:
      - source: src-two
        quote: "There is no mistrust."
"""


def write_positions(entries) -> None:
    """Give Land B a history on the pact (one position hostile) and Land A two positions; ``entries`` has the
    project's ``root`` and ``dossier`` folders (the ``entries`` fixture, or any object with both)."""
    (entries.dossier / "actors" / "land-b.yml").write_text(LAND_B.lstrip("\n"), encoding="utf-8")
    land_a = (entries.dossier / "actors" / "land-a.yml").read_text(encoding="utf-8")
    (entries.dossier / "actors" / "land-a.yml").write_text(land_a.rstrip("\n") + "\n" + LAND_A_POSITIONS.lstrip("\n"),
                                                          encoding="utf-8")
    mkdocs = entries.root / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8").replace(
        "  - Home: index.md", "  - Home: index.md\n  - Who stands where: positions.md"), encoding="utf-8")
