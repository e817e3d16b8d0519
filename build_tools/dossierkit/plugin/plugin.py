"""The ``dossier`` MkDocs plugin: a thin adapter over the dossier core.

It loads and validates the dossier, serves the generated pages from memory
(``File.generated``; nothing is written into ``docs/``), expands ``[[id]]``
links and directives in hand-written pages, and sanitizes every page's HTML.
"""

from __future__ import annotations

import datetime
import logging
import os
import secrets
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from dossierkit.errors import DossierError
from dossierkit.plugin.downloads import insert_downloads
from dossierkit.plugin.config import DossierConfig
from dossierkit.plugin.data_files import ASSET_DIR, IFRAME_WORKER, add_extensions_and_assets, data_files
from dossierkit.plugin.graphs import insert_graphs
from dossierkit.plugin.guards import check_settings, drop_linked_files, included_page, output_error, project_layout
from dossierkit.plugin.headings import extend_toc, heading_style
from dossierkit.plugin.history import History
from dossierkit.plugin.theme_cache import install as install_theme_cache
from dossierkit.plugin.prose_pages import prose_pages, prose_template
from dossierkit.plugin.parallel import SKIP_TEMPLATE, PageSplit, can_split, only_known_plugins, search_plugin
from dossierkit.plugin.serve_gc import MANY_PAGES, MemoryBytecodeCache, ServeCollector, freeze_build, thaw_build
from dossierkit.plugin.serve_nav import reader
from dossierkit.plugin.serve_state import SITEMAP, ServeState
from dossierkit.plugin.watch import DossierWatch
from dossierkit.plugin.search import entry_of_page, search_meta
from dossierkit.plugin.urls import edit_base, page_href
from dossierkit.project.checks import check_pages, generated_sources, load_project_dossier, raise_any
from dossierkit.project.options import option_positions, parse_options
from dossierkit.render.context import SiteOptions
from dossierkit.render.directives import render_page_links
from dossierkit.render.front_matter import escape_meta, plain_title, split_front_matter
from dossierkit.render.sanitize import sanitize_html
from dossierkit.render.page_paths import GLOSSARY_PAGE, UPDATES_PAGE
from dossierkit.render.site import SiteHtml, entry_pages, index_pages
from dossierkit.render.slots import SiteParts, insert_after_title, render_parts, restore_deferred
from dossierkit.render.text import page_path
from dossierkit.render.tooltips import Glossary

log = logging.getLogger("mkdocs.plugins.dossier")

class DossierPlugin(BasePlugin[DossierConfig]):
    """Generates the dossier's pages; see the module docstring."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False
        self.is_dirty = False
        self.built_once = False
        self.dossier = None
        self.generated: dict[str, str] = {}  # entry page path -> its YAML file
        self.parts: dict[str, SiteParts] = {}  # page path -> its ready-made HTML parts
        self.prose = None  # entry pages in plain prose: the title heading (plugin/prose_pages.py)
        # page path -> its blocks left out of search and its late parts, until on_page_context
        self.after_search: dict[str, tuple[dict[str, str], str]] = {}
        self.defer_word = f"dossier-unsearched-{secrets.token_hex(8)}"  # in no page: see render_parts
        self.files: Files | None = None
        self.split: PageSplit | None = None  # entry pages built in two processes (plugin/parallel.py)
        self.state = ServeState()  # kept between `mkdocs serve` rebuilds (plugin/serve_state.py)
        self.collector = ServeCollector()  # the garbage collector while serving (plugin/serve_gc.py)
        self.templates = MemoryBytecodeCache()
        self.watch = DossierWatch()
        self.last_good_pages: dict[str, str] = {}  # hand-written page -> its last good expansion
        self.site_dir = "site"
        self.history = History()  # History lists, the Updates page and its feed (plugin/history.py)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `mkdocs serve` rebuilds.
        self.is_serve = command == "serve"
        self.is_dirty = dirty
        self.history.said.clear()  # why there is no history: said once per command, not per serve rebuild

    def _lenient(self) -> bool:
        """While serving, after one good build, errors must not take the site down."""
        return self.is_serve and self.built_once and self.dossier is not None

    def _fail(self, report: str) -> None:
        """Stop the build; or, on a `mkdocs serve` rebuild, log and keep the last good dossier.

        MkDocs' live server stalls every request after a failed rebuild, so a
        rebuild that fails would not serve anything; instead the site is
        rebuilt from the last dossier that validated, and the errors are shown.
        """
        message = "the dossier has errors:\n" + report
        if self._lenient():
            log.error(message)
            log.error("dossier: fix the errors above; still serving the last good version of the dossier")
            return
        raise PluginError(message)

    # Runs after other plugins' on_config (default priority 0 > -10) so that
    # extensions or options they add are already in place when we check them.
    @event_priority(-10)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.is_serve:
            self.collector.build_started()
        self.root = Path(config.config_file_path).parent
        config_file = Path(config.config_file_path)
        try:
            self.options = parse_options(dict(self.config), os.path.relpath(config_file, self.root),
                                         option_positions(config_file))
        except DossierError as exc:
            raise PluginError("the dossier plugin's options have errors:\n" + exc.report()) from None
        self.site_dir = config.site_dir
        check_settings(config, list(self.options.maintainers))
        # Symbolic links, names and pages are checked before anything is read or published.
        self.layout = project_layout(config, self.options.dossier_dir, self.options.include_pages)
        self.dossier_dir = self.layout.dossier_dir
        try:
            self.dossier = load_project_dossier(self.layout, cache=self.state.cache if self.is_serve else None)
        except DossierError as exc:
            self._fail(exc.report())
        if not self.is_serve:
            freeze_build()  # the dossier lives to the end of the build (serve_gc.py)
        if self.dossier is not None:
            self.history.load(self.options.history, self.dossier_dir, self.dossier, config.repo_url)
        try:
            raise_any(check_pages(self.layout, self.dossier, generated_sources(self.dossier),
                                  extra=self.history.directives(self.dossier)))
        except DossierError as exc:
            self._fail(exc.report())
        for warning in self.dossier.warnings:
            log.warning(warning.format())
        add_extensions_and_assets(config)
        self.site_options = SiteOptions(edit_base=edit_base(config, self.options.edit_uri), eras=self.options.eras,
                                        history=self.history.site)
        self.heading_style = heading_style(config.mdx_configs.get("toc") or {})
        self.glossary = Glossary(self.dossier)
        polyfills = config.extra.get("polyfills")
        if polyfills:  # set by material/offline: replace any CDN copy of iframe-worker
            config.extra["polyfills"] = [f"{ASSET_DIR}/{IFRAME_WORKER}" if "iframe-worker" in str(url) and "://" in str(url)
                                         else url for url in polyfills]
        if not config.repo_url:
            # A relative edit_uri without repo_url makes MkDocs warn on every page;
            # without a repository there is nothing to edit, so drop it.
            config.edit_uri = None
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.generated = {}
        self.files = files
        drop_linked_files(files, config.docs_dir)  # reported in on_config; never read, even while serving
        self.prose = None if self.is_serve else prose_template(config, self.heading_style)
        html = SiteHtml(page_href(config), self.glossary.mark_text, prose=self.prose is not None)
        if self.is_serve:  # only what the edit touched is rendered again
            self.split = None
            pages, fresh = self.state.update(self.dossier, self.site_options, html, self._stamp(config), self.glossary,
                                                   extra=[(UPDATES_PAGE, lambda d: self.history.page(d, html))])
        else:  # the listing pages before a fork, so that the forked child has them made
            listing, updates = index_pages(self.dossier, self.site_options, html), self.history.page(self.dossier, html)
            self._maybe_split(config)
            pages = listing + entry_pages(self.dossier, self.site_options, html,
                                          only=self.split.renders if self.split else None) + [updates]
        self.parts = {page.path: page.parts for page in pages if page.parts}

        def inclusion(page) -> InclusionLevel:
            if not page.entry_path:
                return InclusionLevel.UNDEFINED
            if self.split and not self.split.renders(page.path):
                return InclusionLevel.EXCLUDED  # the other process builds it (PageSplit.put_back)
            return InclusionLevel.NOT_IN_NAV

        created = self.state.page_files(config, pages, inclusion) if self.is_serve else \
            [File.generated(config, page.path, content=page.markdown, inclusion=inclusion(page)) for page in pages]
        for page, file in zip(pages, created):
            if page.path in files.src_uris:  # (get_file_from_path makes a PurePath of each: 0.05 s at 10,000)
                raise PluginError(f"{page.path}: a hand-written page in docs/ has the path of a generated page")
            files.append(file)
            if page.entry_path:
                self.generated[page.path] = page.entry_path
        if self.prose is not None:
            prose_pages(files, config, [page.path for page in pages if page.parts and page.parts.prose is not None])
        if self.is_serve and self.is_dirty:
            if self.state.mark(files, pages, created, fresh, self.dossier, self._expand) > MANY_PAGES:
                self.collector.many_pages()
        for page_path_, repo_file in sorted(self.options.include_pages.items()):
            content = included_page(self.root, config.docs_dir, page_path_, repo_file)
            files.append(self.state.included_file(config, page_path_, content, self.is_serve and self.is_dirty))
        for path, make in data_files(config, self.history.feed_text):
            self._data_file(files, config, path, make)
        if not self.is_serve:
            freeze_build()  # so do the generated pages
        return files

    def _data_file(self, files: Files, config: MkDocsConfig, path: str, make) -> None:
        """Add a generated data file; while serving, made again and written only when it changes
        (a forked child leaves it to the parent: ``PageSplit.leave_to_parent``)."""
        child = self.split is not None and self.split.is_child
        files.append(self.state.data_file(config, path, make, self.dossier, self.is_dirty) if self.is_serve
                     else File.generated(config, path, content=b"" if child else make(self.dossier)))

    def _maybe_split(self, config: MkDocsConfig) -> None:
        """Fork a second process for half the entry pages of a large dossier (plugin/parallel.py).

        Done here, after MkDocs has cleaned the site folder and before the
        entry pages are generated, so that each process generates only its own
        (the listing pages, which both need, are made before, once).
        """
        self.split = None
        paths = [page_path(entry) for entry in self.dossier]
        if not self.is_serve and not self.is_dirty and can_split(paths, config):
            log.info(f"dossier: building {len(paths)} entry pages in two processes")
            self.split = PageSplit(paths)
            self.split.start(config)

    def _stamp(self, config: MkDocsConfig) -> tuple:
        """What every page depends on besides the dossier and the glossary: the options, the
        vocabulary, the history, the toc options (headings), the date, the config file."""
        return (self.site_options, self.state.cache.vocabulary_key, self.heading_style, config.use_directory_urls,
                config.site_url, datetime.date.today(), Path(config.config_file_path).read_bytes())

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.is_serve and self.is_dirty:
            read = reader(config, files, self.on_page_markdown, only_known_plugins(config))
            if self.state.check_nav(nav.items, files, read) > MANY_PAGES:
                self.collector.many_pages()
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        src = page.file.src_uri
        # Themes print some metadata raw (<title>, <meta>, the header, the nav) and let
        # other keys choose the template: only allowed keys, every text escaped.
        page.meta = escape_meta(page.meta)
        if src in self.generated:
            entry = entry_of_page(self.dossier, src)
            if entry is not None:
                page.meta.update(search_meta(entry))  # its boost, and its names for the search index
            prose = self.parts[src].prose if src in self.parts else None
            if prose is not None:  # an empty page: the title its heading would give (plugin/prose_pages.py)
                page.meta["title"] = prose.title
            if self.site_options.edit_base:
                page.edit_url = self.site_options.edit_base + self.generated[src]
            return markdown
        if page.file.generated_by is not None:
            return markdown
        abs_path = page.file.abs_src_path or src
        first_line = split_front_matter(Path(abs_path).read_text(encoding="utf-8-sig")).body_line \
            if page.file.abs_src_path else 1
        expanded = self._expand(src, markdown, os.path.relpath(abs_path, self.root), first_line)
        if expanded is None:
            # Already reported by check_pages in on_config; only reached while
            # serving: show the page as it was at its last good build.
            return self.last_good_pages.get(src, markdown)
        self.last_good_pages[src] = expanded
        return expanded

    def _expand(self, src: str, markdown: str, shown: str, first_line: int) -> str | None:
        """A hand-written page's Markdown with its ``[[links]]`` and directives expanded (None if
        they are wrong); while serving, what it read is kept, to rebuild it only when that changes."""
        dossier = self.state.pages.tracked(self.dossier) if self.is_serve else self.dossier
        try:
            expanded = render_page_links(dossier, markdown, src, shown, first_line,
                                         extra=self.history.directives(dossier))
        except DossierError:
            self.state.page_reads.pop(src, None)  # built again on every rebuild until it expands
            return None
        if self.is_serve:
            self.state.page_reads[src] = frozenset(dossier.reads)
            self.state.expansions[src] = (markdown, shown, first_line, expanded)
        return expanded

    # Runs last, so that the HTML every other plugin has produced is sanitized
    # before the search plugin indexes it (on_page_context) and before it is written.
    @event_priority(-100)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # MkDocs keeps a heading's title as escaped HTML, but Material prints it
        # into <title> through Jinja's `striptags`, which *unescapes* entities:
        # an entry named "</title><script>..." would break out.  Material
        # prints `meta.title` as is, so store the escaped title there.
        parts = self.parts.get(page.file.src_uri)
        if parts and parts.prose is not None:  # what Python-Markdown would have made of its title and body
            html = self.prose.page_html(page, parts.prose)
        if page.title and "title" not in page.meta:
            page.meta["title"] = plain_title(page.title)
        if self.split and not self.split.builds(page.file.src_uri):
            # In the child, an index or hand-written page is rendered for its title and its
            # anchors (links from the child's pages are checked against them); the parent writes it.
            page.meta["template"] = SKIP_TEMPLATE
            if parts and page.present_anchor_ids is not None:
                page.present_anchor_ids |= render_parts(parts, html, self.heading_style).anchor_ids()
            return ""
        if page.file.src_uri != GLOSSARY_PAGE:
            own = entry_of_page(self.dossier, page.file.src_uri) if page.file.src_uri in self.generated else None
            html = self.glossary.mark(html, own.id if own else None)  # an entry's own term gets no tooltip
        if self.options.sanitize:
            html = sanitize_html(html)
        if parts:
            # Generated HTML needs neither pass: it is escaped and glossary-marked
            # as it is written (HtmlFormat), and checked to be what the sanitizer keeps.
            rendered = render_parts(parts, html, self.heading_style, defer=self.defer_word)
            html = insert_after_title(html, rendered.head) + ("\n" + rendered.tail if rendered.tail else "")
            self.after_search[page.file.src_uri] = (rendered.deferred, rendered.late)
            extend_toc(page, rendered.toc)
            if page.present_anchor_ids is not None:  # so that links to #relations or #cite-1 check out
                page.present_anchor_ids |= rendered.anchor_ids()
        return insert_downloads(html, page.url, config)

    # Runs after the search plugin (priority 0) has indexed the page: the
    # graphs, the lists of other entries, the badges and the infobox are left
    # out of the index anyway, and keeping them out of its HTML parser saves
    # most of indexing (render/slots.py).
    @event_priority(-50)
    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav: Navigation):
        src = page.file.src_uri
        deferred, late = self.after_search.pop(src, ({}, ""))
        try:
            html = restore_deferred(page.content or "", deferred) + ("\n" + late if late else "")
        except ValueError as error:
            raise PluginError(f"{src}: {error} (another plugin changed it before the dossier plugin put the block back)") from None
        ready = self.state.page_graphs(src, html, self.files, self.dossier) if self.is_serve else None
        page.content = insert_graphs(html, src, self.files, self.dossier, ready)
        return context

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        if self.is_serve and env.bytecode_cache is None:  # MkDocs makes a new environment for each build
            env.bytecode_cache = self.templates
        if self.is_serve:
            self.state.nav.keep_titles(files)  # of the pages a dirty build does not read
            if self.state.sitemap_unchanged(config, files, env, only_known_plugins(config)):
                config.theme.static_templates.discard(SITEMAP)  # (serve_state.py, step 4)
        # Not for a dirty rebuild, which renders a few pages (the key's index costs 15 ms at 10,000);
        # nor with a plugin the dossier does not know, which might change the navigation page by page.
        if only_known_plugins(config) and not (self.is_serve and self.is_dirty and self.built_once):
            install_theme_cache(env, files, config)
        if self.split:
            env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({SKIP_TEMPLATE: ""}), env.loader])
            (self.split.leave_to_parent if self.split.is_child else self.split.put_back)(files, config)
        return env

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        # The parent writes the extra templates (and the theme's: PageSplit.leave_to_parent).
        return "" if self.split and self.split.is_child else output_content

    # Runs last: the child writes its last page itself, with every plugin's changes, and exits.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.split and self.split.is_child and self.split.page_built(page.file.src_uri):
            self.split.finish_child(config, self.files, page, output)
        return output

    # Runs before Material's search plugin writes the index (priority 0): the
    # child's entries must be in it.
    @event_priority(100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.split:
            split, self.split = self.split, None
            if split.is_child:  # some of its pages were not built (another plugin's doing): finish here
                split.finish_child(config, self.files)
            split.join(config, self.files)
        if self.is_serve:
            # Every page this build had, drafts too (serve builds them): a list of 10,000 made once.
            pages = self.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
            search = search_plugin(config) if self.is_dirty else None
            if search:
                self.state.merge_search(search, pages)
            self.state.finish(pages, config.site_dir)
            self.files = None  # this build's Files can go (the generated pages' own are kept: ServeState.page_files)
            self.collector.build_ended()
        else:
            thaw_build()
        self.built_once = True

    def on_build_error(self, *, error: Exception) -> None:
        self.state.failed(self.files)
        if self.is_serve:
            self.collector.build_ended()
        else:
            thaw_build()
        if self.split:
            split, self.split = self.split, None
            if split.is_child:
                split.fail_child(error)
            split.abort()
        message = output_error(error, self.site_dir)
        if message and not self.is_serve:  # a full disk or a read-only site folder: one line, no traceback
            raise Abort(f"dossier: {message}")

    def on_shutdown(self) -> None:
        self.collector.stop()
        self.watch.stop()

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        # Rebuild when any entry changes (plugin/watch.py: natively, not by polling).
        self.watch.start(server, str(self.dossier_dir))
        return server
