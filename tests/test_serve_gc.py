"""While serving, garbage is collected when the server is idle, never during or right after a rebuild."""

from __future__ import annotations

import gc
import threading

import pytest

from dossierkit.plugin import serve_gc
from dossierkit.plugin.serve_gc import ServeCollector


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
