"""Glossary tooltips only on whole words of the longest term, never inside names or titles (issue 16)."""

from __future__ import annotations

import pytest

from dossierkit import load_dossier
from dossierkit.render.tooltips import Glossary

TERM = 'title="High seas: Waters beyond any state&#x27;s jurisdiction."'


@pytest.fixture
def glossary(entries):
    entries.write("terms/high-seas.yml", """
        id: high-seas
        term: High seas
        definition: "Waters beyond any state's jurisdiction."
        """)
    entries.write("terms/hs-agreement.yml", """
        id: hs-agreement
        term: High seas agreement
        definition: An agreement about the high seas.
        """)
    entries.write("terms/nato-like.yml", """
        id: nato-like
        term: Alliance
        abbreviation: ALL
        definition: States that defend one another.
        """)
    entries.write("organisations/seas-pact.yml", """
        id: seas-pact
        name: Open Ocean High Seas Pact
        type: agreement
        status: signed
        confidence: reported
        summary: A pact.
        sources: [src-one]
        """)
    return Glossary(load_dossier(entries.root / "dossier", root=entries.root))


def marked(glossary: Glossary, text: str, own: str | None = None) -> list[str]:
    """The words that got a tooltip."""
    import re

    return re.findall(r"<abbr [^>]*>([^<]*)</abbr>", glossary.mark(f"<p>{text}</p>", own))


def test_a_term_in_running_text_is_marked(glossary):
    assert marked(glossary, "Fishing on the high seas is hard.") == ["high seas"]
    assert TERM in glossary.mark("<p>the high seas</p>")


def test_not_inside_a_longer_name_written_with_capitals(glossary):
    assert marked(glossary, "States signed the High Seas Treaty in 2023.") == []
    assert marked(glossary, "The Global High Seas conference met.") == []
    assert marked(glossary, "High Seas are open to all.") == ["High Seas"]  # a sentence's first words


def test_not_inside_a_known_name(glossary):
    assert marked(glossary, "The Open Ocean High Seas Pact was signed.") == []


def test_not_inside_a_quoted_name_unless_it_is_the_whole_quotation(glossary):
    assert marked(glossary, 'He called for a "Pacific High Seas Council" at once.') == []
    assert marked(glossary, "He called for a “High Seas Council”.") == []
    assert marked(glossary, 'Not the "High Seas", he said.') == ["High Seas"]


def test_the_longest_term_wins_and_only_whole_words(glossary):
    assert marked(glossary, "A high seas agreement was reached.") == ["high seas agreement"]
    assert marked(glossary, "The ALLies and ALL members; all of them.") == ["ALL"]


def test_possessives_and_hyphens(glossary):
    assert marked(glossary, "The ALL's members met; the high-seas fleet sailed.") == ["ALL", "high-seas"]


def test_not_inside_links_headings_titles_or_its_own_page(glossary):
    html = ('<h2>high seas</h2><p><a href="x">the high seas</a> <cite>“On the high seas”</cite> '
            "and the high seas</p>")
    assert glossary.mark(html).count("<abbr") == 1
    assert marked(glossary, "the high seas", own="high-seas") == []
    assert marked(glossary, "the high seas", own="hs-agreement") == ["high seas"]
