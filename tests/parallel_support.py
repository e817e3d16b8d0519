"""Helpers for tests of the load in two processes (``loading/parallel_check.py``)."""

from __future__ import annotations

import os
import time

from dossierkit.loading import load as build
from dossierkit.loading import parallel_check


def slow_parent(monkeypatch, seconds: float = 0.02, chunk: int | None = 2) -> None:
    """The parent checks each file ``seconds`` slower, and the files are shared in chunks of ``chunk``, so
    that the worker takes chunks even of a small test dossier (the two processes share the files as they go)."""
    parent, real = os.getpid(), build._check_entry

    def check(loaded, vocab):
        if os.getpid() == parent:
            time.sleep(seconds)
        real(loaded, vocab)
    monkeypatch.setattr(build, "_check_entry", check)
    if chunk is not None:
        monkeypatch.setattr(parallel_check, "CHUNK", chunk)
