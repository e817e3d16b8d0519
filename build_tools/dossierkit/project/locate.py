"""Find the project and its dossier folder from any working directory.

The dossier folder comes from ``--dossier DIR`` or, failing that, from the
``dossier`` plugin's ``dossier_dir`` option in ``mkdocs.yml`` (found in the
current directory or a parent, or given with ``--config-file``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dossierkit.errors import DossierError, Problem
from dossierkit.loading.yaml_loader import marked_error

DEFAULT_DOSSIER_DIR = "dossier"
CONFIG_NAME = "mkdocs.yml"


class _TolerantLoader(yaml.SafeLoader):
    """Safe loader that reads MkDocs configs: unknown tags become ``None``."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Project:
    """Where things are: the project root, its config (if any) and the dossier."""

    root: Path
    config_file: Path | None
    dossier_dir: Path


def find_config(start: Path) -> Path | None:
    """The nearest ``mkdocs.yml`` in ``start`` or one of its parents."""
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def read_config(config_file: Path) -> dict[str, Any]:
    """A MkDocs config as plain data (tags such as ``!ENV`` read as ``None``)."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except yaml.MarkedYAMLError as exc:  # located where the parser stopped, as in an entry
        line, column, what = marked_error(exc)
        raise DossierError([Problem(str(config_file), line, column,
                                    f"cannot read MkDocs config: YAML syntax error: {what}")]) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DossierError([Problem(str(config_file), 1, 1, f"cannot read MkDocs config: {exc}")]) from None
    return config if isinstance(config, dict) else {}


def plugin_options(config_file: Path) -> dict[str, Any] | None:
    """The ``dossier`` plugin's options from a MkDocs config, or None if absent."""
    plugins = read_config(config_file).get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{k: v} for k, v in plugins.items()]
    for item in plugins:
        if item == "dossier":
            return {}
        if isinstance(item, dict) and "dossier" in item:
            return dict(item["dossier"] or {})
    return None


def options_of(config_file: Path | None, root: Path | None = None):
    """The checked ``dossier`` options of a MkDocs config (defaults without one); errors located in it."""
    from dossierkit.project.options import DossierOptions, option_positions, parse_options

    if config_file is None:
        return DossierOptions()
    shown = config_file.relative_to(root).as_posix() if root and config_file.is_relative_to(root) else str(config_file)
    return parse_options(plugin_options(config_file) or {}, shown, option_positions(config_file))


def locate(dossier: str | None = None, config_file: str | None = None, cwd: Path | None = None) -> Project:
    """Resolve the project from command-line options; see the module docstring."""
    cwd = cwd or Path.cwd()
    config = Path(config_file).resolve() if config_file else find_config(cwd.resolve())
    if config_file and not config.is_file():  # type: ignore[union-attr]
        raise DossierError([Problem(config_file, 1, 1, "config file not found")])
    if dossier:
        root = config.parent if config else cwd.resolve()
        return Project(root, config, Path(dossier).resolve())
    if config is None:
        raise DossierError([Problem(str(cwd), 1, 1, f"no {CONFIG_NAME} here or above; pass --dossier DIR")])
    options = options_of(config, config.parent)
    # Not resolved: a dossier folder that is a symbolic link is refused, not followed (project/checks.py).
    return Project(config.parent, config, Path(os.path.abspath(config.parent / options.dossier_dir)))
