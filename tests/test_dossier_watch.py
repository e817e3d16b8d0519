"""The dossier folder's watcher under ``mkdocs serve`` (``plugin/watch.py``).

A stand-in for MkDocs' live server holds what the watcher sets (the same
two attributes as ``LiveReloadServer``); the folder is changed on disk and
the watcher must ask for a rebuild.  The waits only keep a broken watcher
from hanging the suite.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time

from dossierkit.plugin.watch import DossierWatch

WAIT = 20.0


class Server:
    """What the watcher uses of MkDocs' ``LiveReloadServer``."""

    def __init__(self):
        self._rebuild_cond = threading.Condition()
        self._want_rebuild = False
        self.polled = []

    def watch(self, path):  # the engine's own polling: only when native watching cannot start
        self.polled.append(path)

    def rebuild_asked(self) -> bool:
        with self._rebuild_cond:
            asked, self._want_rebuild = self._want_rebuild, False
            return asked


@contextlib.contextmanager
def watched(folder):
    """A stand-in server, and a :class:`DossierWatch` of ``folder`` for it (stopped at the end)."""
    server, watch = Server(), DossierWatch()
    watch.start(server, str(folder))
    try:
        yield server, watch
    finally:
        watch.stop()


def asks_for_a_rebuild(server: Server, change) -> bool:
    """Make ``change`` (again and again, as an editor saving) until the server is asked to rebuild."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        change()
        time.sleep(0.1)
        if server.rebuild_asked():
            return True
    return False


def test_a_change_in_the_folder_asks_for_a_rebuild_and_one_beside_it_does_not(tmp_path):
    dossier = tmp_path / "dossier"
    (dossier / "actors").mkdir(parents=True)
    with watched(dossier) as (server, watch):
        assert server.polled == []
        (tmp_path / "README.md").write_text("beside the dossier\n", encoding="utf-8")
        time.sleep(1.5)  # (events come within milliseconds; this only gives a busy machine time)
        assert not server.rebuild_asked()
        entry = dossier / "actors" / "a.yml"
        assert asks_for_a_rebuild(server, lambda: entry.write_text("id: a\n", encoding="utf-8"))


def test_a_dossier_folder_made_again_is_watched_again(tmp_path):
    dossier = tmp_path / "dossier"
    (dossier / "actors").mkdir(parents=True)
    with watched(dossier) as (server, watch):
        shutil.rmtree(dossier)
        (dossier / "actors").mkdir(parents=True)  # a checkout puts it back: a new folder
        entry = dossier / "actors" / "a.yml"
        assert asks_for_a_rebuild(server, lambda: entry.write_text("id: a\n", encoding="utf-8"))
        time.sleep(0.5)
        server.rebuild_asked()  # (what the folder's making asked for)
        # Its edits, from now on: the new folder's own watch, not only its parent's.
        assert asks_for_a_rebuild(server, lambda: entry.write_text("id: a\nname: A\n", encoding="utf-8"))


def test_a_change_of_a_folders_permissions_watches_the_dossier_afresh(tmp_path):
    # Watchdog leaves a folder it cannot read unwatched; once it can be read, only a new watch sees it.
    dossier = tmp_path / "dossier"
    (dossier / "terms").mkdir(parents=True)
    with watched(dossier) as (server, watch):
        first = watch.tree
        (dossier / "terms").chmod(0o700)
        deadline = time.monotonic() + WAIT
        while watch.tree is first and time.monotonic() < deadline:
            time.sleep(0.05)
        assert watch.tree is not first
        entry = dossier / "terms" / "t.yml"
        assert asks_for_a_rebuild(server, lambda: entry.write_text("id: t\n", encoding="utf-8"))


def test_when_the_folder_cannot_be_watched_again_the_server_polls_it(monkeypatch, tmp_path):
    dossier = tmp_path / "dossier"
    dossier.mkdir()
    with watched(dossier) as (server, watch):
        def no_watches_left(observer, handler, folder):
            raise OSError(28, "inotify watch limit reached")

        monkeypatch.setattr(watch, "_watch_tree", no_watches_left)
        shutil.rmtree(dossier)
        dossier.mkdir()
        deadline = time.monotonic() + WAIT
        while not server.polled and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.polled == [str(dossier.resolve())]


def test_an_editors_swap_files_and_backups_ask_for_no_rebuild(tmp_path):
    dossier = tmp_path / "dossier"
    actors = dossier / "actors"
    actors.mkdir(parents=True)
    entry = actors / "a.yml"
    entry.write_text("id: a\n", encoding="utf-8")
    with watched(dossier) as (server, watch):
        for name in (".a.yml.swp", "#a.yml#", "a.yml~", "4913", "a.yml___jb_old___"):
            (actors / name).write_text("draft\n", encoding="utf-8")
        (actors / "4913").unlink()
        (dossier / ".cache").mkdir()
        (dossier / ".cache" / "state").write_text("x\n", encoding="utf-8")
        time.sleep(1.5)  # (events come within milliseconds; this only gives a busy machine time)
        assert not server.rebuild_asked()  # a rebuild would reload the reader's page for nothing
        draft = actors / "a.yml___jb_tmp___"

        def safe_write():  # JetBrains' save: a temporary renamed over the entry
            draft.write_text("id: a\nname: A\n", encoding="utf-8")
            os.replace(draft, entry)

        assert asks_for_a_rebuild(server, safe_write)
