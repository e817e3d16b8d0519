"""``dossier init``: a complete new dossier project on any topic, from bundled templates.

The project builds strictly as soon as it is made, and still does once its
examples are removed: its home page uses directives, never an example's id.
It holds:

- ``mkdocs.yml``: a nav with every generated page (the kinds' index pages,
  timeline, glossary, network, sources, status legend) and the entry
  format guide; search that splits on punctuation; no ``content.tooltips``
  (the plugin refuses it);
- ``docs/``: a home page and the entry format guide, whose tables are
  directives (``<!-- dossier:fields KIND -->``, ``<!-- dossier:vocabulary
  LIST -->``), so they follow the project's own ``dossier/vocabulary.yml``;
  the JSON Schema files;
- ``dossier/``: one example entry per kind (``example-*.yml``);
- ``.github/``: pull-request and Pages workflows, issue forms, a pull
  request template, Dependabot and ``CODEOWNERS`` (from ``--maintainer``),
  for the repository named by ``--repo`` or ``git remote get-url origin``
  (:mod:`dossierkit.project.init_github`);
- ``requirements.txt`` (where the workflows install dossierkit from), a
  README, CONTRIBUTING.md and ``.gitignore``.

Package data skips dot-files, so ``github/`` and ``gitignore`` are stored
without their dot and renamed here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from dossierkit.errors import DossierError, Problem
from dossierkit.project import init_github as gh
from dossierkit.project.codeowners import check_maintainers, write_codeowners
from dossierkit.schema.jsonschema import write_schemas
from dossierkit.schema.kinds import KINDS
from dossierkit.schema.vocabulary_file import preset
from dossierkit.validation.dates import build_date

TEMPLATE_PACKAGE = "dossierkit"
TEMPLATE_ROOT = ("templates", "init")
RENAMED = {"gitignore": ".gitignore", "github": ".github"}
# A folder that holds only these can still receive a project (a fresh clone of an empty repository).
IGNORED_IN_TARGET = {".git"}


@dataclass(frozen=True)
class InitResult:
    """What :func:`init_project` did: the files written, the repository and the tool requirement it used."""

    written: list[Path]
    repo: str | None
    requirement: str | None


def _template_files() -> list[tuple[str, str]]:
    """(relative path, text) of every template file, sorted."""
    root = resources.files(TEMPLATE_PACKAGE).joinpath(*TEMPLATE_ROOT)
    out: list[tuple[str, str]] = []

    def walk(node, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            rel = f"{prefix}{child.name}"
            if child.is_dir():
                if child.name != "__pycache__":
                    walk(child, rel + "/")
            else:
                out.append((rel, child.read_text(encoding="utf-8")))

    walk(root, "")
    return out


def _destination(rel: str) -> str:
    head, sep, rest = rel.partition("/")
    return RENAMED.get(head, head) + sep + rest


def format_page(kind) -> str:
    """The format guide's page for ``kind``: what it is, its field table (a directive), and how to start one."""
    return (f"# {kind.name.capitalize()} entries\n\n{kind.description} One YAML file per entry in "
            f"`dossier/{kind.folder}/`; the file name is the entry's id.\n\n"
            f"Start one with `dossier new {kind.name} some-id`: a commented stub with every field below, "
            "each with what it means and the values this dossier's vocabulary allows.\n\n"
            f"## Fields\n\n<!-- dossier:fields {kind.name} -->\n")


def _sections(repo: str | None, requirement: str | None) -> dict[str, str]:
    """Text for the README's placeholders."""
    install = f"`pipx install '{requirement}'`" if requirement and "@" in requirement else \
        "`pipx install PATH`, with a checkout or a wheel of dossierkit"
    if repo:
        owner, name = repo.split("/")
        site = f"https://{owner.lower()}.github.io/{name}/"
        site_line = f"\nThe site: <{site}> (published by `.github/workflows/pages.yml`).\n"
        github = (f"\nThe repository is <https://github.com/{repo}>. Every pull request is checked by "
                  "`.github/workflows/pull-request.yml` (validation, the sources it cites, and a strict build "
                  "with each engine); every push to `main` publishes the site "
                  "(`.github/workflows/pages.yml`: set *Settings > Pages > Source* to *GitHub Actions*). "
                  "The issue forms ask for a source with every proposal or correction.\n")
    else:
        site_line = ""
        github = ("\nPush this folder to a GitHub repository: every pull request is checked by "
                  "`.github/workflows/pull-request.yml` and every push to `main` publishes the site "
                  "(`.github/workflows/pages.yml`: set *Settings > Pages > Source* to *GitHub Actions*). "
                  "`.github/ISSUE_TEMPLATE/config.yml` can link the contributing guide once the repository's "
                  "address is known.\n")
    return {"{install_line}": install, "{site_line}": site_line, "{github_section}": github}


def _check_target(target: Path) -> None:
    if target.exists() and (not target.is_dir() or any(p.name not in IGNORED_IN_TARGET for p in target.iterdir())):
        raise DossierError([Problem(str(target), 1, 1, "folder exists and is not empty; choose a new folder")])


def init_project(target: Path, title: str, maintainers: list[str] | tuple[str, ...] = (), repo: str | None = None,
                 requirement: str | None = None) -> InitResult:
    """Create a new project in ``target`` (absent, empty, or holding only ``.git``); see the module docstring.

    ``repo`` (``owner/name``) defaults to the ``origin`` remote of ``target``;
    ``requirement`` (how CI installs dossierkit) to how this copy was installed.
    """
    owners = check_maintainers(list(maintainers), "--maintainer")
    if not title.strip() or any(ord(c) < 32 for c in title):
        raise DossierError([Problem("--title", 1, 1, "the title must be one line of text")])
    repo = gh.check_repo(repo) if repo else gh.repo_from_git(target)
    requirement = gh.check_requirement(requirement) if requirement else gh.installed_requirement()
    _check_target(target)
    written: list[Path] = []
    today = build_date().isoformat()  # the examples are checked as of the day the project is made
    replacements = _sections(repo, requirement)

    def write(rel: str, text: str) -> None:
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)

    for rel, text in _template_files():
        if rel == "mkdocs.yml":
            text = text.replace('"{title}"', json.dumps(title, ensure_ascii=False))
            text = text.replace("maintainers: []", f"maintainers: {json.dumps(owners)}")
            if repo:
                owner, name = repo.split("/")
                text = text.replace("\n# Edit links", f"\nsite_url: https://{owner.lower()}.github.io/{name}/\n"
                                                      "# Edit links", 1)
        else:
            for key, value in replacements.items():
                text = text.replace(key, value)
            text = text.replace("{title}", title)
        write(_destination(rel), text.replace("{today}", today))
    for kind in KINDS:
        write(f"docs/format/{kind.name}.md", format_page(kind))
    write(".github/ISSUE_TEMPLATE/new-entry.yml", gh.new_entry_form(preset()))
    write(".github/ISSUE_TEMPLATE/config.yml", gh.issue_config(repo))
    write("requirements.txt", gh.requirements_text(requirement))
    written += write_schemas(target / "docs" / "schema")
    written.append(write_codeowners(target, owners)[0])
    return InitResult(written, repo, requirement)
