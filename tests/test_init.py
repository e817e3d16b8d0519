"""`dossier init`: a complete project on any subject, checked as a newcomer and as GitHub would.

The project builds strictly with and without its examples; its nav holds
every generated page; its format guide follows its own vocabulary; its
`.github/` passes the same checks as this repository's (GitHub's schemas,
zizmor, yamllint, actions pinned to the same commits); and nothing the tool
writes or shows names the first dossier's subject.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from dossierkit.cli.main import build_parser, main
from dossierkit.project import init_github as gh
from dossierkit.project.scaffold import render_stub
from dossierkit.render.page_paths import listing_page_paths
from dossierkit.schema.kinds import KINDS
from dossierkit.schema.vocabulary_file import preset
from sitebuild import ROOT, build_site
from test_github import USES_LINE, WORKFLOWS, check_schema, load, placeholders_in_codeowners, \
    placeholders_in_yaml, run, steps, tool, zizmor

# The first dossier's subject: none of it may reach another dossier.
SUBJECT = re.compile(r"(?i)imctc|saudi|pakistan|nato\b|muslim|t[üu]rkiye|turkey|iran\b|riyadh|islamic|"
                     r"arab league|smda|dunya|irna\b|\boic\b|counter.?terror")


@pytest.fixture
def project(tmp_path, monkeypatch, capsys) -> Path:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "rivers", "--title", "Rivers of Europe", "--repo", "acme/rivers",
                 "--maintainer", "@alice"]) == 0
    capsys.readouterr()
    return tmp_path / "rivers"


def remove_examples(project: Path) -> None:
    examples = sorted(project.glob("dossier/*/example-*.yml"))
    assert len(examples) == len(KINDS)
    for path in examples:
        path.unlink()


def test_the_nav_lists_every_generated_page_and_the_format_guide(project):
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    nav = set(re.findall(r"^\s*-\s+(?:[^:\n]+:\s+)?([\w/.-]+\.md)\s*$", text, re.M))
    assert set(listing_page_paths()) <= nav
    assert {"index.md", "contributing.md", "format/index.md", "format/vocabulary.md"} <= nav
    assert {f"format/{k.name}.md" for k in KINDS} <= nav
    assert "content.tooltips" not in re.sub(r"#.*", "", text)  # only named in the comment saying why not
    separator = re.search(r"separator: '(.+)'", text).group(1)
    assert re.split(separator, "(UN) Paris–Berlin talks") == ["", "UN", "Paris", "Berlin", "talks"]
    assert "site_url: https://acme.github.io/rivers/" in text and '"@alice"' in text


def test_the_project_builds_strictly_without_its_examples(project, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(project)
    assert main(["validate", "--strict"]) == 0
    remove_examples(project)
    assert main(["validate", "--strict"]) == 0, capsys.readouterr().out
    assert build_site(project, tmp_path / "site") == []
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Rivers of Europe" in home and "(no events yet)" in home
    for page in listing_page_paths():
        assert (tmp_path / "site" / page.replace("index.md", "").replace(".md", "/") / "index.html").is_file(), page


def test_the_published_site_asks_github_nothing_and_names_its_search_dialog(project, tmp_path, monkeypatch):
    """As CI publishes it (the workflows set DOSSIER_REPO_URL): the repository link is a plain link, not
    Material's widget that makes readers' browsers fetch its facts from GitHub's API."""
    monkeypatch.setenv("DOSSIER_REPO_URL", "https://github.com/acme/rivers")
    assert build_site(project, tmp_path / "site") == []
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/acme/rivers" title=' in home and 'class="md-source"' in home
    assert 'data-md-component="source"' not in home
    assert 'data-md-component="search" role="dialog" aria-label="Search"' in home
    # The same partials as this repository's own overrides: one fix reaches both, or this fails.
    for name in ("source.html", "search.html"):
        assert (project / "overrides" / "partials" / name).read_bytes() == \
            (ROOT / "overrides" / "partials" / name).read_bytes(), name


def test_the_format_guide_follows_the_projects_own_vocabulary(project, tmp_path):
    (project / "dossier" / "vocabulary.yml").write_text(
        "statuses:\n  - value: in-force\n    label: In force\n    group: working\n"
        "    definition: Binding on its parties since ratification.\n", encoding="utf-8")
    assert build_site(project, tmp_path / "site") == []
    site = tmp_path / "site" / "format"
    assert "Binding on its parties since ratification." in (site / "vocabulary" / "index.html").read_text("utf-8")
    organisation = (site / "organisation" / "index.html").read_text(encoding="utf-8")
    assert "<code>in-force</code>" in organisation and "<code>summary</code>" in organisation
    for kind in KINDS:  # one page per kind, its table drawn from the registry
        assert (project / "docs" / "format" / f"{kind.name}.md").read_text(encoding="utf-8").count(
            f"<!-- dossier:fields {kind.name} -->") == 1


def test_nothing_the_tool_writes_or_shows_names_the_first_dossiers_subject(project, capsys):
    assert SUBJECT.search('Split on punctuation, so "(IMCTC)" or "Saudi–Pakistan" match')  # the check can fail
    found = []
    for path in sorted(p for p in project.rglob("*") if p.is_file()):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SUBJECT.search(line):
                found.append(f"{path.relative_to(project)}:{n}: {line.strip()}")
    templates = ROOT / "build_tools" / "dossierkit" / "templates"
    for path in sorted(p for p in templates.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        found += [f"{path}: {m.group(0)}" for m in SUBJECT.finditer(path.read_text(encoding="utf-8"))]
    vocab = preset()
    for kind in KINDS:  # field descriptions, as `dossier new` shows them
        found += [f"stub {kind.name}: {m.group(0)}" for m in SUBJECT.finditer(render_stub(kind, "x", None, vocab))]
    parser = build_parser()
    texts = [parser.format_help()]
    for name, sub in parser._subparsers._group_actions[0].choices.items():  # every command's help
        texts.append(sub.format_help())
    found += [f"help: {m.group(0)}" for text in texts for m in SUBJECT.finditer(text)]
    assert found == []


def test_the_github_files_pass_the_checks_this_repository_passes(project):
    github = project / ".github"
    workflows = sorted((github / "workflows").glob("*.yml"))
    assert [p.name for p in workflows] == ["pages.yml", "pull-request.yml"]
    check_schema("vendor.github-workflows", *workflows)
    check_schema("custom.github-workflows-require-timeout", *workflows)
    forms = sorted(p for p in (github / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
    assert [p.name for p in forms] == ["factual-error.yml", "new-entry.yml"]
    check_schema("vendor.github-issue-forms", *forms)
    check_schema("vendor.github-issue-config", github / "ISSUE_TEMPLATE" / "config.yml")
    check_schema("vendor.dependabot", github / "dependabot.yml")
    result, findings = zizmor(*workflows, github / "dependabot.yml", cwd=project)
    assert findings == [] and result.returncode == 0, [(f["ident"], f["locations"][0]["symbolic"]["key"])
                                                       for f in findings]
    lint = run(tool("yamllint"), "--strict", "-c", str(ROOT / ".yamllint.yml"), ".github", "mkdocs.yml", "dossier",
               cwd=project)
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_the_workflows_pin_the_actions_this_repository_pins_and_build_with_both_engines(project):
    ours = {m["ref"].split("@")[0]: (m["ref"], m["comment"]) for path in WORKFLOWS
            for m in USES_LINE.finditer(path.read_text(encoding="utf-8"))}
    for path in sorted((project / ".github" / "workflows").glob("*.yml")):
        workflow = load(path)
        assert workflow["permissions"] == {}
        for m in USES_LINE.finditer(path.read_text(encoding="utf-8")):
            assert (m["ref"], m["comment"]) == ours[m["ref"].split("@")[0]], f"{path.name}: {m['ref']}"
        for job_id, job, step in steps(workflow):
            assert "${{" not in step.get("run", "")
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
            if "dossier build" in step.get("run", ""):
                assert step["env"]["DOSSIER_REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
                assert "--strict" in step["run"]
    check = load(project / ".github" / "workflows" / "pull-request.yml")["jobs"]["check"]
    assert check["strategy"]["matrix"]["engine"] == ["properdocs", "mkdocs"]
    build = next(s for s in check["steps"] if "dossier build" in s.get("run", ""))
    assert build["env"]["DOSSIER_ENGINE"] == "${{ matrix.engine }}"


def test_issue_forms_codeowners_and_config_are_for_the_new_repository(project):
    github = project / ".github"
    assert placeholders_in_codeowners((github / "CODEOWNERS").read_text(encoding="utf-8")) == []
    config = load(github / "ISSUE_TEMPLATE" / "config.yml")
    assert placeholders_in_yaml(config) == []
    assert config["contact_links"][0]["url"] == "https://github.com/acme/rivers/blob/main/CONTRIBUTING.md"
    form = {item["id"]: item for item in load(github / "ISSUE_TEMPLATE" / "new-entry.yml")["body"] if "id" in item}
    assert [o.split(" ")[0] for o in form["kind"]["attributes"]["options"]] == [k.name for k in KINDS]
    assert set(preset().values("statuses")) <= {o.split(" ")[0] for o in form["status"]["attributes"]["options"]}
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert "# Rivers of Europe" in readme and "https://github.com/acme/rivers" in readme
    assert "{" not in readme.replace("{value", "")  # every placeholder of the template filled


def test_without_a_repository_nothing_is_invented(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["init", "plain"]) == 0
    err = capsys.readouterr().err
    assert "no repository given (--repo OWNER/NAME) and no `origin` remote" in err
    config = load(tmp_path / "plain" / ".github" / "ISSUE_TEMPLATE" / "config.yml")
    assert config == {"blank_issues_enabled": False}
    assert "site_url" not in (tmp_path / "plain" / "mkdocs.yml").read_text(encoding="utf-8")
    requirements = (tmp_path / "plain" / "requirements.txt").read_text(encoding="utf-8")
    assert not re.search(r"^\s*dossierkit", requirements, re.M)  # the workflows stop and say why
    assert "this dossierkit was installed from a local checkout or wheel" in err


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_repository_is_read_from_a_fresh_clone(tmp_path, monkeypatch, capsys):
    target = tmp_path / "clone"
    target.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=target, check=True)
    subprocess.run(["git", "remote", "add", "origin", "git@github.com:river-folk/danube-dossier.git"], cwd=target,
                   check=True)
    monkeypatch.chdir(target)
    assert main(["init", "."]) == 0  # a folder holding only .git takes a project
    capsys.readouterr()
    url = load(target / ".github" / "ISSUE_TEMPLATE" / "config.yml")["contact_links"][0]["url"]
    assert url == "https://github.com/river-folk/danube-dossier/blob/main/CONTRIBUTING.md"
    assert "site_url: https://river-folk.github.io/danube-dossier/" in (target / "mkdocs.yml").read_text("utf-8")


@pytest.mark.parametrize("url, repo", [
    ("https://github.com/acme/rivers.git", "acme/rivers"),
    ("https://github.com/acme/rivers", "acme/rivers"),
    ("git@github.com:acme/rivers.git\n", "acme/rivers"),
    ("ssh://git@github.com/acme/rivers.git", "acme/rivers"),
    ("https://gitlab.com/acme/rivers.git", None),
    ("https://github.com/acme", None),
])
def test_remote_addresses(url, repo):
    assert gh.repo_from_remote(url) == repo


@pytest.mark.parametrize("argv, message", [
    (["--repo", "your-org/your-repo"], "'your-org/your-repo' is a placeholder, not a real repository"),
    (["--repo", "OWNER/NAME"], "'OWNER/NAME' is a placeholder, not a real repository"),
    (["--repo", "acme"], "'acme' is not a GitHub repository (owner/name)"),
    (["--tool-requirement", "dossierkit"], "'dossierkit' is not a pinned requirement for dossierkit"),
])
def test_placeholders_and_unpinned_tools_are_refused(tmp_path, capsys, argv, message):
    assert main(["init", str(tmp_path / "p"), *argv]) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "p").exists()


def test_a_pinned_tool_requirement_lands_in_requirements_txt(tmp_path, capsys):
    spec = "dossierkit @ git+https://github.com/acme/dossierkit@" + "0123456789abcdef" * 2 + "01234567"
    assert main(["init", str(tmp_path / "p"), "--repo", "acme/rivers", "--tool-requirement", spec]) == 0
    assert spec in (tmp_path / "p" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert f"`pipx install '{spec}'`" in (tmp_path / "p" / "README.md").read_text(encoding="utf-8")
    assert "installed from a local checkout" not in capsys.readouterr().err
