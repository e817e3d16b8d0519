"""``python -m dossierkit.devtools.profile_build`` times a real build phase by phase."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from sitebuild import ROOT


def test_profile_build_prints_every_phase(tmp_path: Path):
    run = subprocess.run([sys.executable, "-m", "dossierkit.devtools.profile_build", "mkdocs.yml"],
                         cwd=ROOT / "tests" / "fixtures" / "starter", capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    lines = run.stdout.splitlines()
    assert re.fullmatch(r" *\d+\.\d\d s  whole build", lines[0])
    labels = {line.split(" s  ", 1)[1] for line in lines[1:]}
    assert {"Python-Markdown (pages)", "search indexing (Material)", "Jinja templates (Material)", "writing files",
            "plugin on_files", "plugin on_page_content", "  plugin: generate pages"} <= labels
    assert not (ROOT / "tests" / "fixtures" / "starter" / "site").exists()  # built into a temporary folder
