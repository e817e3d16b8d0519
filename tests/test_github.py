"""The GitHub side of contributing: workflows, Dependabot, templates, hooks.

Everything here runs offline.  Workflows are checked three ways: against
GitHub's published schema (check-jsonschema), by zizmor's offline security
audits with zero findings, and by the project's own rules below (pinned
actions, least permissions, no expressions in scripts, ...).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, strategies as st

from dossierkit.cli.main import main
from dossierkit.cli.report import escape_data, escape_property, github_annotation
from dossierkit.errors import Problem
from sitebuild import ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.y*ml"))
ISSUE_FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.y*ml") if p.name != "config.yml")
BIN = Path(sys.executable).parent
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+?)(?:\s+#\s*(?P<comment>.*))?$", re.M)
PINNED = re.compile(r"^(?P<action>[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+)@(?P<sha>[0-9a-f]{40})$")
VERSION_COMMENT = re.compile(r"^v\d+(\.\d+){0,2}$")
ALLOWED_TRIGGERS = {"pull_request", "push", "workflow_dispatch", "schedule"}
WRITE_ALLOWED = {("Publish the site", "deploy"): {"pages", "id-token"}}


def tool(name: str) -> str:
    """A command-line tool from the project's environment (pinned in requirements.lock)."""
    found = BIN / name if (BIN / name).exists() else shutil.which(name)
    assert found, f"{name} is not installed: run `make install` (it is pinned in requirements.lock)"
    return str(found)


def run(*args: str, cwd: Path = ROOT, env: dict | None = None, drop: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in {**os.environ, **(env or {})}.items() if k not in drop}
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, timeout=300, env=full_env)


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return {t: None for t in on}
    return dict(on or {})


def steps(workflow: dict):
    """(job id, job, step) for every step of every job."""
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, job, step


@pytest.fixture(scope="module")
def workflows() -> dict[str, dict]:
    assert WORKFLOWS, "no workflow in .github/workflows/"
    return {p.name: load(p) for p in WORKFLOWS}


def by_trigger(workflows: dict[str, dict], trigger: str) -> tuple[str, dict]:
    found = [(name, w) for name, w in workflows.items() if trigger in triggers(w)]
    assert len(found) == 1, f"expected one workflow on {trigger}, found {[n for n, _ in found]}"
    return found[0]


# --- schemas and zizmor -------------------------------------------------------


def check_schema(schema: str, *files: Path) -> None:
    result = run(tool("check-jsonschema"), "--builtin-schema", schema, *map(str, files))
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_match_githubs_schema():
    check_schema("vendor.github-workflows", *WORKFLOWS)
    check_schema("custom.github-workflows-require-timeout", *WORKFLOWS)


def test_issue_forms_and_their_config_match_githubs_schemas():
    assert {p.name for p in ISSUE_FORMS} >= {"new-entry.yml", "factual-error.yml"}
    check_schema("vendor.github-issue-forms", *ISSUE_FORMS)
    check_schema("vendor.github-issue-config", GITHUB / "ISSUE_TEMPLATE" / "config.yml")


def test_dependabot_config_matches_its_schema():
    check_schema("vendor.dependabot", GITHUB / "dependabot.yml")


def zizmor(*inputs: Path, cwd: Path = ROOT) -> tuple[subprocess.CompletedProcess, list[dict]]:
    result = run(tool("zizmor"), "--offline", "--no-config", "--no-ignores", "--persona", "pedantic",
                 "--format", "json", "--no-progress", *map(str, inputs), cwd=cwd,
                 drop=("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN", "GH_HOST", "ZIZMOR_CONFIG"))
    try:
        findings = json.loads(result.stdout or "[]")
    except json.JSONDecodeError:
        pytest.fail(f"zizmor did not print JSON:\n{result.stdout}\n{result.stderr}")
    return result, findings


def test_zizmor_finds_nothing_even_pedantic():
    inputs = [*WORKFLOWS, GITHUB / "dependabot.yml", ROOT / ".pre-commit-config.yaml"]
    result, findings = zizmor(*inputs)
    summary = [(f["ident"], f["locations"][0]["symbolic"]["key"]) for f in findings] if findings else []
    assert findings == [] and result.returncode == 0, (summary, result.stderr)
    for path in inputs:  # every input was really audited
        assert f"completed {path}" in result.stderr, result.stderr


def test_zizmor_would_catch_an_unsafe_workflow(tmp_path):
    """The zero-findings test above is not vacuous: the same call flags the classic mistakes."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: pull_request_target\n"
        "jobs:\n"
        "  a:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: echo \"${{ github.event.pull_request.title }}\"\n"
    )
    result, findings = zizmor(bad, cwd=tmp_path)
    idents = {f["ident"] for f in findings}
    assert {"dangerous-triggers", "template-injection", "unpinned-uses", "artipacked", "excessive-permissions"} <= idents
    assert result.returncode != 0


# --- the project's own rules for workflows -----------------------------------------


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_triggers_are_safe(path):
    on = triggers(load(path))
    assert "pull_request_target" not in on and "workflow_run" not in on
    assert set(on) <= ALLOWED_TRIGGERS, set(on) - ALLOWED_TRIGGERS


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_by_full_sha_with_a_version_comment(path):
    text = path.read_text(encoding="utf-8")
    lines = list(USES_LINE.finditer(text))
    parsed = [step["uses"] for _, _, step in steps(load(path)) if "uses" in step]
    parsed += [job["uses"] for job in load(path)["jobs"].values() if "uses" in job]
    assert len(lines) == len(parsed) and parsed, "every `uses:` must be on its own line"
    for m in lines:
        assert PINNED.match(m["ref"]), f"{path.name}: {m['ref']} is not pinned to a full commit SHA"
        assert m["comment"] and VERSION_COMMENT.match(m["comment"].strip()), \
            f"{path.name}: {m['ref']} needs a version comment such as `# v4.2.2`"


def test_the_same_pin_means_the_same_version_everywhere():
    seen: dict[str, tuple[str, str]] = {}
    for path in WORKFLOWS:
        for m in USES_LINE.finditer(path.read_text(encoding="utf-8")):
            action, sha = m["ref"].split("@")
            version = (m["comment"] or "").strip()
            if action in seen:
                assert seen[action] == (sha, version), f"{action} is pinned differently in {path.name}"
            seen[action] = (sha, version)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_permissions_are_empty_at_the_top_and_least_per_job(path):
    workflow = load(path)
    assert "permissions" in workflow and workflow["permissions"] == {}, "top-level permissions must be {}"
    for job_id, job in workflow["jobs"].items():
        assert isinstance(job.get("permissions"), dict), f"{job_id}: declare the job's permissions"
        allowed_writes = WRITE_ALLOWED.get((workflow["name"], job_id), set())
        for scope, level in job["permissions"].items():
            assert level in ("read", "none") or scope in allowed_writes, f"{job_id}: {scope}: {level}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkouts_keep_no_credentials(path):
    checkouts = [step for _, _, step in steps(load(path)) if step.get("uses", "").startswith("actions/checkout@")]
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_expression_is_expanded_inside_a_script(path):
    for job_id, _job, step in steps(load(path)):
        assert "${{" not in step.get("run", ""), f"{job_id}: {step.get('name')}: pass values through env:"
    # Also on the raw text, in case a script hides in a construct the loop above misses.
    for block in re.findall(r"run: \|\n((?:\s{10,}.*\n)+)", path.read_text(encoding="utf-8")):
        assert "${{" not in block


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_concurrency_and_timeouts(path):
    workflow = load(path)
    assert workflow.get("concurrency", {}).get("group")
    for job_id, job in workflow["jobs"].items():
        assert 0 < job.get("timeout-minutes", 0) <= 60, job_id


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_builds_get_the_repository_url_for_edit_links(path):
    builds = [(j, s) for j, _, s in steps(load(path)) if re.search(r"^\s*make (build|pdf)\b", s.get("run", ""), re.M)]
    # The workflows that publish or check the site build it; others (the weekly source check) need not.
    assert builds or not {"push", "pull_request"} & set(triggers(load(path)))
    for job_id, step in builds:
        assert step.get("env", {}).get("DOSSIER_REPO_URL") == "${{ github.server_url }}/${{ github.repository }}", job_id
    # Not for the tests: they check the pages built without a repository URL.
    for _, job, step in steps(load(path)):
        if "make test" in step.get("run", ""):
            assert "DOSSIER_REPO_URL" not in {**job.get("env", {}), **step.get("env", {})}


def test_pull_request_workflow_runs_the_projects_own_commands(workflows):
    _, workflow = by_trigger(workflows, "pull_request")
    assert triggers(workflow) == {"pull_request": None}
    scripts = [step.get("run", "") for _, _, step in steps(workflow)]
    joined = "\n".join(scripts)
    order = ["sudo make system-deps", "make install", "dossier validate --format github", "make test", "make build",
             "ci-summary"]
    positions = [joined.index(cmd) for cmd in order]
    assert positions == sorted(positions), "steps are out of order"
    assert '"$GITHUB_STEP_SUMMARY"' in joined
    uploads = {step["with"]["name"]: step for _, _, step in steps(workflow) if step.get("uses", "").startswith("actions/upload-artifact@")}
    assert uploads["site"]["with"]["path"].strip() == "site/"
    assert uploads["pdf"]["with"]["path"].strip() == "site/dossier.pdf"  # written by make build
    for step in uploads.values():
        assert "!cancelled()" in step["if"]
    summary = next(step for _, _, step in steps(workflow) if "ci-summary" in step.get("run", ""))
    assert "!cancelled()" in summary["if"]


def test_the_makefile_has_the_targets_the_workflows_run():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("install", "test", "build", "pdf", "offline", "system-deps"):
        assert re.search(rf"^{target}:", makefile, re.M), target
    build = re.search(r"^build:.*?(?=^\S)", makefile, re.M | re.S).group(0)
    steps = re.search(r"^build-steps:.*?(?=^\S)", makefile, re.M | re.S).group(0)
    # the steps run holding the build lock, each build in its own staging folder...
    assert "dossier locked -- $(MAKE) --no-print-directory build-steps" in build
    # ...where everything is built, then swapped into site/ in one step
    assert 'dossier pdf --strict -o "$$DOSSIER_STAGE/site/dossier.pdf"' in steps and "dossier-offline.zip" in steps
    assert 'dossier swap-site "$$DOSSIER_STAGE/site" site' in steps
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_summary_step_runs_as_written(workflows, tmp_path, monkeypatch):
    """Run the workflow's own `dossier ci-summary` command line against the shipped dossier."""
    _, workflow = by_trigger(workflows, "pull_request")
    diff_step = next(step for _, _, step in steps(workflow) if "git " in step.get("run", "") and "diff" in step["run"])
    assert "$BASE_SHA" in diff_step["run"] and diff_step["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    script = next(step["run"] for _, _, step in steps(workflow) if "ci-summary" in step.get("run", ""))
    command = script[script.index(".venv/bin/dossier ci-summary"):].replace("\\\n", " ").splitlines()[0]
    env = {"RUNNER_TEMP": str(tmp_path), "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
           "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "owner/repo", "GITHUB_SHA": "0" * 40,
           "VALIDATE": "success", "TESTS": "failure", "BUILD": "success", "PDF": "skipped"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    (tmp_path / "changed-files.txt").write_text("M\tdossier/organisations/imctc.yml\n")
    argv = [os.path.expandvars(arg) for arg in shlex.split(command)]
    monkeypatch.chdir(ROOT)
    assert main(argv[1:]) == 0
    text = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "| dossier validate | ✅ passed |" in text and "| tests \\(make test\\) | ❌ failed |" in text
    assert "https://github.com/owner/repo/blob/0000000000000000000000000000000000000000/dossier/organisations/imctc.yml" in text
    assert "organisations/imctc/" in text


def test_pages_workflow_builds_then_deploys_with_least_rights(workflows):
    _, workflow = by_trigger(workflows, "push")
    assert triggers(workflow)["push"] == {"branches": ["main"]}
    jobs = workflow["jobs"]
    build = next(j for j in jobs.values() if any("upload-pages-artifact@" in s.get("uses", "") for s in j["steps"]))
    deploy = next(j for j in jobs.values() if any("deploy-pages@" in s.get("uses", "") for s in j["steps"]))
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    build_id = next(k for k, j in jobs.items() if j is build)
    assert deploy["needs"] in (build_id, [build_id])
    upload = next(s for s in build["steps"] if "upload-pages-artifact@" in s.get("uses", ""))
    assert upload["with"]["path"].rstrip("/") == "site"
    assert workflow["concurrency"]["cancel-in-progress"] is False  # never cancel a deployment half-way


def test_dependabot_watches_actions_python_and_npm():
    config = load(GITHUB / "dependabot.yml")
    ecosystems = {(u["package-ecosystem"], u["directory"]) for u in config["updates"]}
    assert {("github-actions", "/"), ("pip", "/"), ("npm", "/tests/browser")} <= ecosystems
    assert (ROOT / "tests" / "browser" / "package.json").is_file()


# --- templates and code owners -----------------------------------------------------


def test_pull_request_template_has_the_reviewers_checklist():
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] (.*)$", text, re.M)
    for needle in ("Sources cited", "Status chosen", "Neutral, attributed wording in my own words",
                   "Dates are honest", "`dossier validate` passes"):
        assert any(needle in item for item in items), needle


def _form_fields(name: str) -> dict[str, dict]:
    form = load(GITHUB / "ISSUE_TEMPLATE" / name)
    return {item["id"]: item for item in form["body"] if "id" in item}


def test_new_entry_form_asks_for_kind_and_sources():
    fields = _form_fields("new-entry.yml")
    kinds = [option.split(" ")[0] for option in fields["kind"]["attributes"]["options"]]
    from dossierkit.schema.kinds import KINDS
    assert kinds == [k.name for k in KINDS]
    assert fields["sources"]["validations"]["required"] is True
    from dossierkit.schema.vocabulary_file import preset
    STATUS_VALUES = preset().values("statuses")
    statuses = {option.split(" ")[0] for option in fields["status"]["attributes"]["options"]}
    assert set(STATUS_VALUES) <= statuses


def test_factual_error_form_requires_a_source():
    fields = _form_fields("factual-error.yml")
    assert fields["source"]["type"] == "textarea"
    assert fields["source"]["validations"]["required"] is True
    assert fields["entry"]["validations"]["required"] is True


def test_issue_config_turns_blank_issues_off_and_points_to_the_guide():
    config = load(GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    assert config["blank_issues_enabled"] is False
    for link in config.get("contact_links") or []:  # optional: needs the repository's real address
        assert link["url"].startswith("https://") and link["url"].endswith("/blob/main/CONTRIBUTING.md"), link


# A value that stands for "fill in your own": GitHub ignores an unknown code
# owner (so no review is asked for) and shows a placeholder link as it is.
PLACEHOLDER = re.compile(r"(?i)your[-_]?(?:org|repo|team|name|user)|placeholder|changeme|\bOWNER/(?:REPO|NAME)\b|"
                         r"example\.(?:com|org)")


def placeholders_in_codeowners(text: str) -> list[str]:
    """Owners on the rules of a CODEOWNERS file that are not real users or teams."""
    from dossierkit.project.codeowners import owner_problem

    found = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            found += [owner for owner in line.split()[1:] if owner_problem(owner) or PLACEHOLDER.search(owner)]
    return found


def placeholders_in_yaml(data) -> list[str]:
    """Every string in parsed YAML that is a placeholder."""
    if isinstance(data, dict):
        return [p for value in data.values() for p in placeholders_in_yaml(value)]
    if isinstance(data, list):
        return [p for value in data for p in placeholders_in_yaml(value)]
    return [data] if isinstance(data, str) and PLACEHOLDER.search(data) else []


def test_the_placeholder_lint_catches_placeholders():
    assert placeholders_in_codeowners("*  @your-org/dossier-maintainers\n/docs/  @alice @OWNER\n") == [
        "@your-org/dossier-maintainers", "@OWNER"]
    assert placeholders_in_codeowners("# @your-org/x in a comment\n*  @alice @acme/reviewers\n") == []
    config = {"contact_links": [{"url": "https://github.com/your-org/your-repo/blob/main/CONTRIBUTING.md"}]}
    assert placeholders_in_yaml(config) == [config["contact_links"][0]["url"]]


def test_codeowners_and_issue_config_hold_no_placeholder():
    assert placeholders_in_codeowners((GITHUB / "CODEOWNERS").read_text(encoding="utf-8")) == []
    assert placeholders_in_yaml(load(GITHUB / "ISSUE_TEMPLATE" / "config.yml")) == []


def test_codeowners_is_written_from_the_maintainers_setting(capsys):
    """`dossier codeowners --check`: the file is what the `maintainers` option of mkdocs.yml gives."""
    assert main(["codeowners", "--check", "-f", str(ROOT / "mkdocs.yml")]) == 0, capsys.readouterr().err
    lines = [line.split() for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    for pattern, *owners in lines:  # none while the repository has no known maintainer
        assert owners, pattern
        if pattern != "*":
            assert (ROOT / pattern.strip("/")).exists(), f"CODEOWNERS names a missing path: {pattern}"


def test_codeowners_command_and_init_ask_for_real_owners(tmp_path, capsys):
    project = tmp_path / "p"
    assert main(["init", str(project), "--maintainer", "@alice", "--maintainer", "@acme/reviewers"]) == 0
    text = (project / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert re.search(r"^\*\s+@alice @acme/reviewers$", text, re.M) and placeholders_in_codeowners(text) == []
    assert re.search(r"^/requirements\.txt\s+@alice @acme/reviewers$", text, re.M)  # what CI installs is reviewed
    assert main(["codeowners", "--check", "-f", str(project / "mkdocs.yml")]) == 0
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('["@alice", "@acme/reviewers"]', '["@bob"]'))
    assert main(["codeowners", "--check", "-f", str(config)]) == 1  # out of date
    assert main(["codeowners", "-f", str(config)]) == 0
    assert re.search(r"^\*\s+@bob$", (project / ".github" / "CODEOWNERS").read_text(encoding="utf-8"), re.M)
    capsys.readouterr()
    assert main(["init", str(tmp_path / "q"), "--maintainer", "@your-org/dossier-maintainers"]) == 1
    assert "is a placeholder, not a real user or team" in capsys.readouterr().err
    assert main(["init", str(tmp_path / "r")]) == 0
    assert "no maintainer given, so GitHub will ask nobody to review" in capsys.readouterr().err
    assert "No maintainer is set yet" in (tmp_path / "r" / ".github" / "CODEOWNERS").read_text(encoding="utf-8")


# --- YAML lint and pre-commit -------------------------------------------------------------


def test_repository_passes_yamllint():
    result = run(tool("yamllint"), "--strict", "-c", ".yamllint.yml", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_yamllint_config_catches_mechanical_mistakes(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("id: x\nid: y\nname: z \nlist:\n  - a\n  -   b")
    result = run(tool("yamllint"), "--strict", "-f", "parsable", "-c", str(ROOT / ".yamllint.yml"), str(bad))
    assert result.returncode != 0
    for rule in ("key-duplicates", "trailing-spaces", "new-line-at-end-of-file"):
        assert f"({rule})" in result.stdout, (rule, result.stdout)


def test_pre_commit_config_names_the_hooks():
    config = load(ROOT / ".pre-commit-config.yaml")
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert re.search(r"\bdossier\b.*\bvalidate\b", hooks["dossier-validate"]["entry"])
    assert hooks["dossier-validate"]["pass_filenames"] is False
    assert re.search(hooks["dossier-validate"]["files"], "dossier/events/new-event.yml")
    assert not re.search(hooks["dossier-validate"]["files"], "docs/index.md")
    assert "yamllint" in hooks["yamllint"]["entry"] and ".yamllint.yml" in hooks["yamllint"]["entry"]
    result = run(tool("pre-commit"), "validate-config", ".pre-commit-config.yaml")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pre_commit_hooks_pass_on_the_repository_and_catch_a_bad_entry(tmp_path):
    project = tmp_path / "repo"
    project.mkdir()
    for name in ("mkdocs.yml", "CONTRIBUTING.md", ".pre-commit-config.yaml", ".yamllint.yml", ".gitignore"):
        shutil.copy2(ROOT / name, project / name)
    for name in ("docs", "dossier", "overrides", ".github"):
        shutil.copytree(ROOT / name, project / name)
    # Outside any .venv, the hooks fall back to the tools on PATH.
    env = {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    assert run("git", "init", "-q", cwd=project, env=env).returncode == 0
    assert run("git", "add", "-A", cwd=project, env=env).returncode == 0
    result = run(tool("pre-commit"), "run", "--all-files", cwd=project, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "dossier validate" in result.stdout and "yamllint" in result.stdout

    bad = project / "dossier" / "actors" / "bad-entry.yml"
    bad.write_text("id: bad-entry\nname: Bad\ntype: stat\nsummary: x  \nsources: [worldatnet-2026-06]\n")
    run("git", "add", "-A", cwd=project, env=env)
    result = run(tool("pre-commit"), "run", "--files", "dossier/actors/bad-entry.yml", cwd=project, env=env)
    assert result.returncode != 0
    assert "dossier/actors/bad-entry.yml:3:1: error: type: 'stat'" in result.stdout
    assert "trailing spaces" in result.stdout


# --- annotations (the `--format github` escaping; the main cases are in test_cli.py) -------


def _unescape(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


@given(st.text())
def test_escaping_round_trips_and_leaves_no_separators(text):
    data, prop = escape_data(text), escape_property(text)
    assert "\n" not in data and "\r" not in data
    assert not set(prop) & {"\n", "\r", ":", ","}
    assert _unescape(data) == text and _unescape(prop) == text


def test_annotation_of_a_hostile_path_and_message_stays_one_command():
    p = Problem("dossier/a,b:c%d.yml", 7, 2, "100% wrong:\r\nline=2,col=3::error::fake", "warning")
    line = github_annotation(p)
    assert "\n" not in line and "\r" not in line
    head, _, message = line.partition("::")[2].partition("::")
    assert head == "warning file=dossier/a%2Cb%3Ac%25d.yml,line=7,col=2,title=dossier validate"
    assert message == "100%25 wrong:%0D%0Aline=2,col=3::error::fake"
