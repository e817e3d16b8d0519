"""What ``make bench``'s figures were measured on: the machine, its load, and its speed at plain Python.

The targets of issue 21 are partly absolute (a validate in 1 s, an edit on
screen in 1.5 s), and the machines this runs on differ: the same commit
measured twice as slow on one as on another.  :func:`reference_loop` times
a fixed loop of plain Python at the start and at the end of a run, so that
runs on different machines, or a machine that slowed down during a run,
can be told apart on the benchmarks page.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys


def machine() -> dict:
    """What the figures were measured on."""
    mem = ""
    try:
        mem = next(line for line in open("/proc/meminfo") if line.startswith("MemTotal")).split(":")[1].strip()
    except (OSError, StopIteration):
        pass
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "memory": mem, "processor": platform.processor() or platform.machine()}


def reference_loop() -> float:
    """Seconds this machine takes for a fixed loop of plain Python (the best of three), to set
    figures of different machines side by side: the absolute targets depend on the machine's speed."""
    code = "import time\nt = time.perf_counter()\nn = 0\nfor i in range(10_000_000):\n    n += i\nprint(time.perf_counter() - t)"
    return round(min(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                          check=True).stdout) for _ in range(3)), 3)


def load_average() -> list[float] | None:
    """The machine's load average when the run started (other work skews the times)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None
