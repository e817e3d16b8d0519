"""Laying the book's parts out, at most two at a time, each in a process of its own.

1. The front (cover and contents) is measured: its page count numbers the
   body.  Its contents lines have fixed room for their numbers, so the count
   does not depend on them.
2. The body parts go through the workers in order.  Each worker lays its
   part out and reports its page count and marks, then waits for the number
   of its first page (known as soon as every part before it has been
   measured) and writes its PDF: Typst lays out only the folios again.
3. The front is written last, when the page of every mark is known.

A part that Typst refuses stops the book: parts still waiting are told to
give up, and the first refusal (in the parts' order) is raised as
:class:`~dossierkit.outputs.pdf_worker.LayoutError`.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from dossierkit.outputs import pdf_worker


class _Cancelled(Exception):
    """Another part failed; this one gave up."""


class _Pages:
    """The page counts measured so far, and who waits for them."""

    def __init__(self, parts: int, front_pages: int):
        self.counts: list[int | None] = [None] * parts
        self.front_pages = front_pages
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
            return 1 + self.front_pages + sum(self.counts[:index])  # type: ignore[arg-type]

    def fail(self) -> None:
        with self.changed:
            self.failed = True
            self.changed.notify_all()


def lay_out_body(front_pages: int, jobs: list[dict], processes: int) -> tuple[list[dict], list[str | None]]:
    """Measure and write every body part (``both`` jobs); return each part's measurement and PDF/UA note."""
    pages = _Pages(len(jobs), front_pages)

    def one(index: int) -> tuple[dict, str | None]:
        if pages.failed:
            raise _Cancelled
        worker = pdf_worker.Worker(jobs[index])
        try:
            measured = worker.answer()
            first = pages.measured(index, measured["pages"])
            worker.send({"first": first})
            return measured, worker.answer()["ua"]
        except BaseException:
            pages.fail()
            raise
        finally:
            worker.close()

    with ThreadPoolExecutor(processes) as pool:
        futures = [pool.submit(one, i) for i in range(len(jobs))]
        outcomes = []
        for future in futures:
            try:
                outcomes.append(future.result())
            except BaseException as exc:  # noqa: BLE001 - re-raised below, the first real one first
                outcomes.append(exc)
    errors = [o for o in outcomes if isinstance(o, BaseException) and not isinstance(o, _Cancelled)]
    if errors:
        raise errors[0]
    return [o[0] for o in outcomes], [o[1] for o in outcomes]  # type: ignore[index]
