"""Load a dossier folder: discover files, check each entry, resolve references.

This is the one entry point from files to model.  It reports *every* problem
(sorted by file and line) rather than stopping at the first, and it never lets
anything but :class:`~dossierkit.errors.DossierError` escape.
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass
from pathlib import Path

from dossierkit.errors import DossierError, Problem, ProblemSink, printable
from dossierkit.schema.fast_check import check_entry_data
from dossierkit.schema.kinds import KINDS_BY_FOLDER, Kind
from dossierkit.schema.types import INVALID, MAX_SLUG, SLUG_RE, Checker, Reference, a, either, explain_chars, suggest
from dossierkit.schema.vocabulary import Vocabulary
from dossierkit.schema.vocabulary_file import VOCABULARY_FILE, read_vocabulary
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry
from dossierkit.validation.dates import build_date
from dossierkit.validation.relations import build_relations
from dossierkit.validation.positions import check_positions
from dossierkit.validation.sources import check_unused_sources
from dossierkit.loading.entry_cache import EntryCache
from dossierkit.loading.entry_checks import check_entries
from dossierkit.loading.names import device_name, skipped_name
from dossierkit.loading.parallel_check import ForkedCall, can_fork, check_in_two_processes
from dossierkit.loading.wikilinks import find_wikilinks
from dossierkit.loading.yaml_loader import read_yaml_file

ENTRY_SUFFIX = ".yml"
# Ids that would collide with generated pages or folders of the site.
RESERVED_IDS = frozenset({"index", "all", "new", "tags", "assets", "search", "static", "404", "sitemap", "feed"})
_IGNORED_TOP_FILES = frozenset({"readme.md", VOCABULARY_FILE})


@dataclass
class _Loaded:
    """One file on its way through the checks."""

    kind: Kind
    stem: str
    fs_path: str  # a plain string: a Path per file was a tenth of discovering 10,000 files
    display: str
    sink: ProblemSink
    checker: Checker | None = None
    entry: Entry | None = None
    cached: object = None  # the EntryCache's record of this file's checks, when it has one


def display_path(path: Path, root: Path | None) -> str:
    """``path`` relative to ``root`` (POSIX separators) when inside it."""
    if root is not None:
        try:
            # A symbolic link is named where it is, not where it points (which
            # may be outside the project, and is nobody's business).
            real = path.parent.resolve() / path.name if path.is_symlink() else path.resolve()
            return real.relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def _child_display(parent_display: str, name: str) -> str:
    """Display path of a folder's child, without resolving it again (one
    ``resolve()`` per file was a fifth of the load time at 10,000 entries)."""
    return f"{parent_display}/{name}" if parent_display not in ("", ".") else name


def _discover(dossier_dir: Path, root: Path | None, problems: list[Problem]) -> list[_Loaded]:
    """Every ``<kind folder>/<id>.yml`` file, sorted; anything else is a problem."""
    if not dossier_dir.is_dir():
        raise DossierError([Problem(display_path(dossier_dir, root), 1, 1, "dossier folder not found")])
    found: list[_Loaded] = []
    folders = ", ".join(KINDS_BY_FOLDER)
    for top in sorted(os.scandir(dossier_dir), key=lambda d: d.name):
        shown = display_path(Path(top.path), root)
        if skipped_name(top.name):  # hidden, or an editor's backup or temporary
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
        folder_shown = shown
        for item in sorted(os.scandir(top.path), key=lambda d: d.name):
            shown = _child_display(folder_shown, item.name)
            if skipped_name(item.name):
                continue
            if item.is_symlink() or not item.is_file():
                problems.append(Problem(shown, 1, 1, "only .yml files are allowed in a kind folder (no folders or links)"))
                continue
            if not item.name.endswith(ENTRY_SUFFIX):
                problems.append(Problem(shown, 1, 1, f"not an entry file: entries are YAML files ending in {ENTRY_SUFFIX}"))
                continue
            stem = item.name[: -len(ENTRY_SUFFIX)]
            loaded = _Loaded(kind, stem, item.path, shown, ProblemSink(shown))
            if not SLUG_RE.fullmatch(stem) or len(stem) > MAX_SLUG:
                loaded.sink.error((1, 1), f"file name {item.name!r} is not a valid id: use lowercase a-z, 0-9 and single hyphens"
                                        f"{explain_chars(stem)}")
            elif stem in RESERVED_IDS:
                loaded.sink.error((1, 1), f"{stem!r} is a reserved name; choose another id")
            elif device_name(stem):  # Git on Windows cannot check out nul.yml or com1.yml
                loaded.sink.error((1, 1), f"{stem!r} is a reserved device name on Windows "
                                          "(con, prn, aux, nul, com1-9, lpt1-9); choose another id")
            found.append(loaded)
    return found


def _check_entry(loaded: _Loaded, vocab: Vocabulary) -> None:
    """Parse one file, check it against its kind's schema and the vocabulary, collect body links."""
    try:
        doc = read_yaml_file(loaded.fs_path, loaded.display)
    except DossierError as exc:
        loaded.sink.problems.extend(exc.problems)
        return
    ck = Checker(doc, loaded.sink, vocab)
    loaded.checker = ck
    data = check_entry_data(loaded.kind.schema, doc.data, ck)
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
    if body and ("](" in body or "]:" in body):
        _warn_local_links(ck, body, first_line)


def _warn_local_links(ck: Checker, body: str, first_line: int) -> None:
    """A located warning for every body link to a local path (see :func:`local_link_targets`)."""
    from dossierkit.render.sanitize import local_link_targets

    normal = body.replace("\r\n", "\n").replace("\r", "\n")
    for offset, target in local_link_targets(body):
        line = first_line + normal.count("\n", 0, offset)
        column = offset - (normal.rfind("\n", 0, offset) + 1) + 1
        ck.sink.warning((line, column), f"body: link to {target[:80]!r}, a path in the site or on this machine: "
                                        "refer to entries as [[id]] and to pages elsewhere by their https:// address",
                        "body")


def _check_cached(files: list[_Loaded], vocab: Vocabulary, cache: EntryCache) -> None:
    """Check the files that changed since the cache saw them; take the rest from it."""
    pending = []
    for loaded in files:
        path = loaded.fs_path
        found, token = cache.get(path, loaded.kind.name)
        if found is None:
            pending.append((loaded, path, token))
            continue
        loaded.sink.problems = list(found.problems)
        loaded.cached = found
        if found.doc is not None:
            loaded.checker = Checker(found.doc, loaded.sink, vocab)
            loaded.checker.references = list(found.references)
        loaded.entry = found.entry
    _check_all([loaded for loaded, _, _ in pending], vocab)
    for loaded, path, token in pending:
        ck = loaded.checker
        loaded.cached = cache.put(path, loaded.kind.name, token, loaded.sink.problems, ck.doc if ck else None,
                                  list(ck.references) if ck else None, loaded.entry)
    cache.keep_only({loaded.fs_path for loaded in files})


def _check_all(files: list[_Loaded], vocab: Vocabulary) -> None:
    """Check every file, using a second process for large dossiers (see :mod:`~dossierkit.loading.parallel_check`)."""
    if can_fork(len(files)):
        check_in_two_processes(files, vocab, _check_entry)
        return
    for loaded in files:
        _check_entry(loaded, vocab)


def _resolve(files: list[_Loaded], cache: EntryCache | None = None) -> dict[str, list[str]]:
    """Check every reference against the known ids; return the targets per entry.

    Ids of files that failed their own checks still count as known, so one
    broken file does not cascade into "unknown id" errors elsewhere.  With a
    ``cache``, a file unchanged since the last load, when the ids and their
    kinds are unchanged too, keeps its result.
    """
    kinds = {f.stem: f.kind.name for f in files if SLUG_RE.fullmatch(f.stem)}
    all_ids = sorted(kinds)
    references: dict[str, list[str]] = {}
    known = cache.resolved if cache is not None and cache.kinds == kinds else {}
    kept: dict[str, tuple] = {}
    for f in files:
        if f.checker is None:
            continue
        found = known.get(f.stem)
        if found is not None and f.cached is not None and found[0] is f.cached:
            f.sink.problems.extend(found[1])
            references[f.stem] = found[2]
            kept[f.stem] = found
            continue
        before = len(f.sink.problems)
        targets: list[str] = []
        for ref in f.checker.references:
            target_kind = kinds.get(ref.target)
            if target_kind is None:
                f.checker.error(ref.path, f"unknown id {ref.target!r}{suggest(ref.target, all_ids)}", ref.pos)
            elif ref.kinds and target_kind not in ref.kinds:
                f.checker.error(ref.path, f"{ref.target!r} is {a(target_kind)}; expected {either(ref.kinds)}", ref.pos)
            else:
                targets.append(ref.target)
        references[f.stem] = targets
        if f.cached is not None:
            kept[f.stem] = (f.cached, f.sink.problems[before:], targets)
    if cache is not None:
        cache.kinds, cache.resolved = kinds, kept
    return references


def _check_unique(files: list[_Loaded]) -> None:
    """Ids are unique across kinds (the first file in sorted order keeps it)."""
    first: dict[str, _Loaded] = {}
    for f in sorted(files, key=lambda f: f.display):
        if f.stem in first:
            f.sink.error((1, 1), f"id {f.stem!r} is already used by {printable(first[f.stem].display)}")
            f.entry = None
        else:
            first[f.stem] = f


def load_dossier(dossier_dir: str | os.PathLike[str], root: str | os.PathLike[str] | None = None,
                 cache: EntryCache | None = None) -> Dossier:
    """Read, check and resolve the dossier in ``dossier_dir``.

    ``root`` is the folder that messages show paths relative to (the project
    folder); by default the current directory.  Returns a :class:`Dossier`
    whose ``warnings`` lists non-fatal problems.  Raises :class:`DossierError`
    with every problem, sorted by file and line, if there is any error.
    With a ``cache`` (``mkdocs serve``, ``dossier validate --watch``), files unchanged since its last load
    are not parsed or checked again (see :mod:`dossierkit.loading.entry_cache`).
    """
    # Loading makes hundreds of thousands of objects and no garbage cycles worth
    # collecting: the cyclic collector's passes over them were a quarter of a
    # load of 10,000 entries.  Whatever it would have freed is freed afterwards.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(Path(dossier_dir), Path(root) if root is not None else Path.cwd(), cache)
    finally:
        if collecting:
            gc.enable()


def _load(dossier_path: Path, root_path: Path, cache: EntryCache | None) -> Dossier:
    """:func:`load_dossier`, with the collector off."""
    problems: list[Problem] = []
    files = _discover(dossier_path, root_path, problems)
    vocab = _vocabulary(dossier_path, root_path, problems)
    if cache is not None:
        cache.start(_vocabulary_key(dossier_path))
        _check_cached(files, vocab, cache)
    else:
        _check_all(files, vocab)
    _check_unique(files)
    entries = {f.stem: f.entry for f in files if f.entry is not None}
    sinks = {f.stem: f.sink for f in files}
    today = build_date()
    # The checks of entry_checks.py read other entries but write only their own findings: for a large
    # dossier they run in a forked child while this process resolves references and checks positions,
    # relations and sources.
    later = None
    try:
        if cache is None and can_fork(len(entries)):  # (None when the system cannot fork: checked here)
            later = ForkedCall.start(lambda: _entry_checks_found(entries, sinks, vocab, today))
        references = _resolve(files, cache)
        for entry in entries.values():  # positions read other entries: checked on every load
            check_positions(entry, sinks[entry.id], entries, vocab, today)
        relations = build_relations(entries, sinks, vocab)
        unused = check_unused_sources(entries)
    except BaseException:
        if later is not None:
            later.cancel()
        raise
    done, found = later.result() if later is not None else (False, None)
    if done:
        new_problems, assessments = found  # type: ignore[misc]
        for entry_id, found_problems in new_problems.items():
            sinks[entry_id].problems.extend(found_problems)
    else:  # serial, or the child died: checked here
        assessments = check_entries(entries, sinks, vocab, today, cache)
    for f in files:
        problems.extend(f.sink.problems)
    problems.extend(unused)
    if any(p.is_error for p in problems):
        raise DossierError(problems)
    dossier = Dossier(entries, relations, references, warnings=sorted(problems), root=str(root_path), vocabulary=vocab,
                      assessments=assessments, previous=cache.dossier if cache is not None else None)
    if cache is not None:
        cache.dossier = dossier
    return dossier


def _entry_checks_found(entries: dict[str, Entry], sinks: dict[str, ProblemSink], vocab: Vocabulary,
                        today) -> tuple[dict[str, list[Problem]], dict]:
    """:func:`check_entries` in a child: the problems it adds, by entry id, and the assessments."""
    start = {entry_id: len(sinks[entry_id].problems) for entry_id in entries}
    assessments = check_entries(entries, sinks, vocab, today)
    return {entry_id: sinks[entry_id].problems[start[entry_id]:] for entry_id in entries
            if len(sinks[entry_id].problems) > start[entry_id]}, assessments


def _vocabulary_key(dossier_dir: Path) -> bytes | None:
    """The content of ``vocabulary.yml`` (what the checks of every file depend on besides the file)."""
    try:
        return (dossier_dir / VOCABULARY_FILE).read_bytes()
    except OSError:
        return None


def _vocabulary(dossier_dir: Path, root: Path, problems: list[Problem]) -> Vocabulary:
    """The preset merged with ``vocabulary.yml`` of the dossier, if it has one."""
    path = dossier_dir / VOCABULARY_FILE
    if path.is_symlink():
        problems.append(Problem(display_path(path, root), 1, 1, "symbolic links are not allowed in the dossier"))
        return read_vocabulary(None, "")[0]
    vocab, found = read_vocabulary(path if path.is_file() else None, display_path(path, root))
    problems.extend(found)
    return vocab
