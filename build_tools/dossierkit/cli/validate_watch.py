"""``dossier validate --watch``: check again after every change, reading only what changed.

A one-shot ``dossier validate`` reads, parses and checks every entry file:
about 2 s for 10,000 entries on two cores, most of it parsing YAML and
checking each file against its kind.  Watching, the command stays running
and keeps an :class:`~dossierkit.loading.entry_cache.EntryCache` (the one
``mkdocs serve`` keeps): after a save, only the files whose stamp or content
changed are parsed and checked again.  The checks across files (ids,
references, relations, dates, sources) and the checks of pages and nav run
in full each time, so every report is the one a fresh ``dossier validate``
of the same files prints.

The dossier folder, the docs folder and the config file are watched with
watchdog's native observer (inotify on Linux), as ``mkdocs serve`` watches
the dossier (see :mod:`dossierkit.plugin.watch`), or by polling where it
cannot start.  Saves that come together (an editor's save, a ``git
checkout``) are checked once, :data:`SETTLE_SECONDS` after the last of them.
A folder named in ``mkdocs.yml`` after the start is not watched until the
command is started again.  The observer starts after the first check (the
check forks a second process for large dossiers, which a process with the
observer's threads must not do), so the files' time stamps, sizes and
inodes are taken before that check and compared once the observer runs: a
change saved during the first check is checked at once.

Python's collector is kept out of each check, as in a one-shot validate;
garbage is collected once the report is printed, and what the first check
leaves (the cache, the dossier) is frozen out of later collections.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import threading
import time
from pathlib import Path
from typing import Callable, TextIO

from dossierkit.cli.report import render
from dossierkit.errors import DossierError
from dossierkit.loading.entry_cache import EntryCache
from dossierkit.plugin.watch import is_change
from dossierkit.project.locate import Project

SETTLE_SECONDS = 0.1  # wait this long after the last change before checking


class Changes:
    """Set by the observer's thread when a watched file changes; waited for by the checking loop."""

    def __init__(self, folders: list[Path], config_file: Path | None) -> None:
        self.event = threading.Event()
        self.folders = tuple(str(f) for f in folders)
        self.config_file = str(config_file) if config_file is not None else None
        self.last = 0.0

    def note(self, event) -> None:
        """An event from watchdog: remember it if it may change what a check reports."""
        if not is_change(event):
            return
        if not any(self.counts(p) for p in (event.src_path, getattr(event, "dest_path", "") or "")):
            return  # another file in the config file's folder
        self.mark()

    def mark(self) -> None:
        """A change has just been seen."""
        self.last = time.monotonic()
        self.event.set()

    def counts(self, path: str) -> bool:
        """Whether ``path`` is the config file or in a watched folder."""
        return bool(path) and (path == self.config_file or
                               any(path == f or path.startswith(f.rstrip("/\\") + os.sep) for f in self.folders))

    def wait(self) -> None:
        """Block until a change, then until no change has come for :data:`SETTLE_SECONDS`."""
        self.event.wait()
        while True:
            self.event.clear()
            quiet = SETTLE_SECONDS - (time.monotonic() - self.last)
            if quiet <= 0 and not self.event.is_set():
                return
            time.sleep(max(quiet, 0.01))


def _observe(changes: Changes, folders: list[Path], config_file: Path | None):
    """Start watching ``folders`` (recursively) and ``config_file``'s folder; return the observer."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    handler = FileSystemEventHandler()
    handler.on_any_event = changes.note  # type: ignore[method-assign]
    for make in (Observer, PollingObserver):
        observer = make()
        observer.daemon = True
        try:
            for folder in folders:
                observer.schedule(handler, str(folder), recursive=True)
            if config_file is not None and config_file.parent not in folders:
                observer.schedule(handler, str(config_file.parent), recursive=False)
            observer.start()
            return observer
        except OSError:  # no inotify watches left, say: poll instead
            continue
    raise OSError("cannot watch the project's folders")


def stamps(folders: list[Path], config_file: Path | None) -> dict[str, tuple]:
    """Each file in ``folders`` (and the config file) with its modification time, size and inode."""
    found: dict[str, tuple] = {}
    pending = [str(f) for f in folders]
    files = [str(config_file)] if config_file is not None else []
    while pending:
        try:
            items = list(os.scandir(pending.pop()))
        except OSError:
            continue
        for item in items:
            try:
                if item.is_dir(follow_symlinks=False):
                    pending.append(item.path)
                else:
                    files.append(item.path)
            except OSError:
                continue
    for path in files:
        try:
            st = os.stat(path, follow_symlinks=False)
        except OSError:
            continue
        found[path] = (st.st_mtime_ns, st.st_size, st.st_ino)
    return found


def watch(args: argparse.Namespace, check: Callable, project: Project, out: TextIO | None = None) -> int:
    """Check, print, and check again after each change until interrupted; return the last check's exit code.

    ``check(args, cache)`` returns ``(problems, entry count)`` (see ``cli.main.check_project``).
    """
    from dossierkit.cli.main import validate_exit
    from dossierkit.project.checks import layout_for

    out = out or sys.stdout
    cache = EntryCache()
    folders = [project.dossier_dir]
    config_file = project.config_file if not args.dossier else None
    if config_file is not None:
        try:
            folders.append(layout_for(project).docs_dir)
        except DossierError:  # a config that cannot be read yet: the first check reports it
            folders.append(project.root / "docs")
    folders = [f.resolve() for f in folders if f.is_dir()]
    config_file = config_file.resolve() if config_file is not None else None
    changes = Changes(folders, config_file)
    collecting = gc.isenabled()
    observer = None
    code = 0
    try:
        before = stamps(folders, config_file)
        for round_ in range(sys.maxsize):
            gc.disable()
            started = time.perf_counter()
            cache.misses = 0  # a check that stops before loading reads no file
            try:
                problems, count = check(args, cache)
            except DossierError as exc:  # the project itself (its mkdocs.yml, say): reported, and watched on
                problems, count = exc.problems, None
            took = time.perf_counter() - started
            code = validate_exit(args, problems)
            read = "" if round_ == 0 else f", {cache.misses} file(s) read again"
            print(render(problems, "text", count), file=out)
            print(f"[{time.strftime('%H:%M:%S')}] checked in {took:.2f} s{read}; "
                  "watching for changes (Ctrl-C to stop)", file=out, flush=True)
            gc.collect()
            if round_ == 0:
                gc.freeze()  # the cache and what it holds live as long as the command
                observer = _observe(changes, folders, config_file)
                if stamps(folders, config_file) != before:
                    changes.mark()  # saved during the first check, before the observer started
            changes.wait()
    except KeyboardInterrupt:
        return code
    finally:
        if observer is not None:
            observer.stop()
        if collecting:
            gc.enable()
    return code  # pragma: no cover - the loop ends only by an interrupt
