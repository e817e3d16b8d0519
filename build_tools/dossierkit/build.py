"""Load a dossier folder: discover files, check each entry, resolve references.

This is the one entry point from files to model.  It reports *every* problem
(sorted by file and line) rather than stopping at the first, and it never lets
anything but :class:`~dossierkit.errors.DossierError` escape.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dossierkit.errors import DossierError, Problem, ProblemSink
from dossierkit.schema.kinds import KINDS_BY_FOLDER, Kind
from dossierkit.schema.types import INVALID, MAX_SLUG, SLUG_RE, Checker, Reference, suggest
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry
from dossierkit.validate import build_relations, check_dates, check_unused_sources
from dossierkit.wikilinks import find_wikilinks
from dossierkit.yaml_loader import read_yaml_file

ENTRY_SUFFIX = ".yml"
# Ids that would collide with generated pages or folders of the site.
RESERVED_IDS = frozenset({"index", "all", "new", "tags", "assets", "search", "static", "404", "sitemap", "feed"})
_IGNORED_TOP_FILES = frozenset({"readme.md"})


@dataclass
class _Loaded:
    """One file on its way through the checks."""

    kind: Kind
    stem: str
    fs_path: Path
    display: str
    sink: ProblemSink
    checker: Checker | None = None
    entry: Entry | None = None


def display_path(path: Path, root: Path | None) -> str:
    """``path`` relative to ``root`` (POSIX separators) when inside it."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def _discover(dossier_dir: Path, root: Path | None, problems: list[Problem]) -> list[_Loaded]:
    """Every ``<kind folder>/<id>.yml`` file, sorted; anything else is a problem."""
    if not dossier_dir.is_dir():
        raise DossierError([Problem(display_path(dossier_dir, root), 1, 1, "dossier folder not found")])
    found: list[_Loaded] = []
    folders = ", ".join(KINDS_BY_FOLDER)
    for top in sorted(os.scandir(dossier_dir), key=lambda d: d.name):
        shown = display_path(Path(top.path), root)
        if top.name.startswith("."):
            continue
        if top.is_symlink():
            problems.append(Problem(shown, 1, 1, "symbolic links are not allowed in the dossier"))
            continue
        if not top.is_dir():
            if top.name.lower() not in _IGNORED_TOP_FILES:
                problems.append(Problem(shown, 1, 1, f"unexpected file; entries go in a kind folder ({folders})"))
            continue
        kind = KINDS_BY_FOLDER.get(top.name)
        if kind is None:
            problems.append(Problem(shown, 1, 1, f"unknown folder{suggest(top.name, KINDS_BY_FOLDER)}; kind folders are: {folders}"))
            continue
        for item in sorted(os.scandir(top.path), key=lambda d: d.name):
            shown = display_path(Path(item.path), root)
            if item.name.startswith("."):
                continue
            if item.is_symlink() or not item.is_file():
                problems.append(Problem(shown, 1, 1, "only .yml files are allowed in a kind folder (no folders or links)"))
                continue
            if not item.name.endswith(ENTRY_SUFFIX):
                problems.append(Problem(shown, 1, 1, f"not an entry file: entries are YAML files ending in {ENTRY_SUFFIX}"))
                continue
            stem = item.name[: -len(ENTRY_SUFFIX)]
            loaded = _Loaded(kind, stem, Path(item.path), shown, ProblemSink(shown))
            if not SLUG_RE.match(stem) or len(stem) > MAX_SLUG:
                loaded.sink.error((1, 1), f"file name {item.name!r} is not a valid id: use lowercase a-z, 0-9 and single hyphens")
            elif stem in RESERVED_IDS:
                loaded.sink.error((1, 1), f"{stem!r} is a reserved name; choose another id")
            found.append(loaded)
    return found


def _check_entry(loaded: _Loaded) -> None:
    """Parse one file, check it against its kind's schema, collect body links."""
    try:
        doc = read_yaml_file(loaded.fs_path, loaded.display)
    except DossierError as exc:
        loaded.sink.problems.extend(exc.problems)
        return
    ck = Checker(doc, loaded.sink)
    loaded.checker = ck
    data = loaded.kind.schema.check(doc.data, (), ck)
    raw_id = doc.data.get("id")
    if isinstance(raw_id, str) and raw_id != loaded.stem and data is not INVALID:
        ck.error(("id",), f"{raw_id!r} does not match the file name {loaded.stem + ENTRY_SUFFIX!r}")
    if data is INVALID:
        return
    body = data.get("body")
    if body:
        first_line = doc.text_lines.get(("body",), doc.pos(("body",))[0])
        for link in find_wikilinks(body):
            ck.references.append(Reference(link.target, (), ("body",), (first_line + link.line_offset, link.column)))
    if not loaded.sink.problems:
        loaded.entry = Entry(loaded.kind, loaded.stem, data, loaded.display, doc)


def _resolve(files: list[_Loaded]) -> dict[str, list[str]]:
    """Check every reference against the known ids; return the targets per entry.

    Ids of files that failed their own checks still count as known, so one
    broken file does not cascade into "unknown id" errors elsewhere.
    """
    kinds = {f.stem: f.kind.name for f in files if SLUG_RE.match(f.stem)}
    all_ids = sorted(kinds)
    references: dict[str, list[str]] = {}
    for f in files:
        if f.checker is None:
            continue
        targets: list[str] = []
        for ref in f.checker.references:
            target_kind = kinds.get(ref.target)
            if target_kind is None:
                f.checker.error(ref.path, f"unknown id {ref.target!r}{suggest(ref.target, all_ids)}", ref.pos)
            elif ref.kinds and target_kind not in ref.kinds:
                wanted = " or ".join(ref.kinds)
                f.checker.error(ref.path, f"{ref.target!r} is a {target_kind}; expected a {wanted}", ref.pos)
            else:
                targets.append(ref.target)
        references[f.stem] = targets
    return references


def _check_unique(files: list[_Loaded]) -> None:
    """Ids are unique across kinds (the first file in sorted order keeps it)."""
    first: dict[str, _Loaded] = {}
    for f in sorted(files, key=lambda f: f.display):
        if f.stem in first:
            f.sink.error((1, 1), f"id {f.stem!r} is already used by {first[f.stem].display}")
            f.entry = None
        else:
            first[f.stem] = f


def load_dossier(dossier_dir: str | os.PathLike[str], root: str | os.PathLike[str] | None = None) -> Dossier:
    """Read, check and resolve the dossier in ``dossier_dir``.

    ``root`` is the folder that messages show paths relative to (the project
    folder); by default the current directory.  Returns a :class:`Dossier`
    whose ``warnings`` lists non-fatal problems.  Raises :class:`DossierError`
    with every problem, sorted by file and line, if there is any error.
    """
    dossier_path = Path(dossier_dir)
    root_path = Path(root) if root is not None else Path.cwd()
    problems: list[Problem] = []
    files = _discover(dossier_path, root_path, problems)
    for loaded in files:
        _check_entry(loaded)
    _check_unique(files)
    references = _resolve(files)
    entries = {f.stem: f.entry for f in files if f.entry is not None}
    sinks = {f.stem: f.sink for f in files}
    for entry in entries.values():
        check_dates(entry, sinks[entry.id])
    relations = build_relations(entries, sinks)
    for f in files:
        problems.extend(f.sink.problems)
    problems.extend(check_unused_sources(entries))
    if any(p.is_error for p in problems):
        raise DossierError(problems)
    return Dossier(entries, relations, references, warnings=sorted(problems), root=str(root_path))
