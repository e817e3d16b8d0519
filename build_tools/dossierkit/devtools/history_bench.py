"""The history's cost at scale: a synthetic dossier with a git history, built with and without it.

:func:`make_history` commits a synthetic project (``devtools/synth.py``) and
then ``commits - 1`` seeded edits, the kinds a dossier sees: a status
changed, a citation with its quote added, a date made more precise, a
summary reworded, a confidence lowered, a term renamed or removed, a source
added.  Commits are written by ``git fast-import`` (one process for the
whole history) with fixed dates, one day apart; the working tree ends as
the last commit left it.

:func:`bench_history` then measures, each in a fresh process: reading the
history (cold, without its cache, and warm), and ``mkdocs build`` with
``history: false``, with the history computed from git (no cache), and
with the cache from a previous build, as medians of several runs.
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
START = 1735689600  # 1 January 2025, 00:00 UTC: commit dates are fixed, one day apart
STATUSES = ("floated", "proposed", "announced", "signed", "ratified", "operational", "stalled")
_READ = r"""
import json, sys, time
from pathlib import Path
t = time.perf_counter()
from dossierkit.loading.load import load_dossier
from dossierkit.changes.history import read_history
from dossierkit.changes.site_history import site_history
from dossierkit.changes.updates import atom_feed, write_updates
from dossierkit.render.formats import MarkdownFormat
from dossierkit.render.slots import PageWriter
dossier = load_dossier(Path(sys.argv[1]), root=Path(sys.argv[1]).parent)
t0 = time.perf_counter()
history = read_history(Path(sys.argv[1]), dossier.vocabulary)
t1 = time.perf_counter()
site = site_history(history, dossier, "https://example.org/repo")
t2 = time.perf_counter()
write_updates(dossier, site, MarkdownFormat("updates/index.md"), PageWriter())
atom_feed(dossier, site, "Bench", lambda p: p[:-3] + "/")
t3 = time.perf_counter()
print(json.dumps({"read": t1 - t0, "words": t2 - t1, "page_and_feed": t3 - t2, "commits": len(history.commits),
                  "computed": history.computed, "updates": len(site.updates)}))
"""


def _git(project: Path, *args: str, stdin: bytes | None = None) -> bytes:
    done = subprocess.run(["git", *args], cwd=project, input=stdin, capture_output=True, env={**os.environ, **GIT_ENV})
    if done.returncode != 0:
        raise RuntimeError(f"git {args[0]} failed: {done.stderr.decode()[-500:]}")
    return done.stdout


class _Editor:
    """Seeded edits of a synthetic dossier's files (paths relative to the project)."""

    def __init__(self, files: dict[str, str], seed: int):
        self.files = files
        self.rng = random.Random(seed)
        self.sources = sorted(Path(p).stem for p in files if p.startswith("dossier/sources/"))
        self.added = 0

    def pick(self, folder: str) -> str:
        return self.rng.choice(sorted(p for p in self.files if p.startswith(f"dossier/{folder}/")))

    def edit(self) -> tuple[str, dict[str, str | None]]:
        """One commit's message and changes (path -> new text, or None to delete)."""
        rng, files = self.rng, self.files
        what = rng.choice(("status", "cite", "cite", "precise", "summary", "confidence", "rename", "remove", "source"))
        if what == "status":
            path = self.pick("organisations")
            return "status", {path: re.sub(r"^status: .*$", f"status: {rng.choice(STATUSES)}", files[path], 1, re.M)}
        if what in ("cite", "confidence"):
            path = self.pick(rng.choice(("actors", "events", "obstacles", "organisations")))
            text = files[path]
            if what == "confidence" and "confidence: confirmed" in text:
                return "confidence", {path: text.replace("confidence: confirmed", "confidence: reported", 1)}
            source = next((s for s in rng.sample(self.sources, min(20, len(self.sources))) if f"source: {s}\n" not in text), None)
            if source is None or "\nsources:\n" not in text:
                return "summary", {path: re.sub(r"^summary: .*$", f'summary: "Reworded {rng.random():.6f}."', text, 1, re.M)}
            cite = f'  - source: {source}\n    quote: "Quoted words {rng.randint(1, 10**6)}."\n    locator: paragraph 2\n'
            return "cite", {path: text.replace("\nsources:\n", "\nsources:\n" + cite, 1)}
        if what == "precise":
            path = self.pick("events")
            text = re.sub(r'^date: "(\d{4})-(\d{2})"$', lambda m: f'date: "{m[1]}-{m[2]}-1{rng.randint(0, 9)}"',
                          files[path], 1, re.M)
            return "precise", {path: text}
        if what in ("rename", "remove") and sum(p.startswith("dossier/terms/") for p in files) > 1:
            path = self.pick("terms")
            if what == "remove":
                return "remove", {path: None}
            new_id = f"ter-renamed-{self.added}"
            self.added += 1
            text = re.sub(r"^id: .*$", f"id: {new_id}", files[path], 1, re.M)
            return "rename", {path: None, f"dossier/terms/{new_id}.yml": text}
        if what in ("summary", "rename", "remove"):
            path = self.pick(rng.choice(("actors", "events", "organisations")))
            return "summary", {path: re.sub(r"^summary: .*$", f'summary: "Reworded {rng.random():.6f}."', files[path], 1, re.M)}
        new_id = f"sou-added-{self.added}"
        self.added += 1
        return "source", {f"dossier/sources/{new_id}.yml": (
            f"id: {new_id}\ntitle: \"An added source\"\npublisher: \"Added {self.added}\"\nkind: news-report\n"
            f"affiliation: independent\nurl: https://example.org/{new_id}\npublished: 2025\nlanguage: en\n")}


def _blob(text: str) -> bytes:
    raw = text.encode("utf-8")
    return b"data %d\n" % len(raw) + raw + b"\n"


def make_history(project: Path, commits: int, seed: int = 1) -> int:
    """Put ``project`` (a synthetic dossier) under git with ``commits`` commits; returns how many were made."""
    files = {p.relative_to(project).as_posix(): p.read_text(encoding="utf-8")
             for p in sorted(project.rglob("*")) if p.is_file()}
    stream = [b"commit refs/heads/main\nmark :1\ncommitter Bench <bench@example.org> %d +0000\n" % START,
              _blob("The synthetic dossier")]
    stream += [b"M 100644 inline " + path.encode() + b"\n" + _blob(text) for path, text in files.items()]
    editor = _Editor(files, seed)
    for n in range(2, commits + 1):
        message, changes = editor.edit()
        stream.append(b"commit refs/heads/main\nmark :%d\ncommitter Bench <bench@example.org> %d +0000\n"
                      % (n, START + 86400 * (n - 1)) + _blob(f"Edit {n}: {message}") + b"from :%d\n" % (n - 1))
        for path, text in sorted(changes.items()):
            if text is None:
                del files[path]
                stream.append(b"D " + path.encode() + b"\n")
            else:
                files[path] = text
                stream.append(b"M 100644 inline " + path.encode() + b"\n" + _blob(text))
    _git(project, "init", "-q", "-b", "main")
    _git(project, "fast-import", "--quiet", stdin=b"".join(stream))
    for path in sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file() and ".git" not in p.parts):
        if path not in files:
            (project / path).unlink()
    for path, text in files.items():
        (project / path).write_text(text, encoding="utf-8")
    _git(project, "reset", "-q")
    return commits


def _cache(project: Path) -> Path:
    return project / ".git" / "dossierkit" / "history-cache.json"


def _history_option(project: Path, on: bool) -> None:
    config = project / "mkdocs.yml"
    text = re.sub(r"\n      history: (true|false)", "", config.read_text(encoding="utf-8"))
    config.write_text(text.replace("dossier_dir: dossier", f"dossier_dir: dossier\n      history: {'true' if on else 'false'}"),
                      encoding="utf-8")


def bench_history(project: Path, site: Path, runs: int, measure) -> dict:
    """History read and build times for a project made by :func:`make_history`; ``measure(cmd)`` times one run."""
    bin_dir = Path(sys.executable).parent
    build = [str(bin_dir / "mkdocs"), "build", "-q", "-d", str(site)]
    reads = {}
    for label in ("cold", "warm"):
        if label == "cold":
            _cache(project).unlink(missing_ok=True)
        out = subprocess.run([sys.executable, "-c", _READ, str(project / "dossier")], capture_output=True, text=True,
                             env={**os.environ, **GIT_ENV}, check=True)
        reads[label] = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in json.loads(out.stdout).items()}
    row: dict = {"read_cold": reads["cold"], "read_warm": reads["warm"]}
    times: dict[str, list[float]] = {"off": [], "cold": [], "warm": []}
    for _ in range(runs):  # interleaved, so that a busy moment does not favour one
        _history_option(project, False)
        times["off"].append(measure(build))
        _history_option(project, True)
        _cache(project).unlink(missing_ok=True)
        times["cold"].append(measure(build))
        times["warm"].append(measure(build))
    for key, values in times.items():
        row[f"build_{key}"] = {"seconds": round(statistics.median(values), 2), "runs": [round(v, 2) for v in values]}
    off = row["build_off"]["seconds"]
    row["warm_vs_off"] = round(row["build_warm"]["seconds"] / off - 1, 3) if off else None
    row["cold_vs_off"] = round(row["build_cold"]["seconds"] / off - 1, 3) if off else None
    return row


def timed(cmd: list[str], cwd: Path) -> float:
    """Wall time of ``cmd`` in a fresh process (raises on failure)."""
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1",
                                                                        "SOURCE_DATE_EPOCH": "1767225600"})
    return time.perf_counter() - start
