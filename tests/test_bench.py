"""`make bench` runs end to end (at a tiny size, so it stays a quick check).

The figures themselves are not checked here: speed is judged by the
benchmark on a quiet machine, never by timed unit tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sitebuild import ROOT


def test_bench_measures_every_figure_and_prints_a_table(tmp_path: Path):
    out = tmp_path / "results.json"
    run = subprocess.run([sys.executable, "-m", "dossierkit.devtools.bench", "--sizes", "30", "--runs", "1", "--no-pdf",
                          "--auto-nav-timeout", "120", "--project", str(ROOT), "--out", str(out),
                          "--history-at", "30", "--history-commits", "12", "--serve-at", "30", "--serve-edits", "2"],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    (row,) = results["sizes"]
    assert row["entries"] == 30
    for key in ("validate", "ours", "plain_nav", "plain_auto_nav", "floor"):
        assert row[key]["seconds"] > 0, key
    assert row["ours"]["rss_mb"] > 0 and row["site_mb"] > 0 and row["search_index_mb"] > 0
    assert row["ours_vs_plain_nav"] == round(row["ours"]["seconds"] / row["plain_nav"]["seconds"], 2)
    # Issue 22: the same dossier without its positions, built in turns with it.
    assert row["ours_without_positions"]["seconds"] > 0 and len(row["ours"]["runs"]) == 1
    assert row["positions_cost"] == round(row["ours"]["seconds"] / row["ours_without_positions"]["seconds"], 3)
    assert results["machine"]["cpus"] >= 1
    assert results["reference_loop_seconds"] > 0 and results["reference_loop_seconds_end"] > 0
    assert "the reference loop of plain Python took" in run.stdout
    assert len(row["validate"]["runs"]) == 7 and len(row["floor"]["runs"]) == 1
    assert row["ours"]["cpu_seconds"] > 0 and row["floor"]["cpu_seconds"] > 0
    serve = row["serve_reload"]
    assert len(serve["runs"]) == 2 and serve["seconds"] > 0
    if sys.platform == "linux":
        assert len(serve["rss_mb_after_each_edit"]) == 2 and serve["peak_rss_mb"] >= max(serve["rss_mb_after_each_edit"])
    assert "serve (30 entries): save -> page shows the edit" in run.stdout
    watch = row["validate_watch"]
    assert len(watch["runs"]) == 2 and watch["seconds"] > 0 and watch["check_seconds"] > 0
    assert watch["first_check"].startswith("[") and "watching for changes" in watch["first_check"]
    assert "validate --watch (30 entries): save -> report" in run.stdout
    header, line = run.stdout.splitlines()[:2]
    assert "floor s" in header and line.startswith("30 | ")
    (history,) = results["history"]
    assert (history["entries"], history["commits"]) == (30, 12)
    assert history["read_cold"]["computed"] == history["read_cold"]["commits"] > 1 and history["read_warm"]["computed"] == 0
    for key in ("build_off", "build_cold", "build_warm"):
        assert history[key]["seconds"] > 0, key
    assert "history (30 entries, 12 commits" in run.stdout


def test_builds_to_compare_run_in_turns(monkeypatch, tmp_path: Path):
    """Ours, ours without positions and the floor alternate, run after run, so that a machine that
    changes speed during the runs weighs on each alike."""
    from dossierkit.devtools import bench

    order = []

    def measure(cmd, cwd, timeout):
        order.append(Path(cwd).name)
        return {"wall": 1.0 + len(order), "cpu": 2.0, "rss_kb": 1024, "tree_kb": None, "rc": 0}

    monkeypatch.setattr(bench, "measure", measure)
    found = bench.in_turns(3, {"ours": (["x"], tmp_path / "a"), "floor": (["y"], tmp_path / "b")})
    assert order == ["a", "b"] * 3
    assert found["ours"]["runs"] == [2.0, 4.0, 6.0] and found["floor"]["runs"] == [3.0, 5.0, 7.0]
    assert found["ours"]["seconds"] == 4.0 and found["floor"]["cpu_seconds"] == 2.0


def test_the_build_targets_show_each_turns_ratio():
    from dossierkit.devtools.bench_targets import targets
    row = {"entries": 10000, "validate": {"seconds": 0.9},
           "ours": {"seconds": 25.63, "runs": [17.09, 25.63, 26.54], "cpu_seconds": 37.03, "cpu_runs": [28.72, 37.03, 37.8]},
           "floor": {"seconds": 24.47, "runs": [21.03, 24.47, 33.91], "cpu_seconds": 20.5, "cpu_runs": [20.17, 20.5, 31.86]}}
    found = {name: (figure, met) for name, figure, _, met in targets({"sizes": [row]})}
    assert found["build wall, 10,000 entries"] == ("25.63 s (floor 24.47 s); turn by turn 0.81x, 1.05x, 0.78x", False)
    assert found["build CPU, 10,000 entries"] == ("37.03 s = 1.81x floor (20.5 s); turn by turn 1.42x, 1.81x, 1.19x", False)
    assert found["validate, 10,000 entries"] == ("0.9 s", True)
    del row["floor"]["cpu_runs"]  # results of a bench before runs were kept: the medians only
    assert targets({"sizes": [row]})[1][1] == "37.03 s = 1.81x floor (20.5 s)"
