"""Check a large dossier in two processes: its files, then the checks across entries.

Large dossiers are split between this process and one forked worker (the
machines this runs on have two cores).  Forking is only safe in a
single-threaded process, so ``mkdocs serve`` (which runs watcher threads)
and small dossiers stay serial.  ``DOSSIER_WORKERS=1`` turns it off.

The files are cut into chunks of :data:`CHUNK`, which the two processes take
as they go: this process from the first chunk on, the worker from the last
one back, until they meet (see :class:`Claims`).  A fixed share left one
process idle whenever the other ran slower (a busy core, a kind of entry
that costs more to check): on this project's two-core machine the worker
finished anywhere from 0.04 s before the parent to 0.25 s after it.  The
worker writes each chunk's results to a pipe as soon as it is done; between
its own files, the parent takes whatever has come, so pickling and
unpickling overlap the checks.  The worker never returns into the caller's
code: it ends with ``os._exit``.  Files that neither process has checked
when the worker is done (the worker died, or both stood back from the chunk
where they met) are checked by the parent, so the result does not depend on
the worker; when the system refuses the pipe or the fork, the parent checks
them all.

After the files, :class:`ForkedCall` runs the checks across entries that
write only their own findings in a second child, while the parent runs
the others (``loading/load.py``); again, if the child dies, the parent
runs them itself.
"""

from __future__ import annotations

import mmap
import os
import pickle
import signal
import struct
import threading
from typing import TYPE_CHECKING, Callable

try:
    import fcntl
except ImportError:  # Windows, which cannot fork either: nothing below that uses it runs there
    fcntl = None  # type: ignore[assignment]

from dossierkit.loading.yaml_loader import YamlDocument
from dossierkit.schema.types import Checker, Reference
from dossierkit.structure.entry import Entry

if TYPE_CHECKING:
    from dossierkit.loading.load import _Loaded
    from dossierkit.schema.vocabulary import Vocabulary

PARALLEL_MIN_FILES = 2000
CHUNK = 128  # files a process takes at a time; the worker sends each chunk's results in one frame
POLL_EVERY = 32  # the parent looks for the worker's results after this many of its own files
_HEADER = struct.Struct("<Q")
_COUNTER = struct.Struct("<q")
# Linux: a pipe of 1 MiB holds a few chunks' results, so the worker need not wait for the parent to read
# (a chunk's are about 125 kB; the default pipe holds 64 kB).
_PIPE_SIZE = 1 << 20
_F_SETPIPE_SZ = getattr(fcntl, "F_SETPIPE_SZ", 1031)


class Claims:
    """Which chunks of ``count`` files each process takes: the parent from the first on, the worker
    from the last back, each writing in memory both processes share where it has got to.

    A process takes a chunk when, having written that it does, it reads that the
    other has not got there yet.  Nothing here needs to be exact: where both
    read too early, both take the chunk where they meet (the parent keeps its
    own results) or both stand back from it (the parent checks its files when
    the worker is done).  Every file is checked once by the parent or taken
    from the worker, whatever order the two processes' writes are seen in.
    """

    def __init__(self, count: int, chunk: int):
        self.count, self.chunk = count, chunk
        self.chunks = -(-count // chunk)
        self.shared = mmap.mmap(-1, 2 * _COUNTER.size)  # anonymous and shared: the worker sees the same bytes
        self._set(0, 0)  # the parent's next chunk
        self._set(1, self.chunks)  # the lowest chunk the worker has taken

    def _get(self, slot: int) -> int:
        return _COUNTER.unpack_from(self.shared, slot * _COUNTER.size)[0]

    def _set(self, slot: int, value: int) -> None:
        _COUNTER.pack_into(self.shared, slot * _COUNTER.size, value)

    def parent_chunks(self):
        """The parent's chunks, in order, each as a range of file positions."""
        for c in range(self.chunks):
            self._set(0, c + 1)
            if c >= self._get(1):
                return
            yield range(c * self.chunk, min(self.count, (c + 1) * self.chunk))

    def worker_chunks(self):
        """The worker's chunks, from the last, each as a range of file positions."""
        for c in range(self.chunks - 1, -1, -1):
            self._set(1, c)
            if c < self._get(0):
                return
            yield range(c * self.chunk, min(self.count, (c + 1) * self.chunk))

    def close(self) -> None:
        """Let the shared memory go."""
        self.shared.close()


def fork_is_safe() -> bool:
    """Whether a second process is worth forking here, and safe: two cores or more, a system
    that forks, and a single-threaded process (a fork copies no thread but the caller's)."""
    return (os.cpu_count() or 1) >= 2 and threading.active_count() == 1 and hasattr(os, "fork")


def can_fork(count: int) -> bool:
    """Whether checking ``count`` files may use a forked worker (see the module docstring)."""
    if os.environ.get("DOSSIER_WORKERS") == "1" or count < PARALLEL_MIN_FILES:
        return False
    return fork_is_safe()


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


def _work(files: list[_Loaded], claims: Claims, vocab: Vocabulary, check: Callable, out: int) -> None:
    """Worker side: check the files of each chunk it takes, sending each chunk's results as one frame."""
    for chunk in claims.worker_chunks():
        paths: dict = {}
        found = []
        for i in chunk:
            check(files[i], vocab)
            found.append(pack(files[i], paths))
        body = pickle.dumps((chunk.start, found), protocol=pickle.HIGHEST_PROTOCOL)
        _write_all(out, _HEADER.pack(len(body)) + body)


def _write_all(out: int, data: bytes) -> None:
    frame = memoryview(data)
    while frame:
        frame = frame[os.write(out, frame):]


def _fork(child: Callable[[int], None]) -> tuple[int, int, set] | None:
    """Fork a child that runs ``child(write_end)`` and ends with ``os._exit`` (1 if it raised).

    Returns ``(pid, read_end, mask)`` in the parent, with SIGINT still held:
    the caller lets it through (``signal.pthread_sigmask(SIG_SETMASK, mask)``)
    once it is inside the ``try`` that stops the child, so that an interrupt
    cannot leave a child behind, nor run in the child's copy of the caller.
    Returns None when the system cannot make a pipe or fork (memory, process
    limits): the caller then does the work itself.
    """
    try:
        read, write = os.pipe()
    except OSError:
        return None
    try:
        if fcntl is not None:
            fcntl.fcntl(write, _F_SETPIPE_SZ, _PIPE_SIZE)
    except OSError:
        pass  # a smaller pipe only makes the child wait for the parent to read
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        return None
    if pid == 0:
        code = 1
        try:
            os.close(read)
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # an interrupt ends the child; the parent carries on
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            child(write)
            code = 0
        finally:
            os._exit(code)  # never unwind into the caller's code, run its atexit handlers or flush its buffers
    os.close(write)
    return pid, read, mask


def _stop(pid: int) -> None:
    """Kill and reap a child that has not been reaped."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


class _Results:
    """Parent side: reads the worker's frames from the pipe and gives each file its results,
    unless the parent has checked it itself (see :class:`Claims`)."""

    def __init__(self, read: int, files: list[_Loaded], vocab: Vocabulary):
        self.read, self.files, self.vocab = read, files, vocab
        self.buffer = bytearray()
        self.done = [False] * len(files)
        self.ended = False

    def take_ready(self) -> None:
        """Take every whole frame that has come, without waiting."""
        while not self.ended:
            try:
                chunk = os.read(self.read, 1 << 20)
            except BlockingIOError:
                break
            self._add(chunk)

    def take_rest(self) -> None:
        """Wait for the worker's pipe to close, taking every frame on the way."""
        os.set_blocking(self.read, True)
        while not self.ended:
            self._add(os.read(self.read, 1 << 20))

    def missing(self) -> list[int]:
        """The positions of files checked by neither process."""
        return [i for i, done in enumerate(self.done) if not done]

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
            for i, result in enumerate(found, start):
                if not self.done[i]:
                    unpack(self.files[i], result, self.vocab)
                    self.done[i] = True


def check_in_two_processes(files: list[_Loaded], vocab: Vocabulary, check: Callable) -> None:
    """Run ``check(loaded, vocab)`` for every file, sharing the files with a forked worker (see :class:`Claims`)."""
    try:
        claims = Claims(len(files), CHUNK)
    except OSError:  # no memory to share: as when the system refuses the fork
        claims = None
    started = _fork(lambda out: _work(files, claims, vocab, check, out)) if claims is not None else None
    if started is None:
        if claims is not None:
            claims.close()
        for loaded in files:
            check(loaded, vocab)
        return
    pid, read, mask = started
    reaped = False
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        os.set_blocking(read, False)
        results = _Results(read, files, vocab)
        mine = 0
        for chunk in claims.parent_chunks():
            for i in chunk:
                if not results.done[i]:
                    check(files[i], vocab)
                    results.done[i] = True
                mine += 1
                if mine % POLL_EVERY == 0:
                    results.take_ready()
        results.take_rest()
        os.waitpid(pid, 0)
        reaped = True
        for i in results.missing():  # the worker died, or both stood back from the chunk where they met
            check(files[i], vocab)
    finally:
        os.close(read)
        claims.close()
        if not reaped:
            _stop(pid)


class ForkedCall:
    """``work()`` run in a forked child while this process goes on; :meth:`result` waits for its value.

    For the checks across entries that read every entry but write only
    their own findings (``loading/entry_checks.py``): the child sends what
    ``work()`` returns, pickled, through a pipe, and ends with ``os._exit``.
    Made by :meth:`start`.
    """

    def __init__(self, pid: int, read: int):
        self.pid, self.read = pid, read

    @classmethod
    def start(cls, work: Callable[[], object]) -> ForkedCall | None:
        """Start ``work()`` in a child; None when the system cannot fork (the caller then runs it)."""
        started = _fork(lambda out: _write_all(out, pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)))
        if started is None:
            return None
        pid, read, mask = started
        call = cls(pid, read)
        try:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        except BaseException:
            call.cancel()
            raise
        return call

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
        _stop(self.pid)
