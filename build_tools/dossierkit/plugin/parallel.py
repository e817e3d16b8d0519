"""Build a large dossier's entry pages in two processes (``mkdocs build`` only).

MkDocs renders and writes pages one after another, on one core; for 10,000
entries that alone takes longer than the 30 s the build may take on two
cores (``docs/reference/benchmarks.md``).  For dossiers of
:data:`PARALLEL_MIN_PAGES` entries or more, the plugin forks the build when
MkDocs hands it the files (``on_files``, after the site folder is cleaned).
Both processes run the rest of MkDocs' build; each generates, renders and
writes every other entry page and leaves the rest to the other:

- a page built elsewhere is left out of this process's build (MkDocs'
  ``InclusionLevel.EXCLUDED``), so MkDocs neither reads nor renders it, and
  the messages about links to it are held back; the parent puts the
  child's pages back before writing, empty and with an empty template, so
  that the sitemap and the order of the search index name every page, and
  MkDocs skips writing them (their "Page skipped" messages are held back);
- the child prints nothing: it sends its warnings about its own pages to
  the parent;
- hand-written and index pages, whose titles make the navigation, are read
  and rendered in both, and written by the parent only; the theme's
  templates (the sitemap, the 404 page), the theme's files and the data
  files (``timeline.json``, the feed, the stylesheets) are made and written
  by the parent only;
- when the child has written all its pages it checks their anchor links
  and sends the parent, through a pipe, its search index entries and its
  messages about them, then exits (it never returns into MkDocs' code, and
  dies with the parent);
- the parent merges those entries into Material's search index in page
  order and logs the warnings (so ``--strict`` counts them), before the
  search plugin writes the index.

The result is byte for byte the site a serial build writes (a test builds
both).  Forking is only safe in a single-threaded process, so ``mkdocs
serve`` stays serial; so does any build with a plugin other than search
(Material's), offline and this one, since another plugin might collect
pages for ``on_post_build``, which the child never reaches.  Links into a
page that the other process renders are not checked for anchors (MkDocs
treats the page as not rendered).  ``DOSSIER_WORKERS=1`` turns the split off.
"""

from __future__ import annotations

import atexit
import ctypes
import json
import logging
import os
import posixpath
import signal

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import write_file

from dossierkit.loading.parallel_check import fork_is_safe

PARALLEL_MIN_PAGES = 2000
SKIP_TEMPLATE = "dossier-built-elsewhere.html"  # empty: MkDocs writes nothing for it
_SKIPPED_MESSAGE = "Page skipped: '"
_LINK_MESSAGE, _EXCLUDED_MESSAGE = " contains a link to '", "' which is excluded from the built site."


def _die_with_parent() -> None:
    """Linux: the child is killed when the parent dies, however it dies."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def nav_paths(items) -> set[str]:
    """Every path a ``nav`` setting names (titles aside), normalised as MkDocs finds its file
    (``./`` and doubled slashes dropped; a leading slash too, as MkDocs drops it when absolute
    links are relative to the docs: to callers that keep pages out of their way, one more
    is only safer)."""
    found: set[str] = set()
    stack = [items]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.add(posixpath.normpath(item.lstrip("/")))
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def can_split(entry_pages: list[str], config) -> bool:
    """Whether this build may fork: large enough (or ``DOSSIER_WORKERS=2``), two cores,
    single-threaded, Material's search plugin or none, and no entry page in the ``nav`` (each
    process would show the other's entries there without their titles: it does not read them)."""
    workers = os.environ.get("DOSSIER_WORKERS")
    count = len(entry_pages)
    if workers == "1" or count < 2 or (count < PARALLEL_MIN_PAGES and workers != "2"):
        return False
    if config.nav and not nav_paths(config.nav).isdisjoint(entry_pages):
        return False
    if not fork_is_safe():
        return False
    if not only_known_plugins(config):
        return False  # another plugin might collect pages for on_post_build, which the child never reaches
    return search_plugin(config) is not False


# Plugins known to keep no per-page state past the page events (the child
# exits before on_post_build).  With any other plugin the build stays serial.
SPLIT_SAFE_PLUGINS = frozenset({"search", "offline", "dossier"})


def _plugin_name(name: str) -> str:
    return name.rsplit("/", 1)[-1].split(" #", 1)[0]


def only_known_plugins(config) -> bool:
    """Whether every plugin of the build is one of :data:`SPLIT_SAFE_PLUGINS`, which keep no
    state past a page's events and leave the theme's templates (the sitemap) as MkDocs renders them."""
    return all(_plugin_name(name) in SPLIT_SAFE_PLUGINS for name in config.plugins)


def search_plugin(config):
    """Material's search plugin, None without search, False for another search plugin."""
    for name, plugin in config.plugins.items():
        if name in ("search", "material/search") or name.endswith("/search"):
            return plugin if hasattr(getattr(plugin, "search_index", None), "entries") else False
    return None


class _HoldBack(logging.Filter):
    """Drops records a process should not print (see :class:`PageSplit`)."""

    def __init__(self, drop):
        super().__init__()
        self.drop = drop

    def filter(self, record: logging.LogRecord) -> bool:
        return not self.drop(record)


class _Collect(logging.Handler):
    """In the child: keeps the messages about its own pages for the parent."""

    def __init__(self, split: "PageSplit", config):
        super().__init__(logging.INFO)
        self.split, self.config = split, config
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        page = getattr(self.config, "_current_page", None)
        if page is not None and page.file.src_uri in self.split.own and not self.split.links_elsewhere(record):
            self.records.append((record.name, record.levelno, record.getMessage()))


class PageSplit:
    """One build's split of the entry pages between this process and a forked child."""

    def __init__(self, entry_pages: list[str]):
        self.parent_pages = frozenset(entry_pages[0::2])
        self.child_pages = frozenset(entry_pages[1::2])
        self.unbuilt = set(self.child_pages)  # in the child: its pages not yet written
        self.is_child = False
        self.own = self.parent_pages
        self.pid: int | None = None
        self.fd: int | None = None
        self.collect: _Collect | None = None
        self.hold_back: _HoldBack | None = None
        self.hold_back_links: _HoldBack | None = None

    def start(self, config) -> None:
        """Fork; from here on both processes run the build, each for its own pages."""
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            self.is_child, self.own, self.fd = True, self.child_pages, write
            _die_with_parent()
            signal.signal(signal.SIGINT, lambda *_: os._exit(130))  # never unwind into the caller's code
            self.collect = _Collect(self, config)
            mkdocs_log = logging.getLogger("mkdocs")
            for handler in mkdocs_log.handlers:  # the parent prints everything, the child's warnings included
                handler.addFilter(_HoldBack(lambda record: True))
            mkdocs_log.addHandler(self.collect)
        else:
            os.close(write)
            self.pid, self.fd = pid, read
            self.hold_back = _HoldBack(self._is_own_skip_message)
            logging.getLogger("mkdocs.commands.build").addFilter(self.hold_back)
            self.hold_back_links = _HoldBack(self.links_elsewhere)
            logging.getLogger("mkdocs.structure.pages").addFilter(self.hold_back_links)
            atexit.register(self.abort)  # an interrupted parent takes the child down with it

    def _is_own_skip_message(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.levelno != logging.INFO or not message.startswith(_SKIPPED_MESSAGE):
            return False
        return not self.builds(message[len(_SKIPPED_MESSAGE):].split("'", 1)[0])

    def links_elsewhere(self, record: logging.LogRecord) -> bool:
        """Whether ``record`` is MkDocs' note of a link to a page that the other process builds
        (left out here: a serial build has no such note)."""
        message = record.getMessage()
        if not message.endswith(_EXCLUDED_MESSAGE) or _LINK_MESSAGE not in message:
            return False
        return not self.renders(message[: -len(_EXCLUDED_MESSAGE)].rsplit(_LINK_MESSAGE, 1)[1])

    def leave_to_parent(self, files, config) -> None:
        """In the child, once its pages are read (their links checked): the files that are not pages
        (the theme's, the data files) and the theme's templates (the sitemap, the 404 page) are the
        parent's to write, so the child neither copies nor renders them."""
        for file in files:
            if not file.is_documentation_page():
                file.inclusion = InclusionLevel.EXCLUDED
        config.theme.static_templates.clear()

    def put_back(self, files, config) -> None:
        """In the parent, once the pages are read and rendered: the child's pages back in the build,
        empty and with the empty template, for the sitemap and the search index's page order."""
        for file in files:
            if file.src_uri in self.child_pages:
                file.inclusion = InclusionLevel.NOT_IN_NAV
                page = Page(None, file, config)
                page.content = ""
                page.meta["template"] = SKIP_TEMPLATE

    def renders(self, src: str) -> bool:
        """Whether this process reads and renders ``src`` (all but the other's entry pages)."""
        other = self.parent_pages if self.is_child else self.child_pages
        return src not in other

    def builds(self, src: str) -> bool:
        """Whether this process writes ``src``: its own entry pages; the parent also every other page."""
        if self.is_child:
            return src in self.child_pages
        return src not in self.child_pages

    def page_built(self, src: str) -> bool:
        """In the child: note that ``src`` is written; True once all its pages are."""
        self.unbuilt.discard(src)
        return not self.unbuilt

    def finish_child(self, config, files, page=None, output: str | None = None) -> None:
        """In the child, after its last page (passed when MkDocs has not written it yet):
        check its pages' anchor links, report to the parent, and exit."""
        try:
            if page is not None:
                write_file(output.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path)
            for file in files.documentation_pages():
                if file.src_uri in self.child_pages and file.page is not None:
                    config._current_page = file.page  # so that its warnings are collected for the parent
                    file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
            config._current_page = None
            search = search_plugin(config)
            urls = {f.page.url for f in files.documentation_pages() if f.src_uri in self.child_pages and f.page}
            entries = [e for e in search.search_index.entries if e["location"].split("#")[0] in urls] if search else []
            self._send({"entries": entries, "messages": self._messages()})
        except BaseException as error:  # noqa: BLE001 - the child must never return into the caller
            self.fail_child(error)
        os._exit(0)

    def fail_child(self, error: BaseException) -> None:
        """In the child, when its build fails: tell the parent why, and exit."""
        try:
            self._send({"error": f"{type(error).__name__}: {error}", "messages": self._messages()})
        finally:
            os._exit(1)

    def _messages(self) -> list[tuple[str, int, str]]:
        return list(self.collect.records) if self.collect else []

    def _send(self, message: dict) -> None:
        fd, self.fd = self.fd, None
        if fd is None:
            return
        data = json.dumps(message).encode("utf-8")
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(data)

    def join(self, config, files) -> None:
        """In the parent: wait for the child, then log its messages and merge its search entries."""
        chunks = []
        try:
            with os.fdopen(self.fd, "rb") as pipe:
                while chunk := pipe.read(1 << 20):
                    chunks.append(chunk)
            _pid, status = os.waitpid(self.pid, 0)
            self.pid = None
        finally:
            self.fd = None
            self.abort()  # releases the log filter; kills and reaps the child only if it is still there
        try:
            message = json.loads(b"".join(chunks) or b"{}")
        except json.JSONDecodeError:
            message = {}
        for name, level, text in message.get("messages", ()):
            logging.getLogger(name).log(level, text)
        if "error" in message:
            raise PluginError(f"dossier: the second build process failed: {message['error']}")
        if "entries" not in message or os.waitstatus_to_exitcode(status) != 0:
            raise PluginError("dossier: the second build process stopped without finishing its pages")
        search = search_plugin(config)
        if search:
            order = {f.page.url: i for i, f in enumerate(files.documentation_pages()) if f.page is not None}
            merged = search.search_index.entries + message["entries"]
            merged.sort(key=lambda e: order.get(e["location"].split("#")[0], len(order)))
            search.search_index.entries = merged

    def _release_log(self) -> None:
        if self.hold_back is not None:
            logging.getLogger("mkdocs.commands.build").removeFilter(self.hold_back)
            self.hold_back = None
        if self.hold_back_links is not None:
            logging.getLogger("mkdocs.structure.pages").removeFilter(self.hold_back_links)
            self.hold_back_links = None

    def abort(self) -> None:
        """In the parent, when the build fails (or once it is joined): stop and reap the child."""
        self._release_log()
        atexit.unregister(self.abort)
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
            self.pid = None

