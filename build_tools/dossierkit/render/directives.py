"""Directives and ``[[id]]`` links inside hand-written pages.

A directive is an HTML comment, so an engine that does not know it shows
nothing:

- ``<!-- dossier:counts -->``: entries per kind, linked to the index pages;
- ``<!-- dossier:list KIND [FIELD=VALUE ...] [tag=T] -->``: linked entries with badges;
- ``<!-- dossier:latest-events N -->``: the N most recent events;
- ``<!-- dossier:fields KIND -->``: the field table of a kind (format guide);
- ``<!-- dossier:vocabulary status|confidence|relations|positions -->``: a vocabulary table;
- ``<!-- dossier:downloads -->``: where the site adapter puts the PDF and offline-copy links;
- ``<!-- dossier:last-checked -->``: the day of the newest check of any entry against its sources;
- ``<!-- dossier:latest-updates N -->``: the N newest changes (from the history the caller
  passes in ``extra``; see ``changes/updates.py``).

Unknown directives and unknown ids fail with the page's file and line.
"""

from __future__ import annotations

import re

from dossierkit.errors import DossierError, Problem
from dossierkit.render.formats import MarkdownFormat
from dossierkit.render.infobox import entry_badges
from dossierkit.render.text import badges, entry_link, md_text, rel_link
from dossierkit.schema.kinds import KINDS_BY_NAME
from dossierkit.schema.types import Date, Enum, ListOf, Obj, Ref, VocabEnum, suggest
from dossierkit.schema.vocabulary import Vocabulary
from dossierkit.structure.dossier import Dossier
from dossierkit.loading.wikilinks import find_wikilinks, replace_wikilinks

DOWNLOADS_PLACEHOLDER = '<div class="dossier-downloads"></div>'
DIRECTIVE_RE = re.compile(r"<!--\s*dossier:([a-z-]+)((?:\s+[^\s>]+)*)\s*-->")


class _Fail(Exception):
    pass


def _type_text(field, vocab: Vocabulary) -> str:
    t = field.type
    prefix = ""
    if isinstance(t, ListOf):
        prefix, t = "list of ", t.item
    if isinstance(t, Enum):
        return prefix + "one of " + ", ".join(f"`{v}`" for v in t.values)
    if isinstance(t, VocabEnum):
        return prefix + "one of " + ", ".join(f"`{v}`" for v in vocab.values(t.list_name)) + \
            f" (the vocabulary's `{t.list_name}`)"
    if isinstance(t, Ref):
        return prefix + (" or ".join(t.kinds) if t.kinds else "entry") + " id" + ("s" if prefix else "")
    if isinstance(t, Date):
        return prefix + "date"
    if isinstance(t, Obj):
        return prefix + "mappings (" + ", ".join(f"`{f.name}`" for f in t.fields) + ")"
    return prefix + type(t).__name__.lower()


def fields_table(kind_name: str, vocab: Vocabulary) -> str:
    """The Markdown table of a kind's fields: name, required, type, meaning (with the dossier's vocabulary)."""
    kind = KINDS_BY_NAME.get(kind_name)
    if kind is None:
        raise _Fail(f"unknown kind {kind_name!r}")
    lines = ["| Field | Required | Type | Meaning |", "|---|---|---|---|"]
    for f in kind.fields:
        lines.append(f"| `{f.name}` | {'yes' if f.required else ''} | {_type_text(f, vocab)} | {md_text(f.description)} |")
    return "\n".join(lines)


def vocabulary_table(name: str, vocab: Vocabulary) -> str:
    """A table of one list of the dossier's vocabulary (``status``, ``confidence``, ``relations``, or any list's key)."""
    if name in ("status", "statuses", "confidence"):
        is_status = name != "confidence"
        terms = vocab.statuses if is_status else vocab.confidence
        rows = [f"| `{t.value}` | {badges(vocab, t.value, None) if is_status else badges(vocab, None, t.value)} | "
                f"{md_text(t.definition)} |" for t in terms]
        return "\n".join(["| Value | Shown as | Meaning |", "|---|---|---|", *rows])
    if name in ("relations", "relation_types"):
        rows = [f"| `{r.name}` | {md_text(r.label)} | {md_text(r.inverse_label or r.label)} | "
                f"{', '.join(r.subjects)} → {', '.join(r.objects)} | {md_text(r.definition)} |"
                for r in vocab.relation_types]
        return "\n".join(["| Type | Label | Inverse label | From → to | Meaning |", "|---|---|---|---|---|", *rows])
    if name == "positions":  # the badges of render/position_sections.py, and where positions may point
        from dossierkit.render.position_sections import position_badge

        rows = [f"| `{v.value}` | {position_badge(vocab, v.value)} | {v.colour} | {'yes' if v.timeline else ''} | "
                f"{md_text(v.definition)} |" for v in vocab.positions]
        kinds = ", ".join(vocab.position_targets)
        return "\n".join(["| Value | Shown as | Colour | On the timeline | Meaning |", "|---|---|---|---|---|", *rows, "",
                          f"A position may be about: {kinds} (`position_targets`)."])
    if name in ("lifecycle_groups", "actor_types", "organisation_types", "obstacle_categories", "severities",
                "source_kinds", "count_series"):
        rows = [f"| `{t.value}` | {md_text(t.label)} | {md_text(t.definition)} |" for t in getattr(vocab, name)]
        return "\n".join(["| Value | Label | Meaning |", "|---|---|---|", *rows])
    raise _Fail(f"unknown vocabulary {name!r}")


def _options(args: list[str]) -> tuple[list[str], dict[str, str]]:
    pos = [a for a in args if "=" not in a]
    opts = dict(a.split("=", 1) for a in args if "=" in a)
    return pos, opts


def _expand(dossier: Dossier, name: str, args: list[str], page: str, extra=None) -> str:
    pos, opts = _options(args)
    if extra and name in extra:
        return extra[name](pos, page)
    if name == "latest-updates":  # no history given (the export, the PDF)
        return "*(no update recorded)*"
    if name == "counts":
        parts = []
        counts = dossier.counts()
        for kind in KINDS_BY_NAME.values():
            n = counts[kind.name]
            parts.append(f"- [{kind.plural}]({rel_link(page, kind.folder + '/index.md')}): {n}")
        return "\n".join(parts)
    if name == "list":
        if not pos or pos[0] not in KINDS_BY_NAME:
            raise _Fail("dossier:list needs a kind: " + ", ".join(KINDS_BY_NAME))
        kind = KINDS_BY_NAME[pos[0]]
        known = {f.name for f in kind.fields}
        for key in opts:
            if key != "tag" and key not in known:
                raise _Fail(f"dossier:list: {pos[0]} entries have no field {key!r}{suggest(key, known)}")

        def keep(e) -> bool:
            return all((v in e.tags) if k == "tag" else (str(e.data.get(k)) == v) for k, v in opts.items())

        items = [e for e in dossier.by_kind[pos[0]] if keep(e)]
        legend = MarkdownFormat(page)
        return "\n".join(f"- {entry_link(page, e)} {entry_badges(dossier, e, legend)} — {md_text(e.summary)}"
                         for e in items) or "*(none)*"
    if name == "latest-events":
        count = int(pos[0]) if pos and pos[0].isdigit() else 5
        events = list(reversed(dossier.events))[:count]
        legend = MarkdownFormat(page)
        return "\n".join(f"- **{e.data['date'].human()}** — {entry_link(page, e)} {entry_badges(dossier, e, legend)}"
                         for e in events) or "*(no events yet)*"
    if name == "fields":
        return fields_table(pos[0] if pos else "", dossier.vocabulary)
    if name == "vocabulary":
        return vocabulary_table(pos[0] if pos else "", dossier.vocabulary)
    if name == "downloads":
        return DOWNLOADS_PLACEHOLDER
    if name == "last-checked":
        newest = dossier.last_checked()
        return (f"Last checked against its sources: **{newest.human()}** (the newest check of any entry; "
                "each entry shows its own).") if newest else "*(no entry has been checked yet)*"
    raise _Fail(f"unknown directive 'dossier:{name}' (known: counts, list, latest-events, fields, vocabulary, downloads, last-checked, latest-updates)")


def render_page_links(dossier: Dossier, markdown: str, page: str, source_path: str, first_line: int = 1,
                      extra=None) -> str:
    """Expand directives and ``[[id]]`` links in a hand-written page.

    ``source_path`` and ``first_line`` (the line of the page file where
    ``markdown`` starts) locate errors.  ``extra`` maps directive names to
    functions ``(arguments, page) -> Markdown`` that the caller supplies
    (the site's ``latest-updates``).  Raises :class:`DossierError`.
    """
    problems: list[Problem] = []

    def line_of(offset: int) -> int:
        return first_line + markdown.count("\n", 0, offset)

    def directive(m: re.Match) -> str:
        try:
            return _expand(dossier, m.group(1), m.group(2).split(), page, extra)
        except _Fail as exc:
            problems.append(Problem(source_path, line_of(m.start()), 1, str(exc)))
            return ""

    for wl in find_wikilinks(markdown):
        if dossier.get(wl.target) is None:
            problems.append(Problem(source_path, first_line + wl.line_offset, wl.column,
                                    f"unknown id {wl.target!r} in [[...]] link{suggest(wl.target, dossier.entries)}"))
    expanded = DIRECTIVE_RE.sub(directive, markdown)
    if problems:
        raise DossierError(problems)
    return replace_wikilinks(expanded, lambda wl: entry_link(page, dossier.entries[wl.target], wl.label))
