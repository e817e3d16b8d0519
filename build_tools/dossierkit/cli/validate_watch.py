"""``dossier validate --watch``: check again after every change, reading only what changed.

A one-shot ``dossier validate`` reads, parses and checks every entry file:
about 2 s for 10,000 entries on two cores, most of it parsing YAML and
checking each file against its kind.  Watching, the command stays running
and keeps an :class:`~dossierkit.loading.entry_cache.EntryCache` (the one
``mkdocs serve`` keeps): after a save, only the files whose stamp or content
changed are parsed and checked again.  The checks across files (ids,
references, relations, dates, sources) and the checks of pages and nav run
in full each time, so every report is the one a fresh ``dossier validate``
of the same files prints.  (Warnings that depend on the day, such as an
``as_of`` grown old, change at midnight with nothing saved: they show in
the report after the next save.)

What a check reads is watched (:func:`watched`): the dossier folder, the
docs folder and the theme's ``custom_dir`` with all they hold, the config
file and the files of ``include_pages``.  Watchdog's native observer
(inotify on Linux) watches them, as ``mkdocs serve`` watches the dossier
(see :mod:`dossierkit.plugin.watch`), or polling where it cannot start.
Each watched folder's parent is watched too, for the folder itself: one
that appears, goes or is replaced (``rm -r docs``, then a copy), or a folder
the config names after an edit, gets the observer started again over what
is there, and one more check, since what was written in between was not
watched.  Saves that come together (an editor's save, a ``git checkout``)
are checked once, :data:`SETTLE_SECONDS` after the last of them.

The observer starts after the first check (the check forks a second
process for large dossiers, which a process with the observer's threads
must not do), so the files' time stamps, sizes and inodes are taken before
that check and compared once the observer runs: a change saved during the
first check is checked at once.  Later checks do not fork.

A check that cannot read the project (a folder without permission, say)
reports it and the command watches on; a folder's permissions changed
also start the observer again, since watchdog leaves a folder it cannot
read unwatched.  (A project folder itself deleted or replaced is not
followed: start the command again.)  Python's collector is off while
the command runs, as in a one-shot validate; garbage is collected once
each report is printed, and what the first check leaves (the cache, the
dossier) is frozen out of later collections.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import threading
import time
from typing import Callable, NamedTuple, TextIO

from dossierkit.cli.report import render
from dossierkit.errors import DossierError
from dossierkit.loading.entry_cache import EntryCache
from dossierkit.loading.names import skipped_name
from dossierkit.outputs.write_errors import describe_os_error
from dossierkit.plugin.watch import is_change, passed_over, within
from dossierkit.project.locate import Project

SETTLE_SECONDS = 0.1  # wait this long after the last change before checking
_RESHAPING = frozenset({"created", "deleted", "moved"})


class Watched(NamedTuple):
    """What a check reads: ``trees``, folders with all they hold (the dossier folder first), and
    single ``files`` (absolute paths)."""

    trees: tuple[str, ...]
    files: tuple[str, ...] = ()

    def counts(self, path: str) -> bool:
        """Whether a change to ``path`` may change the report."""
        return bool(path) and (path in self.files or any(within(path, t) for t in self.trees))

    def parents(self) -> tuple[str, ...]:
        """The folders that hold the watched folders and files (watched for those alone)."""
        return tuple(sorted({os.path.dirname(p) for p in self.trees + self.files}))

    def present(self) -> tuple:
        """Which of the watched folders and their parents exist, and which folders they are: when
        this changes, the observer must be started again."""
        found = []
        for path in self.trees + self.parents():
            try:
                st = os.stat(path)
                found.append((path, st.st_dev, st.st_ino, os.path.isdir(path)))
            except OSError:
                found.append((path, None))
        return tuple(found)


def watched(args: argparse.Namespace, project: Project) -> Watched:
    """What ``dossier validate`` reads for ``project``: with ``--dossier``, that folder alone.

    The config's folders and files are taken as the checks take them (a
    config that cannot be read: ``docs/``, and the first check reports it);
    those outside the project are not watched (the checks refuse them).
    """
    from dossierkit.project.checks import layout_for

    root = os.path.abspath(project.root)
    trees, files = [os.path.abspath(project.dossier_dir)], []
    if project.config_file is not None and not args.dossier:
        files.append(os.path.abspath(project.config_file))
        try:
            layout = layout_for(project)
        except (DossierError, OSError):
            trees.append(os.path.join(root, "docs"))
        else:
            inside = [layout.docs_dir] + ([layout.custom_dir] if layout.custom_dir is not None else [])
            trees += [os.path.abspath(t) for t in inside]
            files += [os.path.abspath(os.path.join(root, f)) for f in layout.include_pages.values()]
        trees = trees[:1] + [t for t in trees[1:] if within(t, root)]
        files = [f for f in files if within(f, root)]
    return Watched(tuple(dict.fromkeys(trees)), tuple(dict.fromkeys(files)))


class Changes:
    """Set by the observer's thread when a watched file changes; waited for by the checking loop."""

    def __init__(self, what: Watched) -> None:
        self.event = threading.Event()
        self.what = what  # replaced (never changed in place) when the observer starts again
        self.last = 0.0
        # A watched folder itself was created, deleted or moved: its watch is gone or missing.
        # (Its inode tells only sometimes: a folder deleted and made again often gets the same one.)
        self.reshaped = False

    def note(self, event) -> None:
        """An event from watchdog: remember it if it may change what a check reports."""
        if not is_change(event):
            return
        what = self.what
        paths = (event.src_path, getattr(event, "dest_path", "") or "")
        if not any(what.counts(p) for p in paths) or passed_over(paths, what.trees[0]):
            return  # another file in a watched folder's parent, or one the loader passes over
        if event.event_type in _RESHAPING and any(p in what.trees for p in paths):
            self.reshaped = True
        elif event.event_type == "attrib" and event.is_directory:
            # Permissions of a folder: one that could not be read got no watch (watchdog skips it
            # without a word); now that it can, only a new observer watches it.
            self.reshaped = True
        self.mark()

    def mark(self) -> None:
        """A change has just been seen."""
        self.last = time.monotonic()
        self.event.set()

    def wait(self) -> None:
        """Block until a change, then until no change has come for :data:`SETTLE_SECONDS`."""
        self.event.wait()
        while True:
            self.event.clear()
            quiet = SETTLE_SECONDS - (time.monotonic() - self.last)
            if quiet <= 0 and not self.event.is_set():
                return
            time.sleep(max(quiet, 0.01))


def _observe(changes: Changes, what: Watched):
    """Start watching ``what`` (its folders recursively, their parents for themselves); return the observer."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    handler = FileSystemEventHandler()
    handler.on_any_event = changes.note  # type: ignore[method-assign]
    trees = [t for t in what.trees if os.path.isdir(t)]
    parents = [p for p in what.parents() if os.path.isdir(p) and p not in trees]
    for make in (Observer, PollingObserver):
        observer = None
        try:
            observer = make()  # (no inotify instance left: polling)
            observer.daemon = True
            for tree in trees:
                observer.schedule(handler, tree, recursive=True)
            for parent in parents:
                observer.schedule(handler, parent, recursive=False)
            observer.start()
            return observer
        except OSError:  # no inotify watches left, say: poll instead
            if observer is not None:
                observer.stop()  # the folders whose watch did start
            continue
    raise OSError("cannot watch the project's folders")


def _stop(observer) -> None:
    observer.stop()
    if observer.is_alive():
        observer.join()


def stamps(what: Watched) -> dict[str, tuple]:
    """Each watched file with its modification and change times, size, inode and mode (in the
    dossier folder, ``what.trees[0]``, not those its loader passes over: see :func:`passed_over`)."""
    found: dict[str, tuple] = {}
    pending = [(tree, i == 0) for i, tree in enumerate(what.trees)]
    files = list(what.files)
    while pending:
        folder, in_dossier = pending.pop()
        try:
            items = list(os.scandir(folder))
        except OSError:
            continue
        for item in items:
            if in_dossier and skipped_name(item.name):
                continue
            try:
                if item.is_dir(follow_symlinks=False):
                    pending.append((item.path, in_dossier))
                else:
                    files.append(item.path)
            except OSError:
                continue
    for path in files:
        try:
            st = os.stat(path, follow_symlinks=False)
        except OSError:
            continue
        found[path] = (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino, st.st_mode)
    return found


def watch(args: argparse.Namespace, check: Callable, project: Project, out: TextIO | None = None) -> int:
    """Check, print, and check again after each change until interrupted; return the last finished
    check's exit code (an interrupt before the first check has finished is raised again).

    ``check(args, cache)`` returns ``(problems, entry count)`` (see ``cli.main.check_project``).
    """
    from dossierkit.cli.main import EXIT_ERRORS, validate_exit

    out = out or sys.stdout
    cache = EntryCache()
    what = watched(args, project)
    changes = Changes(what)
    collecting = gc.isenabled()
    gc.disable()
    observer, present = None, None
    code = None
    try:
        before = stamps(what)
        for round_ in range(sys.maxsize):
            started = time.perf_counter()
            cache.misses = 0  # a check that stops before loading reads no file
            failure = None
            try:
                problems, count = check(args, cache)
            except DossierError as exc:  # the project itself (its mkdocs.yml, say): reported, and watched on
                problems, count = exc.problems, None
            except OSError as exc:  # a folder without permission, say: reported, and watched on
                problems, count, failure = [], None, f"dossier: {describe_os_error(exc)}"
            took = time.perf_counter() - started
            code = EXIT_ERRORS if failure else validate_exit(args, problems)
            read = "" if round_ == 0 else f", {cache.misses} file(s) read again"
            print(failure or render(problems, "text", count), file=out)
            print(f"[{time.strftime('%H:%M:%S')}] checked in {took:.2f} s{read}; "
                  "watching for changes (Ctrl-C to stop)", file=out, flush=True)
            gc.collect()
            if round_ == 0:
                gc.freeze()  # the cache and what it holds live as long as the command
            now = watched(args, project)
            shape = now.present()
            if observer is None or changes.reshaped or (now, shape) != (what, present):
                # The first round, or a watched folder that appeared, went or moved (see the docstring).
                what, present, old = now, shape, observer
                changes.reshaped = False
                changes.what = what
                observer = _observe(changes, what)
                if old is not None:
                    _stop(old)
                    changes.mark()  # what was written before the new observer started
                elif stamps(what) != before:
                    changes.mark()  # saved during the first check, before the observer started
            changes.wait()
    except KeyboardInterrupt:
        if code is None:
            raise
        return code
    finally:
        if observer is not None:
            _stop(observer)
        if collecting:
            gc.enable()
    return code  # pragma: no cover - the loop ends only by an interrupt
