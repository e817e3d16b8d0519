"""Checking files in two processes gives what checking them in one does, whatever the worker does."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import time

import pytest

from dossierkit import DossierError, load_dossier
from dossierkit.loading import load as build
from dossierkit.loading import parallel_check
from dossierkit.outputs.dataset import to_json
from parallel_support import slow_parent


def outcome(entries) -> tuple:
    """The dossier as JSON (or None), every problem, formatted, and how well each statement's sources support it."""
    try:
        dossier = load_dossier(entries.dossier, root=entries.root)
    except DossierError as exc:
        return None, [p.format() for p in exc.problems], None
    assessments = sorted((key, found.corroborated, found.reason) for key, found in dossier.assessments.items())
    return to_json(dossier), [p.format() for p in dossier.warnings], assessments


def serial_and_parallel(entries, monkeypatch) -> tuple:
    monkeypatch.setattr(build, "can_fork", lambda count: False)
    serial = outcome(entries)
    monkeypatch.setattr(build, "can_fork", lambda count: True)
    return serial, outcome(entries)


def warned(entries):
    """The test dossier with warnings of the checks across entries (corroboration, an unused source)."""
    entries.write("events/ev-one.yml", "id: ev-one\ntitle: Something\ndate: 2025-09\nsummary: x\nconfidence: confirmed\n"
                                       "as_of: 2026-11-30\nparticipants: [land-a]\nsources: [src-one]\n")
    entries.write("events/ev-two.yml", "id: ev-two\ntitle: Other\ndate: 2025-10\nsummary: x\nconfidence: confirmed\n"
                                       "as_of: 2026-11-30\nparticipants: [land-a]\nsources: [src-two]\n")
    entries.write("sources/src-unused.yml", "id: src-unused\ntitle: Third source\npublisher: Example Daily\n"
                                            "kind: analysis-opinion\nurl: https://example.org/three\npublished: 2026-06\n"
                                            "language: en\n")
    return entries


@pytest.fixture
def broken(entries):
    """The test dossier with a few problems, in files on both sides of the split."""
    entries.write("actors/land-d.yml", "id: land-d\nname: D\ntype: stat\nsummary: x\nsources: [src-on]\n")
    entries.write("actors/land-e.yml", "id: land-e\nname: [broken\n")
    entries.write("actors/land-f.yml", "id: land-x\nname: F\ntype: state\nsummary: x\nsources: [src-one]\n")
    return entries


def taken_from_the_worker(monkeypatch) -> list[str]:
    """The ids of the files whose results the parent takes from the worker, as it takes them."""
    taken: list[str] = []
    real = parallel_check.unpack
    monkeypatch.setattr(parallel_check, "unpack",
                        lambda loaded, found, vocab: (taken.append(loaded.stem), real(loaded, found, vocab)))
    return taken


@pytest.mark.parametrize("chunk", [1, 2, 1000])
def test_chunks_of_any_size_give_the_serial_result(broken, monkeypatch, chunk):
    monkeypatch.setattr(parallel_check, "POLL_EVERY", 1)
    slow_parent(monkeypatch, chunk=chunk)
    taken = taken_from_the_worker(monkeypatch)
    serial, parallel = serial_and_parallel(broken, monkeypatch)
    assert serial[1] and parallel == serial
    assert len(set(taken)) == len(taken)  # each came from the worker once
    if chunk < 1000:  # one chunk of everything is the parent's: it takes the first chunk at once
        assert len(taken) >= 3


@pytest.mark.parametrize("seed", range(40))
def test_the_two_processes_take_every_chunk_once_in_any_order(seed):
    """Steps of the parent and of the worker interleaved at random: their chunks never overlap and cover all."""
    import random

    rng = random.Random(seed)
    count, chunk = rng.randint(0, 40), rng.randint(1, 7)
    claims = parallel_check.Claims(count, chunk)
    sides = {"parent": claims.parent_chunks(), "worker": claims.worker_chunks()}
    taken: dict[str, list[int]] = {"parent": [], "worker": []}
    while sides:
        side = rng.choice(sorted(sides))
        try:
            taken[side].extend(next(sides[side]))
        except StopIteration:
            del sides[side]
    claims.close()
    assert sorted(taken["parent"] + taken["worker"]) == list(range(count))
    assert taken["parent"] == sorted(taken["parent"])  # the parent from the start, the worker from the end
    assert not taken["worker"] or not taken["parent"] or max(taken["parent"]) < min(taken["worker"])


def test_the_checks_across_entries_in_a_child_give_the_serial_warnings_and_assessments(entries, monkeypatch,
                                                                                     tmp_path):
    marker = tmp_path / "checked-in"
    real = build._entry_checks_found

    def noting_the_process(*args):
        marker.write_text(str(os.getpid()))
        return real(*args)
    monkeypatch.setattr(build, "_entry_checks_found", noting_the_process)
    serial, parallel = serial_and_parallel(warned(entries), monkeypatch)
    assert int(marker.read_text()) != os.getpid()  # they ran in a child (a serial load does not call this)
    assert parallel == serial
    dossier_json, warnings, assessments = parallel
    assert sum("needs a primary source or two independent sources" in w for w in warnings) == 2
    assert any("src-unused.yml:1:1: warning: source is not cited by any entry" in w for w in warnings)
    assert (("ev-one", ()), False, "one source") in assessments  # they came back from the child


def test_the_parent_does_the_checks_across_entries_when_their_child_dies(entries, monkeypatch):
    monkeypatch.setattr(build, "_entry_checks_found", lambda *args: os._exit(5))
    serial, parallel = serial_and_parallel(warned(entries), monkeypatch)
    assert parallel == serial


def test_without_fork_everything_is_checked_in_one_process(broken, monkeypatch):
    def no_fork():
        raise OSError(11, "Resource temporarily unavailable")
    monkeypatch.setattr(parallel_check.os, "fork", no_fork)
    taken = taken_from_the_worker(monkeypatch)
    serial, parallel = serial_and_parallel(warned(broken), monkeypatch)
    assert parallel == serial and not taken


def test_without_shared_memory_everything_is_checked_in_one_process(broken, monkeypatch):
    def no_memory(*args):
        raise OSError(12, "Cannot allocate memory")
    monkeypatch.setattr(parallel_check.mmap, "mmap", no_memory)
    pids = forked_children(monkeypatch)
    serial, parallel = serial_and_parallel(broken, monkeypatch)
    assert parallel == serial
    assert len(pids) <= 1  # no worker for the files (the checks across entries may still fork their child)


def forked_children(monkeypatch) -> list[int]:
    """The pids of the children the load forks, as it forks them."""
    pids: list[int] = []
    real = os.fork

    def fork():
        pid = real()
        if pid:
            pids.append(pid)
        return pid
    monkeypatch.setattr(parallel_check.os, "fork", fork)
    return pids


def assert_all_reaped(pids: list[int]) -> None:
    assert pids
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # neither running nor left unreaped


def test_an_interrupt_while_checking_stops_the_worker(broken, monkeypatch):
    real, calls = build._check_entry, []

    def interrupted(loaded, vocab):
        calls.append(loaded.stem)
        if len(calls) == 3:
            raise KeyboardInterrupt
        real(loaded, vocab)
    monkeypatch.setattr(build, "_check_entry", interrupted)
    monkeypatch.setattr(build, "can_fork", lambda count: True)
    pids = forked_children(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        load_dossier(broken.dossier, root=broken.root)
    assert_all_reaped(pids)


def test_a_failure_in_the_parent_leaves_no_child_behind(entries, monkeypatch):
    def fail(*args):
        raise RuntimeError("relations failed")
    monkeypatch.setattr(build, "build_relations", fail)
    monkeypatch.setattr(build, "can_fork", lambda count: True)
    pids = forked_children(monkeypatch)
    with pytest.raises(RuntimeError, match="relations failed"):
        load_dossier(warned(entries).dossier, root=entries.root)
    assert len(pids) == 2  # the worker, reaped after the files, and the child of the checks across entries
    assert_all_reaped(pids)


def test_a_clean_dossier_loads_the_same_in_chunks(entries, monkeypatch):
    slow_parent(monkeypatch)
    serial, parallel = serial_and_parallel(entries, monkeypatch)
    assert serial[0] is not None and parallel == serial


def _dies_after(chunks_sent: int):
    """A worker that sends the results of ``chunks_sent`` chunks, then dies."""
    real = parallel_check._work

    def work(files, claims, vocab, check, out):
        chunks = claims.worker_chunks
        claims.worker_chunks = lambda: itertools.islice(chunks(), chunks_sent)
        real(files, claims, vocab, check, out)
        os._exit(3)
    return work


@pytest.mark.parametrize("files_sent", [0, 1, 3])
def test_the_parent_checks_what_a_dying_worker_did_not_send(broken, monkeypatch, files_sent):
    monkeypatch.setattr(parallel_check, "_work", _dies_after(files_sent))
    seen = []
    real_check = build._check_entry
    monkeypatch.setattr(build, "_check_entry", lambda loaded, vocab: (seen.append(loaded.stem), real_check(loaded, vocab)))
    monkeypatch.setattr(build, "can_fork", lambda count: False)
    serial = outcome(broken)
    count = len(seen)
    seen.clear()
    slow_parent(monkeypatch, chunk=1)  # the worker's chunks come before the parent gets near them
    monkeypatch.setattr(build, "can_fork", lambda count: True)
    parallel = outcome(broken)
    assert parallel == serial
    # The parent checked every file but those the worker sent (the serial load counted them all).
    assert len(seen) == count - files_sent and len(set(seen)) == len(seen)


def test_a_worker_that_stands_back_from_every_chunk_leaves_them_all_to_the_parent(broken, monkeypatch):
    def work(files, claims, vocab, check, out):
        claims._set(1, 0)  # "I have taken them all" (as where both read too early), and sends nothing
    monkeypatch.setattr(parallel_check, "_work", work)
    taken = taken_from_the_worker(monkeypatch)
    serial, parallel = serial_and_parallel(broken, monkeypatch)
    assert parallel == serial and not taken


def test_files_both_processes_checked_are_taken_once(broken, monkeypatch):
    """A worker that ignores the claims and checks every file: the parent keeps its own results."""
    def work(files, claims, vocab, check, out):
        found = []
        for loaded in files:
            check(loaded, vocab)
            found.append(parallel_check.pack(loaded, {}))
        body = parallel_check.pickle.dumps((0, found))
        parallel_check._write_all(out, parallel_check._HEADER.pack(len(body)) + body)
    monkeypatch.setattr(parallel_check, "_work", work)
    monkeypatch.setattr(parallel_check, "POLL_EVERY", 1)
    slow_parent(monkeypatch, 0.05)  # the worker's frame comes while the parent is at its first files
    taken = taken_from_the_worker(monkeypatch)
    serial, parallel = serial_and_parallel(broken, monkeypatch)
    files = len(list(broken.dossier.glob("*/*.yml")))
    assert parallel == serial
    assert 0 < len(taken) < files and len(set(taken)) == len(taken)


def test_a_frame_cut_short_counts_as_not_sent(broken, monkeypatch):
    def work(files, claims, vocab, check, out):
        os.write(out, parallel_check._HEADER.pack(1000) + b"\x80\x05")
        os._exit(0)
    monkeypatch.setattr(parallel_check, "_work", work)
    serial, parallel = serial_and_parallel(broken, monkeypatch)
    assert parallel == serial


def test_a_worker_that_raises_leaves_its_files_to_the_parent(broken, monkeypatch):
    def work(files, claims, vocab, check, out):
        raise RuntimeError("boom")
    monkeypatch.setattr(parallel_check, "_work", work)
    serial, parallel = serial_and_parallel(broken, monkeypatch)
    assert parallel == serial


def test_without_fcntl_the_module_imports_and_the_pipe_keeps_its_size(broken, monkeypatch):
    # Windows has no fcntl (nor fork: there every load is serial); elsewhere the pipe may keep
    # its default size, and the worker then waits for the parent to read.
    code = ("import builtins\nreal = builtins.__import__\n"
            "def hook(name, *args, **kwargs):\n"
            "    if name == 'fcntl':\n        raise ImportError(name)\n    return real(name, *args, **kwargs)\n"
            "builtins.__import__ = hook\n"
            "from dossierkit.loading import load, parallel_check\nassert parallel_check.fcntl is None\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    monkeypatch.setattr(parallel_check, "fcntl", None)
    slow_parent(monkeypatch)
    taken = taken_from_the_worker(monkeypatch)
    serial, parallel = serial_and_parallel(broken, monkeypatch)
    assert parallel == serial and taken
