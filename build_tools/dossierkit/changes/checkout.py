"""One side of ``dossier diff``: a git revision or a folder, loaded by the real loader.

A revision's dossier folder is written into a temporary folder from git's
object store (``git ls-tree`` and ``git cat-file``): the user's working
tree, index and branches are never touched.  Each side is then loaded with
:func:`~dossierkit.loading.load.load_dossier`, exactly as a build would, so a
side that does not validate is reported with its located problems.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from dossierkit.changes.git import Git, GitError
from dossierkit.changes.snapshot import Snapshot, from_entry
from dossierkit.errors import DossierError, Problem
from dossierkit.loading.load import load_dossier
from dossierkit.project.locate import CONFIG_NAME, Project, locate
from dossierkit.schema.vocabulary import Vocabulary
from dossierkit.structure.dossier import Dossier

WORKING_TREE = "the working tree"


@dataclass
class Side:
    """A loaded side: its name, commit (for a revision), and the dossier or the problems that stopped it."""

    name: str
    commit: str = ""
    dossier: Dossier | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def title(self) -> str:
        """``main (1a2b3c4)``, a folder, or "the working tree"."""
        return f"{self.name} ({self.commit[:7]})" if self.commit and not self.name.startswith(self.commit[:7]) \
            else self.name

    @property
    def vocabulary(self) -> Vocabulary | None:
        """The side's vocabulary, when it loaded."""
        return self.dossier.vocabulary if self.dossier else None

    def snapshots(self) -> dict[str, Snapshot]:
        """Every entry of the side as a snapshot, by id."""
        return {e.id: from_entry(e) for e in self.dossier} if self.dossier else {}


def _load(name: str, dossier_dir: Path, root: Path, commit: str = "") -> Side:
    try:
        return Side(name, commit, load_dossier(dossier_dir, root=root))
    except DossierError as exc:
        return Side(name, commit, None, sorted(exc.problems))


def write_revision(git: Git, commit: str, prefix: str, target: Path) -> None:
    """Write the files under ``prefix`` in ``commit`` into ``target`` (which mirrors the repository root)."""
    files = git.tree(commit, prefix)
    contents = git.blobs([f.sha for f in files if f.mode != "120000"])
    (target / prefix).mkdir(parents=True, exist_ok=True)
    real_target = os.path.realpath(target)
    for f in files:
        path = target / f.path
        if ".." in Path(f.path).parts or os.path.commonpath([os.path.realpath(path.parent), real_target]) != real_target:
            continue  # a path that would leave the folder
        path.parent.mkdir(parents=True, exist_ok=True)
        if f.mode == "120000":
            os.symlink("link-in-the-repository", path)  # the loader refuses links; it never follows this one
        elif f.sha in contents:
            path.write_bytes(contents[f.sha])


def folder_side(folder: Path) -> Side:
    """A folder: a project (with ``mkdocs.yml``) or a dossier folder itself."""
    folder = folder.resolve()
    if (folder / CONFIG_NAME).is_file():
        project = locate(config_file=str(folder / CONFIG_NAME))
        return _load(str(folder), project.dossier_dir, project.root)
    return _load(str(folder), folder, folder.parent)


def open_side(spec: str | None, project: Project, scratch: Path) -> Side:
    """The side named ``spec``: a folder, a revision, or (None) the project's working tree."""
    if spec is None:
        return _load(WORKING_TREE, project.dossier_dir, project.root)
    if Path(spec).is_dir():
        return folder_side(Path(spec))
    git = Git.find(project.root)
    if git is None:
        raise DossierError([Problem(spec, 1, 1, "not a folder, and the project is not in a git repository "
                                               "(give two folders, or run inside a clone)")])
    try:
        commit = git.resolve(spec)
        prefix = git.relative(project.dossier_dir)
        root_prefix = git.relative(project.root)
    except (GitError, ValueError) as exc:
        raise DossierError([Problem(spec, 1, 1, str(exc))]) from None
    target = scratch / commit
    try:
        write_revision(git, commit, prefix, target)
    except GitError as exc:
        raise DossierError([Problem(spec, 1, 1, f"cannot read {spec} from git: {exc}")]) from None
    root = target / root_prefix if root_prefix else target
    return _load(spec, target / prefix, root, commit)
