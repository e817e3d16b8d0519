"""Pack a built site into a deterministic zip (``make offline``).

Same files in, same bytes out: entries are sorted, timestamps come from
``SOURCE_DATE_EPOCH`` (or 1980-01-01, the zip epoch), permissions are fixed.
"""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

from dossierkit.errors import DossierError, Problem
from dossierkit.outputs.write_errors import discard, replace_atomically, temporary_name, writing

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def _timestamp() -> tuple[int, int, int, int, int, int]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit() and int(epoch) >= 315532800:  # 1980-01-01
        return time.gmtime(int(epoch))[:6]
    return ZIP_EPOCH


def pack_site(site_dir: Path, output: Path, root_name: str = "dossier") -> int:
    """Zip every file of ``site_dir`` under ``root_name/``; return the file count."""
    if not (site_dir / "index.html").is_file():
        raise DossierError([Problem(str(site_dir), 1, 1, "not a built site (no index.html)")])
    stamp = _timestamp()
    files = sorted(p for p in site_dir.rglob("*") if p.is_file() and not p.is_symlink())
    partial = temporary_name(output)  # unique: two builds never share a partial file
    try:
        with writing(output):
            output.parent.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
                for path in files:
                    info = zipfile.ZipInfo(f"{root_name}/{path.relative_to(site_dir).as_posix()}", date_time=stamp)
                    info.external_attr = 0o644 << 16
                    info.compress_type = zipfile.ZIP_DEFLATED
                    zf.writestr(info, path.read_bytes(), compresslevel=9)
    except BaseException:
        discard(partial)
        raise
    replace_atomically(partial, output)
    return len(files)
