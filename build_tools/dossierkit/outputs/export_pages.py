"""Hand-written pages in the Markdown export, neutralised as the site neutralises them.

The site passes the HTML of every hand-written page through the allowlist
sanitizer.  The export is published by engines that run none, so each page
gets what entry bodies get (:func:`~dossierkit.render.sanitize.sanitize_markdown`:
no raw HTML, no attribute lists, no unsafe link, no remote image), except for
the directives (``<!-- dossier:... -->``), which are expanded into the
project's own escaped Markdown; and its front matter is reduced to the keys a
page may set, with every text HTML-escaped (:mod:`dossierkit.render.front_matter`),
because themes print those values raw.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from dossierkit.render.directives import DIRECTIVE_RE, render_page_links
from dossierkit.render.front_matter import FrontMatter, escape_meta, split_front_matter
from dossierkit.render.sanitize import sanitize_markdown
from dossierkit.structure.dossier import Dossier

def _meta(fm: FrontMatter) -> dict[str, Any]:
    """The metadata as MkDocs reads it (YAML block, or MultiMarkdown lines)."""
    if fm.style == "yaml":
        data = yaml.safe_load(fm.text)
        return data if isinstance(data, dict) else {}
    if fm.style == "multimarkdown":
        data: dict[str, Any] = {}
        key = None
        for line in fm.text.splitlines():
            if line[:1] in (" ", "\t") and key:
                data[key] += " " + line.strip()
                continue
            name, _, value = line.partition(":")
            key = name.strip().lower()
            data[key] = (data[key] + " " + value.strip()) if key in data else value.strip()
        return data
    return {}


def neutralise_around_directives(markdown: str) -> str:
    """``markdown`` made inert (``sanitize_markdown``), directives kept for expansion."""
    out, last = [], 0
    for m in DIRECTIVE_RE.finditer(markdown):
        out.append(sanitize_markdown(markdown[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(sanitize_markdown(markdown[last:]))
    return "".join(out)


def export_page(dossier: Dossier, text: str, rel: str, shown: str, extra=None) -> str:
    """The exported Markdown of the hand-written page ``rel`` (shown in messages as ``shown``;
    ``extra``: directives the caller provides, see :func:`render_page_links`)."""
    fm = split_front_matter(text)
    body = render_page_links(dossier, neutralise_around_directives(fm.body), rel, shown, fm.body_line, extra=extra)
    meta = escape_meta(_meta(fm))
    if not meta:
        return body
    header = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1_000_000)
    return f"---\n{header}---\n\n{body}"


def export_included(text: str) -> str:
    """A repository file published as a page (``include_pages``), neutralised the same way."""
    fm = split_front_matter(text)
    meta = escape_meta(_meta(fm))
    body = sanitize_markdown(fm.body)
    if not meta:
        return body
    return f"---\n{yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1_000_000)}---\n\n{body}"


def copy_static(src: Path, dest: Path) -> None:
    """Copy a file that is not a page (an image, a schema); links never reach here (checked before)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(src.read_bytes())
