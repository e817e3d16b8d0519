"""The site engine that ``dossier build`` and ``dossier serve`` run: ProperDocs or MkDocs 1.6.

Both engines load the ``dossier`` plugin (the ``mkdocs.plugins`` entry
point) and Material unchanged, and build the same site, byte for byte but
for the ``generator`` tag (tested).  ProperDocs is the maintained fork of
MkDocs 1.x, so it is the default when it is installed (it is a dependency of
dossierkit); ``--engine`` or ``DOSSIER_ENGINE`` chooses.

The engine runs as ``python -m ENGINE`` with the interpreter that runs
``dossier``, so a ``pipx``/``uv tool`` install needs nothing on the PATH
but ``dossier``.  Its environment silences the end-of-life banner that
Material prints at import when it is run by the ``mkdocs`` command
(``NO_MKDOCS_2_WARNING``, and ``DISABLE_MKDOCS_2_WARNING`` for the notice
some plugins print); a user never has to set them.  The plugin cannot do
this itself: MkDocs loads the theme, which prints the banner, before any
plugin.

No MkDocs module is imported here: the engine is found by name only.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from dossierkit.errors import DossierError, Problem

ENGINES = ("properdocs", "mkdocs")  # preferred first
ENGINE_ENV = "DOSSIER_ENGINE"
# Material prints its end-of-life banner unless the first is set; ProperDocs' notice
# (printed only when a plugin asks for it under `mkdocs`) unless the second is "true".
QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def installed(engine: str) -> bool:
    """Whether ``engine`` can be imported by this interpreter."""
    return importlib.util.find_spec(engine) is not None


def choose_engine(requested: str | None = None) -> str:
    """The engine to run: ``requested``, else ``$DOSSIER_ENGINE``, else the first installed of :data:`ENGINES`.

    Raises :class:`DossierError` for an unknown or missing engine, saying how to install it.
    """
    name = requested or os.environ.get(ENGINE_ENV) or next((e for e in ENGINES if installed(e)), ENGINES[-1])
    where = "--engine" if requested else ENGINE_ENV
    if name not in ENGINES:
        raise DossierError([Problem(where, 1, 1, f"unknown engine {name!r}: choose {' or '.join(ENGINES)}")])
    if not installed(name):
        raise DossierError([Problem(where, 1, 1, f"the {name} engine is not installed next to dossierkit; install it "
                                                 f"with `pipx inject dossierkit {name}` (or `pip install {name}` in "
                                                 "the same environment), or choose the other engine")])
    return name


def engine_command(engine: str, command: str, config_file: Path, args: list[str]) -> list[str]:
    """The command line that runs ``ENGINE COMMAND -f CONFIG ARGS...`` with this interpreter."""
    return [sys.executable, "-m", engine, command, "-f", str(config_file), *args]


def engine_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's environment) with the engines' banners silenced."""
    env = dict(os.environ if base is None else base)
    for name, value in QUIET_ENV.items():
        env.setdefault(name, value)
    return env
