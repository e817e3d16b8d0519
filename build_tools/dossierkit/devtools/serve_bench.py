"""``make bench``, serve: how soon ``mkdocs serve --dirty`` shows a saved edit, and its memory;
and how soon ``dossier validate --watch`` reports on a saved edit.

The server is started on the project as ``make serve`` starts it; once it
serves the first build, one entry is edited ``edits`` times (its summary),
each time 1.5 s after the last edit showed, and the time from the save to
the server returning the page with the new text is taken (polled every
20 ms).  After each edit the server's resident memory is read from
``/proc``, and its peak at the end (Linux; None elsewhere).

``dossier validate --watch`` is measured the same way: the time from the
save to the end of the report on it (the line that says it watches again),
and the check's own time, which that line gives.
"""

from __future__ import annotations

import queue
import re
import socket
import statistics
import subprocess
import threading
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_mb(pid: int, field: str = "VmRSS") -> float | None:
    """A process's resident memory (``VmRSS``) or its peak (``VmHWM``), in MB (Linux)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def _with_summary(entry_text: str, summary: str) -> str:
    """An entry file's text with its summary replaced (the edit both measurements save)."""
    return re.sub(r"^summary: .*$", f'summary: "{summary}"', entry_text, count=1, flags=re.M)


def serve_reload(project: Path, edits: int, mkdocs: Path, env: dict) -> dict:
    """Seconds from saving an edited entry to `mkdocs serve --dirty` serving the change, and the
    server's memory after each edit and at its peak."""
    port = _free_port()
    proc = subprocess.Popen([str(mkdocs), "serve", "--dirty", "-a", f"127.0.0.1:{port}"], cwd=project,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    entry = sorted((project / "dossier" / "actors").glob("*.yml"))[0]
    url = f"http://127.0.0.1:{port}/actors/{entry.stem}/"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=60) as r:
                return r.read().decode("utf-8")
        except OSError:
            return ""

    try:
        start = time.perf_counter()
        deadline = time.monotonic() + 1800
        while "<h1" not in page():
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("mkdocs serve did not start")
            time.sleep(0.5)
        first_build = time.perf_counter() - start
        times, rss = [], []
        original = entry.read_text(encoding="utf-8")
        for i in range(edits):
            marker = f"Benchmark edit {i} {time.time_ns()}"
            time.sleep(1.5)  # let the watcher settle between edits (and the server collect its garbage)
            entry.write_text(_with_summary(original, marker), encoding="utf-8")
            start = time.perf_counter()
            while marker not in page():
                if time.perf_counter() - start > 120:
                    raise RuntimeError("mkdocs serve did not show the edit")
                time.sleep(0.02)
            times.append(time.perf_counter() - start)
            rss.append(_rss_mb(proc.pid))
        entry.write_text(original, encoding="utf-8")
        return {"seconds": round(statistics.median(times), 2), "runs": [round(t, 2) for t in times],
                "first_build_seconds": round(first_build, 1), "rss_mb_after_each_edit": rss,
                "peak_rss_mb": _rss_mb(proc.pid, "VmHWM")}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def validate_watch(project: Path, edits: int, dossier: Path, env: dict) -> dict:
    """Seconds from saving an edited entry to ``dossier validate --watch`` finishing its report, the
    check's own seconds, and the process's memory after each edit and at its peak."""
    proc = subprocess.Popen([str(dossier), "validate", "--watch"], cwd=project, env={**env, "PYTHONUNBUFFERED": "1"},
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    statuses: queue.Queue = queue.Queue()

    def read() -> None:
        for line in proc.stdout:
            if "watching for changes" in line:
                statuses.put((time.perf_counter(), line))
        statuses.put((time.perf_counter(), None))

    threading.Thread(target=read, daemon=True).start()
    entry = sorted((project / "dossier" / "actors").glob("*.yml"))[0]
    original = entry.read_text(encoding="utf-8")
    try:
        _, first = statuses.get(timeout=600)
        if first is None:
            raise RuntimeError("dossier validate --watch did not start")
        times, checks, rss = [], [], []
        for i in range(edits):
            time.sleep(0.5)  # the report on the last save is printed; its garbage is collected
            entry.write_text(_with_summary(original, f"Benchmark edit {i}"), encoding="utf-8")
            saved = time.perf_counter()
            while True:  # the report on this save: after it, and with the file read again
                shown, line = statuses.get(timeout=120)
                if line is None:
                    raise RuntimeError("dossier validate --watch stopped")
                if shown > saved and "1 file(s) read again" in line:
                    break
            times.append(shown - saved)
            checks.append(float(re.search(r"checked in ([0-9.]+) s", line).group(1)))
            rss.append(_rss_mb(proc.pid))
        return {"seconds": round(statistics.median(times), 2), "runs": [round(t, 2) for t in times],
                "check_seconds": round(statistics.median(checks), 2), "first_check": first.strip(),
                "rss_mb_after_each_edit": rss, "peak_rss_mb": _rss_mb(proc.pid, "VmHWM")}
    finally:
        entry.write_text(original, encoding="utf-8")
        proc.terminate()
        proc.wait(timeout=30)
