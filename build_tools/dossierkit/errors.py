"""Located problems and the project's own exception type.

Every message a user sees names a file, a line and a column.  Problems are
collected (never raised one by one) so that a contributor sees *every* mistake
in one run; :class:`DossierError` carries the sorted list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

ERROR = "error"
WARNING = "warning"


def printable(text: str, keep: str = "") -> str:
    """``text`` with every non-printable character written as an escape.

    Messages quote contributed text (field names, file names); a newline, an
    ANSI escape sequence or a bidirectional control in them could forge or
    hide lines of a report in a terminal or a CI log.  Such characters are
    shown as ``\\n``, ``\\x1b``, ``\\u202e``; printable text (any script), and the
    characters in ``keep``, are kept.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c in keep else repr(c)[1:-1] for c in text)


@dataclass(frozen=True, order=True)
class Problem:
    """One message about one place in one file.

    Ordering is by file, line, column, then message, which is the order in
    which problems are reported.
    """

    path: str
    line: int
    column: int
    message: str
    severity: str = field(default=ERROR, compare=False)
    field: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        # Reports go to terminals and CI logs: no raw control characters.  The
        # project's own multi-line messages keep their line breaks; contributed
        # names are escaped where they are quoted (schema.types, build).
        object.__setattr__(self, "path", printable(self.path))
        object.__setattr__(self, "message", printable(self.message, keep="\n\r\t"))
        if self.field is not None:
            object.__setattr__(self, "field", printable(self.field))

    @property
    def is_error(self) -> bool:
        """True for errors, False for warnings."""
        return self.severity == ERROR

    def format(self) -> str:
        """Render as ``path:line:column: severity: message``."""
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"

    def __str__(self) -> str:
        return self.format()


class DossierError(Exception):
    """The project's own error: one or more located problems.

    Raised by the core when a dossier cannot be used.  Adapters (CLI, MkDocs
    plugin) print :meth:`report` and exit; a Python traceback never reaches a
    user.
    """

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__(self.report())

    @property
    def errors(self) -> list[Problem]:
        """Only the problems of severity ``error``."""
        return [p for p in self.problems if p.is_error]

    def report(self) -> str:
        """All problems, one per line, followed by a count."""
        lines = [p.format() for p in self.problems]
        n_err = sum(p.is_error for p in self.problems)
        n_warn = len(self.problems) - n_err
        lines.append(f"{n_err} error(s), {n_warn} warning(s)")
        return "\n".join(lines)


class ProblemSink:
    """Collects problems for one file while it is checked."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []

    def error(self, pos: tuple[int, int], message: str, field: str | None = None) -> None:
        """Record an error at ``pos`` (1-based line, 1-based column)."""
        self.problems.append(Problem(self.path, pos[0], pos[1], message, ERROR, field))

    def warning(self, pos: tuple[int, int], message: str, field: str | None = None) -> None:
        """Record a warning at ``pos``."""
        self.problems.append(Problem(self.path, pos[0], pos[1], message, WARNING, field))
