"""One build at a time in a project: a lock on its output folders (``build/`` and ``site/``).

Two ``make build`` runs in one folder used to share ``build/site`` and the
PDF's temporary name: one could swap in a mixed site (new pages, old PDF),
the other fail on a vanished ``dossier.pdf.partial``.  Now:

- ``make build`` runs its steps under ``dossier locked -- ...``, which holds
  an exclusive lock on ``build/.lock`` (``flock`` on POSIX, ``msvcrt`` on
  Windows; the kernel releases it when the process dies, even on ``kill -9``)
  and gives the steps their own staging folder (``build/run-<pid>-<random>``,
  in ``DOSSIER_STAGE``); a second build waits, saying for whom, then builds
  and swaps in its own complete site;
- the commands that write into the project's ``site/`` or ``build/``
  (``dossier pdf``, ``pack``, ``swap-site``) take the same lock, unless they
  run under the process that holds it (its token is in ``DOSSIER_BUILD_LOCK``);
- ``build/`` and ``site/`` must not be symbolic links: a pull request could
  commit one and make a build write, or delete, outside the repository.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from dossierkit.errors import DossierError, Problem

LOCK_FILE = ".lock"
TOKEN_ENV = "DOSSIER_BUILD_LOCK"
STAGE_ENV = "DOSSIER_STAGE"
STAGE_PREFIX = "run-"
OUTPUT_FOLDERS = ("build", "site")


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _lock(fd: int, blocking: bool) -> None:
    """Lock ``fd`` exclusively; raise :class:`BlockingIOError` when busy and not ``blocking``."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt
        import time

        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                return
            except OSError:
                if not blocking:
                    raise BlockingIOError("locked") from None
                time.sleep(0.2)
    fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))


def project_root(start: Path | None = None) -> Path:
    """The folder of the nearest ``mkdocs.yml`` (else the current folder): where ``build/`` lives."""
    from dossierkit.project.locate import find_config

    cwd = Path(os.path.abspath(start or Path.cwd()))
    config = find_config(cwd)
    return config.parent if config is not None else cwd


def check_output_folders(root: Path) -> None:
    """Refuse to build when ``build/`` or ``site/`` is a symbolic link (see the module docstring)."""
    problems = [Problem(name, 1, 1, "is a symbolic link; a build writes and deletes here, so it must be a real "
                                    "folder inside the project: remove the link")
                for name in OUTPUT_FOLDERS if (root / name).is_symlink()]
    if problems:
        raise DossierError(problems)


def _token_path(root: Path) -> str:
    return str(Path(os.path.abspath(root)) / "build" / LOCK_FILE)


def held_by_parent(root: Path) -> bool:
    """True when this process runs under the build that holds ``root``'s lock."""
    return os.environ.get(TOKEN_ENV, "").rsplit("|", 1)[0] == _token_path(root)


@contextmanager
def output_lock(root: Path, say: Callable[[str], None] = _say) -> Iterator[None]:
    """Hold ``root``'s output lock for the ``with`` block, waiting while another build holds it."""
    if held_by_parent(root):
        yield
        return
    check_output_folders(root)
    build = root / "build"
    build.mkdir(exist_ok=True)
    path = build / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            _lock(fd, blocking=False)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
            say(f"dossier: {path} is held by a build in progress ({holder}); waiting for it to finish")
            _lock(fd, blocking=True)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}".encode(), 0)
        previous = os.environ.get(TOKEN_ENV)
        os.environ[TOKEN_ENV] = f"{_token_path(root)}|{os.getpid()}-{os.urandom(6).hex()}"
        try:
            yield
        finally:
            if previous is None:
                os.environ.pop(TOKEN_ENV, None)
            else:
                os.environ[TOKEN_ENV] = previous
    finally:
        os.close(fd)  # releases the lock


def new_stage(root: Path) -> Path:
    """A fresh staging folder for one build, after removing those of earlier builds (call under the lock)."""
    build = root / "build"
    for old in build.glob(STAGE_PREFIX + "*"):
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{STAGE_PREFIX}{os.getpid()}-", dir=build))


def writes_outputs(root: Path, *paths: Path) -> bool:
    """True when one of ``paths`` lies in ``root``'s ``build/`` or ``site/`` (what the lock guards)."""
    base = Path(os.path.abspath(root))
    for path in paths:
        target = Path(os.path.abspath(path))
        if any(target == base / name or target.is_relative_to(base / name) for name in OUTPUT_FOLDERS):
            return True
    return False


@contextmanager
def lock_for(*paths: Path, root: Path | None = None) -> Iterator[None]:
    """The output lock of ``root`` (default: the project of the current folder) when one
    of ``paths`` is in its ``build/`` or ``site/``; nothing to hold otherwise."""
    root = root or project_root()
    if writes_outputs(root, *paths):
        with output_lock(root):
            yield
    else:
        yield
