"""The glossary page: every term alphabetically, each with an anchor."""

from __future__ import annotations

from dossierkit.render.page_paths import GLOSSARY_PAGE
from dossierkit.render.text import entry_link, md_text, page_path, rel_link
from dossierkit.schema.kinds import GLOSSARY
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry



def term_anchor(term: Entry) -> str:
    """The anchor of a term on the glossary page (``term-<id>``)."""
    return f"term-{term.id}"


def glossary_items(dossier: Dossier) -> list[Entry]:
    """The glossary's items, alphabetically: every term, and every entry of another kind known by an
    abbreviation (an organisation's initials lead to its own page: one page per thing)."""
    others = [e for e in dossier if e.kind.role != GLOSSARY and e.data.get("abbreviation")]
    items = dossier.terms + others
    return sorted(items, key=lambda e: ((e.data.get("abbreviation") if e.kind.role != GLOSSARY else e.label).casefold(),
                                        e.id))


def render_glossary(dossier: Dossier) -> str:
    """The Markdown of the glossary page."""
    page = GLOSSARY_PAGE
    lines = ["# Glossary", "", "Terms, abbreviations and names used in this dossier, alphabetically.", ""]
    for item in glossary_items(dossier):
        d = item.data
        if item.kind.role != GLOSSARY:  # an abbreviation: what it stands for, and its page
            lines += [f"## {md_text(d['abbreviation'])} {{ #{term_anchor(item)} }}", "",
                      f"{md_text(item.label)}: {md_text(item.summary)}", "",
                      f"[More about the {md_text(item.kind.name)}]({rel_link(page, page_path(item))})", ""]
            continue
        heading = md_text(d["term"]) + (f" ({md_text(d['abbreviation'])})" if d.get("abbreviation") else "")
        lines += [f"## {heading} {{ #{term_anchor(item)} }}", "", md_text(d["definition"]), ""]
        if d.get("aliases"):
            lines += ["Also written: " + ", ".join(md_text(a) for a in d["aliases"]), ""]
        if d.get("naming_note"):
            lines += [f"*Naming note:* {md_text(d['naming_note'])}", ""]
        related = [entry_link(page, dossier.entries[i]) for i in d.get("related", ())]
        if related:
            lines += ["Related: " + ", ".join(related), ""]
        lines += [f"[More about this term]({item.id}.md)", ""]
    return "\n".join(lines)
