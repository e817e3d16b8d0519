"""One part of the PDF book laid out by Typst, in a process of its own.

Typst keeps what it lays out (and its caches) for as long as the process
lives, so each part gets a fresh process, which hands all of it back when it
exits.  :class:`Worker` runs this file as a script (it imports only the
standard library and ``typst``, so it starts in a fraction of a second).
They talk in JSON lines: the job on standard input, answers on standard
output.  Job fields:

- ``mode``: ``measure`` (lay the part out; answer its page count and marks,
  see ``book.typ``), ``pdf`` (write the part's PDF to ``out`` with the page
  numbers in ``numbers``), or ``both``: measure, then wait for a line with
  the numbers and write the PDF, reusing the layout (only the folios change);
- ``template``, ``fonts``: the template file and the font folders;
- ``part``: the file holding the part's data;
- ``standards``, ``timestamp``: the PDF standards to claim and the date.

The page numbers reach the template as a file, ``/numbers.json``, in a
private root folder that holds nothing else: Typst re-reads a file that
changed without laying out again what did not depend on it (a change of
``sys.inputs`` would start from nothing).  The compiler sees only the given
fonts (no system font) and that folder, so there is nothing else it could
read.  Answers: the measurement; ``{"ok": true, "ua": reason}`` once written
(``reason`` is null, or why PDF/UA-1 was refused and the part written
without the claim); or ``{"error": message}`` when Typst refuses the part.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path


class LayoutError(Exception):
    """Typst refused a part: ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Worker:
    """A running worker process for one job."""

    def __init__(self, job: dict):
        self.log = tempfile.TemporaryFile()  # standard error, read only if the process fails
        self.proc = subprocess.Popen([sys.executable, __file__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.log, text=True, encoding="utf-8")
        self.send(job)

    def send(self, message: dict) -> None:
        """Write one line to the worker."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(message) + "\n")
        self.proc.stdin.flush()

    def answer(self) -> dict:
        """The worker's next answer; raises :class:`LayoutError` or ``RuntimeError``."""
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            self.proc.wait()
            self.log.seek(0)
            err = self.log.read().decode("utf-8", "replace").strip()[-2000:]
            raise RuntimeError(f"the PDF layout process failed (exit {self.proc.returncode}): {err}")
        answer = json.loads(line)
        if "error" in answer:
            raise LayoutError(answer["error"])
        return answer

    def close(self) -> None:
        """End the process (a worker waiting for numbers exits when its input closes)."""
        if self.proc.stdin and not self.proc.stdin.closed:
            self.proc.stdin.close()
        self.proc.wait()
        self.log.close()


def typeset(job: dict) -> dict:
    """Run a one-step job (``measure`` or ``pdf``) in a fresh process and return its answer."""
    worker = Worker(job)
    try:
        return worker.answer()
    finally:
        worker.close()


def _compile(compiler, job: dict, typst, main: Path) -> dict:
    try:
        pdf = compiler.compile(input=str(main), format="pdf", timestamp=job["timestamp"],
                               pdf_standards=job["standards"])
        reason = None
    except typst.TypstError as exc:
        reason = " ".join(str(getattr(exc, "message", exc)).split())
        if not reason.startswith("PDF/UA-1 error"):
            return {"error": reason}
        pdf = compiler.compile(input=str(main), format="pdf", timestamp=job["timestamp"], pdf_standards=[])
    Path(job["out"]).write_bytes(pdf)
    return {"ok": True, "ua": reason}


def _run(job: dict, root: Path, say, listen) -> None:
    import typst  # only here: the parent process never loads the compiler

    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=job["fonts"])
    numbers = root / "numbers.json"
    numbers.write_text(json.dumps(job.get("numbers", {})), encoding="utf-8")
    main = root / "book.typ"
    main.write_bytes(Path(job["template"]).read_bytes())
    compiler = typst.Compiler(str(main), root=str(root), font_paths=fonts, ignore_system_fonts=True,
                              sys_inputs={"part": Path(job["part"]).read_text(encoding="utf-8")})
    try:
        if job["mode"] in ("measure", "both"):
            say(json.loads(compiler.query("<dossier-layout>", field="value", one=True)))
            if job["mode"] == "measure":
                return
            # typst-py reads a file again only if a compile ran since it was last read (a query does not
            # count): compiling an empty document (a few milliseconds) makes it read the numbers again.
            compiler.compile(input=b"", format="pdf")
            line = listen()
            if not line:
                return  # the parent gave up on the book
            numbers.write_text(line, encoding="utf-8")
        say(_compile(compiler, job, typst, main))
    except RuntimeError as exc:  # typst.TypstError, or the query's RuntimeError when the layout fails
        message = " ".join(str(getattr(exc, "message", exc)).split())
        say({"error": message.removeprefix("failed to compile document: ")})


def main() -> None:
    """The worker's side: read the job, answer on standard output."""
    def say(answer: dict) -> None:
        print(json.dumps(answer), flush=True)

    job = json.loads(sys.stdin.readline())
    with tempfile.TemporaryDirectory(prefix="dossier-pdf-") as root:
        _run(job, Path(root), say, sys.stdin.readline)


if __name__ == "__main__":
    main()
