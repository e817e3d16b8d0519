"""The workflows that run ``dossier check-sources``, run here as written (against the test's server).

The generic workflow rules (pinned actions, permissions, zizmor, schemas)
are in ``test_github.py``; this module checks what these two steps do.
"""

from __future__ import annotations

import json
import os
import shlex

import pytest
import yaml

from dossierkit.cli.main import main
from sitebuild import ROOT
from sourceserver import offline_network, page, server  # noqa: F401
from test_check_sources import project  # noqa: F401
from test_check_sources_runs import git, needs_git, repo  # noqa: F401

WORKFLOWS = ROOT / ".github" / "workflows"


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def the_step(workflow: dict, needle: str) -> dict:
    found = [step for job in workflow["jobs"].values() for step in job["steps"] if needle in step.get("run", "")]
    assert len(found) == 1, needle
    return found[0]


def command_line(script: str) -> list[str]:
    """The ``dossier check-sources`` command of a script, its ``$VARIABLES`` expanded."""
    joined = script.replace("\\\n", " ")
    line = next(line for line in joined.splitlines() if "dossier check-sources" in line)
    argv = [os.path.expandvars(arg) for arg in shlex.split(line)]
    argv = argv[: argv.index(">")] if ">" in argv else argv  # the redirection is the shell's
    return argv[argv.index("check-sources"):]


def test_the_pull_request_workflow_checks_the_changed_sources_with_annotations():
    workflow = load("pull-request.yml")
    step = the_step(workflow, "bin/dossier check-sources")
    argv = command_line(step["run"])
    assert argv[:5] == ["check-sources", "--changed-only", "--base", "$BASE_SHA", "--format"]
    assert argv[5] == "github" and "$RUNNER_TEMP/source-cache" in argv  # the cache is outside the checkout
    assert step["env"] == {"BASE_SHA": "${{ github.event.pull_request.base.sha }}"}
    assert "!cancelled()" in step["if"]
    checkout = next(s for j in workflow["jobs"].values() for s in j["steps"] if "checkout@" in s.get("uses", ""))
    assert checkout["with"]["fetch-depth"] == 0  # the base commit is there to compare with
    summary = the_step(workflow, "ci-summary")
    assert '--check "dossier check-sources=$SOURCES"' in summary["run"]
    assert summary["env"]["SOURCES"] == "${{ steps.sources.outcome }}" and step["id"] == "sources"


@needs_git
def test_the_pull_request_step_runs_as_written(project, repo, monkeypatch, tmp_path):
    base = git(repo, "rev-parse", "HEAD")
    project.server.routes["/new"] = page("<p>The new page says something else.</p>")
    project.source("src-new", project.server.url("/new"))
    project.cite("cites-new", {"source": "src-new", "quote": "the words of the pull request"})
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a pull request")
    monkeypatch.setenv("BASE_SHA", base)
    monkeypatch.setenv("RUNNER_TEMP", str(tmp_path / "runner"))
    argv = command_line(the_step(load("pull-request.yml"), "bin/dossier check-sources")["run"])
    code = main([*argv, "--allow-host", project.server.endpoint])
    lines = project.capsys.readouterr().out.splitlines()
    assert code == 1
    assert lines[:-1] == [
        "::error file=dossier/events/cites-new.yml,line=9,col=5,title=dossier check-sources::quote not found on "
        f"{project.server.url('/new')} (source src-new, dossier/sources/src-new.yml:6): \"the words of the pull "
        "request\"; not even its first words are on the page",
        "::notice file=dossier/sources/src-new.yml,line=6,col=1,title=dossier check-sources::source src-new: "
        f"reachable: {project.server.url('/new')}",
    ]
    assert (tmp_path / "runner" / "source-cache").is_dir()


def test_the_weekly_workflow_checks_everything_and_uploads_the_report():
    workflow = load("check-sources.yml")
    on = workflow.get("on", workflow.get(True))
    assert set(on) == {"schedule", "workflow_dispatch"}
    (cron,) = [entry["cron"] for entry in on["schedule"]]
    minute, hour, day, month, weekday = cron.split()
    assert minute.isdigit() and hour.isdigit() and (day, month) == ("*", "*") and weekday.isdigit()  # weekly
    step = the_step(workflow, "bin/dossier check-sources")
    argv = command_line(step["run"])
    assert "--changed-only" not in argv and argv[argv.index("--format") + 1] == "json"
    written = step["run"].replace("\\\n", " ").split(">")[-1].strip()
    upload = next(s for j in workflow["jobs"].values() for s in j["steps"] if "upload-artifact@" in s.get("uses", ""))
    assert upload["with"]["path"] == written == "build/source-report.json"
    assert upload["with"]["name"] == "source-report" and "!cancelled()" in upload["if"]
    assert workflow["jobs"]["check"]["permissions"] == {"contents": "read"}


def test_the_weekly_step_runs_as_written(project, monkeypatch, tmp_path):
    monkeypatch.setenv("RUNNER_TEMP", str(tmp_path / "runner"))
    argv = command_line(the_step(load("check-sources.yml"), "bin/dossier check-sources")["run"])
    code = main([*argv, "--allow-host", project.server.endpoint])
    report = json.loads(project.capsys.readouterr().out)
    assert code == 0 and report["scope"] == "all"
    assert report["summary"]["sources"]["reachable"] == 2 and report["summary"]["errors"] == 0


@pytest.mark.parametrize("name", ["pull-request.yml", "check-sources.yml"])
def test_no_workflow_lifts_the_network_boundary(name):
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    assert "--allow-private" not in text and "--allow-host" not in text
