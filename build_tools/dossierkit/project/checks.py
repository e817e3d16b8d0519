"""Checks on every project file that is not an entry: what a build reads besides ``dossier/``.

A pull request controls file names and symbolic links as well as contents.
Before anything is built (the plugin's ``on_config``) and in ``dossier
validate``, the same checks run, and each problem is located:

- **Symbolic links** are refused everywhere a build reads: in ``docs/``, in
  the theme's ``custom_dir`` (``overrides/``), in the dossier folder, in the
  files of ``include_pages``, and as any of these folders themselves.  A link
  is never followed, not even one that points inside the repository: where
  it points can change with the checkout, and MkDocs would publish whatever
  is there (``/etc/passwd``, a folder outside the project) into the site,
  the search index and the offline zip.
- **Names** that break a checkout (``nul.md``, ``Aux/``, ``a.``, ``x?.md``),
  hold invisible characters, or differ only in case (or Unicode
  normalisation) from another page or from a generated folder
  (``docs/Actors/index.md`` beside the generated ``actors/``): one of them
  would overwrite the other on Windows and macOS.
- **Pages**: front matter (:mod:`dossierkit.render.front_matter`), and
  ``[[id]]`` links and directives, which must name entries that exist.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

from dossierkit.errors import DossierError, Problem
from dossierkit.loading.names import file_name_problem, fold
from dossierkit.loading.yaml_loader import READ_FLAGS
from dossierkit.render.directives import render_page_links
from dossierkit.render.front_matter import check_front_matter, split_front_matter

LINK_ADVICE = ("symbolic links are not allowed here (a build never follows one: it could publish a file "
               "from outside the repository); put the file itself here")
# What docs/ may publish besides Markdown pages: files that a browser does not run.
# MkDocs copies every other file as it is, and an .html, .svg, .xml or .js file
# from a stranger would run as script in the site's origin when opened.
PUBLISHED_SUFFIXES = frozenset({
    ".md", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".bmp", ".pdf", ".txt", ".csv", ".json",
    ".css", ".woff", ".woff2", ".ttf", ".otf", ""})
# Files and folders that MkDocs, Material and `make build` write into every site.
BUILT_NAMES = ("assets", "search", "sitemap.xml", "sitemap.xml.gz", "404.html", "dossier.pdf", "dossier-offline.zip")


@dataclass
class ProjectLayout:
    """What a build reads besides the entries, as configured in ``mkdocs.yml``."""

    root: Path
    docs_dir: Path
    dossier_dir: Path
    custom_dir: Path | None = None
    include_pages: dict[str, str] = field(default_factory=dict)
    use_directory_urls: bool = True


def shown(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` when inside it (not resolved: a link is named where it is)."""
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return path.as_posix()


def link_on_the_way(root: Path, path: Path) -> Path | None:
    """The first symbolic link among ``path`` and its folders below ``root``, or None."""
    root_abs, target = Path(os.path.abspath(root)), Path(os.path.abspath(path))
    try:
        parts = target.relative_to(root_abs).parts
    except ValueError:
        return None
    current = root_abs
    for part in parts:
        current = current / part
        if current.is_symlink():
            return current
    return None


def check_folders(layout: ProjectLayout) -> list[Problem]:
    """The configured folders themselves: none may be (or sit under) a symbolic link."""
    problems = []
    for name, folder in (("docs_dir", layout.docs_dir), ("dossier_dir", layout.dossier_dir),
                         ("theme.custom_dir", layout.custom_dir)):
        if folder is None:
            continue
        link = link_on_the_way(layout.root, folder)
        if link is not None:
            problems.append(Problem(shown(link, layout.root), 1, 1, f"{name} goes through a symbolic link: {LINK_ADVICE}"))
        elif not Path(os.path.abspath(folder)).is_relative_to(os.path.abspath(layout.root)):
            problems.append(Problem(shown(folder, layout.root), 1, 1, f"{name} is outside the project folder"))
    return problems


def _walk(folder: Path, root: Path, problems: list[Problem], published: bool = False) -> list[str]:
    """Every file under ``folder`` (POSIX paths relative to it); links and bad names become problems,
    and so, when the files are ``published`` as they are, do types that a browser would run."""
    files: list[str] = []
    if not folder.is_dir() or folder.is_symlink():
        return files
    for current, dirs, names in os.walk(folder):
        dirs.sort()
        base = Path(current)
        for name in sorted(dirs + names):
            path = base / name
            where = shown(path, root)
            if path.is_symlink():
                problems.append(Problem(where, 1, 1, LINK_ADVICE))
                if name in dirs:
                    dirs.remove(name)
                continue
            try:
                name.encode("utf-8")
            except UnicodeEncodeError:
                problems.append(Problem(where, 1, 1, "the file name is not valid UTF-8; rename it"))
                continue
            if name in names and not path.is_file():  # a named pipe would hang whoever reads it
                problems.append(Problem(where, 1, 1, "not a regular file (a pipe, socket or device); remove it"))
                continue
            problem = file_name_problem(name)
            if problem:
                problems.append(Problem(where, 1, 1, problem))
            elif published and name in names and not name.startswith(".") and \
                    os.path.splitext(name)[1].lower() not in PUBLISHED_SUFFIXES:
                problems.append(Problem(where, 1, 1, "this kind of file would run as script in the site's origin if "
                                                     "opened; docs/ publishes Markdown pages, images, PDF, text, CSV, "
                                                     "JSON, CSS and fonts only"))
            if name in names:
                files.append(path.relative_to(folder).as_posix())
    return sorted(files)


def site_path(src: str, use_directory_urls: bool) -> str:
    """Where MkDocs writes the source file ``src`` (``actors/iran.md`` -> ``actors/iran/index.html``)."""
    if not src.endswith(".md"):
        return src
    stem, _, name = src[:-3].rpartition("/")
    prefix = stem + "/" if stem else ""
    if name in ("index", "README"):
        return prefix + "index.html"
    return prefix + (f"{name}/index.html" if use_directory_urls else f"{name}.html")


def _prefixes(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


def check_collisions(written: dict[str, str], generated: list[str], use_directory_urls: bool) -> list[Problem]:
    """Hand-written files (source path -> shown path) whose site path, or a folder of it, equals
    a generated one or another file's, or differs from it only in case or normalisation."""
    return list(_collisions(tuple(sorted(written.items())), tuple(generated), use_directory_urls))


@functools.lru_cache(maxsize=1)  # serve and validate --watch ask again after each edit, mostly with the same pages
def _collisions(written: tuple[tuple[str, str], ...], generated: tuple[str, ...],
                use_directory_urls: bool) -> tuple[Problem, ...]:
    spellings: dict[str, tuple[str, str | None]] = {}  # folded -> (spelling, shown file or None if generated)
    # A folder or file can only fold like a hand-written file's if their first folders fold alike (folding
    # goes name by name), so only generated pages under one of those are looked at (folding every
    # generated path took 0.02 s of validating 10,000 entries).
    heads = {fold(site_path(src, use_directory_urls).partition("/")[0]) for src, _ in written}
    under_heads: dict[str, bool] = {}
    generated_pages = set()
    for src in generated:
        page = site_path(src, use_directory_urls)
        generated_pages.add(page)
        head = page.partition("/")[0]
        near = under_heads.get(head)
        if near is None:
            near = under_heads[head] = fold(head) in heads
        if near:
            for prefix in _prefixes(page):
                spellings.setdefault(fold(prefix), (prefix, None))
    for name in BUILT_NAMES:
        spellings.setdefault(fold(name), (name, None))
    problems = []
    for src, where in written:
        dest = site_path(src, use_directory_urls)
        if dest in generated_pages:
            problems.append(Problem(where, 1, 1, f"has the path of a generated page ({dest}); rename it"))
            continue
        for prefix in _prefixes(dest):
            spelling, owner = spellings.setdefault(fold(prefix), (prefix, where))
            if spelling != prefix:
                other = f"the generated {spelling!r}" if owner is None else f"{spelling!r} ({owner})"
                problems.append(Problem(where, 1, 1, f"{prefix!r} differs only in case from {other}; on Windows "
                                                     "and macOS they are the same file: rename one of them"))
                break
    return tuple(problems)


def _read_page(path: Path, where: str, problems: list[Problem]) -> str | None:
    try:
        with open(os.open(path, READ_FLAGS), "rb") as f:  # without blocking, as entry files; line ends as in text mode
            return f.read().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        problems.append(Problem(where, 1, 1, f"is not valid UTF-8 (byte {exc.start})"))
    except OSError as exc:
        problems.append(Problem(where, 1, 1, f"cannot be read: {exc.strerror}"))
    return None


def check_pages(layout: ProjectLayout, dossier, generated: list[str], extra=None) -> list[Problem]:
    """Every check of the module docstring on ``docs/``, ``custom_dir`` and ``include_pages``
    (``extra``: directives the caller provides, see :func:`render_page_links`)."""
    problems: list[Problem] = []
    root = layout.root
    docs_files = _walk(layout.docs_dir, root, problems, published=True)
    if layout.custom_dir is not None:
        _walk(layout.custom_dir, root, problems)
    written = {rel: shown(layout.docs_dir / rel, root) for rel in docs_files}
    for page, repo_file in sorted(layout.include_pages.items()):
        source = root / repo_file
        where = shown(source, root)
        if os.path.isabs(repo_file) or ".." in Path(repo_file).parts:
            problems.append(Problem("mkdocs.yml", 1, 1, f"include_pages: {repo_file!r} is not a file inside the project"))
            continue
        link = link_on_the_way(root, source)
        if link is not None:
            problems.append(Problem(shown(link, root), 1, 1, f"include_pages: {LINK_ADVICE}"))
            continue
        if not source.is_file():
            problems.append(Problem("mkdocs.yml", 1, 1, f"include_pages: {repo_file!r} is not a file inside the project"))
            continue
        for part in page.split("/"):
            problem = file_name_problem(part)
            if problem:
                problems.append(Problem("mkdocs.yml", 1, 1, f"include_pages: {page!r}: {problem}"))
        written[page] = where
        text = _read_page(source, where, problems)
        if text is not None:
            problems += check_front_matter(text, where)
    problems += check_collisions(written, generated, layout.use_directory_urls)
    for rel in docs_files:
        if not rel.endswith(".md") or any(p.path == written[rel] for p in problems):
            continue
        where = written[rel]
        text = _read_page(layout.docs_dir / rel, where, problems)
        if text is None:
            continue
        meta_problems = check_front_matter(text, where)
        problems += meta_problems
        fm = split_front_matter(text)
        try:
            render_page_links(dossier, fm.body, rel, where, fm.body_line, extra=extra)
        except DossierError as exc:
            problems += exc.problems
    return problems


def generated_sources(dossier) -> list[str]:
    """Source paths of every page and data file the plugin generates for ``dossier``."""
    from dossierkit.render.page_paths import FEED_FILE, TIMELINE_PAGE, UPDATES_PAGE, listing_page_paths, page_path

    timeline_dir = TIMELINE_PAGE.rsplit("/", 1)[0]
    paths = listing_page_paths() + [f"{timeline_dir}/timeline.json", f"{timeline_dir}/timeline.ics",
                                    UPDATES_PAGE, FEED_FILE]
    # Sorted by path (the order does not matter here): going by kind would make the dossier's indexes.
    return paths + sorted(page_path(entry) for entry in dossier.entries.values())


def check_project(layout: ProjectLayout, dossier) -> list[Problem]:
    """Every problem of the module docstring, for a loaded ``dossier``."""
    return check_folders(layout) + check_pages(layout, dossier, generated_sources(dossier))


def layout_for(project) -> ProjectLayout:
    """The layout of a :class:`~dossierkit.project.locate.Project`, read from its ``mkdocs.yml``."""
    from dossierkit.project.locate import plugin_options, read_config

    config = read_config(project.config_file) if project.config_file is not None else {}
    root = Path(os.path.abspath(project.root))
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    custom_dir = theme.get("custom_dir") if isinstance(theme.get("custom_dir"), str) else None
    options = (plugin_options(project.config_file) if project.config_file is not None else None) or {}
    include_pages = options.get("include_pages") if isinstance(options.get("include_pages"), dict) else {}
    return ProjectLayout(root=root, docs_dir=root / str(config.get("docs_dir") or "docs"),
                         dossier_dir=Path(os.path.abspath(project.dossier_dir)),
                         custom_dir=root / custom_dir if custom_dir else None,
                         include_pages={str(k): str(v) for k, v in include_pages.items()},
                         use_directory_urls=config.get("use_directory_urls", True) is not False)


def raise_any(problems: list[Problem]) -> None:
    """Raise :class:`DossierError` when ``problems`` holds any."""
    if problems:
        raise DossierError(problems)


def load_project_dossier(layout: ProjectLayout, cache=None):
    """The project's dossier, loaded only once its folders are known to be no links (raises DossierError);
    ``cache``: an :class:`~dossierkit.loading.entry_cache.EntryCache` kept between loads."""
    from dossierkit.loading.load import load_dossier

    raise_any(check_folders(layout))
    return load_dossier(layout.dossier_dir, root=layout.root, cache=cache)


def load_located(project, explicit_dossier: bool = False):
    """The dossier of a located project; one named by ``mkdocs.yml`` is checked for links first
    (``--dossier DIR`` names a folder on purpose, and is read as given)."""
    from dossierkit.loading.load import load_dossier

    if project.config_file is not None and not explicit_dossier:
        return load_project_dossier(layout_for(project))
    return load_dossier(project.dossier_dir, root=project.root)
