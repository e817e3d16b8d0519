"""Material's navigation, search box and page-independent blocks rendered once per key (``plugin/theme_cache.py``).

Each site is built twice in this process, with the partials kept and with
Material rendering them page by page, and compared file by file: the site
must be byte for byte the same.  Each build also checks that the kept
partials were used (copied into pages), so that the comparison is not
between two builds that both rendered everything.
"""

from __future__ import annotations

import re
from collections import Counter
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

import dossierkit.plugin.plugin as plugin_module
from dossierkit.plugin import theme_cache
from dossierkit.plugin.theme_cache import BLOCKS, HEADER, MAIN, NAV, SEARCH, ThemeCache
from sitebuild import build_site, site_files, synth_project

INIT_OVERRIDES = Path(theme_cache.__file__).parents[1] / "templates" / "init" / "overrides"


@pytest.fixture(scope="module")
def synth(tmp_path_factory) -> Path:
    return synth_project(tmp_path_factory.mktemp("theme-cache") / "synth", 60, 3)


class _Used:
    """Counts what the kept partials gave: pages that got a copy, and partials taken over."""

    def __init__(self, monkeypatch):
        self.copies, self.taken, self.blocks_rendered = 0, [], Counter()
        original_key, original_install, original_keep = ThemeCache.key, theme_cache.install, ThemeCache.keep

        def keep(cache, key, rendered):
            if isinstance(key[-1], str) and key[-1] in BLOCKS:
                self.blocks_rendered[key[-1]] += 1
            return original_keep(cache, key, rendered)

        def key(cache, page, nav):
            found = original_key(cache, page, nav)
            self.copies += found is not None and found in cache.kept
            return found

        def install(env, files, config):
            self.taken = original_install(env, files, config)
            return self.taken

        monkeypatch.setattr(ThemeCache, "key", key)
        monkeypatch.setattr(ThemeCache, "keep", keep)
        monkeypatch.setattr(plugin_module, "install_theme_cache", install)


def _both(project: Path, tmp_path: Path, monkeypatch, **overrides) -> tuple[dict, dict, _Used]:
    """The site built with the partials kept, and page by page."""
    with monkeypatch.context() as patch:
        used = _Used(patch)
        assert build_site(project, tmp_path / "kept", **overrides) == []
    with monkeypatch.context() as patch:
        patch.setattr(plugin_module, "install_theme_cache", lambda env, files, config: [])
        assert build_site(project, tmp_path / "plain", **overrides) == []
    return site_files(tmp_path / "kept"), site_files(tmp_path / "plain"), used


def _same(kept: dict, plain: dict) -> None:
    assert kept.keys() == plain.keys()
    assert [name for name in kept if kept[name] != plain[name]] == []


def _project(synth: Path, tmp_path: Path, config_edit=None, overrides: bool = False) -> Path:
    project = tmp_path / "project"
    shutil.copytree(synth, project)
    if overrides:
        shutil.copytree(INIT_OVERRIDES, project / "overrides")
    if config_edit:
        config = project / "mkdocs.yml"
        config.write_text(config_edit(config.read_text(encoding="utf-8")), encoding="utf-8")
    return project


def test_the_synthetic_dossier_is_the_same_with_the_partials_kept(synth, tmp_path, monkeypatch):
    kept, plain, used = _both(_project(synth, tmp_path), tmp_path, monkeypatch)
    _same(kept, plain)
    assert used.taken == [MAIN, HEADER, NAV, SEARCH]
    assert used.copies > 50  # nearly every entry page got a copy
    # Each block rendered once per folder (and for the pages in the nav), not for each of the 60 entries:
    assert set(used.blocks_rendered) == set(BLOCKS) and max(used.blocks_rendered.values()) < 20


def test_the_starters_overrides_a_repository_tabs_and_a_link_into_an_entry_folder(synth, tmp_path, monkeypatch):
    def edit(text: str) -> str:
        text = text.replace("theme:\n  name: material\n",
                            "theme:\n  name: material\n  custom_dir: overrides\n"
                            "  features: [navigation.tabs, navigation.sections, navigation.indexes]\n")
        text = text.replace("nav:\n", "repo_url: https://example.org/dossier\nextra:\n  homepage: actors/\n"
                                    "validation:\n  nav:\n    not_found: info\nnav:\n")
        # A link into one entry's folder: that entry's links differ from its siblings'.
        return text + "  - Inside: actors/act-00001/more/\n  - Elsewhere: https://example.org/\n"

    kept, plain, used = _both(_project(synth, tmp_path, edit, overrides=True), tmp_path, monkeypatch)
    _same(kept, plain)
    assert used.taken == [MAIN, HEADER, NAV, SEARCH]  # the starter's search.html and source.html read only settings
    assert used.copies > 50
    # The nav link into act-00001's folder, from that page and from a sibling's:
    assert 'href="more/"' in kept["actors/act-00001/index.html"].decode("utf-8")
    assert 'href="../act-00001/more/"' in kept["actors/act-00002/index.html"].decode("utf-8")


def test_pages_not_in_folders_of_their_own(synth, tmp_path, monkeypatch):
    kept, plain, used = _both(_project(synth, tmp_path), tmp_path, monkeypatch, use_directory_urls=False)
    _same(kept, plain)
    assert used.copies > 50


def test_an_override_that_reads_the_page_is_rendered_for_every_page(synth, tmp_path, monkeypatch):
    project = _project(synth, tmp_path, lambda text: text.replace(
        "theme:\n  name: material\n", "theme:\n  name: material\n  custom_dir: overrides\n"
    ).replace("nav:\n", "repo_url: https://example.org/dossier\nnav:\n"))
    (project / "overrides" / "partials").mkdir(parents=True)
    (project / "overrides" / "partials" / "source.html").write_text(
        '<a href="{{ config.repo_url }}" class="md-source">{{ page.title | e }}</a>', encoding="utf-8")
    kept, plain, used = _both(project, tmp_path, monkeypatch)
    _same(kept, plain)
    assert used.taken == [MAIN, SEARCH]
    for name in ("actors/act-00001/index.html", "actors/act-00002/index.html"):
        page = kept[name].decode("utf-8")
        title = re.search(r"<h1[^>]*>(.*?)<", page).group(1)
        assert f'class="md-source">{title}</a>' in page


def _page(url: str):
    return SimpleNamespace(url=url, parent=None)


def test_keys():
    nav = SimpleNamespace(pages=[], items=[SimpleNamespace(url="actors/", children=None)])
    cache = ThemeCache(["actors/a/", "actors/b/", "actors/c/", "actors/c/photo.png", "events/e/", "index.html"])
    a, b, c, e = (cache.key(_page(u), nav) for u in ("actors/a/", "actors/b/", "actors/c/", "events/e/"))
    assert a == b  # alone in folders beside each other: the same links
    assert c != a  # its folder holds a file a link might lead to
    assert e != a  # "../" against "../../actors/"
    in_nav = _page("actors/")
    nav.pages.append(in_nav)
    cache = ThemeCache(["actors/a/"])
    assert cache.key(in_nav, nav) is None
    assert cache.key(SimpleNamespace(url="actors/x/", parent=object()), nav) is None
    assert cache.key(_page("x.html"), nav) == cache.key(_page("y.html"), nav)  # the same folder


# Found in review (each failed on 150ad94): what the kept parts read, set or linked differently.

MATERIAL = theme_cache._material_templates()


def _custom_dir(text: str) -> str:
    return text.replace("theme:\n  name: material\n", "theme:\n  name: material\n  custom_dir: overrides\n")


def _notes(project: Path) -> None:
    (project / "docs" / "notes").mkdir()
    (project / "docs" / "notes" / "a.md").write_text("---\nhide:\n  - toc\n---\n# A\n", encoding="utf-8")
    (project / "docs" / "notes" / "b.md").write_text("# B\n", encoding="utf-8")


def test_nav_links_written_with_dot_slash_or_dot_dot_into_an_entry_folder(synth, tmp_path, monkeypatch):
    # MkDocs resolves "./actors/act-00001/more/" and "../actors/act-00001/more/" to act-00001's folder.
    project = _project(synth, tmp_path, lambda t: t.replace("nav:\n", "validation:\n  nav:\n    not_found: info\nnav:\n")
                       + "  - Inside: ./actors/act-00001/more/\n  - Up: ../actors/act-00001/more/\n")
    kept, plain, used = _both(project, tmp_path, monkeypatch)
    _same(kept, plain)
    assert used.copies > 50


def test_a_main_html_that_sets_features_by_page_turns_keeping_off(synth, tmp_path, monkeypatch):
    project = _project(synth, tmp_path, lambda t: _custom_dir(t) + "not_in_nav: |\n  notes/*.md\n")
    (project / "overrides").mkdir()
    (project / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}{% block site_nav %}'
        '{% if page.meta and page.meta.hide and "toc" in page.meta.hide %}{% set features = features + ["toc.integrate"] %}'
        '{% endif %}<div class="md-sidebar md-sidebar--primary">{% include "partials/nav.html" %}</div>{% endblock %}',
        encoding="utf-8")
    _notes(project)
    kept, plain, used = _both(project, tmp_path, monkeypatch)
    _same(kept, plain)
    assert used.taken == []


def test_a_header_that_sets_features_by_page_turns_keeping_off(synth, tmp_path, monkeypatch):
    project = _project(synth, tmp_path, lambda t: _custom_dir(t) + "not_in_nav: |\n  notes/*.md\n")
    (project / "overrides" / "partials").mkdir(parents=True)
    (project / "overrides" / "partials" / "header.html").write_text(
        '{% if page and page.meta and page.meta.hide and "toc" in page.meta.hide %}'
        '{% set features = features + ["search.share"] %}{% endif %}'
        + (MATERIAL / "partials" / "header.html").read_text(encoding="utf-8"), encoding="utf-8")
    _notes(project)
    kept, plain, used = _both(project, tmp_path, monkeypatch)
    _same(kept, plain)
    assert used.taken == []


def test_a_language_partial_that_reads_the_page_turns_keeping_off(synth, tmp_path, monkeypatch):
    project = _project(synth, tmp_path, _custom_dir)
    (project / "overrides" / "partials").mkdir(parents=True)
    (project / "overrides" / "partials" / "language.html").write_text(
        '{% import "partials/languages/" ~ config.theme.language ~ ".html" as lang %}'
        '{% import "partials/languages/en.html" as fallback %}'
        '{% macro t(key) %}{% if key == "nav" and page and page.meta.title %}Navigation: {{ page.meta.title }}'
        '{% else %}{{ lang.t(key) or fallback.t(key) or key }}{% endif %}{% endmacro %}', encoding="utf-8")
    kept, plain, used = _both(project, tmp_path, monkeypatch)
    _same(kept, plain)
    assert used.taken == []


@pytest.mark.parametrize("read", ["config._current_page.title", "config.plugins | length",
                                  'config.repo_url | url'])
def test_a_source_partial_that_reads_more_than_settings_is_rendered_for_every_page(synth, tmp_path, monkeypatch, read):
    # MkDocs keeps the page it renders in config._current_page; plugins keep state; `url` reads the page.
    project = _project(synth, tmp_path, lambda t: "repo_url: https://example.org/r\n" + _custom_dir(t))
    (project / "overrides" / "partials").mkdir(parents=True)
    (project / "overrides" / "partials" / "source.html").write_text(
        '<a href="{{ config.repo_url }}" class="md-source">{{ ' + read + ' }}</a>', encoding="utf-8")
    kept, plain, used = _both(project, tmp_path, monkeypatch)
    _same(kept, plain)
    assert used.taken == [MAIN, SEARCH]


# Found in a second review (each failed on 40405b7).

def test_an_alternate_link_that_yaml_reads_as_a_number(synth, tmp_path, monkeypatch):
    # The url filter links str(value): "2024" is a relative link into the 2024/ folder.
    project = _project(synth, tmp_path, lambda t: "extra:\n  alternate:\n    - {name: Old, link: 2024, lang: en}\n"
                       "not_in_nav: |\n  /2024.md\n  /2025.md\n" + t)
    for name in ("2024", "2025"):
        (project / "docs" / f"{name}.md").write_text(f"# {name}\n", encoding="utf-8")
    kept, plain, used = _both(project, tmp_path, monkeypatch)
    assert HEADER in used.taken
    _same(kept, plain)


def test_a_source_partial_that_reaches_the_plugins_through_a_call(synth, tmp_path, monkeypatch):
    project = _project(synth, tmp_path, lambda t: "repo_url: https://example.org/r\n" + _custom_dir(t))
    (project / "overrides" / "partials").mkdir(parents=True)
    (project / "overrides" / "partials" / "source.html").write_text(
        '<a href="{{ config.repo_url }}" class="md-source">'
        '{{ config.get("plugins")["material/search"].search_index.entries | length }}</a>', encoding="utf-8")
    kept, plain, used = _both(project, tmp_path, monkeypatch)
    _same(kept, plain)
    assert used.taken == [MAIN, SEARCH]
