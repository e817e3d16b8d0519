"""While serving, garbage is collected when the server is idle, never during or right after a rebuild;
a one-shot build keeps what it holds to the end out of the collector's passes."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from dossierkit.plugin import serve_gc
from dossierkit.plugin import plugin as plugin_module
from dossierkit.plugin.plugin import DossierPlugin
from dossierkit.plugin.serve_gc import ServeCollector
from sitebuild import build_site, synth_project


@pytest.fixture
def collector(monkeypatch):
    monkeypatch.setattr(serve_gc, "IDLE_SECONDS", 0.05)
    was_enabled = gc.isenabled()
    made = ServeCollector()
    made.frozen = True  # as after the first build (the test process itself is never frozen)
    yield made
    made.stop()
    if not was_enabled:
        gc.disable()


def _wait_for_timer(collector: ServeCollector) -> None:
    timer = collector.timer
    assert isinstance(timer, threading.Timer)
    timer.join(5)
    assert not timer.is_alive()


def test_collection_stays_off_from_a_rebuild_until_the_server_is_idle(collector):
    collector.build_started()
    assert not gc.isenabled()
    collector.build_ended()
    assert not gc.isenabled(), "switched on at the end of a rebuild, a collection would delay the page"
    _wait_for_timer(collector)
    assert gc.isenabled()


def test_the_idle_collection_does_nothing_while_a_rebuild_runs(collector):
    collector.build_started()
    collector._collect()  # the timer firing just as a rebuild began
    assert not gc.isenabled()
    collector.build_ended()
    _wait_for_timer(collector)
    assert gc.isenabled()


def test_a_new_rebuild_cancels_the_idle_collection(collector):
    collector.build_started()
    collector.build_ended()
    first = collector.timer
    collector.build_started()
    assert collector.timer is None and first.finished.is_set()
    assert not gc.isenabled()


# A one-shot build freezes what it holds to the end (the dossier, then the
# generated pages), so that its collections skip them, and thaws it at the end.

@pytest.fixture(scope="module")
def small_project(tmp_path_factory) -> Path:
    return synth_project(tmp_path_factory.mktemp("build-gc") / "synth", 30, 3)


def _freeze_counts_seen(monkeypatch) -> list[int]:
    """Frozen object counts seen by the plugin's on_page_content during a build."""
    seen: list[int] = []
    original = DossierPlugin.on_page_content

    def watching(self, html, **kwargs):
        seen.append(gc.get_freeze_count())
        return original(self, html, **kwargs)

    monkeypatch.setattr(DossierPlugin, "on_page_content", watching)
    return seen


def test_a_build_freezes_what_it_holds_and_thaws_it_at_the_end(small_project, tmp_path, monkeypatch):
    before = gc.get_freeze_count()
    seen = _freeze_counts_seen(monkeypatch)
    build_site(small_project, tmp_path / "site")
    assert seen and min(seen) > before + 10_000, "the loaded dossier and its pages were not frozen during the build"
    assert gc.get_freeze_count() == before


def test_a_failed_build_thaws_too(small_project, tmp_path, monkeypatch):
    before = gc.get_freeze_count()
    froze: list[int] = []

    def freeze_and_count():
        serve_gc.freeze_build()
        froze.append(gc.get_freeze_count())

    monkeypatch.setattr(plugin_module, "freeze_build", freeze_and_count)
    clash = small_project / "docs" / "actors"
    first = sorted((small_project / "dossier" / "actors").glob("*.yml"))[0]
    made_folder = not clash.exists()
    clash.mkdir(parents=True, exist_ok=True)
    page = clash / f"{first.stem}.md"
    page.write_text("# A hand-written page where a generated one goes\n", encoding="utf-8")
    try:
        with pytest.raises(Abort):  # MkDocs' answer to the plugin's error about the clash
            build_site(small_project, tmp_path / "site")
    finally:
        page.unlink()
        if made_folder:
            clash.rmdir()
    assert froze and froze[0] > before, "the build failed before it froze anything: this tests nothing"
    assert gc.get_freeze_count() == before
