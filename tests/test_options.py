"""The plugin's options are declared once (project/options.py) and read the same way by the plugin and the CLI."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from dossierkit.cli.main import main
from dossierkit.plugin.config import DossierConfig
from dossierkit.project.options import OPTIONS, parse_options

MKDOCS_BIN = Path(sys.executable).parent / "mkdocs"


def test_the_plugin_declares_exactly_the_core_options():
    assert sorted(name for name, _ in DossierConfig._schema) == sorted(f.name for f in OPTIONS.fields)


def test_dates_from_mkdocs_yaml_are_read_at_their_precision():
    import datetime
    options = parse_options({"eras": [{"title": "Later", "start": datetime.date(2025, 9, 17)},
                                      {"title": "Earlier", "start": 2015, "end": "2025-09"}]})
    assert [(e.title, e.start.iso(), e.end.iso() if e.end else None) for e in options.eras] == [
        ("Earlier", "2015", "2025-09"), ("Later", "2025-09-17", None)]


def _with_options(starter: Path, options: str) -> None:
    config = starter / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - dossier:\n      dossier_dir: dossier\n" in text
    config.write_text(text.replace("  - dossier:\n      dossier_dir: dossier\n",
                                   "  - dossier:\n      dossier_dir: dossier\n" + options), encoding="utf-8")


def _line_of(starter: Path, needle: str) -> int:
    lines = (starter / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if needle in line)


BAD = "      eras:\n        - title: Before\n          start: 2025-13\n      pdf_page: [overview.md]\n"


def test_cli_reports_option_mistakes_located_in_mkdocs_yml(starter, monkeypatch, capsys):
    _with_options(starter, BAD)
    monkeypatch.chdir(starter)
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    line = _line_of(starter, "start: 2025-13")
    assert f"mkdocs.yml:{line}:11: error: plugins.dossier.eras[0].start: '2025-13': month 13 does not exist" in err
    line = _line_of(starter, "pdf_page:")
    assert (f"mkdocs.yml:{line}:7: error: plugins.dossier.pdf_page: unknown field (did you mean 'pdf_pages'?)"
            in err)


def test_plugin_reports_the_same_mistakes(starter):
    _with_options(starter, BAD)
    config = load_config(str(starter / "mkdocs.yml"))
    with pytest.raises(PluginError) as err:
        config.plugins.on_config(config)
    assert "plugins.dossier.eras[0].start: '2025-13': month 13 does not exist" in str(err.value)
    assert "plugins.dossier.pdf_page: unknown field (did you mean 'pdf_pages'?)" in str(err.value)
