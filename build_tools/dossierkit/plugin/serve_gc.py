"""Keep Python's garbage collector out of builds, and Jinja's template compiler out of serve rebuilds.

At 10,000 entries a process holds millions of objects (the dossier, its
pages, what MkDocs makes of them).  Python's cyclic garbage collector
examines all of them in each full collection, and a rebuild's allocations
set off two to four of them: about a second per rebuild, more than the
rebuild's own work.  While serving, :class:`ServeCollector` therefore

- after the first build, when the server is idle, collects once and then
  *freezes* what survives (``gc.freeze``: the dossier and the pages kept
  between rebuilds, which live as long as the server), so that later
  collections skip it;
- switches automatic collection off during each rebuild (unless the
  rebuild builds many pages, whose garbage would pile up), and collects
  once when the server is idle again, so that no rebuild leaves garbage
  behind and memory does not grow from one edit to the next.

Objects frozen after the first build that later become garbage in a cycle
are never collected; that is once, not per edit (the pages of the first
build are released before the freeze).

A one-shot ``mkdocs build`` holds the dossier and the generated pages to
the end, and its full collections examined them three to five times in each
process (2.6 s of a 10,000-entry build's parent process alone).
:func:`freeze_build` freezes what the build holds once the dossier is loaded
and again once the pages are generated; :func:`thaw_build` returns it to the
collector when the build ends.

MkDocs makes a new Jinja environment for each build, so every template
would be compiled again; :class:`MemoryBytecodeCache` (Jinja's own
``BytecodeCache`` API, set in ``on_env``) keeps the compiled code, keyed by
template and checked against the template's source by Jinja.
"""

from __future__ import annotations

import gc
import threading

import jinja2

IDLE_SECONDS = 1.0  # after a build, when the browser has had time to reload
MANY_PAGES = 500  # a rebuild of more pages than this collects as it goes


class ServeCollector:
    """When to collect garbage while serving (see the module docstring)."""

    def __init__(self) -> None:
        self.frozen = False
        self.building = False
        self.timer: threading.Timer | None = None
        self.lock = threading.Lock()  # the idle timer's thread and the builder's

    def build_started(self) -> None:
        """A rebuild begins: no collection until it ends (once the first build is frozen)."""
        with self.lock:
            self.building = True
            if self.timer is not None:
                self.timer.cancel()
                self.timer = None
            if self.frozen:
                gc.disable()

    def many_pages(self) -> None:
        """This rebuild builds many pages: collect as usual."""
        gc.enable()

    def build_ended(self) -> None:
        """A build is over: collect (and, the first time, freeze) when the server is idle.

        Collection stays off until then: switched on now, it would run at
        the next allocation, while the server writes the search index and
        answers the browser's request for the edited page."""
        with self.lock:
            self.building = False
            self.timer = threading.Timer(IDLE_SECONDS, self._collect)
            self.timer.daemon = True
            self.timer.start()

    def _collect(self) -> None:
        with self.lock:
            if self.building:  # a rebuild began just as the timer fired: it collects after its end
                return
            gc.enable()
            gc.collect()
            if not self.frozen:
                gc.freeze()
                self.frozen = True

    def stop(self) -> None:
        """The server stops."""
        with self.lock:
            if self.timer is not None:
                self.timer.cancel()
            gc.enable()


def freeze_build() -> None:
    """A build (not serve): leave everything made so far out of later collections."""
    gc.freeze()


def thaw_build() -> None:
    """A build has ended: what was frozen can be collected again (once it is garbage)."""
    gc.unfreeze()


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory from one build to the next."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Give Jinja the code compiled before (it checks the source's checksum itself)."""
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep newly compiled code."""
        self.code[bucket.key] = bucket.bytecode_to_string()
