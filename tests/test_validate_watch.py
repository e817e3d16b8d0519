"""``dossier validate --watch``: after each change, the report a fresh ``dossier validate`` prints.

The command runs as a user runs it, in its own process, watching a copy of
the starter project; the test edits files and reads the reports it prints.
The timeouts only keep a broken watcher from hanging the suite.
"""

from __future__ import annotations

import contextlib
import io
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from dossierkit.cli import validate_watch
from dossierkit.cli.validate_watch import Changes, Watched

WAIT = 60.0  # seconds: a report that has not come by then is not coming
STATUS = "watching for changes"


def _cli(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "dossierkit.cli.main", *args], cwd=root, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def one_shot(root: Path) -> str:
    """What ``dossier validate`` prints for the project as it is now."""
    done = subprocess.run([sys.executable, "-m", "dossierkit.cli.main", "validate"], cwd=root, text=True,
                          capture_output=True, timeout=WAIT)
    return done.stdout.rstrip("\n")


class Watcher:
    """A running ``dossier validate --watch`` and the reports it has printed."""

    def __init__(self, root: Path):
        self.process = _cli(root, "validate", "--watch")
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def report(self) -> tuple[str, str]:
        """The next report, and its status line."""
        lines = []
        deadline = time.monotonic() + WAIT
        while True:
            line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            assert line is not None, "the watcher stopped:\n" + "\n".join(lines)
            if STATUS in line:
                return "\n".join(lines), line
            lines.append(line)

    def until(self, root: Path, holding: str | None = None) -> tuple[str, str]:
        """The first report that is what ``dossier validate`` prints for ``root`` now (or, with
        ``holding``, the first that holds that text), and its status line.

        A save seen half-way (a file created, then renamed into place) may be
        checked on its own first, on a busy machine: that report is of the
        files as they were then.  What counts is that the watcher comes to the
        report of the files as they are.
        """
        expected = one_shot(root) if holding is None else None
        deadline = time.monotonic() + WAIT
        seen = []
        while time.monotonic() < deadline:
            report, status = self.report()
            if report == expected or (holding is not None and holding in report):
                return report, status
            seen.append(report)
        raise AssertionError(f"no report was {expected or holding!r}; the last: {seen[-1:]!r}")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=WAIT)


def save(path: Path, text: str) -> None:
    """Save as editors do: write a hidden file beside it, then rename it into place (the
    loader never sees a half-written file, whatever the machine's load)."""
    draft = path.with_name(f".{path.name}.draft")
    draft.write_text(text, encoding="utf-8")
    os.replace(draft, path)


@contextlib.contextmanager
def watching(root: Path):
    """A ``dossier validate --watch`` running in ``root``, killed at the end if still running."""
    running = Watcher(root)
    try:
        yield running
    finally:
        if running.process.poll() is None:
            running.process.kill()
            running.process.wait()


@pytest.fixture
def watcher(starter):
    with watching(starter) as running:
        yield running


def test_every_report_is_what_a_fresh_validate_prints(starter, watcher):
    dossier = starter / "dossier"
    report, status = watcher.report()
    assert report == one_shot(starter) and report.endswith("0 error(s), 0 warning(s)")
    assert "read again" not in status  # the first check reads everything

    land_a = dossier / "actors" / "land-a.yml"
    original = land_a.read_text(encoding="utf-8")
    save(land_a, original.replace("name:", "name: [unclosed", 1))
    report, status = watcher.until(starter)
    assert "dossier/actors/land-a.yml:" in report and "YAML syntax error" in report
    assert "1 file(s) read again" in status

    save(land_a, original)  # the fix
    report, _ = watcher.until(starter)
    assert report.endswith("0 error(s), 0 warning(s)")

    # A new entry that refers to an id nobody has, then its removal.
    stray = dossier / "actors" / "stray.yml"
    save(stray, "id: stray\nname: Stray\ntype: state\nsummary: x\nsources: [src-one]\n"
                "relations:\n  - type: member-of\n    target: no-such-id\n")
    report, _ = watcher.until(starter)
    assert "unknown id 'no-such-id'" in report
    stray.unlink()
    report, _ = watcher.until(starter)
    assert report.endswith("0 error(s), 0 warning(s)")

    # The docs folder is watched too: a hand-written page where an entry's page goes.
    page = starter / "docs" / "actors" / "land-a.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    save(page, "# Mine\n")
    report, _ = watcher.until(starter)
    assert "docs/actors/land-a.md" in report
    page.unlink()
    report, _ = watcher.until(starter)
    assert report.endswith("0 error(s), 0 warning(s)")

    assert watcher.stop() == 0  # Ctrl-C: the last check's exit code


def test_interrupted_after_errors_exits_with_the_errors_code(starter, watcher):
    watcher.report()
    save(starter / "dossier" / "actors" / "land-b.yml", "id: land-b\nname: [broken\n")
    report, _ = watcher.until(starter)
    assert "error" in report and not report.endswith(" 0 error(s), 0 warning(s)")
    assert watcher.stop() == 1


def test_folders_that_appear_go_or_are_replaced_are_watched(starter):
    docs = starter / "docs"
    kept = starter.parent / "docs-kept"
    shutil.move(docs, kept)  # no docs folder at the start: the nav's pages are missing
    with watching(starter) as running:
        report, _ = running.report()
        assert "error" in report and report == one_shot(starter)
        shutil.copytree(kept, docs)  # it appears
        report, _ = running.until(starter)
        assert report.endswith("0 error(s), 0 warning(s)")
        shutil.rmtree(docs)  # it goes, and comes back as another folder
        shutil.copytree(kept, docs)
        running.until(starter)
        (docs / "index.md").unlink()  # a change inside the new folder
        report, _ = running.until(starter)
        assert "error" in report
        assert running.stop() == 1


def test_the_theme_folder_and_included_pages_are_watched(starter):
    # What the checks of pages read besides docs/: the theme's custom_dir and the files of include_pages.
    config = starter / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  features:", "  custom_dir: overrides\n  features:", 1)
    config.write_text(text.replace("      dossier_dir: dossier", "      dossier_dir: dossier\n      include_pages:\n"
                                   "        contributing.md: CONTRIBUTING.md", 1), encoding="utf-8")
    (starter / "overrides").mkdir()
    (starter / "CONTRIBUTING.md").write_text("# Contributing\n", encoding="utf-8")
    with watching(starter) as running:
        report, _ = running.report()
        assert report == one_shot(starter) and report.endswith("0 error(s), 0 warning(s)")
        (starter / "overrides" / "main.html").symlink_to(starter / "mkdocs.yml")
        report, _ = running.until(starter)
        assert "overrides/main.html" in report
        (starter / "overrides" / "main.html").unlink()
        running.until(starter)
        (starter / "CONTRIBUTING.md").unlink()
        report, _ = running.until(starter)
        assert "include_pages: 'CONTRIBUTING.md'" in report
        assert running.stop() == 1


def test_a_config_that_cannot_be_read_at_the_start_stops_with_its_message(starter):
    # It names the dossier folder: without it there is nothing to watch.
    (starter / "mkdocs.yml").write_text("site_name: [broken\n", encoding="utf-8")
    process = _cli(starter, "validate", "--watch")
    out, _ = process.communicate(timeout=WAIT)
    assert process.returncode == 1 and "mkdocs.yml:2:1: error: cannot read MkDocs config: YAML syntax error: " \
        "while parsing a flow sequence expected ',' or ']', but got '<stream end>'" in out


def test_a_config_broken_while_watching_is_reported_and_watched_on(starter, watcher):
    config = starter / "mkdocs.yml"
    good = config.read_text(encoding="utf-8")
    watcher.report()
    save(config, "site_name: [broken\n")  # (a one-shot validate stops at it, and says so on stderr)
    report, status = watcher.until(starter, holding="mkdocs.yml:2:1: error: cannot read MkDocs config")
    assert "0 file(s) read again" in status
    save(config, good)
    report, _ = watcher.until(starter)
    assert report.endswith("0 error(s), 0 warning(s)")
    assert watcher.stop() == 0


def test_watching_prints_text_only(starter):
    process = _cli(starter, "validate", "--watch", "--format", "json")
    out, _ = process.communicate(timeout=WAIT)
    assert process.returncode == 2 and "--watch prints text reports" in out


def test_a_change_counts_in_a_watched_folder_or_to_a_watched_file(tmp_path):
    dossier, docs, config = tmp_path / "dossier", tmp_path / "docs", tmp_path / "mkdocs.yml"
    what = Watched((str(dossier), str(docs)), (str(config), str(tmp_path / "CONTRIBUTING.md")))
    changes = Changes(what)
    assert what.counts(str(dossier / "actors" / "a.yml"))
    assert what.counts(str(docs / "index.md"))
    assert what.counts(str(docs))  # the folder itself: it appears, goes or is replaced
    assert what.counts(str(config)) and what.counts(str(tmp_path / "CONTRIBUTING.md"))
    assert not what.counts(str(tmp_path / "README.md"))  # the folders' parent is watched for them alone
    assert not what.counts(str(tmp_path / "dossier-old" / "a.yml"))  # a folder whose name only begins the same
    assert not what.counts("")
    assert what.parents() == (str(tmp_path),)

    def event(kind, src, dest="", directory=False):
        return SimpleNamespace(event_type=kind, src_path=str(src), dest_path=str(dest), is_directory=directory)

    changes.note(event("opened", dossier / "a.yml"))
    changes.note(event("modified", dossier / "actors", directory=True))
    changes.note(event("modified", tmp_path / "README.md"))
    assert not changes.event.is_set()
    changes.note(event("moved", tmp_path / "draft.yml", dossier / "actors" / "a.yml"))  # saved by renaming into place
    assert changes.event.is_set() and not changes.reshaped
    changes.note(event("created", docs, directory=True))  # the folder itself: its watch must start again
    assert changes.reshaped
    changes.event.clear()
    changes.reshaped = False
    changes.note(event("attrib", dossier / "terms", directory=True))  # chmod: the folder can (no longer) be read
    assert changes.event.is_set()
    assert changes.reshaped  # watchdog left a folder it could not read unwatched: a new observer watches it


def test_an_editors_swap_files_and_backups_in_the_dossier_are_no_change(tmp_path):
    dossier, docs = tmp_path / "dossier", tmp_path / "docs"
    changes = Changes(Watched((str(dossier), str(docs))))

    def event(kind, src, dest=""):
        return SimpleNamespace(event_type=kind, src_path=str(src), dest_path=str(dest), is_directory=False)

    actors = dossier / "actors"
    for name in (".a.yml.swp", "#a.yml#", "a.yml~", "4913", "a.yml___jb_tmp___"):
        changes.note(event("modified", actors / name))
    changes.note(event("moved", actors / "a.yml", actors / "a.yml~"))  # Emacs' backup: the entry is gone a moment
    assert changes.event.is_set()
    changes.event.clear()
    changes.note(event("created", dossier / ".git" / "index"))  # in a hidden folder, which the loader passes over
    changes.note(event("moved", actors / "a.yml___jb_tmp___", actors / "a.yml~"))
    assert not changes.event.is_set()
    changes.note(event("moved", actors / "a.yml___jb_tmp___", actors / "a.yml"))  # JetBrains' safe write: the save
    assert changes.event.is_set()
    changes.event.clear()
    changes.note(event("modified", docs / "index.md~"))  # pages: what MkDocs makes of them is its own affair
    assert changes.event.is_set()


def test_the_stamps_leave_out_what_the_loader_passes_over_in_the_dossier_alone(tmp_path):
    dossier, docs = tmp_path / "dossier", tmp_path / "docs"
    for path in (dossier / "actors" / "a.yml", dossier / "actors" / "#a.yml#", dossier / "actors" / ".a.yml.swp",
                 dossier / ".cache" / "state", docs / "index.md", docs / "index.md~"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x\n", encoding="utf-8")
    found = validate_watch.stamps(Watched((str(dossier), str(docs))))
    assert sorted(Path(p).relative_to(tmp_path).as_posix() for p in found) == [
        "docs/index.md", "docs/index.md~", "dossier/actors/a.yml"]


def test_an_editors_leftovers_bring_no_report_of_their_own(starter, watcher):
    first, _ = watcher.report()
    time.sleep(1.0)  # the observer runs once the first report is out (before it, the stamps tell)
    actors = starter / "dossier" / "actors"
    (actors / ".land-a.yml.swp").write_bytes(b"b0VIM 9.0\0")  # Vim's swap file, rewritten as one types
    (actors / "#land-a.yml#").write_text("name: [half typed", encoding="utf-8")  # Emacs' auto-save
    (actors / "4913").write_text("", encoding="utf-8")  # Vim's probe of the folder before it saves
    (actors / "4913").unlink()
    time.sleep(1.5)  # (events come within milliseconds; this only gives a busy machine time)
    land_a = actors / "land-a.yml"
    save(land_a, land_a.read_text(encoding="utf-8").replace("name:", "name: [unclosed", 1))
    report, _ = watcher.report()  # the next report is the save's: the leftovers brought none
    assert report != first and "dossier/actors/land-a.yml:" in report and "YAML syntax error" in report
    assert report == one_shot(starter)


def test_what_is_watched_is_what_the_checks_read_inside_the_project(tmp_path):
    from dossierkit.project.locate import Project

    root = tmp_path / "project"
    (root / "dossier").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(
        "site_name: x\ndocs_dir: pages\ntheme:\n  name: material\n  custom_dir: ../theme-elsewhere\n"
        "plugins:\n  - dossier:\n      dossier_dir: dossier\n      include_pages:\n"
        "        a.md: CONTRIBUTING.md\n        b.md: ../../etc/passwd\n", encoding="utf-8")
    project = Project(root=root, dossier_dir=root / "dossier", config_file=root / "mkdocs.yml")
    what = validate_watch.watched(SimpleNamespace(dossier=None), project)
    assert what == Watched((str(root / "dossier"), str(root / "pages")),
                           (str(root / "mkdocs.yml"), str(root / "CONTRIBUTING.md")))
    # With --dossier, that folder alone; a broken config: its docs folder taken as docs/.
    assert validate_watch.watched(SimpleNamespace(dossier="dossier"), project) == Watched((str(root / "dossier"),))
    (root / "mkdocs.yml").write_text("site_name: [broken\n", encoding="utf-8")
    assert validate_watch.watched(SimpleNamespace(dossier=None), project).trees == (str(root / "dossier"),
                                                                                    str(root / "docs"))


def test_a_folder_that_appears_or_is_replaced_changes_what_is_present(tmp_path):
    what = Watched((str(tmp_path / "docs"),))
    before = what.present()
    (tmp_path / "docs").mkdir()
    appeared = what.present()
    assert appeared != before
    (tmp_path / "docs").rename(tmp_path / "docs-old")
    (tmp_path / "docs").mkdir()  # another folder by the same name
    assert what.present() != appeared


def _fake_project(tmp_path):
    (tmp_path / "dossier").mkdir()
    return SimpleNamespace(root=tmp_path, dossier_dir=tmp_path / "dossier", config_file=None)


def test_a_check_that_cannot_read_the_project_is_reported_and_watched_on(monkeypatch, tmp_path):
    checks = []

    def check(args, cache):
        checks.append(1)
        if len(checks) == 1:
            raise PermissionError(13, "Permission denied", str(tmp_path / "dossier" / "terms"))
        return [], 3

    def wait(self):
        if len(checks) >= 2:
            raise KeyboardInterrupt  # Ctrl-C once the second report is out
        self.mark()

    monkeypatch.setattr(Changes, "wait", wait)
    out = io.StringIO()
    code = validate_watch.watch(SimpleNamespace(dossier=None, strict=False), check, _fake_project(tmp_path), out)
    printed = out.getvalue()
    assert "dossier: " in printed and "terms" in printed.split("\n")[0] and "ermission denied" in printed
    assert "3 entries checked: 0 error(s), 0 warning(s)" in printed
    assert code == 0 and len(checks) == 2  # the last finished check's code


def test_an_interrupt_before_the_first_report_is_raised_again(tmp_path):
    # Nothing was checked: the command must not exit as if the dossier were fine (main() gives 130).
    def check(args, cache):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        validate_watch.watch(SimpleNamespace(dossier=None, strict=False), check, _fake_project(tmp_path), io.StringIO())


def test_a_burst_of_changes_is_checked_once_it_settles(monkeypatch, tmp_path):
    # A clock of its own: sleeping moves it on, and the burst's later saves arrive as it passes them.
    clock = SimpleNamespace(now=0.0)
    changes = Changes(Watched((str(tmp_path),)))
    change = SimpleNamespace(event_type="modified", src_path=str(tmp_path / "a.yml"), dest_path="", is_directory=False)
    saves = [0.05, 0.1, 0.15]

    def sleep(seconds):
        end = clock.now + seconds
        while saves and saves[0] <= end:
            clock.now = saves.pop(0)
            changes.note(change)
        clock.now = end

    monkeypatch.setattr(validate_watch, "time", SimpleNamespace(monotonic=lambda: clock.now, sleep=sleep))
    monkeypatch.setattr(validate_watch, "SETTLE_SECONDS", 0.2)
    changes.note(change)  # the first save, at 0
    changes.wait()
    # Back only once the burst's last save (0.15) has had its quiet time (naps are 10 ms at least).
    assert not saves and 0.35 - 1e-9 <= clock.now <= 0.36 + 1e-9 and not changes.event.is_set()


def test_a_change_made_during_the_first_check_is_found(tmp_path):
    # The observer starts after the first check: the files' stamps from before it are compared once.
    from dossierkit.cli.validate_watch import stamps

    (tmp_path / "dossier" / "actors").mkdir(parents=True)
    entry = tmp_path / "dossier" / "actors" / "a.yml"
    entry.write_text("id: a\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    what = Watched((str(tmp_path / "dossier"), str(tmp_path / "docs-not-there")), (str(config),))
    before = stamps(what)
    assert set(before) == {str(entry), str(config)}
    assert stamps(what) == before
    os.utime(entry, ns=(before[str(entry)][0] + 1, before[str(entry)][0] + 1))
    assert stamps(what) != before
    config.write_text("site_name: y\n", encoding="utf-8")  # same size, a later time
    assert stamps(what) != before
    os.chmod(entry, 0o000)  # permissions: the next check may not read it
    try:
        assert stamps(what)[str(entry)][4] != before[str(entry)][4]
    finally:
        os.chmod(entry, 0o644)
    (tmp_path / "dossier" / "actors" / "b.yml").write_text("id: b\n", encoding="utf-8")  # a new file
    assert str(tmp_path / "dossier" / "actors" / "b.yml") in stamps(what)


def test_the_first_check_is_followed_by_another_when_a_file_changed_during_it(monkeypatch, tmp_path):
    project = _fake_project(tmp_path)
    entry = tmp_path / "dossier" / "a.yml"
    entry.write_text("id: a\n", encoding="utf-8")
    checks = []

    def check(args, cache):
        checks.append(1)
        if len(checks) == 1:
            entry.write_text("id: a\nname: changed meanwhile\n", encoding="utf-8")
        return [], 1

    def wait(self):
        if not self.event.is_set():
            raise KeyboardInterrupt  # no change noted: stop
        self.event.clear()

    monkeypatch.setattr(Changes, "wait", wait)
    validate_watch.watch(SimpleNamespace(dossier=None, strict=False), check, project, io.StringIO())
    assert len(checks) == 2


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify's emitter is Linux's")
def test_where_file_events_cannot_start_the_folders_are_polled(monkeypatch, tmp_path):
    from watchdog.observers import inotify
    from watchdog.observers.polling import PollingObserver

    real = inotify.InotifyEmitter.on_thread_start
    started = []

    def second_fails(self):  # the first folder's watch starts; the second finds no inotify watches left
        started.append(self.watch.path)
        if len(started) == 2:
            raise OSError(28, "inotify watch limit reached")
        real(self)

    monkeypatch.setattr(inotify.InotifyEmitter, "on_thread_start", second_fails)
    for name in ("dossier", "docs"):
        (tmp_path / name).mkdir()
    what = Watched((str(tmp_path / "dossier"), str(tmp_path / "docs")))
    observer = validate_watch._observe(Changes(what), what)
    try:
        assert isinstance(observer, PollingObserver) and observer.is_alive() and len(started) == 2
        # The watch that did start is stopped: no thread of it reads events nobody takes.
        left = [t for t in threading.enumerate() if isinstance(t, inotify.InotifyEmitter)]
        assert left == []
    finally:
        observer.stop()
        observer.join(timeout=WAIT)


def test_where_no_file_events_are_left_at_all_the_folders_are_polled(monkeypatch, tmp_path):
    import watchdog.observers
    from watchdog.observers.polling import PollingObserver

    def no_instance_left():
        raise OSError(24, "inotify instance limit reached")

    monkeypatch.setattr(watchdog.observers, "Observer", no_instance_left)
    (tmp_path / "dossier").mkdir()
    what = Watched((str(tmp_path / "dossier"),))
    observer = validate_watch._observe(Changes(what), what)
    try:
        assert isinstance(observer, PollingObserver) and observer.is_alive()
    finally:
        observer.stop()
        observer.join(timeout=WAIT)
