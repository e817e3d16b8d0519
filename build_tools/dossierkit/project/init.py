"""``dossier init``: a new dossier project on any topic, from bundled templates."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from dossierkit.errors import DossierError, Problem
from dossierkit.project.codeowners import check_maintainers, write_codeowners
from dossierkit.schema.jsonschema import write_schemas
from dossierkit.validation.dates import build_date

TEMPLATE_PACKAGE = "dossierkit"
TEMPLATE_ROOT = ("templates", "init")


def _template_files() -> list[tuple[str, str]]:
    """(relative path, text) of every template file, sorted."""
    root = resources.files(TEMPLATE_PACKAGE).joinpath(*TEMPLATE_ROOT)
    out: list[tuple[str, str]] = []

    def walk(node, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            rel = f"{prefix}{child.name}"
            if child.is_dir():
                walk(child, rel + "/")
            elif child.name != "__pycache__":
                out.append((rel, child.read_text(encoding="utf-8")))

    walk(root, "")
    return out


def init_project(target: Path, title: str, maintainers: list[str] | tuple[str, ...] = ()) -> list[Path]:
    """Create a new project in ``target`` (which must be absent or empty).

    Writes ``mkdocs.yml`` (with ``maintainers``, the GitHub users or teams
    who review pull requests), ``.github/CODEOWNERS`` from them, ``docs/``
    (with the JSON Schemas) and a ``dossier/`` holding one sample entry per
    kind.  Returns the paths written.
    """
    owners = check_maintainers(list(maintainers), "--maintainer")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise DossierError([Problem(str(target), 1, 1, "folder exists and is not empty; choose a new folder")])
    written: list[Path] = []
    today = build_date().isoformat()  # the examples are checked as of the day the project is made
    safe_title = title.replace("\\", "\\\\").replace('"', '\\"')
    for rel, text in _template_files():
        # Package data skips dot-files, so the template is stored as "gitignore".
        path = target / (".gitignore" if rel == "gitignore" else rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        if rel == "mkdocs.yml":
            text = text.replace('"{title}"', f'"{safe_title}"')
            text = text.replace("maintainers: []", f"maintainers: {json.dumps(owners)}")
        else:
            text = text.replace("{title}", title)
        text = text.replace("{today}", today)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    written += write_schemas(target / "docs" / "schema")
    written.append(write_codeowners(target, owners)[0])
    return written
