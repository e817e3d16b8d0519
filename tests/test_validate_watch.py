"""``dossier validate --watch``: after each change, the report a fresh ``dossier validate`` prints.

The command runs as a user runs it, in its own process, watching a copy of
the starter project; the test edits files and reads the reports it prints.
The timeouts only keep a broken watcher from hanging the suite.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from dossierkit.cli import validate_watch
from dossierkit.cli.validate_watch import Changes

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

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=WAIT)


@pytest.fixture
def watcher(starter):
    running = Watcher(starter)
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait()


def test_every_report_is_what_a_fresh_validate_prints(starter, watcher):
    dossier = starter / "dossier"
    report, status = watcher.report()
    assert report == one_shot(starter) and report.endswith("0 error(s), 0 warning(s)")
    assert "read again" not in status  # the first check reads everything

    land_a = dossier / "actors" / "land-a.yml"
    original = land_a.read_text(encoding="utf-8")
    land_a.write_text(original.replace("name:", "name: [unclosed", 1), encoding="utf-8")
    report, status = watcher.report()
    assert "dossier/actors/land-a.yml:" in report and "YAML syntax error" in report
    assert report == one_shot(starter)
    assert "1 file(s) read again" in status

    land_a.write_text(original, encoding="utf-8")  # the fix
    report, _ = watcher.report()
    assert report == one_shot(starter) and report.endswith("0 error(s), 0 warning(s)")

    # A new entry that refers to an id nobody has, then its removal.
    stray = dossier / "actors" / "stray.yml"
    stray.write_text("id: stray\nname: Stray\ntype: state\nsummary: x\nsources: [src-one]\n"
                     "relations:\n  - type: member-of\n    target: no-such-id\n", encoding="utf-8")
    report, _ = watcher.report()
    assert "unknown id 'no-such-id'" in report and report == one_shot(starter)
    stray.unlink()
    report, _ = watcher.report()
    assert report == one_shot(starter) and report.endswith("0 error(s), 0 warning(s)")

    # The docs folder is watched too: a hand-written page where an entry's page goes.
    page = starter / "docs" / "actors" / "land-a.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("# Mine\n", encoding="utf-8")
    report, _ = watcher.report()
    assert "docs/actors/land-a.md" in report and report == one_shot(starter)
    page.unlink()
    report, _ = watcher.report()
    assert report == one_shot(starter)

    assert watcher.stop() == 0  # Ctrl-C: the last check's exit code


def test_interrupted_after_errors_exits_with_the_errors_code(starter, watcher):
    watcher.report()
    (starter / "dossier" / "actors" / "land-b.yml").write_text("id: land-b\nname: [broken\n", encoding="utf-8")
    report, _ = watcher.report()
    assert "error" in report and report == one_shot(starter)
    assert watcher.stop() == 1


def test_a_config_that_cannot_be_read_at_the_start_stops_with_its_message(starter):
    # It names the dossier folder: without it there is nothing to watch.
    (starter / "mkdocs.yml").write_text("site_name: [broken\n", encoding="utf-8")
    process = _cli(starter, "validate", "--watch")
    out, _ = process.communicate(timeout=WAIT)
    assert process.returncode == 1 and "mkdocs.yml:1:1: error: cannot read MkDocs config" in out


def test_a_config_broken_while_watching_is_reported_and_watched_on(starter, watcher):
    config = starter / "mkdocs.yml"
    good = config.read_text(encoding="utf-8")
    watcher.report()
    config.write_text("site_name: [broken\n", encoding="utf-8")
    report, status = watcher.report()
    assert "mkdocs.yml:1:1: error: cannot read MkDocs config" in report and "0 file(s) read again" in status
    config.write_text(good, encoding="utf-8")
    report, _ = watcher.report()
    assert report == one_shot(starter) and report.endswith("0 error(s), 0 warning(s)")
    assert watcher.stop() == 0


def test_watching_prints_text_only(starter):
    process = _cli(starter, "validate", "--watch", "--format", "json")
    out, _ = process.communicate(timeout=WAIT)
    assert process.returncode == 2 and "--watch prints text reports" in out


def test_a_change_counts_in_a_watched_folder_or_to_the_config_file(tmp_path):
    dossier, docs, config = tmp_path / "dossier", tmp_path / "docs", tmp_path / "mkdocs.yml"
    changes = Changes([dossier, docs], config)
    assert changes.counts(str(dossier / "actors" / "a.yml"))
    assert changes.counts(str(docs / "index.md"))
    assert changes.counts(str(config))
    assert not changes.counts(str(tmp_path / "README.md"))  # the config's folder is watched for the config only
    assert not changes.counts(str(tmp_path / "dossier-old" / "a.yml"))  # a folder whose name only begins the same
    assert not changes.counts("")

    def event(kind, src, dest="", directory=False):
        return SimpleNamespace(event_type=kind, src_path=str(src), dest_path=str(dest), is_directory=directory)

    changes.note(event("opened", dossier / "a.yml"))
    changes.note(event("modified", dossier / "actors", directory=True))
    changes.note(event("modified", tmp_path / "README.md"))
    assert not changes.event.is_set()
    changes.note(event("moved", tmp_path / "draft.yml", dossier / "actors" / "a.yml"))  # saved by renaming into place
    assert changes.event.is_set()


def test_a_burst_of_changes_is_checked_once_it_settles(monkeypatch, tmp_path):
    # A clock of its own: sleeping moves it on, and the burst's later saves arrive as it passes them.
    clock = SimpleNamespace(now=0.0)
    changes = Changes([tmp_path], None)
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
    folders = [tmp_path / "dossier", tmp_path / "docs-not-there"]
    before = stamps(folders, config)
    assert set(before) == {str(entry), str(config)}
    assert stamps(folders, config) == before
    os.utime(entry, ns=(before[str(entry)][0] + 1, before[str(entry)][0] + 1))
    assert stamps(folders, config) != before
    os.utime(entry, ns=(before[str(entry)][0], before[str(entry)][0]))
    assert stamps(folders, config) == before
    config.write_text("site_name: y\n", encoding="utf-8")  # same size, a later time
    os.utime(config, ns=(before[str(config)][0] + 1, before[str(config)][0] + 1))
    assert stamps(folders, config) != before
    config.write_text("site_name: x\n", encoding="utf-8")
    os.utime(config, ns=(before[str(config)][0], before[str(config)][0]))
    (tmp_path / "dossier" / "actors" / "b.yml").write_text("id: b\n", encoding="utf-8")  # a new file
    assert stamps(folders, config) != before


def test_where_file_events_cannot_start_the_folders_are_polled(monkeypatch, tmp_path):
    import watchdog.observers
    from watchdog.observers.polling import PollingObserver

    class NoWatchesLeft(watchdog.observers.Observer):
        def schedule(self, *args, **kwargs):
            raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(watchdog.observers, "Observer", NoWatchesLeft)
    (tmp_path / "dossier").mkdir()
    changes = Changes([tmp_path / "dossier"], None)
    observer = validate_watch._observe(changes, [tmp_path / "dossier"], None)
    try:
        assert isinstance(observer, PollingObserver) and observer.is_alive()
    finally:
        observer.stop()
        observer.join(timeout=WAIT)
