"""Check a large dossier in two processes: its files, then the checks across entries.

Large dossiers are split between this process and one forked worker (the
machines this runs on have two cores).  Forking is only safe in a
single-threaded process, so ``mkdocs serve`` (which runs watcher threads)
and small dossiers stay serial.  ``DOSSIER_WORKERS=1`` turns it off.

The worker checks its files in batches and writes each batch's results to a
pipe as soon as it is done; between its own files, the parent takes
whatever batches have come.  So pickling and unpickling overlap the checks,
instead of coming one after the other once both processes are done (with a
``multiprocessing.Pool`` and one result at the end, a third of a 10,000-file
check was that tail).  The worker never returns into the caller's code: it
ends with ``os._exit``.  Files whose results never came (the worker died)
are checked by the parent, so the result does not depend on the worker.

After the files, :class:`ForkedCall` runs the checks across entries that
write only their own findings in a second child, while the parent runs
the others (``loading/load.py``); again, if the child dies, the parent
runs them itself.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import threading
from typing import TYPE_CHECKING, Callable

from dossierkit.loading.yaml_loader import YamlDocument
from dossierkit.schema.types import Checker, Reference
from dossierkit.structure.entry import Entry

if TYPE_CHECKING:
    from dossierkit.loading.load import _Loaded
    from dossierkit.schema.vocabulary import Vocabulary

PARALLEL_MIN_FILES = 2000
# Kinds cost differently to check (sorted files put all actors first), so the
# worker takes files spread over the whole list.  It also pickles what it
# found, which the parent unpickles and makes into objects, so it takes fewer
# than half (see docs/reference/benchmarks.md for the shares timed in turns).
WORKER_SHARE = 0.45
BATCH = 256  # files per batch the worker sends
POLL_EVERY = 32  # the parent looks for batches after this many of its own files
_HEADER = struct.Struct("<Q")


def worker_picks(count: int, share: float) -> list[int]:
    """The positions, among ``count`` files, that the worker checks: ``share`` of
    them, evenly spread (position ``i`` when ``(i + 1) * share`` passes a whole number)."""
    return [i for i in range(count) if int((i + 1) * share) != int(i * share)]


def can_fork(count: int) -> bool:
    """Whether checking ``count`` files may use a forked worker (see the module docstring)."""
    if os.environ.get("DOSSIER_WORKERS") == "1" or count < PARALLEL_MIN_FILES:
        return False
    if (os.cpu_count() or 1) < 2 or threading.active_count() > 1:
        return False
    return hasattr(os, "fork")


def pack(loaded: _Loaded, paths: dict) -> tuple:
    """What the worker sends of one checked file, as plain tuples.

    Pickling a dataclass costs a reduce call and a state dict each (with
    them, sending 5,000 entries took a third as long as checking them);
    :func:`unpack` makes the objects again.  Of a document only the
    positions travel: its values and text lines are read only while its
    file is checked, in the worker.  ``paths`` keeps one object per key path
    of a batch, which pickling then sends once.
    """
    ck = loaded.checker
    doc = ck.doc.positions if ck else None
    references = [(r.target, r.kinds, paths.setdefault(r.path, r.path), r.pos) for r in ck.references] \
        if ck else None
    return loaded.sink.problems, doc, references, loaded.entry.data if loaded.entry else None


def unpack(loaded: _Loaded, found: tuple, vocab: Vocabulary) -> None:
    """Parent side: give ``loaded`` what :func:`pack` sent for it."""
    problems, doc, references, data = found
    loaded.sink.problems = problems
    if doc is not None:
        # The positions, for messages about this file; None, not an empty
        # mapping, for values that nothing reads once the file is checked.
        doc = YamlDocument(loaded.display, None, doc, None)  # type: ignore[arg-type]
        loaded.checker = Checker(doc, loaded.sink, vocab)
        loaded.checker.references = [Reference(*r) for r in references]
    if data is not None:
        loaded.entry = Entry(loaded.kind, loaded.stem, data, loaded.display, doc)


def _work(files: list[_Loaded], picks: list[int], vocab: Vocabulary, check: Callable, out: int) -> None:
    """Worker side: check ``files[i]`` for each ``i`` in ``picks``, sending a batch at a time."""
    for start in range(0, len(picks), BATCH):
        batch = picks[start:start + BATCH]
        paths: dict = {}
        found = []
        for i in batch:
            check(files[i], vocab)
            found.append(pack(files[i], paths))
        body = pickle.dumps((start, found), protocol=pickle.HIGHEST_PROTOCOL)
        frame = memoryview(_HEADER.pack(len(body)) + body)
        while frame:
            frame = frame[os.write(out, frame):]


class _Batches:
    """Parent side: reads the worker's frames from the pipe and gives each file its results."""

    def __init__(self, read: int, files: list[_Loaded], picks: list[int], vocab: Vocabulary):
        self.read, self.files, self.picks, self.vocab = read, files, picks, vocab
        self.buffer = bytearray()
        self.taken = [False] * len(picks)
        self.ended = False

    def take_ready(self) -> None:
        """Take every whole batch that has come, without waiting."""
        while not self.ended:
            try:
                chunk = os.read(self.read, 1 << 20)
            except BlockingIOError:
                break
            self._add(chunk)

    def take_rest(self) -> None:
        """Wait for the worker's pipe to close, taking every batch on the way."""
        os.set_blocking(self.read, True)
        while not self.ended:
            self._add(os.read(self.read, 1 << 20))

    def missing(self) -> list[int]:
        """The positions of files whose results never came."""
        return [i for i, done in zip(self.picks, self.taken) if not done]

    def _add(self, chunk: bytes) -> None:
        if not chunk:
            self.ended = True
            return
        self.buffer += chunk
        while len(self.buffer) >= _HEADER.size:
            (size,) = _HEADER.unpack_from(self.buffer)
            end = _HEADER.size + size
            if len(self.buffer) < end:
                break
            start, found = pickle.loads(memoryview(self.buffer)[_HEADER.size:end])
            del self.buffer[:end]
            for k, result in enumerate(found, start):
                unpack(self.files[self.picks[k]], result, self.vocab)
                self.taken[k] = True


def check_in_two_processes(files: list[_Loaded], vocab: Vocabulary, check: Callable) -> None:
    """Run ``check(loaded, vocab)`` for every file, :data:`WORKER_SHARE` of them in a forked worker."""
    picks = worker_picks(len(files), WORKER_SHARE)
    theirs = set(picks)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker
        code = 1
        try:
            os.close(read)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            _work(files, picks, vocab, check, write)
            code = 0
        finally:
            os._exit(code)  # never unwind into the caller's code, nor flush its buffers
    os.close(write)
    reaped = False
    try:
        os.set_blocking(read, False)
        batches = _Batches(read, files, picks, vocab)
        for i, loaded in enumerate(files):
            if i not in theirs:
                check(loaded, vocab)
                if i % POLL_EVERY == 0:
                    batches.take_ready()
        batches.take_rest()
        os.waitpid(pid, 0)
        reaped = True
        for i in batches.missing():  # the worker died: check what it did not send
            check(files[i], vocab)
    finally:
        os.close(read)
        if not reaped:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


class ForkedCall:
    """``work()`` run in a forked child while this process goes on; :meth:`result` waits for its value.

    For the checks across entries that read every entry but write only
    their own findings (``loading/entry_checks.py``): the child sends what
    ``work()`` returns, pickled, through a pipe, and ends with ``os._exit``.
    """

    def __init__(self, work: Callable[[], object]):
        read, write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            code = 1
            try:
                os.close(read)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                frame = memoryview(pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL))
                while frame:
                    frame = frame[os.write(write, frame):]
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self.read = read

    def result(self) -> tuple[bool, object]:
        """``(True, value)`` once the child has sent ``work()``'s value; ``(False, None)`` if it died first."""
        chunks = []
        try:
            while True:
                chunk = os.read(self.read, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
        finally:
            os.close(self.read)
            _pid, status = os.waitpid(self.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            return False, None
        return True, pickle.loads(b"".join(chunks))

    def cancel(self) -> None:
        """Stop the child and let it go (when the caller fails before asking for the result)."""
        os.close(self.read)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
