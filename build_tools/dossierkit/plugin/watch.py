"""Watch the dossier folder for ``serve`` with the system's file events, not by polling.

MkDocs' live server watches folders with watchdog's ``PollingObserver``: it
lists and stats every file of every watched folder every 0.5 s.  For the
dossier folder that means a saved edit waits 0.25 s on average (up to
0.5 s) before the rebuild starts, and at 10,000 entries each poll stats
10,000 files, on the same interpreter lock as the rebuild.  The engine has
no setting for it (``LiveReloadServer(polling_interval=...)`` is chosen by
``mkdocs serve`` itself).

:func:`watch_dossier` watches the dossier folder with watchdog's native
observer instead (inotify on Linux, FSEvents on macOS, ReadDirectoryChanges
on Windows), and on a change asks the server for a rebuild the way the
server's own watch callback does: by setting ``_want_rebuild`` under
``_rebuild_cond``.  Those two are **not** MkDocs API (they are the same in
MkDocs 1.6 and ProperDocs 1.6); when they are missing, or the native
observer cannot start (no inotify watches left, say), the folder is
watched with the documented ``server.watch()``.  The server then still
waits its ``build_delay`` (0.1 s) for further changes before it rebuilds.
"""

from __future__ import annotations

import logging
import os

from dossierkit.loading.names import skipped_name

log = logging.getLogger("mkdocs.plugins.dossier")

# Events that change a file (watchdog also reports files being opened and
# closed without a write, which the build itself does).  "attrib" is a
# change of permissions (a file no longer readable is an error to report)
# or a ``touch``, which MkDocs' own polling watcher also counts.
CHANGES = frozenset({"created", "deleted", "modified", "moved", "closed", "attrib"})


def is_change(event) -> bool:
    """Whether a watchdog event changes a file (not an open, nor a folder's own time stamp)."""
    return event.event_type in CHANGES and not (event.is_directory and event.event_type == "modified")


def within(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or inside it (both absolute, as watchdog names them)."""
    return path == folder or path.startswith(folder.rstrip("/\\") + os.sep)


def passed_over(paths, folder: str) -> bool:
    """Whether an event's ``paths`` (empty ones aside) all lie inside ``folder``, the dossier folder,
    under a name its loader passes over: a hidden file or an editor's backup or temporary
    (:func:`~dossierkit.loading.names.skipped_name`), or something in a hidden folder.  Such
    an event changes no page and no report: Vim rewrites ``.land.yml.swp`` whenever typing
    pauses, Emacs ``#land.yml#`` every 30 s, and neither is worth a rebuild."""
    named = [p for p in paths if p]
    return bool(named) and all(
        p != folder and within(p, folder) and any(skipped_name(part) for part in os.path.relpath(p, folder).split(os.sep))
        for p in named)


class DossierWatch:
    """A native observer of one folder that asks a live server for rebuilds.

    The folder's parent is watched too, for the folder alone: a dossier
    folder deleted and made again (``rm -r dossier``, then a checkout) loses
    its watch with it, so the new folder is watched from its creation on;
    so is the folder after any change of a folder's permissions.
    """

    def __init__(self) -> None:
        self.observer = None
        self.tree = None  # the watch on the folder itself

    def start(self, server, folder: str) -> None:
        """Watch ``folder`` for ``server``; natively when possible (see the module docstring)."""
        self.stop()
        if not (hasattr(server, "_rebuild_cond") and hasattr(server, "_want_rebuild")):
            server.watch(folder)
            return
        folder = os.path.realpath(folder)  # as FSEvents (macOS) names what changed
        try:
            from watchdog.events import FileSystemEventHandler
            from watchdog.observers import Observer

            def changed(event) -> None:
                if not is_change(event):
                    return
                paths = (event.src_path, getattr(event, "dest_path", "") or "")
                if not any(within(p, folder) for p in paths) or passed_over(paths, folder):
                    return  # another file beside the dossier folder, or an editor's swap file or backup
                if (event.event_type in ("created", "moved") and folder in paths or
                        event.event_type == "attrib" and event.is_directory) and os.path.isdir(folder):
                    # Made again (its old watch went with the old folder), or a folder's permissions
                    # changed (watchdog leaves a folder it cannot read unwatched): watch it afresh.
                    try:
                        self._watch_tree(observer, handler, folder)
                    except OSError as exc:  # no inotify watches left, say: the engine's own polling
                        log.info(f"dossier: watching {folder} by polling ({exc})")
                        server.watch(folder)
                with server._rebuild_cond:  # as LiveReloadServer.watch's own callback does
                    server._want_rebuild = True
                    server._rebuild_cond.notify_all()

            handler = FileSystemEventHandler()
            handler.on_any_event = changed  # type: ignore[method-assign]
            observer = Observer()
            observer.daemon = True
            self.observer = observer
            self._watch_tree(observer, handler, folder)
            observer.schedule(handler, os.path.dirname(folder), recursive=False)
            observer.start()
        except Exception as exc:  # noqa: BLE001 - any failure: the engine's own polling
            log.debug(f"dossier: watching {folder} by polling ({exc})")
            self.stop()
            server.watch(folder)

    def _watch_tree(self, observer, handler, folder: str) -> None:
        """Watch ``folder`` and all it holds (again: watchdog keeps a watch whose folder has gone)."""
        if self.tree is not None:
            try:
                observer.unschedule(self.tree)
            except KeyError:
                pass
        self.tree = observer.schedule(handler, folder, recursive=True)

    def stop(self) -> None:
        """Stop watching (the server is shutting down)."""
        if self.observer is not None:
            self.observer.stop()
            self.observer, self.tree = None, None
