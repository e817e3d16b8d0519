"""The hostile-input corpus, round two (issue 18): files, names, pages, tooltips.

Rejected cases join :data:`corpus.CASES` (``test_hostile.py`` runs them the
same way: located message from ``dossier validate`` and ``mkdocs build
--strict``, nothing written anywhere).  Accepted content
(:data:`ROUND2_FILES`, :data:`ROUND2_DOCS`) joins the hostile project that
is built into every output and hovered in Chromium
(``test_hostile_round2.py``, ``test_hostile_browser.py``).

A file value of ``None`` deletes the file or folder.
"""

from __future__ import annotations

from corpus import A, Case, Expect, Symlink, actor, source

S1 = "dossier/sources/src-one.yml"
STARTER_CONFIG = ("site_name: Starter dossier\ntheme:\n  name: material\n  font: false\n{theme_extra}"
                  "plugins:\n  - search\n  - dossier:\n      dossier_dir: dossier\n{plugin_extra}"
                  "nav:\n  - Home: index.md\n")


def config(theme_extra: str = "", plugin_extra: str = "") -> str:
    """The starter's ``mkdocs.yml`` with extra theme or plugin lines."""
    return STARTER_CONFIG.format(theme_extra=theme_extra, plugin_extra=plugin_extra)


LINK = "symbolic links are not allowed here"
DEVICE = "is a reserved device name on Windows"

CASES_ROUND2: tuple[Case, ...] = (
    # ------------------------------------------------------------- names
    Case("id-device-names", "identity", "entries named like Windows devices (con, nul, aux, prn, com1, lpt1)",
         {f"dossier/actors/{n}.yml": actor(id=n) for n in ("con", "nul", "aux", "prn", "com1", "lpt1")},
         tuple(Expect(f"dossier/actors/{n}.yml", 1, 1, f"'{n}' {DEVICE}") for n in ("aux", "com1", "con", "lpt1", "nul", "prn"))),
    Case("content-invisible-in-names", "content", "zero-width space, word joiner, soft hyphen and tag characters in names",
         {A: actor(name='"Ir\\u200ban"', aliases='["Ir\\u2060an", "Ir\\u00adan"]', role='"x\\U000E0041y"'),
          "dossier/terms/t-zw.yml": 'id: t-zw\nterm: "Pa\\ufeffct"\ndefinition: "A pact\\u2063."\n'},
         (Expect(A, 2, 1, "contains an invisible character (U+200B ZERO WIDTH SPACE)", "name"),
          Expect(A, 6, 11, "contains an invisible character (U+2060 WORD JOINER)", "aliases[0]"),
          Expect(A, 6, 25, "contains an invisible character (U+00AD SOFT HYPHEN)", "aliases[1]"),
          Expect(A, 7, 1, "contains an invisible character (U+E0041 TAG LATIN CAPITAL LETTER A)", "role"),
          Expect("dossier/terms/t-zw.yml", 2, 1, "contains an invisible character (U+FEFF ZERO WIDTH NO-BREAK SPACE)", "term"),
          Expect("dossier/terms/t-zw.yml", 3, 1, "contains an invisible character (U+2063 INVISIBLE SEPARATOR)",
                 "definition"))),
    Case("content-url-credentials", "content", "addresses with a user name and password, or a host hidden behind @ or \\",
         {S1: source("src-one", url='"https://user:pass@example.org/report"'),
          "dossier/sources/src-two.yml": source("src-two", url='"https://trusted.example@evil.example/"'),
          "dossier/sources/src-three.yml": source("src-three", url='"https://trusted.example\\\\@evil.example/"'),
          A: actor(sources="[src-one, src-two, src-three]")},
         (Expect(S1, 6, 1, "contains a user name or password before '@'", "url"),
          Expect("dossier/sources/src-two.yml", 6, 1, "contains a user name or password before '@'", "url"),
          Expect("dossier/sources/src-three.yml", 6, 1, "contains a backslash", "url"))),

    # ------------------------------------------------------------- files
    Case("files-link-in-docs", "files", "symbolic links in docs/: to a file and a folder outside, and to a page inside",
         {"docs/secret.md": Symlink("{canary}/secret.yml"), "docs/outside": Symlink("{canary}"),
          "docs/passwd.md": Symlink("/etc/passwd"), "docs/again.md": Symlink("index.md")},
         (Expect("docs/again.md", 1, 1, LINK), Expect("docs/outside", 1, 1, LINK),
          Expect("docs/passwd.md", 1, 1, LINK), Expect("docs/secret.md", 1, 1, LINK))),
    Case("files-dossier-folder-is-a-link", "files", "the dossier folder itself is a symbolic link to a folder outside",
         {"dossier": Symlink("{canary}")},
         (Expect("dossier", 1, 1, "dossier_dir goes through a symbolic link"),)),
    Case("files-link-in-overrides", "files", "a symbolic link in the theme's custom_dir (overrides/)",
         {"mkdocs.yml": config(theme_extra="  custom_dir: overrides\n"), "overrides/main.html": Symlink("{canary}/secret.yml")},
         (Expect("overrides/main.html", 1, 1, LINK),)),
    Case("files-link-in-include-pages", "files", "a page of include_pages that is a symbolic link",
         {"mkdocs.yml": config(plugin_extra="      include_pages:\n        notes.md: NOTES.md\n"),
          "NOTES.md": Symlink("{canary}/secret.yml")},
         (Expect("NOTES.md", 1, 1, f"include_pages: {LINK}"),)),
    Case("files-device-names-in-docs", "files", "hand-written pages and folders named like Windows devices",
         {"docs/con.md": "# Con\n", "docs/Aux/index.md": "# Aux\n", "docs/nul.png": b"\x89PNG\r\n\x1a\n",
          "docs/trailing.": "x", "docs/what?.md": "# What\n"},
         (Expect("docs/Aux", 1, 1, f"'Aux' {DEVICE}"), Expect("docs/con.md", 1, 1, f"'con' {DEVICE}"),
          Expect("docs/nul.png", 1, 1, f"'nul' {DEVICE}"), Expect("docs/trailing.", 1, 1, "ending in a dot or a space"),
          Expect("docs/what?.md", 1, 1, "contains '?', which Windows does not allow"))),
    Case("files-case-collisions", "files", "pages that differ only in case from a generated folder or another page",
         {"docs/Actors/index.md": "# Actors\n", "docs/About.md": "# About\n", "docs/about.md": "# about\n",
          "docs/Graph.md": "# Graph\n"},
         (Expect("docs/Actors/index.md", 1, 1, "'Actors' differs only in case from the generated 'actors'"),
          Expect("docs/Graph.md", 1, 1, "'Graph' differs only in case from the generated 'graph'"),
          Expect("docs/about.md", 1, 1, "'about' differs only in case from 'About' (docs/About.md)"))),
    Case("files-invisible-in-page-name", "files", "a page name with a zero-width space",
         {"docs/Ir\u200ban.md": "# Iran\n"},
         (Expect("docs/Ir\\u200ban.md", 1, 1, "contains an invisible character (U+200B ZERO WIDTH SPACE)"),)),
    Case("files-active-content", "files", "HTML, SVG and script files in docs/ (published as they are, in the site's origin)",
         {"docs/evil.html": "<script>alert('html')</script>", "docs/evil.svg": "<svg onload=alert('svg')></svg>",
          "docs/evil.js": "alert('js')", "docs/evil.xhtml": "<html/>"},
         tuple(Expect(f"docs/evil.{x}", 1, 1, "would run as script in the site's origin")
               for x in ("html", "js", "svg", "xhtml"))),

    # ------------------------------------------------------------- pages
    Case("pages-front-matter-keys", "pages", "front matter that chooses a template or sets keys themes print raw",
         {"docs/meta.md": "---\ntitle: Fine\ntemplate: redirect.html\nlocation: \"javascript:alert('redirect')\"\n"
                          "icon: ../../../etc/passwd\n---\n\n# Meta\n",
          "docs/mmd.md": "Title: Fine\nTemplate: redirect.html\n\n# MultiMarkdown metadata\n"},
         (Expect("docs/meta.md", 3, 1, "front matter: 'template' is not allowed; pages may set: title, description"),
          Expect("docs/meta.md", 4, 1, "front matter: 'location' is not allowed"),
          Expect("docs/meta.md", 5, 1, "front matter: 'icon' is not allowed"),
          Expect("docs/mmd.md", 2, 1, "front matter: 'Template' is not allowed"))),
    Case("pages-front-matter-values", "pages", "front matter values that are not one line of text, and tricks in YAML",
         {"docs/meta.md": "---\ntitle: \"two\\nlines\"\ndescription: \"x\\u202ey\"\nauthor: \"A\\u200bB\"\n"
                          "hide: [toc, everything]\nsearch: {boost: lots}\n---\n\n# Meta\n",
          "docs/tags.md": "---\ntitle: &a Anchor\ndescription: *a\n---\n\n# Tags\n"},
         (Expect("docs/meta.md", 2, 1, "front matter: title: must be one line of text"),
          Expect("docs/meta.md", 3, 1, "front matter: description: must be one line of text"),
          Expect("docs/meta.md", 4, 1, "front matter: author: contains an invisible character (U+200B"),
          Expect("docs/meta.md", 5, 13, "front matter: hide: 'everything' is not one of"),
          Expect("docs/meta.md", 6, 10, "front matter: search: search takes exclude"),
          Expect("docs/tags.md", 2, 8, "front matter: anchors (&name) are not allowed"))),
)


# ---------------------------------------------------------------------------
# Accepted content, round two: every payload that could run calls alert(...),
# so a dialog in Chromium, or "alert(" in anything a browser would execute,
# means it ran.

LONG = "a" * 70  # long enough that the table of contents cuts the heading with an ellipsis

ROUND2_FILES: dict[str, str] = {
    "dossier/actors/land-f.yml": (
        "id: land-f\nname: \"\uff1d1+1 [name-md](javascript:alert('name-md'))\"\ntype: state\n"
        "summary: \"\uff20SUM(1) ![img](x){: onerror=alert('summary-attr')}\"\n"
        "native_names:\n  - name: \"[click](javascript:alert('native-md'))\"\n    lang: fa\n"
        "    transliteration: \"![x](y){: onerror=alert('translit')} <b>t</b>\"\n"
        "role: \"[hq](javascript:alert('hq'))\"\n"
        "tags: [con, nul]\n"
        "sources: [src-md]\n"
        "relations:\n  - type: rival_of\n    target: land-a\n"
        "    note: \"[note-md](javascript:alert('note-md')) ![n](x){: onerror=alert('note-attr')}\"\n"
        "body: |\n"
        "  A [link with a title](https://a.example/ \"<img src=x onerror=alert(&#39;link-title&#39;)>\") and an\n"
        f"  ![image with a title](https://a.example/i.png \"<img src=x onerror=alert(&#39;image-title&#39;)>\").\n\n"
        f"  ## <img src=x onerror=alert('toc-heading')>{LONG}\n\n"
        "  Under a heading that the table of contents cuts short.\n"),
    "dossier/sources/src-md.yml": (
        "id: src-md\ntitle: \"[title-md](javascript:alert('source-title-md')) <img src=x onerror=alert('source-title')>\"\n"
        "publisher: \"![p](x){: onerror=alert('publisher')}\"\nkind: other\nlanguage: en\n"
        "url: \"https://a.example/[url-md](javascript:alert%281%29){:onclick=alert%281%29}\"\n"),
    "dossier/terms/tooltip-term.yml": (
        "id: tooltip-term\nterm: Tooltip Pact\nabbreviation: TTP\n"
        "definition: \"<img src=x onerror=alert('definition-tooltip')> <svg onload=alert('definition-svg')>\"\n"),
    "dossier/events/ev-md.yml": (
        "id: ev-md\ntitle: \"[event-md](javascript:alert('event-md')) TTP\"\ndate: 2025-11-01\n"
        "summary: \"TTP {: onclick=alert('event-attr')}\"\nconfidence: reported\nsources: [src-md]\n"
        "participants: [land-f]\n"),
}

ROUND2_DOCS: dict[str, str] = {
    "docs/meta.md": (
        "---\n"
        "title: \"</title><script>alert('fm-title')</script>\"\n"
        "description: \"\\\"><script>alert('fm-description')</script>\"\n"
        "author: \"\\\"><img src=x onerror=alert('fm-author')>\"\n"
        "---\n\n"
        "# A page with hostile metadata\n\n"
        "<span title=\"<img src=x onerror=alert('raw-title')>\">a raw title attribute</span> and\n"
        "<abbr title=\"&lt;img src=x onerror=alert('abbr-title')&gt;\">ABBR</abbr>.\n\n"
        "[A link title](https://a.example/ \"<img src=x onerror=alert(&#39;docs-link-title&#39;)>\"), TTP.\n\n"
        f"## <img src=x onerror=alert('docs-toc')>{LONG}\n\n"
        "Text.\n"),
    "docs/mmd-meta.md": "Title: <script>alert('mmd-title')</script>\n\n# MultiMarkdown metadata\n\nText.\n",
}
ROUND2_PAYLOADS = (
    "note-md", "note-attr", "name-md", "summary-attr", "native-md", "translit", "hq", "link-title", "image-title",
    "toc-heading", "source-title-md", "source-title", "publisher", "url-md", "definition-tooltip", "definition-svg",
    "event-md", "event-attr", "fm-title", "fm-description", "fm-author", "raw-title", "abbr-title",
    "docs-link-title", "docs-toc", "mmd-title")
