"""Put a freshly built site in place of the last good one, atomically.

``mkdocs build`` empties its output folder before it writes, so a build that
fails or is interrupted half-way would leave a half-written site where the
last good one was.  ``make build`` therefore builds the site, the PDF and the
offline zip into a staging folder next to ``site/`` (``build/site``), and
only when every step has succeeded calls :func:`swap_site` (``dossier
swap-site build/site site``):

1. the staging folder must look like a built site (``index.html``);
2. on Linux, ``renameat2(RENAME_EXCHANGE)`` exchanges the two folders in one
   atomic step; elsewhere (or on file systems without it) the old site is
   renamed to a backup name beside the staging folder (``build/site.previous``)
   and the new one renamed into place: two renames with nothing written in
   between;
3. the old site is then deleted.

At every moment ``site/`` is either the complete old site or the complete
new one.  The only window without a ``site/`` is between the two renames of
the fallback; if the process dies there, the old site is intact under its
backup name and the next :func:`swap_site` (or :func:`recover`) puts it back
first.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
from pathlib import Path

from dossierkit.errors import DossierError, Problem

BACKUP_SUFFIX = ".previous"
_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _backup_of(staging: Path, site: Path) -> Path:
    """Where the fallback keeps the old site for a moment: ``build/site.previous``
    beside the site when that ``build/`` exists (one fixed name, so that the
    next swap finds it whatever its staging folder), else beside the staging
    folder (same file system; inside ``build/``, which git ignores)."""
    build = Path(site).parent / "build"
    if build.is_dir() and not build.is_symlink():
        return build / (Path(site).name + BACKUP_SUFFIX)
    return staging.with_name(staging.name + BACKUP_SUFFIX)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux ``renameat2``); False if unsupported."""
    if not hasattr(os, "uname") or os.uname().sysname != "Linux":
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False  # kernel or file system without RENAME_EXCHANGE
    raise OSError(err, os.strerror(err), str(a), None, str(b))


def recover(staging: Path, site: Path) -> bool:
    """Put back the last good site if an earlier swap died between its two renames."""
    site = Path(site)
    backup = _backup_of(Path(staging), site)
    if backup.is_dir() and not site.exists():
        backup.rename(site)
        return True
    return False


def swap_site(staging: Path, site: Path) -> None:
    """Replace ``site`` by the complete build in ``staging`` (see the module docstring).

    Raises :class:`DossierError` (nothing is changed) when ``staging`` is not a
    built site or the two folders are on different file systems.
    """
    staging, site = Path(staging), Path(site)
    recover(staging, site)
    if not (staging / "index.html").is_file():
        raise DossierError([Problem(str(staging), 1, 1, "not a built site (no index.html); the site was not replaced")])
    if site.is_symlink() or staging.is_symlink():
        raise DossierError([Problem(str(site if site.is_symlink() else staging), 1, 1,
                                    "is a symbolic link; the site was not replaced (a build writes only real folders)")])
    if site.exists() and not site.is_dir():
        raise DossierError([Problem(str(site), 1, 1, "exists and is not a folder; the site was not replaced")])
    backup = _backup_of(staging, site)
    if backup.exists():
        shutil.rmtree(backup)  # a finished swap's leftover: site/ itself is complete
    try:
        if not site.exists():
            staging.rename(site)
            return
        if _exchange(staging, site):
            old = staging  # the exchange left the previous site under the staging name
        else:
            site.rename(backup)
            try:
                staging.rename(site)
            except BaseException:
                backup.rename(site)  # put the last good site back before reporting
                raise
            old = backup
    except OSError as exc:
        if exc.errno == errno.EXDEV:
            raise DossierError([Problem(str(staging), 1, 1, f"must be on the same file system as {site}; "
                                                            "the site was not replaced")]) from None
        raise
    shutil.rmtree(old, ignore_errors=True)
