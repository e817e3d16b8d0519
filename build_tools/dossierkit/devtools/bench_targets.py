"""Issue 21's targets for ``make bench``: each measured figure against its limit.

- serve: a saved edit shows in 0.5 s or less at 1,000 entries, 1.5 s or
  less at 10,000, with the server under 1 GiB after 50 edits and no growth
  from one edit to the next (taken from the fifth of the edits on);
- the full build of 10,000 entries: wall time at most the floor's (plain
  MkDocs + Material, same page count and nav), CPU time at most 1.6 times
  the floor's;
- ``dossier validate`` on 10,000 entries in 1 s or less.

Ours and the floor are built in turns (``bench.builds_in_turns``); besides
the medians the targets are judged by, each turn's ratio is printed, since
the two builds of a turn ran in the same state of the machine.
"""

from __future__ import annotations


def targets(results: dict) -> list[tuple[str, object, str, bool]]:
    """Issue 21's targets, as measured: (name, figure, target, met)."""
    out = []
    for row in results["sizes"]:
        n = row["entries"]
        serve = row.get("serve_reload")
        if serve and n in (1000, 10000):
            limit = 0.5 if n == 1000 else 1.5
            out.append((f"serve edit visible, {n:,} entries", f"{serve['seconds']} s", f"<= {limit} s",
                        serve["seconds"] <= limit))
        if serve and n == 10000:
            rss = [r for r in serve["rss_mb_after_each_edit"] if r is not None]
            peak = serve["peak_rss_mb"]
            out.append(("serve peak memory, 10,000 entries", f"{peak} MB", "< 1024 MB", bool(peak) and peak < 1024))
            if len(rss) >= 10:
                growth = (rss[-1] - rss[len(rss) // 5]) / max(1, len(rss) - 1 - len(rss) // 5)
                out.append(("serve memory growth per edit", f"{growth:+.2f} MB", "none (< 1 MB)", growth < 1))
        if n == 10000:
            ours, floor = row["ours"], row["floor"]
            out.append(("build wall, 10,000 entries", f"{ours['seconds']} s (floor {floor['seconds']} s)"
                        + turn_ratios(ours.get("runs"), floor.get("runs")), "<= floor", ours["seconds"] <= floor["seconds"]))
            ratio = ours["cpu_seconds"] / floor["cpu_seconds"]
            out.append(("build CPU, 10,000 entries", f"{ours['cpu_seconds']} s = {ratio:.2f}x floor "
                        f"({floor['cpu_seconds']} s)" + turn_ratios(ours.get("cpu_runs"), floor.get("cpu_runs")),
                        "<= 1.6x floor", ratio <= 1.6))
            out.append(("validate, 10,000 entries", f"{row['validate']['seconds']} s", "<= 1 s",
                        row["validate"]["seconds"] <= 1))
    return out


def turn_ratios(ours: list[float] | None, floor: list[float] | None) -> str:
    """Each turn's ratio of ours to the floor, for a figure's text ('' unless both ran every turn)."""
    if not ours or not floor or len(ours) != len(floor) or not all(floor):
        return ""
    return "; turn by turn " + ", ".join(f"{a / b:.2f}x" for a, b in zip(ours, floor))
