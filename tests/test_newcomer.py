"""A newcomer's first dossier, from the wheel alone.

The package is built as a wheel and installed, as `pipx install` would, into
a fresh virtual environment (its dependencies from `build/wheelhouse`, the
pinned wheels that `make test` downloads, so the test needs no network).
Then, in a folder outside this repository, with a PATH that holds only that
environment and the system, and no variable that silences a banner: `dossier
init`, remove the examples, `dossier new` for each entry, fill the stubs as a
person would, `dossier validate --strict`, and `dossier build --strict` with
each engine.  No file of this repository is read but the wheel.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild import ROOT

WHEELHOUSE = ROOT / "build" / "wheelhouse"
BANNER = "end of life"


def sh(argv: list[str], cwd: Path, env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    result = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{argv}: {result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin folder of a fresh virtual environment holding only the wheel and its dependencies."""
    if not (WHEELHOUSE / ".complete").is_file():
        if os.environ.get("CI") == "true":
            pytest.fail("build/wheelhouse is missing: `make test` downloads it (make wheelhouse)")
        pytest.skip("build/wheelhouse is missing: run `make wheelhouse` (make test does)")
    base = tmp_path_factory.mktemp("newcomer-tool")
    env = dict(os.environ)
    sh([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", str(ROOT),
        "-w", str(base / "dist")], cwd=base, env=env)
    wheel = next((base / "dist").glob("dossierkit-*.whl"))
    sh([sys.executable, "-m", "venv", str(base / "venv")], cwd=base, env=env)
    bin_dir = base / "venv" / "bin"
    sh([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-index",
        "--find-links", str(WHEELHOUSE), str(wheel)], cwd=base, env=env)
    return bin_dir


def newcomer_env(bin_dir: Path, home: Path) -> dict[str, str]:
    """A fresh shell: the tool's environment on the PATH, nothing of this repository, no banner switch."""
    keep = {k: v for k, v in os.environ.items() if k in ("LANG", "LC_ALL", "TMPDIR", "SOURCE_DATE_EPOCH")}
    return {**keep, "PATH": f"{bin_dir}{os.pathsep}/usr/local/bin:/usr/bin:/bin", "HOME": str(home)}


def fill(path: Path, values: dict[str, str]) -> None:
    """Replace every ``FIELD: FILL-ME`` (or list item under it) of a stub, as a contributor would."""
    text = path.read_text(encoding="utf-8")
    for field, value in values.items():
        text, n = re.subn(rf"^{field}: FILL-ME$|^{field}:\n  - FILL-ME$", f"{field}: {value}", text, flags=re.M)
        assert n == 1, (path.name, field)
    assert not re.search(r"^[^#]*FILL-ME", text, re.M), f"{path.name}: a placeholder is left"
    path.write_text(text, encoding="utf-8")


def test_a_newcomer_starts_a_dossier_with_the_wheel_alone(installed, tmp_path):
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    env = newcomer_env(installed, home)
    where = sh(["python", "-c", "import dossierkit, sys; print(dossierkit.__file__); print(sys.prefix)"], work, env)
    assert str(ROOT) not in where.stdout and str(installed.parent) in where.stdout

    out = sh(["dossier", "init", "rivers", "--title", "Rivers of Europe", "--repo", "acme/rivers",
              "--maintainer", "@alice"], work, env)
    assert "dossier validate" in out.stdout and "dossier serve" in out.stdout
    project = work / "rivers"
    for example in project.glob("dossier/*/example-*.yml"):
        example.unlink()

    stubs = {("source", "danube-report-2024"): {
                 "title": "The Danube in numbers", "publisher": "River Statistics Office", "kind": "official-document",
                 "language": "en"},
             ("actor", "austria"): {
                 "name": "Austria", "summary": "A state on the Danube.", "sources": "[danube-report-2024]",
                 "type": "state"},
             ("organisation", "danube-commission"): {
                 "name": "Danube Commission", "summary": "An organisation of the states on the Danube.",
                 "sources": "[danube-report-2024]", "type": "intergovernmental-organisation", "status": "operational",
                 "confidence": "reported"},
             ("event", "danube-convention-signed"): {
                 "title": "The Danube convention is signed", "summary": "The states on the Danube sign it.",
                 "sources": "[danube-report-2024]", "date": "1948-08-18", "confidence": "reported"}}
    for (kind, entry_id), values in stubs.items():
        sh(["dossier", "new", kind, entry_id], project, env)
        fill(next(project.glob(f"dossier/*/{entry_id}.yml")), values)
    org = project / "dossier" / "organisations" / "danube-commission.yml"
    org.write_text(org.read_text(encoding="utf-8") + "body: |\n  Founded after the [[danube-convention-signed]].\n"
                   "memberships:\n  - member: austria\n    sources: [danube-report-2024]\n", encoding="utf-8")

    checked = sh(["dossier", "validate", "--strict"], project, env)
    assert "4 entries checked: 0 error(s), 0 warning(s)" in checked.stdout
    for engine in ("properdocs", "mkdocs"):
        built = sh(["dossier", "build", "--strict", "--engine", engine, "-d", f"site-{engine}"], project, env)
        assert BANNER not in built.stderr + built.stdout, engine
        site = project / f"site-{engine}"
        page = (site / "organisations" / "danube-commission" / "index.html").read_text(encoding="utf-8")
        assert "Danube Commission" in page and "../../actors/austria/" in page
        for listing in ("actors", "organisations", "events", "terms", "sources", "status", "graph", "format/event"):
            assert (site / listing / "index.html").is_file(), (engine, listing)
        home_page = (site / "index.html").read_text(encoding="utf-8")
        assert "Rivers of Europe" in home_page and "danube-convention-signed/" in home_page
    assert not list(project.rglob("*.pyc"))
