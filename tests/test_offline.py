"""The offline copy: built for file://, packed deterministically, linked from the site."""

from __future__ import annotations

import re
import zipfile

import pytest

from dossierkit.errors import DossierError
from dossierkit.outputs.offline_pack import pack_site
from sitebuild import ROOT, build_site


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("off") / "site"
    mp = pytest.MonkeyPatch()
    mp.setenv("DOSSIER_OFFLINE", "true")
    try:
        assert build_site(ROOT, site) == []
    finally:
        mp.undo()
    return site


def test_offline_build_uses_file_urls_and_no_cdn(offline_site):
    assert (offline_site / "actors" / "iran.html").is_file()
    assert (offline_site / "search" / "search_index.js").is_file()
    for page in offline_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="(https?:)?//(?!github\.com)[^"]*\.(js|css|woff2?)"', text), page
        assert "unpkg.com" not in text and "fonts.googleapis" not in text, page
    home = (offline_site / "index.html").read_text(encoding="utf-8")
    assert '<script src="assets/dossier/vendor/iframe-worker-shim.js"' in home


def test_download_links(offline_site, shipped_site):
    online = (shipped_site / "index.html").read_text(encoding="utf-8")
    assert '<a href="dossier.pdf" class="dossier-download">' in online
    assert '<a href="dossier-offline.zip" class="dossier-download">' in online
    offline = (offline_site / "index.html").read_text(encoding="utf-8")
    assert '<a href="dossier.pdf" class="dossier-download">' in offline
    assert "dossier-offline.zip" not in offline  # the copy does not link to itself


def test_pack_is_deterministic(offline_site, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    a = tmp_path / "a.zip"
    b = tmp_path / "b.zip"
    count = pack_site(offline_site, a)
    pack_site(offline_site, b)
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as zf:
        names = zf.namelist()
        assert names == sorted(names) and len(names) == count
        assert all(n.startswith("dossier/") for n in names)
        assert {i.date_time for i in zf.infolist()} == {(2026, 1, 1, 0, 0, 0)}


def test_pack_refuses_a_folder_that_is_not_a_site(tmp_path):
    with pytest.raises(DossierError):
        pack_site(tmp_path, tmp_path / "x.zip")
    assert not (tmp_path / "x.zip").exists()
