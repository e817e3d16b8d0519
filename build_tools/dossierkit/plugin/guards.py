"""The plugin's guards against hostile pages and broken output folders.

Kept apart from ``plugin.py`` (the page pipeline):

- :func:`project_layout`: the folders a build reads, from the MkDocs config,
  for the checks of :mod:`dossierkit.project.checks`;
- :func:`check_settings`: the ``maintainers`` must be real GitHub users or
  teams, not placeholders; and (:func:`refuse_html_tooltips`) Material's
  ``content.tooltips`` feature
  renders every ``title`` attribute, and the text of truncated navigation
  and table-of-contents items, as HTML on hover; the site shows tooltips
  from text instead (``assets/dossier.js``), so the feature is refused;
- :func:`included_page`: a repository file published as a page, read only
  from inside the project and never through a link;
- :func:`drop_linked_files`: while ``mkdocs serve`` keeps serving after an
  error, a symbolic link that appeared in ``docs/`` is still never read;
- :func:`output_error`: a failed write (disk full, read-only folder, missing
  permission) as one line naming the path and what to do.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from dossierkit.errors import DossierError
from dossierkit.outputs.write_errors import describe_os_error
from dossierkit.project.codeowners import check_maintainers
from dossierkit.project.checks import ProjectLayout, link_on_the_way

log = logging.getLogger("mkdocs.plugins.dossier")
HTML_TOOLTIPS = "content.tooltips"


def project_layout(config: MkDocsConfig, dossier_dir: str, include_pages: dict[str, str]) -> ProjectLayout:
    """The folders a build of ``config`` reads (not resolved: links are checked, not followed)."""
    root = Path(os.path.abspath(Path(config.config_file_path).parent))
    custom_dir = config.theme.custom_dir if hasattr(config.theme, "custom_dir") else None
    return ProjectLayout(root=root, docs_dir=Path(os.path.abspath(config.docs_dir)),
                         dossier_dir=Path(os.path.abspath(root / dossier_dir)),
                         custom_dir=Path(os.path.abspath(custom_dir)) if custom_dir else None,
                         include_pages=dict(include_pages), use_directory_urls=bool(config.use_directory_urls))


def check_settings(config: MkDocsConfig, maintainers: list) -> None:
    """Stop the build on a setting that is unsafe (``content.tooltips``) or a placeholder (``maintainers``)."""
    refuse_html_tooltips(config)
    try:
        check_maintainers(maintainers, "mkdocs.yml")
    except DossierError as exc:
        raise PluginError(exc.report()) from None


def refuse_html_tooltips(config: MkDocsConfig) -> None:
    """Stop the build when Material would render ``title`` attributes as HTML (see the module docstring)."""
    features = config.theme.get("features") or []
    if HTML_TOOLTIPS in features:
        raise PluginError(
            f"mkdocs.yml: theme.features: {HTML_TOOLTIPS} renders every title attribute as HTML on hover "
            "(a glossary definition or a link title written by a contributor would run as script); "
            f"remove {HTML_TOOLTIPS}: the dossier plugin shows tooltips from text itself")


def drop_linked_files(files: Files, docs_dir: str) -> None:
    """Remove every file of ``docs/`` that is, or sits under, a symbolic link (reported by the checks)."""
    for file in list(files):
        if file.generated_by is None and file.abs_src_path and link_on_the_way(Path(docs_dir), Path(file.abs_src_path)):
            log.error(f"dossier: {file.src_uri}: not published: it is a symbolic link (or inside one)")
            files.remove(file)


def included_page(root: Path, docs_dir: str, page_path: str, repo_file: str) -> str:
    """Text of a repository file published as a page (``include_pages``), with ``docs/`` links made
    relative; never through a symbolic link, never from outside the project."""
    source = (root / repo_file).resolve()
    if link_on_the_way(root, root / repo_file) or not source.is_relative_to(root.resolve()) or not source.is_file():
        raise PluginError(f"include_pages: {repo_file!r} is not a file inside the project")
    text = source.read_text(encoding="utf-8")
    docs_prefix = Path(docs_dir).resolve().relative_to(root.resolve()).as_posix() + "/"
    up = "../" * page_path.count("/")
    return re.sub(r"\]\(" + re.escape(docs_prefix), "](" + up, text)


def output_error(error: BaseException, site_dir: str) -> str | None:
    """One line for a failed write, or None when ``error`` is not one (see :mod:`dossierkit.outputs.write_errors`).

    ``write()`` errors such as ``ENOSPC`` carry no file name: the site folder is named instead.
    """
    if isinstance(error, OSError):
        named = error.filename2 if error.filename2 is not None else error.filename
        return describe_os_error(error, named if named is not None else site_dir)
    return None
