"""Laying the book's parts out, at most two at a time, each in a process of its own.

1. The front (cover and contents) is measured first, beside the first body
   part: its page count numbers the body.  Its contents lines have fixed
   room for their numbers, so the count does not depend on them.
2. The body parts go through the workers in order.  Each worker lays its
   part out and reports its page count and marks, then waits for the number
   of its first page (known as soon as every part before it has been
   measured) and writes its PDF: Typst lays out only the folios again.
3. The front is written last (by the caller), when the page of every mark
   is known.

A part that Typst refuses stops the book: parts still waiting are told to
give up, and the first refusal (in the parts' order) is raised as
:class:`~dossierkit.outputs.pdf_worker.LayoutError`.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

from dossierkit.outputs import pdf_worker


class _Cancelled(Exception):
    """Another part failed; this one gave up."""


class _Pages:
    """The page counts measured so far (the front's first), and who waits for them."""

    def __init__(self, parts: int):
        self.counts: list[int | None] = [None] * parts
        self.failed = False
        self.changed = threading.Condition()

    def measured(self, index: int, pages: int) -> int:
        """Record part ``index``'s page count; wait for the parts before it; return its first page."""
        with self.changed:
            self.counts[index] = pages
            self.changed.notify_all()
            self.changed.wait_for(lambda: self.failed or all(c is not None for c in self.counts[:index]))
            if self.failed:
                raise _Cancelled
            return 1 + sum(self.counts[:index])  # type: ignore[arg-type]

    def fail(self) -> None:
        with self.changed:
            self.failed = True
            self.changed.notify_all()


def lay_out_parts(front: dict, body: list[dict], processes: int,
                  written: Callable[[int, dict, int], None] | None = None) -> tuple[list[dict], list[str | None]]:
    """Measure the front (a ``measure`` job) and measure and write every body part (``both`` jobs).

    Returns every part's measurement (the front's first) and each body
    part's PDF/UA note (None, or why it was written without the claim).
    ``written(index, measurement, first page)`` is called as each body part
    (numbered from 1) is written, in any order.
    """
    pages = _Pages(1 + len(body))

    def one(index: int) -> tuple[dict, str | None]:
        if pages.failed:
            raise _Cancelled
        worker = pdf_worker.Worker(body[index - 1] if index else front)
        try:
            measured = worker.answer()
            first = pages.measured(index, measured["pages"])
            if not index:
                return measured, None
            worker.send({"first": first})
            note = worker.answer()["ua"]
            if written:
                written(index, measured, first)
            return measured, note
        except BaseException:
            pages.fail()
            raise
        finally:
            worker.close()

    with ThreadPoolExecutor(processes) as pool:
        futures = [pool.submit(one, i) for i in range(1 + len(body))]
        outcomes = []
        for future in futures:
            try:
                outcomes.append(future.result())
            except BaseException as exc:  # noqa: BLE001 - re-raised below, the first real one first
                outcomes.append(exc)
    errors = [o for o in outcomes if isinstance(o, BaseException) and not isinstance(o, _Cancelled)]
    if errors:
        raise errors[0]
    return [o[0] for o in outcomes], [o[1] for o in outcomes[1:]]  # type: ignore[index]


class InOrder:
    """Runs ``work(index, ...)`` for indexes 1, 2, 3, ... in that order, in a thread of its own.

    Items arrive with :meth:`put` in any order (the parts finish out of
    order); the joiner needs them in the book's order.  :meth:`close` waits
    for the last one and raises what ``work`` raised, if anything.
    """

    def __init__(self, count: int, work: Callable[..., None]):
        self.count, self.work = count, work
        self.ready: dict[int, tuple] = {}
        self.changed = threading.Condition()
        self.stopped = False
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="dossier-pdf-join", daemon=True)
        self.thread.start()

    def put(self, index: int, *args) -> None:
        with self.changed:
            self.ready[index] = args
            self.changed.notify_all()

    def _run(self) -> None:
        try:
            for index in range(1, self.count + 1):
                with self.changed:
                    self.changed.wait_for(lambda: self.stopped or index in self.ready)
                    if self.stopped:
                        return
                    args = self.ready.pop(index)
                self.work(index, *args)
        except BaseException as exc:  # noqa: BLE001 - handed to close()
            self.error = exc

    def abort(self) -> None:
        """Stop after the item in hand (the book failed)."""
        with self.changed:
            self.stopped = True
            self.changed.notify_all()
        self.thread.join()

    def close(self) -> None:
        self.thread.join()
        if self.error is not None:
            raise self.error
