"""`mkdocs serve --dirty` rebuilds only what an edit shows, and gives the site a clean build gives.

Each test edits the starter dossier between the rebuilds of one serve
process (``tests/servebuild.py``: MkDocs' own serve builder, real builds)
and after each rebuild compares the served folder, file by file, with a
clean build of the same files in a fresh process.  It also checks that the
rebuild wrote again exactly the pages whose content changed (a page written
with the same bytes would be work for nothing; a changed page not written
would be wrong, which the comparison catches).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from servebuild import ServeBuilds, clean_build, mtimes, read_site

# Written by every build, whatever changed (MkDocs' 404 page and sitemap, the
# search index, the plugin's assets and data files).
ALWAYS_WRITTEN = ("404.html",)
# Edits of the starter's mkdocs.yml: docs/notes.md in the nav without a title; notes.md made from NOTES.md.
NOTES_IN_NAV = ("mkdocs.yml", "  - Home: index.md\n", "  - Home: index.md\n  - notes.md\n")
NOTES_INCLUDED = ("mkdocs.yml", "      dossier_dir: dossier\n",
                  "      dossier_dir: dossier\n      include_pages:\n        notes.md: NOTES.md\n")


class Session:
    """One serve process over a project, and the checks after each rebuild."""

    def __init__(self, project: Path, tmp: Path):
        self.project, self.tmp = project, tmp
        self.site = tmp / "served"
        self.builds = ServeBuilds(project, self.site)
        assert self.builds.build() == "ok"
        self.count = 0
        self.assert_clean()

    def edit(self, rel: str, old: str | None = None, new: str | None = None, text: str | None = None) -> None:
        """Change a file of the project (replace ``old`` by ``new``, or write ``text``; None deletes it)."""
        path = self.project / rel
        if text is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        elif old is not None:
            content = path.read_text(encoding="utf-8")
            assert old in content, f"{old!r} not in {rel}"
            path.write_text(content.replace(old, new, 1), encoding="utf-8")
        else:
            path.unlink()

    def rebuild(self) -> set[str]:
        """Rebuild; the pages (HTML) that it wrote."""
        before = mtimes(self.site)
        time.sleep(0.01)
        assert self.builds.build() == "ok"
        after = mtimes(self.site)
        return {p for p, t in after.items() if p.endswith(".html") and before.get(p) != t} - set(ALWAYS_WRITTEN)

    def assert_clean(self) -> dict[str, bytes]:
        """The served folder is the clean build of the same files, file by file."""
        self.count += 1
        clean = clean_build(self.project, self.tmp / f"clean-{self.count}")
        served = read_site(self.site)
        assert sorted(served) == sorted(clean), "files differ: " + repr(set(served) ^ set(clean))
        differing = [p for p in clean if served[p] != clean[p]]
        assert not differing, f"differ from a clean build: {differing}"
        return clean

    def step(self, *edits: tuple, exact: bool = True) -> set[str]:
        """Apply ``edits``, rebuild, compare with a clean build; the pages whose content changed.
        The rebuild must write exactly those pages (``exact``) or at least them."""
        before = read_site(self.site)
        for edit in edits:
            self.edit(*edit)
        written = self.rebuild()
        after = self.assert_clean()
        changed = {p for p in after if p.endswith(".html") and before.get(p) != after[p]} - set(ALWAYS_WRITTEN)
        gone = {p for p in before if p not in after}
        self.written = written
        if exact:
            assert written == changed, f"written again: {sorted(written)}; changed: {sorted(changed)}"
        else:
            assert changed <= written, f"not written again: {sorted(changed - written)}"
        return changed | gone

    def page(self, rel: str) -> str:
        """A page of the served folder, as text."""
        return (self.site / rel).read_text(encoding="utf-8")

    def close(self) -> None:
        self.builds.close()


@pytest.fixture
def session(starter, tmp_path):
    s = Session(starter, tmp_path)
    yield s
    s.close()


def test_a_rename_updates_every_page_that_shows_the_name(session):
    changed = session.step(("dossier/actors/land-b.yml", "name: Land B", "name: Land Bee"))
    # its page, the pages that list or link it, the timeline and the network: and only those
    for page in ("actors/land-b/index.html", "actors/land-a/index.html", "organisations/pact/index.html",
                 "events/pact-signed/index.html", "actors/index.html", "graph/index.html"):
        assert page in changed
    assert "sources/src-two/index.html" not in changed  # cites nothing of Land B's
    assert "terms/pact-term/index.html" not in changed


def test_a_changed_status_and_a_new_relation(session):
    changed = session.step(("dossier/organisations/big-idea.yml", "status: proposed", "status: floated"))
    assert {"organisations/big-idea/index.html", "organisations/index.html"} <= changed
    assert "actors/land-b/index.html" not in changed
    changed = session.step(("dossier/actors/land-b.yml", "sources: [src-one]\n",
                            "sources: [src-one]\nrelations:\n  - type: rival_of\n    target: person-c\n"))
    assert {"actors/land-b/index.html", "actors/person-c/index.html"} <= changed
    assert "organisations/big-idea/index.html" not in changed


def test_a_deletion_and_a_new_entry(session):
    changed = session.step(("dossier/events/year-event.yml",))
    assert "events/year-event/index.html" in changed  # gone from the served folder too
    assert {"actors/land-b/index.html", "events/index.html"} <= changed
    changed = session.step(("dossier/actors/land-d.yml", None, None,
                            "id: land-d\nname: Land D\ntype: state\nsummary: A new state.\nsources: [src-two]\n"))
    assert {"actors/land-d/index.html", "actors/index.html", "sources/src-two/index.html"} <= changed


def test_a_broken_entry_keeps_the_site_and_its_fix_updates_it(session):
    good = (session.project / "dossier/actors/land-b.yml").read_text(encoding="utf-8")
    before = read_site(session.site)
    session.edit("dossier/actors/land-b.yml", "type: state", "type: [broken")
    written = session.rebuild()
    assert written == set()  # the last good site stays
    assert read_site(session.site) == before
    changed = session.step(("dossier/actors/land-b.yml", None, None, good.replace("summary: Another state.",
                                                                                 "summary: Another state, fixed.")))
    assert "actors/land-b/index.html" in changed


def test_an_edit_to_a_term_and_a_hand_written_page(session):
    session.step(("dossier/actors/land-b.yml", "summary: Another state.\n",
                  "summary: Another state.\nbody: It signed the Pact.\n"))
    # The tooltip of a term is in every page whose text has the term: those pages are built again
    # (the pages whose Markdown holds the word, whether or not MkDocs puts a tooltip on it).
    changed = session.step(("dossier/terms/pact-term.yml", "A signed agreement", "An agreement"), exact=False)
    assert {"terms/pact-term/index.html", "actors/land-b/index.html"} <= changed
    assert "actors/person-c/index.html" not in session.written
    changed = session.step(("docs/index.md", "See [[pact]]", "See [[pact]] and [[land-a]]"))
    assert changed == {"index.html"}


def test_a_new_position_and_a_changed_one(session):
    position = ("sources: [src-one]\npositions:\n  - target: big-idea\n    position: supports\n    date: 2026-07\n"
                "    by: person-c\n    confidence: reported\n    sources: [src-two]\n")
    changed = session.step(("dossier/actors/land-a.yml", "sources: [src-one]\n", position))
    # the holder's page, the page of what it is about, the speaker's page
    assert {"actors/land-a/index.html", "organisations/big-idea/index.html", "actors/person-c/index.html"} <= changed
    assert "actors/land-b/index.html" not in changed
    changed = session.step(("dossier/actors/land-a.yml", "position: supports", "position: opposes"))
    assert {"actors/land-a/index.html", "organisations/big-idea/index.html"} <= changed
    assert "organisations/pact/index.html" not in changed


def test_a_new_configuration_builds_every_page(session):
    changed = session.step(("mkdocs.yml", "site_name: Starter dossier", "site_name: Renamed dossier"))
    assert len(changed) == len([p for p in read_site(session.site) if p.endswith(".html")]) - 1  # all but 404.html


def test_a_new_hand_written_page_and_its_deletion(session):
    changed = session.step(("docs/notes.md", None, None, "# Notes\n\nA page about [[pact]].\n"))
    assert "notes/index.html" in changed
    changed = session.step(("docs/notes.md",))
    assert "notes/index.html" in changed  # gone from the served folder too, as from a clean build


def test_the_newest_check_follows_the_as_of_that_holds_it(session):
    changed = session.step(("docs/checked.md", None, None, "# Checked\n\n<!-- dossier:last-checked -->\n"))
    assert "checked/index.html" in changed and "30 November 2026" in session.page("checked/index.html")
    # Older checks elsewhere, and an edit that leaves the newest alone: the page stays as it is.
    session.step(("dossier/events/pact-signed.yml", "as_of: 2026-11-30", "as_of: 2026-10"),
                 ("dossier/organisations/big-idea.yml", "as_of: 2026-11-30", "as_of: 2026-09"))
    changed = session.step(("dossier/organisations/pact.yml", "summary: ", "summary: Edited. "))
    assert "checked/index.html" not in changed
    # The entry that holds the newest check goes back: the page follows.
    changed = session.step(("dossier/organisations/pact.yml", "as_of: 2026-11-30", "as_of: 2026-11-15"))
    assert "checked/index.html" in changed and "15 November 2026" in session.page("checked/index.html")


def test_the_sitemap_is_written_again_only_when_it_changes(session):
    sitemap = session.site / "sitemap.xml"
    before = sitemap.stat().st_mtime_ns
    session.step(("dossier/actors/land-b.yml", "name: Land B", "name: Land Bee"))
    assert sitemap.stat().st_mtime_ns == before  # the same pages at the same addresses
    session.step(("dossier/actors/land-d.yml", None, None,
                  "id: land-d\nname: Land D\ntype: state\nsummary: A new state.\nsources: [src-two]\n"))
    assert sitemap.stat().st_mtime_ns != before and "/actors/land-d/" in sitemap.read_text(encoding="utf-8")
    session.step(("dossier/actors/land-d.yml",))
    assert "/actors/land-d/" not in sitemap.read_text(encoding="utf-8")


def test_the_sitemap_is_made_again_when_what_makes_it_is_unknown(tmp_path):
    """With another plugin (which might change it) or a template other than the engine's own (which
    might read anything), every build writes it."""
    from importlib import resources
    from types import SimpleNamespace

    import jinja2

    from dossierkit.plugin.serve_state import ServeState

    (tmp_path / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    (tmp_path / "sitemap.xml.gz").write_bytes(b"")
    config = SimpleNamespace(site_url="https://example.org/", site_dir=str(tmp_path))
    page = SimpleNamespace(canonical_url="https://example.org/a/", abs_url="/a/", update_date="2026-01-01", is_link=False)
    files = SimpleNamespace(documentation_pages=lambda: [SimpleNamespace(src_uri="a.md", page=page)])
    engine_s = (resources.files("mkdocs") / "templates" / "sitemap.xml").read_text(encoding="utf-8")
    own = jinja2.Environment(loader=jinja2.DictLoader({"sitemap.xml": engine_s}))
    other = jinja2.Environment(loader=jinja2.DictLoader({"sitemap.xml": "{{ config.site_name }}" + engine_s}))
    for env, known in ((own, False), (other, True)):
        state = ServeState()
        assert not state.sitemap_unchanged(config, files, env, known)
        assert not state.sitemap_unchanged(config, files, env, known)
    state = ServeState()
    assert not state.sitemap_unchanged(config, files, own, True)  # the first build writes it
    assert state.sitemap_unchanged(config, files, own, True)
    page.update_date = "2026-01-02"  # a new day
    assert not state.sitemap_unchanged(config, files, own, True)
    (tmp_path / "sitemap.xml.gz").unlink()
    assert not state.sitemap_unchanged(config, files, own, True)


def test_an_index_renders_again_only_the_rows_an_edit_changed(starter, monkeypatch):
    from dossierkit.loading.entry_cache import EntryCache
    from dossierkit.loading.load import load_dossier
    from dossierkit.render import index_pages
    from dossierkit.render.context import SiteOptions
    from dossierkit.render.incremental import IncrementalPages
    from dossierkit.render.site import SiteHtml
    from dossierkit.render.text import rel_link

    rows: list[str] = []
    show_value = index_pages.show_value
    monkeypatch.setattr(index_pages, "show_value", lambda d, e, *rest: rows.append(e.id) or show_value(d, e, *rest))
    cache, kept, html = EntryCache(), IncrementalPages(), SiteHtml(rel_link)

    def update() -> tuple[dict, set[str]]:
        """The kept pages after a load of the files as they are, and the index rows rendered for them."""
        dossier = load_dossier(starter / "dossier", root=starter, cache=cache)
        rows.clear()
        made, _ = kept.update(dossier, SiteOptions(), html, "stamp")
        rendered = set(rows)
        fresh, _ = IncrementalPages().update(dossier, SiteOptions(), html, "stamp")  # from nothing, to compare
        assert made == fresh
        return {p.path: p for p in made}, rendered

    _, rendered = update()
    assert {"land-a", "land-b", "person-c"} <= rendered
    land_b = starter / "dossier" / "actors" / "land-b.yml"
    land_b.write_text(land_b.read_text(encoding="utf-8").replace("summary: Another state.", "summary: A state."),
                      encoding="utf-8")
    pages, rendered = update()
    assert rendered == {"land-b"}  # its row of the actors' index, and no other
    assert "A state." in repr(pages["actors/index.md"])
    land_b.write_text(land_b.read_text(encoding="utf-8").replace("name: Land B", "name: Land Bee"), encoding="utf-8")
    pages, rendered = update()
    assert "land-b" in rendered and "Land Bee" in repr(pages["actors/index.md"])


def test_a_new_name_that_holds_a_term_takes_the_term_s_tooltips_away_everywhere(session):
    # "Pact" is a term; a text that holds a known name gets no tooltip inside it (render/tooltip_names.py).
    session.step(("dossier/actors/land-a.yml", "summary: A state.", "summary: Works with Pact members."),
                 ("dossier/organisations/big-idea.yml", "summary: ", "summary: Pact members discuss it. "), exact=False)
    assert 'title="Pact:' in session.page("actors/index.html")
    session.step(("dossier/actors/land-b.yml", "name: Land B", "name: Pact members"), exact=False)  # as a clean build
    assert "Works with Pact members." in session.page("actors/index.html")
    session.step(("dossier/actors/land-b.yml", "name: Pact members", "name: Land B"), exact=False)
    assert 'title="Pact:' in session.page("actors/index.html")


SITEMAP_OF_ITS_OWN = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{%- for file in pages -%}
    <url><loc>{{ file.page.canonical_url|e }}</loc><!-- {{ file.page.title }} {{ config.site_name }} --></url>
{% endfor %}
</urlset>
"""


def test_a_sitemap_template_of_the_project_s_own_is_made_on_every_build(starter, tmp_path):
    (starter / "overrides").mkdir()
    (starter / "overrides" / "sitemap.xml").write_text(SITEMAP_OF_ITS_OWN, encoding="utf-8")
    config = starter / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  name: material\n", "  name: material\n"
                                                                 "  custom_dir: overrides\n"), encoding="utf-8")
    session = Session(starter, tmp_path)
    try:
        session.step(("dossier/actors/land-b.yml", "name: Land B", "name: Land Bee"), exact=False)  # as a clean build
        assert "Land Bee" in (session.site / "sitemap.xml").read_text(encoding="utf-8")
    finally:
        session.close()


def test_the_navigation_keeps_the_titles_of_pages_this_rebuild_does_not_read(session):
    # A page listed in the nav without a title takes its first heading, which MkDocs knows only
    # once it has read the page; a dirty rebuild does not read an unchanged page.
    session.step(("docs/notes.md", None, None, "# Notes on the pact\n\nA page.\n"), NOTES_IN_NAV)
    changed = session.step(("dossier/actors/land-b.yml", "summary: Another state.", "summary: Another state, edited."))
    assert "actors/land-b/index.html" in changed and "notes/index.html" not in session.written
    assert "Notes on the pact" in session.page("actors/land-b/index.html")  # in its navigation


def test_a_page_made_from_a_repository_file_is_built_again_only_when_it_can_differ(session):
    session.edit("NOTES.md", text="# Notes from the repository\n\nOn the Pact.\n")
    session.step(NOTES_INCLUDED, NOTES_IN_NAV)
    session.step(("dossier/actors/land-b.yml", "summary: Another state.", "summary: Another state, edited."))
    assert "notes/index.html" not in session.written  # its text and its terms are the same
    assert "Notes from the repository" in session.page("actors/land-b/index.html")  # its title, in the nav
    changed = session.step(("dossier/terms/pact-term.yml", "A signed agreement", "An agreement"), exact=False)
    assert "notes/index.html" in changed  # the tooltip of the Pact in it
    changed = session.step(("NOTES.md", "On the Pact.", "On the Pact, again."))
    assert "notes/index.html" in changed


def test_a_new_title_reaches_the_navigation_of_every_page(session):
    # Every page's navigation shows the title of a page listed without one: its first
    # heading, its front matter's title, an entry's name in its heading.
    session.step(("docs/notes.md", None, None, "# Notes on the pact\n\nA page.\n"), NOTES_IN_NAV)
    session.step(("docs/notes.md", "# Notes on the pact", "# Notes, renamed"), exact=False)
    assert "Notes, renamed" in session.page("actors/land-b/index.html")
    session.step(("docs/notes.md", "# Notes, renamed", "---\ntitle: From the front matter\n---\n# Notes"), exact=False)
    session.step(("docs/notes.md", "# Notes", "# About [[land-b]]"), exact=False)
    session.step(("dossier/actors/land-b.yml", "name: Land B", "name: Land Bee"), exact=False)
    # the same title, and an edit elsewhere: the other pages are left alone
    changed = session.step(("docs/notes.md", "A page.", "A page, edited."))
    assert changed == {"notes/index.html"}


def test_a_new_title_of_a_page_made_from_a_repository_file(session):
    session.edit("NOTES.md", text="# Notes from the repository\n\nOn the Pact.\n")
    session.step(NOTES_INCLUDED, NOTES_IN_NAV)
    session.step(("NOTES.md", "# Notes from the repository", "# Notes, renamed"), exact=False)


def test_a_page_that_comes_or_goes_changes_the_links_to_it(session):
    session.edit("NOTES.md", text="# Notes from the repository\n\nSee [the other page](docs/other.md).\n")
    session.step(("docs/index.md", "See [[pact]]", "See [the other page](other.md) and [[pact]]"), NOTES_INCLUDED,
                 exact=False)
    changed = session.step(("docs/other.md", None, None, "# Other\n\nA page.\n"))
    assert {"index.html", "notes/index.html", "other/index.html"} <= changed
    changed = session.step(("docs/other.md",))
    assert {"index.html", "notes/index.html"} <= changed


def test_a_site_without_a_nav_lists_a_new_page_on_every_page(session):
    session.step(("mkdocs.yml", "nav:\n  - Home: index.md\n", ""))
    changed = session.step(("docs/notes.md", None, None, "# Notes\n\nA page.\n"), exact=False)
    assert "actors/land-b/index.html" in changed
    session.step(("docs/notes.md",), exact=False)


def test_a_build_that_failed_is_followed_by_a_build_of_every_page(session):
    session.step(("docs/notes.md", None, None, "# Notes on the pact\n\nA page.\n"),
                 ("docs/zz.md", None, None, "# Zz\n\nA page.\n"), NOTES_IN_NAV)
    session.edit("docs/notes.md", "# Notes on the pact", "# Notes, renamed")
    session.edit("docs/zz.md", "A page.", "A page, edited.")
    blocked = session.site / "zz" / "index.html"
    blocked.unlink()
    blocked.mkdir()  # writing this page fails: the build fails after it wrote some pages
    assert session.builds.build() == "error"
    blocked.rmdir()
    session.rebuild()
    session.assert_clean()


def test_a_build_that_failed_still_removes_the_pages_that_are_gone(session):
    session.step(("docs/notes.md", None, None, "# Notes\n\nA page.\n"))
    session.edit("docs/notes.md")
    session.edit("docs/actors/land-b.md", text="# Clash\n")  # the path of a generated page: the build fails
    assert session.builds.build() == "error"
    session.edit("docs/actors/land-b.md")
    session.edit("dossier/events/year-event.yml")
    session.rebuild()
    session.assert_clean()
    assert not (session.site / "notes/index.html").exists() and not (session.site / "events/year-event").exists()


def test_an_entry_body_link_to_a_page_that_comes_and_goes(session):
    session.step(("dossier/actors/land-b.yml", "summary: Another state.\n",
                  "summary: Another state.\nbody: See [the notes](../notes.md).\n"))
    changed = session.step(("docs/notes.md", None, None, "# Notes\n\nA page.\n"))
    assert "actors/land-b/index.html" in changed
    changed = session.step(("docs/notes.md",))
    assert "actors/land-b/index.html" in changed


def test_a_draft_shows_a_new_title_too(session):
    # Serve builds drafts, which a clean build leaves out: the comparison cannot see them.
    session.edit("docs/notes.md", text="# Notes on the pact\n\nA page.\n")
    session.edit(*NOTES_IN_NAV)
    session.edit("mkdocs.yml", "site_name: Starter dossier\n", "site_name: Starter dossier\ndraft_docs: |\n  draft.md\n")
    session.edit("docs/draft.md", text="# A draft\n\nDraft text.\n")
    session.rebuild()
    assert "Notes on the pact" in session.page("draft/index.html")
    session.edit("docs/notes.md", "# Notes on the pact", "# Notes, renamed")
    assert "draft/index.html" in session.rebuild()
    assert "Notes, renamed" in session.page("draft/index.html")


def test_another_plugin_leaves_an_ordinary_edit_to_the_pages_it_changes(session):
    # With a plugin the dossier does not know (here a hook), a page whose title the nav gives
    # is not read early, and so not taken as changed.
    session.edit("hook.py", text="def on_page_markdown(markdown, **kwargs):\n    return markdown\n")
    session.step(("mkdocs.yml", "  - Home: index.md\n", "  - Home: index.md\n  - Actors: actors/index.md\n"),
                 ("mkdocs.yml", "plugins:\n", "hooks: [hook.py]\nplugins:\n"), exact=False)
    changed = session.step(("dossier/actors/land-b.yml", "summary: Another state.", "summary: Another state, edited."))
    assert changed == {"actors/index.html", "actors/land-b/index.html"}


def test_a_page_read_early_for_its_title_warns_once(starter, tmp_path, capfd):
    session = Session(starter, tmp_path)  # started here, so that its messages are captured
    try:
        session.step(("docs/notes.md", None, None, "# Notes\n\nSee [gone](missing.md).\n"), NOTES_IN_NAV, exact=False)
        capfd.readouterr()
        session.edit("docs/notes.md", "See [gone]", "See, edited, [gone]")
        session.rebuild()
        assert capfd.readouterr().err.count("missing.md") == 1
    finally:
        session.close()
