"""Who reviews pull requests: the ``maintainers`` setting and ``.github/CODEOWNERS``.

GitHub asks the code owners of the paths a pull request touches for a
review (and, with branch protection, requires it).  A placeholder owner
(``@your-org/dossier-maintainers``) is silently ignored, so no review is
asked for at all.  The owners are therefore a project setting, the
``maintainers`` option of the ``dossier`` plugin in ``mkdocs.yml``, which
``dossier init --maintainer`` fills in; ``dossier codeowners`` writes
``.github/CODEOWNERS`` from it (``--check`` fails when the file is out of
date), and a placeholder is refused everywhere.  With no maintainer set, the
file holds only comments saying how to set one.
"""

from __future__ import annotations

import re
from pathlib import Path

from dossierkit.errors import DossierError, Problem

CODEOWNERS = Path(".github") / "CODEOWNERS"
# A GitHub user (@login) or a team of an organisation (@org/team-slug).
OWNER_RE = re.compile(r"@[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:/[A-Za-z0-9][A-Za-z0-9._-]*)?")
# Names that stand for "fill in your own": never a real owner.
PLACEHOLDER_RE = re.compile(r"(?i)your[-_]?(?:org|repo|team|name|user)|placeholder|example|changeme|"
                            r"^@(?:owner|org|organisation|organization|user|username|team|maintainers?|todo|fixme|xxx)"
                            r"(?:/|$)")
RULES = (
    ("*", "Everything, by default."),
    ("/dossier/", "The entries: people who know the topic review content."),
    ("/docs/", "The hand-written pages (published as they are, sanitized)."),
    ("/CONTRIBUTING.md", None),
    ("/mkdocs.yml", "The tooling, the configuration, the workflows and the pinned dependencies."),
    ("/Makefile", None),
    ("/build_tools/", None),
    ("/.github/", None),
    ("/requirements.lock", None),
    ("/requirements.txt", None),
    ("/pyproject.toml", None),
)
HEADER = """\
# Written by `dossier codeowners` from the `maintainers` option of the dossier
# plugin in mkdocs.yml: change the option, then run the command again
# (`dossier codeowners --check` fails when this file is out of date).
#
# Code owners are asked to review every pull request that touches their paths
# (and, with branch protection, must approve it).
"""
UNSET = """\
#
# No maintainer is set yet, so GitHub asks nobody for a review.  Set them in
# mkdocs.yml (GitHub users or a team of the owning organisation with write
# access to the repository):
#
#   plugins:
#     - dossier:
#         maintainers: ["@login", "@org/team-name"]
#
# then run `dossier codeowners`.
"""


def owner_problem(owner: object) -> str | None:
    """Why ``owner`` cannot be a code owner, or None."""
    if not isinstance(owner, str) or not OWNER_RE.fullmatch(owner):
        return f"{owner!r} is not a GitHub user (@login) or team (@org/team-name)"
    if PLACEHOLDER_RE.search(owner):
        return f"{owner!r} is a placeholder, not a real user or team"
    return None


def check_maintainers(maintainers: object, where: str = "mkdocs.yml") -> list[str]:
    """The owners in ``maintainers``, checked; raises :class:`DossierError` naming every bad one."""
    if maintainers is None:
        return []
    if not isinstance(maintainers, list):
        raise DossierError([Problem(where, 1, 1, "plugins.dossier.maintainers: expected a list such as ['@login']")])
    problems = [Problem(where, 1, 1, f"plugins.dossier.maintainers: {message}")
                for message in map(owner_problem, maintainers) if message]
    if problems:
        raise DossierError(problems)
    return list(dict.fromkeys(maintainers))


def render_codeowners(maintainers: list[str], root: Path) -> str:
    """The text of ``.github/CODEOWNERS`` for ``maintainers`` (comments only when there are none),
    with a rule for each path of :data:`RULES` that exists in ``root``."""
    if not maintainers:
        return HEADER + UNSET
    rules = [(p, c) for p, c in RULES if p == "*" or (root / p.strip("/")).exists() or p == "/.github/"]
    lines = [HEADER, "#\n# The last matching line wins.\n"]
    width = max(len(pattern) for pattern, _ in rules) + 2
    comment_due = None
    for pattern, comment in RULES:
        comment_due = comment or comment_due
        if (pattern, comment) not in rules:
            continue
        if comment_due:
            lines.append(f"\n# {comment_due}\n")
            comment_due = None
        lines.append(f"{pattern.ljust(width)}{' '.join(maintainers)}\n")
    return "".join(lines)


def write_codeowners(root: Path, maintainers: list[str], check: bool = False) -> tuple[Path, bool]:
    """Write (or with ``check``, compare) ``root/.github/CODEOWNERS``; return (path, up to date)."""
    path = root / CODEOWNERS
    text = render_codeowners(maintainers, root)
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if check or current == text:
        return path, current == text
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path, True
