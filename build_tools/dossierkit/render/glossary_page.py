"""The glossary page: every term alphabetically, each with an anchor."""

from __future__ import annotations

from dossierkit.render.text import entry_link, md_text
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry

GLOSSARY_PAGE = "terms/index.md"


def term_anchor(term: Entry) -> str:
    """The anchor of a term on the glossary page (``term-<id>``)."""
    return f"term-{term.id}"


def render_glossary(dossier: Dossier) -> str:
    """The Markdown of the glossary page."""
    page = GLOSSARY_PAGE
    lines = ["# Glossary", "", "Terms, abbreviations and names used in this dossier, alphabetically.", ""]
    for term in dossier.terms:
        d = term.data
        heading = md_text(d["term"]) + (f" ({md_text(d['abbreviation'])})" if d.get("abbreviation") else "")
        lines += [f"## {heading} {{ #{term_anchor(term)} }}", "", md_text(d["definition"]), ""]
        if d.get("aliases"):
            lines += ["Also written: " + ", ".join(md_text(a) for a in d["aliases"]), ""]
        if d.get("naming_note"):
            lines += [f"*Naming note:* {md_text(d['naming_note'])}", ""]
        related = [entry_link(page, dossier.entries[i]) for i in d.get("related", ())]
        if related:
            lines += ["Related: " + ", ".join(related), ""]
        lines += [f"[More about this term]({term.id}.md)", ""]
    return "\n".join(lines)
