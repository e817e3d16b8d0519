"""``make bench``: build times, memory and sizes from 100 to 10,000 entries.

For each size N the benchmark writes a seeded synthetic dossier and measures,
each in a fresh process and as the median of several runs:

- ``validate``: ``dossier validate`` wall time (median of at least seven runs);
- ``validate_watch``: at the sizes of ``--serve-at``, seconds from saving an
  edited entry to ``dossier validate --watch`` finishing its report on it,
  and the check's own time (median of ``--serve-edits`` edits);
- ``ours``: ``mkdocs build`` with the plugin, its peak RSS, output and search index size
  (the synthetic dossier's actors take half as many positions as there are entries);
- ``ours_without_positions``: the same dossier without its positions (``dossier synth
  --positions 0``): ``positions_cost`` is ours / this (the stance matrix, the
  positions sections and their data; issue 22 keeps it within 1.10);
- ``plain-nav``: plain MkDocs + Material (no plugin) building the same pages
  from ``dossier export --format markdown`` with the same nav as ours
  (ours / plain-nav is the plugin's own cost);
- ``plain-auto``: the same pages with MkDocs' automatic nav, which is what a
  user writing these pages by hand gets (may be stopped at a time limit);
- ``floor``: plain MkDocs + Material building as many pages with the same
  nav, each a title and one sentence: the fixed cost of MkDocs and Material
  per page (templates, search, writing), which no plugin can go below.
  ``ours``, ``ours_without_positions`` and ``floor`` are built in turns (one
  of each, then again), so that a machine that speeds up or slows down
  during the runs weighs on all three alike;
- ``serve``: at the sizes of ``--serve-at`` (1,000 and 10,000 entries),
  seconds from saving an edited entry to ``mkdocs serve --dirty`` serving
  the changed page (median of ``--serve-edits`` edits, 50), and the serve
  process's resident memory after each edit and at its peak;
- CPU time: every build above also reports the CPU time (user + system) of
  its processes, so that ours can be set against the floor's;
- ``pdf``: ``dossier pdf`` time and peak memory (the RSS of all its processes
  added up: it lays the book out in parts, two processes at a time) for the
  shipped dossier and at every size, and for the hostile entries of ``tests/test_pdf_robustness.py``
  (a body of 300 ``>``, 24,000 characters of ``*a``, a 256 KiB entry) added to
  the 100-entry dossier;
- ``history``: at the sizes of ``--history-at`` (10,000 entries), the same
  dossier with a git history of ``--history-commits`` commits
  (``devtools/history_bench.py``): reading the history cold and warm, and the
  build with ``history: false``, with the history computed from git, and
  with its cache.

Results are printed as a table and written as JSON (``--out``), with the
machine and its speed at a fixed loop of plain Python at the start and at
the end (``devtools/bench_machine.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dossierkit.devtools.history_bench import bench_history, make_history, timed
from dossierkit.devtools.bench_machine import load_average, machine, reference_loop
from dossierkit.devtools.bench_targets import targets
from dossierkit.devtools.serve_bench import serve_reload, validate_watch
from dossierkit.devtools.synth import write_synthetic

BIN = Path(sys.executable).parent
VALIDATE_RUNS = 7  # a validate takes a second or two: more runs for a steadier median
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}
# Runs a command and reports its wall time, the peak RSS of its largest process
# (ru_maxrss of the children) and, sampled every 50 ms from /proc, the peak of
# the RSS of the whole process tree added up (the PDF writer and a large site
# build run several processes at once).
_MEASURE = r"""
import json, os, resource, subprocess, sys, time

def tree_rss(root):
    parent = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                parent[int(pid)] = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            pass
    tree, total = {root}, 0
    changed = True
    while changed:
        grown = {pid for pid, up in parent.items() if up in tree} - tree
        changed = bool(grown)
        tree |= grown
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            pass
    return total

t = time.perf_counter()
p = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
peak, deadline = 0, t + float(sys.argv[1])
sampling = os.path.isdir("/proc")
while p.poll() is None:
    if sampling:
        peak = max(peak, tree_rss(p.pid))
    if time.perf_counter() > deadline:
        p.kill()
        raise subprocess.TimeoutExpired(sys.argv[2:], float(sys.argv[1]))
    try:
        p.wait(0.05)
    except subprocess.TimeoutExpired:
        pass
err = p.stderr.read().decode()[-2000:]
wall = time.perf_counter() - t
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "rss_kb": usage.ru_maxrss, "cpu": usage.ru_utime + usage.ru_stime,
                  "tree_kb": peak // 1024 if sampling else None, "rc": p.returncode, "err": err}))
"""


def measure(cmd: list[str], cwd: Path, timeout: float) -> dict:
    """Wall time and peak RSS of ``cmd`` in a fresh process (``rc`` None on timeout)."""
    try:
        out = subprocess.run([sys.executable, "-c", _MEASURE, str(timeout), *cmd], cwd=cwd, env=ENV,
                             capture_output=True, text=True, timeout=timeout + 30)
        result = json.loads(out.stdout.strip().splitlines()[-1])
    except (subprocess.TimeoutExpired, IndexError, json.JSONDecodeError):
        return {"wall": timeout, "rss_kb": 0, "rc": None, "err": "timed out"}
    if result["rc"] != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{result['err']}")
    return result


def median_of(runs: int, cmd: list[str], cwd: Path, timeout: float) -> dict:
    """Median wall time (and the largest RSS) over ``runs`` runs."""
    results = [measure(cmd, cwd, timeout) for _ in range(runs)]
    if any(r["rc"] is None for r in results):
        return {"seconds": None, "timed_out_after": timeout, "rss_mb": None}
    return summary(results)


def in_turns(runs: int, commands: dict[str, tuple[list[str], Path]]) -> dict[str, dict]:
    """Each of ``commands`` (name: command and folder) run ``runs`` times, one after the other in
    turns, so that a change in the machine's speed during the runs hits each alike; their summaries."""
    results: dict[str, list[dict]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (cmd, cwd) in commands.items():
            results[name].append(measure(cmd, cwd, 3600))
    return {name: summary(found) if all(r["rc"] is not None for r in found) else
            {"seconds": None, "timed_out_after": 3600, "rss_mb": None} for name, found in results.items()}


def summary(results: list[dict]) -> dict:
    """Median wall and CPU time of measured runs, each run's, and the largest RSS."""
    trees = [r.get("tree_kb") for r in results]
    return {"seconds": round(statistics.median(r["wall"] for r in results), 2),
            "runs": [round(r["wall"], 2) for r in results],
            "cpu_seconds": round(statistics.median(r["cpu"] for r in results), 2),
            "cpu_runs": [round(r["cpu"], 2) for r in results],
            "rss_mb": round(max(r["rss_kb"] for r in results) / 1024, 1),
            "tree_rss_mb": round(max(trees) / 1024, 1) if None not in trees else None}


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def history_row(n: int, work: Path, runs: int, commits: int) -> dict:
    """The history's cost for ``n`` entries and ``commits`` commits (see ``devtools/history_bench.py``)."""
    project = work / f"history-{n}"
    write_synthetic(project, n, seed=1)
    make_history(project, commits)
    row = {"entries": n, "commits": commits, **bench_history(project, work / f"history-site-{n}", runs,
                                                              lambda cmd: timed(cmd, project))}
    shutil.rmtree(project, ignore_errors=True)
    shutil.rmtree(work / f"history-site-{n}", ignore_errors=True)
    return row


def builds_in_turns(n: int, project: Path, floor: Path | None, work: Path, runs: int, site: Path) -> dict:
    """``ours`` (``project``, with positions), ``ours_without_positions`` (the same dossier written with
    ``--positions 0``) and the ``floor`` (see the module docstring; None: not built), built in turns,
    and the positions' cost."""
    bare = work / f"synth-{n}-no-positions"
    write_synthetic(bare, n, seed=1, positions=0)
    build = [str(BIN / "mkdocs"), "build", "-q", "-d"]
    commands = {"ours": (build + [str(site)], project), "ours_without_positions": (build + [str(work / "bare-site")], bare)}
    if floor is not None:
        commands["floor"] = (build + [str(work / "floor-site")], floor)
    found = in_turns(runs, commands)
    shutil.rmtree(bare, ignore_errors=True)
    shutil.rmtree(work / "bare-site", ignore_errors=True)
    ours, bare_row = found["ours"], found["ours_without_positions"]
    return {**found, "positions_cost": round(ours["seconds"] / bare_row["seconds"], 3) if bare_row["seconds"] else None}


def bench_size(n: int, work: Path, runs: int, auto_nav_timeout: float, pdf: bool = True,
               serve_edits: int | None = None) -> dict:
    """Every measurement for one dossier size."""
    project = work / f"synth-{n}"
    write_synthetic(project, n, seed=1)
    row: dict = {"entries": n}
    row["validate"] = median_of(max(runs, VALIDATE_RUNS), [str(BIN / "dossier"), "validate"], project, 600)
    site = work / f"site-{n}"
    exported = work / f"export-{n}"
    subprocess.run([str(BIN / "dossier"), "export", "--format", "markdown", "-o", str(exported)], cwd=project,
                   env=ENV, check=True, capture_output=True)
    floor = work / f"floor-{n}"
    shutil.copytree(exported, floor)
    for page in (floor / "docs").rglob("*.md"):
        page.write_text("# A page\n\nOne sentence of text.\n", encoding="utf-8")
    row.update(builds_in_turns(n, project, floor, work, runs, site))
    row["site_mb"] = round(folder_size(site) / 2**20, 1)
    row["search_index_mb"] = round((site / "search" / "search_index.json").stat().st_size / 2**20, 2)
    row["plain_nav"] = median_of(runs, [str(BIN / "mkdocs"), "build", "-q", "-d", str(work / "plain")], exported, 3600)
    auto = work / f"export-{n}-auto"
    shutil.copytree(exported, auto)
    config = (auto / "mkdocs.yml").read_text(encoding="utf-8")
    (auto / "mkdocs.yml").write_text(config.split("\nnav:")[0] + "\n", encoding="utf-8")
    row["plain_auto_nav"] = median_of(1 if n >= 10000 else runs, [str(BIN / "mkdocs"), "build", "-q", "-d",
                                      str(work / "auto")], auto, auto_nav_timeout)
    ours, plain, auto_s = row["ours"]["seconds"], row["plain_nav"]["seconds"], row["plain_auto_nav"]["seconds"]
    row["ours_vs_plain_nav"] = round(ours / plain, 2) if ours and plain else None
    row["auto_nav_vs_ours"] = round(auto_s / ours, 1) if ours and auto_s else None
    if serve_edits:
        row["serve_reload"] = serve_reload(project, serve_edits, BIN / "mkdocs", ENV)
        row["validate_watch"] = validate_watch(project, serve_edits, BIN / "dossier", ENV)
    if pdf:
        row["pdf"] = median_of(1 if n >= 10000 else runs, [str(BIN / "dossier"), "pdf", "-q", "-o",
                                                           str(work / "synth.pdf")], project, 3600)
    for folder in (site, work / "plain", work / "auto", auto, exported, floor, work / "floor-site"):
        shutil.rmtree(folder, ignore_errors=True)
    return row


def bench_hostile_pdf(work: Path, runs: int) -> dict:
    """``dossier pdf`` on the 100-entry dossier with each hostile entry added in turn."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "tests"))
    from test_pdf_robustness import HOSTILE_BODIES, biggest_entry  # the inputs the tests use

    results = {}
    for case in ("300-quote-markers", "24000-emphasis-openers", "256-kib-entry"):
        project = work / f"hostile-{case}"
        write_synthetic(project, 100, seed=1)
        body = HOSTILE_BODIES[case] or biggest_entry()
        actor = sorted((project / "dossier" / "actors").glob("*.yml"))[0]
        text = body.replace("id: land-b", f"id: {actor.stem}").replace("[src-one]", "[" + next(
            (project / "dossier" / "sources").glob("*.yml")).stem + "]")
        actor.write_text(text, encoding="utf-8")
        results[case] = median_of(runs, [str(BIN / "dossier"), "pdf", "-q", "-o", str(work / "h.pdf")], project, 600)
        shutil.rmtree(project, ignore_errors=True)
    return results


def _memory(measured: dict) -> str:
    """A long-running process's memory over the edits of a measurement."""
    rss = measured["rss_mb_after_each_edit"]
    return f"memory {rss[0]} MB after the first edit, {rss[-1]} MB after the last, peak {measured['peak_rss_mb']} MB"


def table(results: dict) -> str:
    """The results as a fixed-width text table."""
    def s(value) -> str:
        return "–" if value is None else str(value)

    head = ("entries", "validate s", "ours s", "peak MB", "no-positions s", "positions cost", "plain+nav s", "ours/plain",
            "auto-nav s", "auto/ours", "floor s", "site MB", "index MB")
    lines = [" | ".join(head)]

    def get(row: dict, key: str, field: str = "seconds"):
        value = row.get(key)
        return value.get(field) if isinstance(value, dict) else value

    for row in results["sizes"]:
        auto = row.get("plain_auto_nav") or {}
        auto_text = s(auto.get("seconds")) if auto.get("seconds") is not None or not auto else \
            f">{auto['timed_out_after']:.0f}"
        lines.append(" | ".join(s(v) for v in (
            row["entries"], get(row, "validate"), get(row, "ours"), get(row, "ours", "rss_mb"),
            get(row, "ours_without_positions"), row.get("positions_cost"), get(row, "plain_nav"),
            row.get("ours_vs_plain_nav"))) + " | " + auto_text + " | " + " | ".join(s(v) for v in (
            row.get("auto_nav_vs_ours"), get(row, "floor"), row.get("site_mb"), row.get("search_index_mb"))))
    for row in results["sizes"]:
        ours, floor = row["ours"], row.get("floor", {})
        lines.append(f"build CPU ({row['entries']} entries): ours {ours.get('cpu_seconds')} s, floor "
                     f"{floor.get('cpu_seconds')} s")
        serve = row.get("serve_reload")
        if serve:
            lines.append(f"serve ({row['entries']} entries): save -> page shows the edit {serve['seconds']} s (median of "
                         f"{len(serve['runs'])}, runs {min(serve['runs'])} to {max(serve['runs'])}); {_memory(serve)}")
        watch = row.get("validate_watch")
        if watch:
            lines.append(f"validate --watch ({row['entries']} entries): save -> report {watch['seconds']} s, the check "
                         f"itself {watch['check_seconds']} s (medians of {len(watch['runs'])}); {_memory(watch)}")
    if results.get("reference_loop_seconds") is not None:
        lines.append(f"machine: {results['machine'].get('cpus')} cores; the reference loop of plain Python took "
                     f"{results['reference_loop_seconds']} s at the start, {results.get('reference_loop_seconds_end')} s "
                     "at the end (devtools/bench_machine.py)")
    for name, value, target, met in targets(results):
        lines.append(f"target: {name}: {value} (target {target}): {'met' if met else 'NOT met'}")
    for name, pdf in results.get("pdf", {}).items():
        lines.append(f"pdf ({name}): {pdf['seconds']} s (runs {pdf.get('runs')}), peak {pdf.get('tree_rss_mb')} MB "
                     f"for all its processes together ({pdf['rss_mb']} MB the largest one)")
    for h in results.get("history", []):
        lines.append(f"history ({h['entries']} entries, {h['commits']} commits, {h['read_cold']['updates']} updates): "
                     f"read {h['read_cold']['read']} s cold, {h['read_warm']['read']} s from the cache; "
                     f"build {h['build_off']['seconds']} s without, {h['build_cold']['seconds']} s cold "
                     f"({h['cold_vs_off']:+.1%}), {h['build_warm']['seconds']} s with the cache ({h['warm_vs_off']:+.1%})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; see the module docstring."""
    parser = argparse.ArgumentParser(prog="python -m dossierkit.devtools.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--auto-nav-timeout", type=float, default=600, help="stop the automatic-nav build after this")
    parser.add_argument("--project", default=".", help="the shipped project (for its PDF)")
    parser.add_argument("--out", default="build/bench-results.json")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF measurements (for a quick check)")
    parser.add_argument("--positions-only", action="store_true",
                        help="only the build with and without positions at each size (issue 22's check)")
    parser.add_argument("--pdf-only", action="store_true", help="only the PDF measurements (no site builds)")
    parser.add_argument("--history-at", default="10000", help="sizes at which to measure the git history ('' for none)")
    parser.add_argument("--history-commits", type=int, default=1000, help="commits of that history")
    parser.add_argument("--history-only", action="store_true", help="only the history measurements")
    parser.add_argument("--serve-at", default="1000,10000", help="sizes at which to measure serve ('' for none)")
    parser.add_argument("--serve-edits", type=int, default=50, help="edits per serve measurement (median)")
    args = parser.parse_args(argv)
    results: dict = {"machine": machine(), "load_average": load_average(), "reference_loop_seconds": reference_loop(),
                     "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), "sizes": [], "pdf": {}, "history": []}
    history_at = {int(x) for x in args.history_at.split(",") if x.strip()}
    with tempfile.TemporaryDirectory(prefix="dossier-bench-") as tmp:
        work = Path(tmp)
        if not args.no_pdf and not args.history_only and not args.positions_only:
            results["pdf"]["shipped dossier"] = median_of(
                1, [str(BIN / "dossier"), "pdf", "-q", "-o", str(work / "shipped.pdf")], Path(args.project).resolve(), 3600)
        for n in (int(x) for x in args.sizes.split(",")):
            print(f"bench: {n} entries ...", file=sys.stderr, flush=True)
            if n in history_at and not args.pdf_only and not args.positions_only:
                results["history"].append(history_row(n, work, args.runs, args.history_commits))
                Path(args.out).parent.mkdir(parents=True, exist_ok=True)
                Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
            if args.positions_only:
                project = work / f"synth-{n}"
                write_synthetic(project, n, seed=1)
                row = {"entries": n, **builds_in_turns(n, project, None, work, args.runs, work / f"site-{n}")}
                results["sizes"].append(row)
                shutil.rmtree(project, ignore_errors=True)
                shutil.rmtree(work / f"site-{n}", ignore_errors=True)
                print(f"bench: {n} entries: with positions {row['ours']['runs']}, without "
                      f"{row['ours_without_positions']['runs']}: ratio {row['positions_cost']}", file=sys.stderr, flush=True)
                Path(args.out).parent.mkdir(parents=True, exist_ok=True)
                Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
                continue
            if args.history_only:
                continue
            if args.pdf_only:
                project = work / f"synth-{n}"
                write_synthetic(project, n, seed=1)
                results["pdf"][f"{n} entries"] = median_of(1 if n >= 10000 else args.runs, [
                    str(BIN / "dossier"), "pdf", "-q", "-o", str(work / "synth.pdf")], project, 3600)
                shutil.rmtree(project, ignore_errors=True)
                continue
            serve_at = {int(x) for x in args.serve_at.split(",") if x.strip()}
            row = bench_size(n, work, args.runs, args.auto_nav_timeout, pdf=not args.no_pdf,
                             serve_edits=args.serve_edits if n in serve_at else None)
            results["sizes"].append(row)
            if "pdf" in row:
                results["pdf"][f"{n} entries"] = row["pdf"]
            Path(args.out).parent.mkdir(parents=True, exist_ok=True)
            Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        if not args.no_pdf and not args.history_only and not args.positions_only:
            for case, result in bench_hostile_pdf(work, args.runs).items():
                results["pdf"][f"100 entries + {case}"] = result
            Path(args.out).parent.mkdir(parents=True, exist_ok=True)
            Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    results["targets"] = [{"target": name, "value": value, "limit": limit, "met": met}
                          for name, value, limit, met in targets(results)]
    results["load_average_end"] = load_average()
    results["reference_loop_seconds_end"] = reference_loop()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    print(f"(written to {args.out})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
