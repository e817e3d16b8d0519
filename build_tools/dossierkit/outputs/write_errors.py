"""Failed writes as one line that names the path and says what to do.

A full disk, a read-only folder or a missing permission is not a bug: it
must not end in a traceback or an "internal error" naming no file.  Writers
wrap their work in :func:`writing`, which turns an :class:`OSError` into an
:class:`OutputError` carrying the path (``write()`` errors such as
``ENOSPC`` often carry none); the CLI prints it and exits 1, the plugin
logs it.  Every writer writes under a temporary name and renames, so what
was there before is never lost.
"""

from __future__ import annotations

import errno
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ADVICE = {
    errno.ENOSPC: "the disk is full: free some space, then run the command again",
    errno.EDQUOT: "the disk quota is used up: free some space, then run the command again",
    errno.EROFS: "the file system is read-only: write somewhere else, or remount it read-write",
    errno.EACCES: "permission denied: make the folder writable for you, or write somewhere else",
    errno.EPERM: "operation not permitted: make the folder writable for you, or write somewhere else",
    errno.ENOENT: "a folder on the way does not exist (or vanished): create it, then run the command again",
    errno.ENOTDIR: "a file stands where a folder is needed: move it away, then run the command again",
    errno.EISDIR: "a folder stands where a file is needed: move it away, then run the command again",
    errno.EEXIST: "something is already there: move it away, then run the command again",
    errno.EXDEV: "the two paths are on different file systems: keep them on the same one",
}


class OutputError(Exception):
    """A write failed; ``str()`` is the one line to show."""


def describe_os_error(exc: OSError, path: str | os.PathLike[str] | None = None) -> str:
    """``build/site/dossier.pdf: no space left on device; the disk is full: ...`` for ``exc``."""
    # A copy or a rename names its destination second: that is where the write failed.
    named = exc.filename2 if exc.filename2 is not None else exc.filename
    where = path if path is not None else (named if named is not None else "(unknown path)")
    reason = (exc.strerror or str(exc) or type(exc).__name__).rstrip(".")
    reason = reason[:1].lower() + reason[1:]
    advice = ADVICE.get(exc.errno, "check the path and its permissions, then run the command again")
    return f"{os.fspath(where)}: {reason}; {advice}"


@contextmanager
def writing(path: str | os.PathLike[str]) -> Iterator[None]:
    """Turn an :class:`OSError` raised while writing ``path`` into an :class:`OutputError`."""
    try:
        yield
    except OSError as exc:  # named as the output asked for (not its temporary name)
        raise OutputError(describe_os_error(exc, path)) from None


def temporary_name(final: Path) -> Path:
    """A name beside ``final`` that no other process uses (``dossier.pdf.<pid>.<random>.partial``)."""
    return final.with_name(f"{final.name}.{os.getpid()}.{os.urandom(4).hex()}.partial")


def replace_atomically(partial: Path, final: Path) -> None:
    """Rename ``partial`` to ``final``; on failure remove ``partial`` and raise :class:`OutputError`."""
    try:
        with writing(final):
            partial.replace(final)
    finally:
        discard(partial)


def discard(partial: Path) -> None:
    """Remove a temporary file if it is there (quietly: a read-only folder holds none)."""
    try:
        partial.unlink(missing_ok=True)
    except OSError:
        pass
