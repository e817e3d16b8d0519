"""What ``dossier init`` needs to know about GitHub: the new repository, and where CI gets dossierkit.

- **The repository** (``owner/name``) comes from ``--repo`` or from
  ``git remote get-url origin`` in the new project's folder; never a
  placeholder.  It gives the site's address on GitHub Pages, the issue
  forms' link to the contributing guide and the README's links.  Without
  one, those are left out (and ``init`` says what to add), but the
  workflows need none: they read the repository from GitHub's context.
- **The tool requirement** (a line of ``requirements.txt``): the workflows
  install dossierkit with it.  It comes from ``--tool-requirement`` or from
  how this copy of dossierkit was installed (``direct_url.json``, PEP 610):
  a git URL at a commit, an ``https`` archive, or an exact release from an
  index.  A local checkout or wheel cannot be installed by CI, and a bare
  name could fetch a stranger's package of the same name, so then the file
  holds only comments and the workflows stop with a message saying so.
- **The issue forms**, written from the kind registry and the vocabulary.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from importlib import metadata
from pathlib import Path

import yaml

from dossierkit.errors import DossierError, Problem
from dossierkit.project.codeowners import PLACEHOLDER_RE
from dossierkit.schema.kinds import KINDS
from dossierkit.schema.vocabulary import Vocabulary

REPO_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}/[A-Za-z0-9._-]{1,100}")
_REMOTE_RE = re.compile(r"^(?:https://(?:[^@/]+@)?github\.com/|git@github\.com:|ssh://git@github\.com/)"
                        r"(?P<repo>[^/\s]+/[^/\s]+?)(?:\.git)?/?$")
REQUIREMENT_RE = re.compile(r"dossierkit\s*(?:==\s*[\w.+!-]+|@\s*(?:git\+)?https://\S+)")
NO_REQUIREMENT = """\
# Where the GitHub workflows install dossierkit from: one pip requirement,
# pinned (it runs in the workflows), for example
#
#   dossierkit @ git+https://github.com/OWNER/NAME@COMMIT
#
# with the real repository of dossierkit and a full commit id, or an exact
# release from a package index you trust.  `dossier init` could not tell:
# this copy of dossierkit was installed from a local checkout or wheel.
# Until a requirement is written below, the workflows stop with a message.
"""


def check_repo(repo: str, where: str = "--repo") -> str:
    """``repo`` if it is a real ``owner/name``; raises :class:`DossierError` otherwise."""
    if not REPO_RE.fullmatch(repo) or repo.endswith((".", ".git")):
        raise DossierError([Problem(where, 1, 1, f"{repo!r} is not a GitHub repository (owner/name)")])
    if PLACEHOLDER_RE.search(repo) or repo.split("/")[0].lower() in ("owner", "org", "user") or \
            repo.split("/")[1].lower() in ("name", "repo", "repository"):
        raise DossierError([Problem(where, 1, 1, f"{repo!r} is a placeholder, not a real repository")])
    return repo


def repo_from_remote(url: str) -> str | None:
    """``owner/name`` of a GitHub remote address (https, ssh or scp-like), or None."""
    m = _REMOTE_RE.match(url.strip())
    return m.group("repo") if m and REPO_RE.fullmatch(m.group("repo")) else None


def repo_from_git(folder: Path) -> str | None:
    """The GitHub repository of ``git remote get-url origin`` in ``folder``, when ``folder`` is the top of a
    clone (a fresh clone of an empty repository); never a repository that merely contains ``folder``."""
    git = shutil.which("git")
    if git is None or not (folder / ".git").exists():
        return None
    try:
        result = subprocess.run([git, "remote", "get-url", "origin"], cwd=folder, capture_output=True, text=True,
                                timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return repo_from_remote(result.stdout) if result.returncode == 0 else None


def installed_requirement() -> str | None:
    """How CI can install the dossierkit that runs now (see the module docstring), or None."""
    try:
        dist = metadata.distribution("dossierkit")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        return None
    text = dist.read_text("direct_url.json")
    if not text:
        return f"dossierkit=={dist.version}"  # from an index: that exact release
    try:
        data = json.loads(text)
    except ValueError:
        return None
    url = str(data.get("url", ""))
    vcs = data.get("vcs_info") or {}
    if vcs.get("vcs") == "git" and vcs.get("commit_id") and url.startswith("https://"):
        return f"dossierkit @ git+{url}@{vcs['commit_id']}"
    archive = data.get("archive_info")
    if archive is not None and url.startswith("https://"):
        digest = (archive.get("hashes") or {}).get("sha256")
        return f"dossierkit @ {url}" + (f"#sha256={digest}" if digest else "")
    return None


def check_requirement(requirement: str) -> str:
    """``requirement`` if it is a pinned dossierkit requirement; raises :class:`DossierError` otherwise."""
    if "\n" in requirement or not REQUIREMENT_RE.fullmatch(requirement.strip()) or PLACEHOLDER_RE.search(requirement):
        raise DossierError([Problem("--tool-requirement", 1, 1,
                                    f"{requirement!r} is not a pinned requirement for dossierkit: write "
                                    "'dossierkit @ git+https://github.com/OWNER/NAME@COMMIT' with real values, "
                                    "or 'dossierkit==VERSION'")])
    return requirement.strip()


def requirements_text(requirement: str | None) -> str:
    """The text of the new project's ``requirements.txt``."""
    if requirement is None:
        return NO_REQUIREMENT
    return ("# Where the GitHub workflows install dossierkit from (written by `dossier init`).\n"
            "# Keep it pinned to a commit or an exact release: it runs in the workflows.\n" + requirement + "\n")


class _Dumper(yaml.SafeDumper):
    """Indents lists under their key, as yamllint's default rules and GitHub's own examples do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def _dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)


def new_entry_form(vocab: Vocabulary) -> str:
    """``.github/ISSUE_TEMPLATE/new-entry.yml``: one option per kind, one per status of the vocabulary."""
    statuses = ["not applicable"] + [f"{s.value} ({s.label.lower()}: {s.definition.rstrip('.')})"
                                     for s in vocab.statuses] + ["not sure"]
    form = {
        "name": "Propose a new entry",
        "description": "Suggest an entry that the dossier is missing.",
        "title": "New entry: ",
        "labels": ["new entry"],
        "body": [
            {"type": "markdown", "attributes": {"value": (
                "Thank you! You can also add the entry yourself: the contributing guide (CONTRIBUTING.md) shows "
                "how. Every statement in the dossier rests on a source: please give at least one public source "
                "we can check.")}},
            {"type": "dropdown", "id": "kind", "attributes": {
                "label": "Kind of entry", "description": "Which folder of `dossier/` it would go in.",
                "options": [f"{k.name} ({k.description.rstrip('.').lower()})" for k in KINDS]},
             "validations": {"required": True}},
            {"type": "input", "id": "name", "attributes": {"label": "Name or title",
                                                            "description": "As readers meet it."},
             "validations": {"required": True}},
            {"type": "textarea", "id": "summary", "attributes": {
                "label": "What it is, in one or two sentences",
                "description": "Neutral and attributed (\"According to ...\"), in your own words."},
             "validations": {"required": True}},
            {"type": "dropdown", "id": "status", "attributes": {
                "label": "Status (organisations, agreements, proposals and events)",
                "description": "Where it stands according to the sources, never more.", "options": statuses},
             "validations": {"required": True}},
            {"type": "input", "id": "date", "attributes": {
                "label": "Date", "description": "At the precision the sources give (2024-05-17, 2024-05 or 2024)."}},
            {"type": "textarea", "id": "sources", "attributes": {
                "label": "Sources", "description": "One per line: the link, title, publisher and publication date. "
                                                   "Do not guess a URL or a date."},
             "validations": {"required": True}},
            {"type": "checkboxes", "id": "rules", "attributes": {"label": "Before you submit", "options": [
                {"label": "The sources above are public and say what I summarise; I have not invented any URL, "
                          "date or quotation.", "required": True}]}},
        ],
    }
    return "# Written by `dossier init` from the kinds and the vocabulary.\n" + _dump(form)


def issue_config(repo: str | None) -> str:
    """``.github/ISSUE_TEMPLATE/config.yml``: no blank issues; the contributing guide when the repository is known."""
    config: dict = {"blank_issues_enabled": False}
    if repo:
        config["contact_links"] = [{
            "name": "Contributing guide", "url": f"https://github.com/{repo}/blob/main/CONTRIBUTING.md",
            "about": "How to add or correct an entry yourself, and the sourcing rules."}]
    return "# The \"New issue\" page: the forms beside this file, and no blank issues.\n" + _dump(config)
