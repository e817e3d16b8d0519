"""The ``dossier`` options of ``mkdocs.yml``, declared once for the plugin and the CLI.

``plugins: - dossier: {...}`` holds the options below.  They are declared
here with the same field types as entries (:data:`OPTIONS`), checked by
:func:`parse_options` into a typed :class:`DossierOptions`, and read the
same way by the MkDocs plugin (which declares them to MkDocs from
:data:`OPTIONS`, see ``plugin/config.py``) and by the ``dossier`` command
(which reads ``mkdocs.yml`` itself).  Mistakes are located in ``mkdocs.yml``
(``mkdocs.yml:14:9: plugins.dossier.eras[0].start: ...``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dossierkit.dates import PartialDate
from dossierkit.errors import DossierError, ProblemSink
from dossierkit.loading.yaml_loader import YamlDocument
from dossierkit.schema.types import INVALID, Bool, Checker, Date, Field, FieldType, ListOf, Obj, Text, shorten

PLUGIN_NAME = "dossier"
PREFIX = ("plugins", PLUGIN_NAME)


@dataclass(frozen=True)
class Era:
    """A named period of the timeline (from ``start`` to ``end``, inclusive)."""

    title: str
    start: PartialDate
    end: PartialDate | None = None

    def contains(self, date: PartialDate) -> bool:
        """True when ``date`` starts within the era."""
        return self.start.sort_key <= date.sort_key and (self.end is None or date.sort_key <= self.end.end_key)


class PageMap(FieldType):
    """A mapping of page path -> repository file (``{contributing.md: CONTRIBUTING.md}``)."""

    def check(self, value: Any, path, ck: Checker) -> Any:
        if not isinstance(value, dict):
            return ck.error(path, "expected a mapping of page path: repository file")
        out = {}
        for key, target in value.items():
            if not isinstance(key, str) or not key.endswith(".md") or not isinstance(target, str) or not target:
                return ck.error(path + (str(key),), f"{shorten(str(key))!r}: expected 'page.md: FILE'")
            out[key] = target
        return out

    def json_schema(self, vocab: Any = None) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": {"type": "string"}}


ERA = Obj((
    Field("title", Text(max_length=80), "What readers see above the era's years.", required=True),
    Field("start", Date(), "First day, month or year of the era.", required=True),
    Field("end", Date(), "Last day, month or year (leave out for an open era)."),
))

OPTIONS = Obj((
    Field("dossier_dir", Text(max_length=200), "Folder holding the YAML entries, relative to mkdocs.yml (default: dossier)."),
    Field("edit_uri", Text(max_length=200), "Edit path from repo_url to the project root, e.g. edit/main/ "
                                            "(default: the site's edit_uri without its docs folder)."),
    Field("include_pages", PageMap(), "Repository files published as pages, {page path: file}; links to docs/... "
                                      "in them are rewritten for the site."),
    Field("pdf_pages", ListOf(Text(max_length=200)), "Hand-written pages (paths in docs/) that open the PDF book, in order."),
    Field("eras", ListOf(ERA, unique=False), "Named periods that group the timeline: [{title, start, end}]."),
    Field("maintainers", ListOf(Text(max_length=80)), "GitHub users or teams (@login, @org/team-name) who review "
                                                       "pull requests; `dossier codeowners` writes .github/CODEOWNERS from them."),
    Field("sanitize", Bool(), "Pass every page's HTML through the allowlist sanitizer (default: true; keep it on)."),
    Field("history", Bool(), "Read the git history for the History lists, the Updates page and its feed (default: true)."),
))


@dataclass(frozen=True)
class DossierOptions:
    """The checked options (see :data:`OPTIONS` for what each one means)."""

    dossier_dir: str = "dossier"
    edit_uri: str | None = None
    include_pages: dict[str, str] = field(default_factory=dict)
    pdf_pages: tuple[str, ...] = ()
    eras: tuple[Era, ...] = ()
    maintainers: tuple[str, ...] = ()
    sanitize: bool = True
    history: bool = True


def _plain(value: Any) -> Any:
    """MkDocs' YAML loader makes dates and numbers of some values: back to the text that was written."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def parse_options(raw: dict[str, Any] | None, where: str = "mkdocs.yml",
                  positions: dict[tuple, tuple[int, int]] | None = None) -> DossierOptions:
    """Check the plugin's raw options; raise :class:`DossierError` with every mistake, located in ``where``."""
    raw = {k: v for k, v in (raw or {}).items() if v is not None}
    sink = ProblemSink(where)
    doc = YamlDocument(where, raw, {PREFIX + k: v for k, v in (positions or {}).items()})
    ck = Checker(doc, sink)
    data = OPTIONS.check(_plain(raw), PREFIX, ck)
    eras: list[Era] = []
    if data is not INVALID:
        for i, item in enumerate(data.get("eras", [])):
            era = Era(item["title"], item["start"], item.get("end"))
            if era.end is not None and era.end.end_key < era.start.sort_key:
                ck.error(PREFIX + ("eras", i, "end"), f"{era.end} is before start {era.start}")
            eras.append(era)
    if sink.problems:
        raise DossierError(sink.problems)
    return DossierOptions(
        dossier_dir=data.get("dossier_dir", "dossier"), edit_uri=data.get("edit_uri"),
        include_pages=data.get("include_pages", {}), pdf_pages=tuple(data.get("pdf_pages", ())),
        eras=tuple(sorted(eras, key=lambda e: e.start.sort_key)), maintainers=tuple(data.get("maintainers", ())),
        sanitize=data.get("sanitize", True), history=data.get("history", True))


class _Tolerant(yaml.SafeLoader):
    """Reads a MkDocs config: unknown tags (``!ENV``, ``!!python/name``) become None."""


_Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)


def option_positions(config_file: Path) -> dict[tuple, tuple[int, int]]:
    """(line, column) of every value under the ``dossier`` plugin in ``config_file``, by key path."""
    try:
        node = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=_Tolerant)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    plugins = _child(node, "plugins")
    options = None
    if isinstance(plugins, yaml.SequenceNode):
        for item in plugins.value:
            options = _child(item, PLUGIN_NAME) or options
    elif plugins is not None:
        options = _child(plugins, PLUGIN_NAME)
    out: dict[tuple, tuple[int, int]] = {}
    if options is not None:
        _walk(options, (), out)
    return out


def _child(node, key: str):
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def _walk(node, path: tuple, out: dict) -> None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            out[path + (k.value,)] = (k.start_mark.line + 1, k.start_mark.column + 1)
            _walk(v, path + (k.value,), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            out[path + (i,)] = (v.start_mark.line + 1, v.start_mark.column + 1)
            _walk(v, path + (i,), out)
