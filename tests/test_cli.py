"""The ``dossier`` command: every sub-command and exit code."""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dossierkit.cli.main import main
from dossierkit.cli.report import escape_data, escape_property, github_annotation
from dossierkit.errors import Problem


@pytest.fixture
def in_dir(monkeypatch):
    def go(path: Path) -> None:
        monkeypatch.chdir(path)
    return go


def test_validate_clean_exits_0(starter, in_dir, capsys):
    in_dir(starter)
    assert gc.isenabled()
    assert main(["validate"]) == 0
    assert "12 entries checked: 0 error(s), 0 warning(s)" in capsys.readouterr().out
    assert gc.isenabled()  # off while validate loads, then on again for whoever called main()


def test_validate_finds_dossier_from_a_subfolder(starter, in_dir, capsys):
    in_dir(starter / "dossier" / "actors")
    assert main(["validate"]) == 0


def test_validate_with_config_file_from_elsewhere(starter, in_dir, tmp_path, capsys):
    in_dir(tmp_path)
    assert main(["validate", "-f", str(starter / "mkdocs.yml")]) == 0


def test_validate_reads_dossier_dir_option(starter, in_dir, capsys):
    (starter / "dossier").rename(starter / "content")
    (starter / "mkdocs.yml").write_text((starter / "mkdocs.yml").read_text().replace("dossier_dir: dossier", "dossier_dir: content"))
    in_dir(starter)
    assert main(["validate"]) == 0


def test_validate_errors_exit_1_with_locations(entries, in_dir, capsys):
    entries.write("actors/land-d.yml", "id: land-d\nname: D\ntype: stat\nsummary: x\nsources: [src-one]\n")
    in_dir(entries.root)
    assert main(["validate"]) == 1
    out = capsys.readouterr().out
    assert "dossier/actors/land-d.yml:3:1: error: type: 'stat' is not one of" in out
    assert "did you mean 'state'?" in out


def test_warnings_exit_0_unless_strict(entries, in_dir, capsys):
    entries.write("sources/src-three.yml", "id: src-three\ntitle: T\npublisher: P\nkind: other\nlanguage: en\n")
    in_dir(entries.root)
    assert main(["validate"]) == 0
    assert main(["validate", "--strict"]) == 1
    assert "warning: source is not cited" in capsys.readouterr().out


def test_validate_json_format(entries, in_dir, capsys):
    entries.write("actors/land-d.yml", "id: land-d\nname: D\ntype: stat\nsummary: x\nsources: [src-one]\n")
    in_dir(entries.root)
    assert main(["validate", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == 1
    assert data["problems"][0] == {
        "path": "dossier/actors/land-d.yml", "line": 3, "column": 1, "severity": "error", "field": "type",
        "message": data["problems"][0]["message"]}


def test_validate_github_format(entries, in_dir, capsys):
    entries.write("actors/land-d.yml", "id: land-d\nname: D\ntype: stat\nsummary: x\nsources: [src-one]\n")
    in_dir(entries.root)
    assert main(["validate", "--format", "github"]) == 1
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith("::error file=dossier/actors/land-d.yml,line=3,col=1,title=dossier validate::type: 'stat'")


def test_annotation_escaping():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    p = Problem("dir,odd:name.yml", 2, 3, "bad: 100%\nsecond line")
    assert github_annotation(p) == "::error file=dir%2Codd%3Aname.yml,line=2,col=3,title=dossier validate::bad: 100%25%0Asecond line"


@pytest.mark.parametrize("argv", [[], ["validate", "--format", "xml"], ["new", "people", "x"], ["bogus"]])
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2


def test_missing_config_is_a_clean_error(tmp_path, in_dir, capsys):
    in_dir(tmp_path)
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert "no mkdocs.yml here or above" in err and "Traceback" not in err


def test_new_writes_a_stub_that_validates_once_filled(starter, in_dir, capsys):
    in_dir(starter)
    assert main(["new", "actor", "land-e"]) == 0
    path = starter / "dossier" / "actors" / "land-e.yml"
    text = path.read_text()
    assert "$schema" not in text  # the starter publishes no docs/schema
    assert main(["validate"]) == 1  # placeholders are refused
    filled = text.replace("name: FILL-ME", "name: Land E").replace("summary: FILL-ME", "summary: A state.") \
                 .replace("  - FILL-ME", "  - src-one").replace("type: FILL-ME", "type: state")
    path.write_text(filled)
    assert main(["validate"]) == 0


def test_new_links_the_schema_when_published(starter, in_dir, capsys):
    in_dir(starter)
    assert main(["schema"]) == 0
    assert main(["new", "event", "e-one"]) == 0
    first = (starter / "dossier" / "events" / "e-one.yml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../docs/schema/event.json"


def test_new_refuses_to_overwrite(starter, in_dir, capsys):
    in_dir(starter)
    before = (starter / "dossier" / "actors" / "land-a.yml").read_text()
    assert main(["new", "actor", "land-a"]) == 1
    assert main(["new", "organisation", "land-a"]) == 1  # ids are unique across kinds
    assert "already exists" in capsys.readouterr().err
    assert (starter / "dossier" / "actors" / "land-a.yml").read_text() == before


@pytest.mark.parametrize("bad_id", ["../evil", "Upper", "a/b", "a\\b", "a b"])
def test_new_refuses_bad_ids(starter, in_dir, bad_id, capsys):
    in_dir(starter)
    assert main(["new", "actor", bad_id]) == 1
    assert not any(p.name.startswith(("evil", "Upper")) for p in starter.rglob("*"))


def test_export_json(starter, in_dir, capsys):
    in_dir(starter)
    assert main(["export", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "dossierkit-export" and data["version"] == 1
    assert [e["id"] for e in data["entries"]][:3] == ["land-a", "land-b", "person-c"]
    year = next(e for e in data["entries"] if e["id"] == "year-event")
    assert year["fields"]["date"] == {"value": "2025", "approximate": True}
    rel = next(r for r in data["relations"] if r["type"] == "member_of" and r["subject"] == "land-a")
    assert rel["inverse_label"] == "members" and rel["since"] == "2025-09-17"


def test_export_is_stable(starter, in_dir, capsys, tmp_path):
    in_dir(starter)
    main(["export", "-o", str(tmp_path / "a.json")])
    main(["export", "-o", str(tmp_path / "b.json")])
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_export_csv_neutralises_formulas(entries, in_dir, capsys):
    entries.write("actors/land-b.yml", "id: land-b\nname: \"=HYPERLINK('http://x')\"\ntype: state\nsummary: x\nsources: [src-one]\n")
    in_dir(entries.root)
    assert main(["export", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 12
    row = next(r for r in rows if r["id"] == "land-b")
    assert row["label"] == "'=HYPERLINK('http://x')"
    assert next(r for r in rows if r["id"] == "pact-signed")["date"] == "2025-09-17"


def test_export_refuses_an_invalid_dossier(entries, in_dir, capsys):
    entries.write("actors/land-d.yml", "id: land-d\n")
    in_dir(entries.root)
    assert main(["export"]) == 1


def test_init_creates_a_project_that_validates(tmp_path, in_dir, capsys):
    in_dir(tmp_path)
    assert main(["init", "newproj", "--title", "Rivers of Europe"]) == 0
    project = tmp_path / "newproj"
    assert "Rivers of Europe" in (project / "mkdocs.yml").read_text()
    assert sorted(p.name for p in (project / "docs" / "schema").iterdir())[0] == "actor.json"
    for folder in ("actors", "organisations", "obstacles", "events", "terms", "sources"):
        assert list((project / "dossier" / folder).glob("*.yml")), folder
    in_dir(project)
    assert main(["validate", "--strict"]) == 0


def test_init_project_builds_strict(tmp_path, in_dir, capsys):
    from sitebuild import build_site

    in_dir(tmp_path)
    assert main(["init", "newproj"]) == 0
    assert build_site(tmp_path / "newproj", tmp_path / "site") == []
    assert (tmp_path / "site" / "organisations" / "example-proposal" / "index.html").is_file()
    assert not (tmp_path / "newproj" / "site").exists()


def test_init_refuses_a_non_empty_folder(tmp_path, in_dir, capsys):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("mine")
    in_dir(tmp_path)
    assert main(["init", "x"]) == 1
    assert (tmp_path / "x" / "keep.txt").read_text() == "mine"


def test_console_script_has_no_traceback(tmp_path):
    exe = Path(sys.executable).parent / "dossier"
    result = subprocess.run([str(exe), "validate", "--dossier", str(tmp_path / "missing")],
                            capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "DOSSIER_DEBUG": ""})
    assert result.returncode == 1
    assert "missing:1:1: error: dossier folder not found" in result.stdout
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_named_pipe_in_docs_is_reported_not_read(starter):
    # Reading a pipe waits for a writer: the check names it instead, and a page swapped for
    # one after the listing is read without blocking.  A reader that waits fails by the timeout.
    os.mkfifo(starter / "docs" / "notes.md")
    done = subprocess.run([sys.executable, "-m", "dossierkit.cli.main", "validate"], cwd=starter,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "docs/notes.md:1:1: error: not a regular file (a pipe, socket or device); remove it" in done.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_page_that_is_a_pipe_reads_as_empty(tmp_path):
    from dossierkit.project.checks import _read_page

    os.mkfifo(tmp_path / "page.md")
    code = ("import sys\nfrom pathlib import Path\nfrom dossierkit.project.checks import _read_page\n"
            "print(repr(_read_page(Path(sys.argv[1]), 'docs/page.md', [])))\n")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "page.md")], capture_output=True, text=True,
                          timeout=60)  # (a reader that waits for a writer fails by this timeout)
    assert done.stdout.strip() == "''"
    problems = []
    (tmp_path / "crlf.md").write_bytes(b"\xef\xbb\xbf---\r\ntitle: x\r\n---\rbody\n")
    assert _read_page(tmp_path / "crlf.md", "docs/crlf.md", problems) == "---\ntitle: x\n---\nbody\n"


@pytest.mark.parametrize("warned", [False, True])
def test_the_console_script_prints_the_whole_report_before_it_exits(starter, warned):
    # After a one-shot validate of a dossier that loads (with a warning that --strict makes fail, or
    # clean), the console script ends with os._exit, past the freeing of the dossier it loaded: its
    # report, block-buffered into a pipe, must be flushed first.
    if warned:
        (starter / "dossier" / "sources" / "src-unused.yml").write_text(
            "id: src-unused\ntitle: Third source\npublisher: Example Daily\nkind: analysis-opinion\n"
            "url: https://example.org/three\npublished: 2026-06\nlanguage: en\n")
    env = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}  # a pipe buffers
    env["DOSSIER_DEBUG"] = ""
    argv = ["validate", "--format", "json", "--strict"]
    script = subprocess.run([str(Path(sys.executable).parent / "dossier"), *argv],
                            capture_output=True, text=True, cwd=starter, env=env)
    plain = subprocess.run([sys.executable, "-c", "import sys\nfrom dossierkit.cli.main import main\nsys.exit(main())",
                            *argv], capture_output=True, text=True, cwd=starter, env=env)
    assert (script.returncode, script.stdout, script.stderr) == (plain.returncode, plain.stdout, plain.stderr)
    assert script.returncode == (1 if warned else 0)
    report = json.loads(script.stdout)
    assert (report["entries"], report["warnings"]) == ((13, 1) if warned else (12, 0))


def test_main_called_from_python_keeps_no_dossier(starter, in_dir, capsys):
    from dossierkit.cli import main as cli

    in_dir(starter)
    assert main(["validate"]) == 0
    assert cli._EXIT_PAST is None
