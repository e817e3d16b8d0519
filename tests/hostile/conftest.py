"""Fixtures shared by the hostile-input tests (``harness.py`` holds the machinery)."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import STARTER, Content, build_content
from sitebuild import build_site


@pytest.fixture(scope="session")
def previous_site(tmp_path_factory) -> Path:
    """The starter's site, built once: the "last good site" every case starts from."""
    site = tmp_path_factory.mktemp("previous") / "site"
    assert build_site(STARTER, site) == []
    return site


@pytest.fixture(scope="session")
def content(tmp_path_factory, previous_site) -> Content:
    """The hostile content project (both rounds of the corpus), built once into every output."""
    return build_content(tmp_path_factory.mktemp("content"), previous_site)
