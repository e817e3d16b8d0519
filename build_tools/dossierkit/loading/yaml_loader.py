"""A strict, safe YAML reader that keeps line numbers.

Entries arrive from strangers, so this reader accepts only a small, boring
subset of YAML and builds plain Python values from the parser's *events*
(libyaml's C parser where present).  Nothing is ever constructed from a tag.

Refused: files over :data:`MAX_FILE_BYTES`, byte-order marks, non-UTF-8 or
binary content, tags (``!!python/...`` and every other), anchors and aliases
(so an alias bomb is refused at its first anchor, never expanded), duplicate
keys, non-string keys, nesting deeper than :data:`MAX_DEPTH`, several
documents in one file, and a top level that is not a mapping.

Scalars are resolved conservatively: only ``true``/``false`` become booleans,
only ``null``/``~``/nothing becomes ``None``; *everything else stays the
string that was written* (``no``, ``0755``, ``1_000``, ``3:25``,
``2025-09-17``).  The schema decides what a string means.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dossierkit.errors import DossierError, Problem

try:  # libyaml is an order of magnitude faster; fall back to pure Python.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# The fast path: the same values, positions and text lines, built from
# libyaml's events in C (``_yaml_builder.c``), which hands every document it
# does not accept back to the reader below.  It parses with PyYAML's own
# libyaml, so it loads only where PyYAML has its C parser.  Without it (an
# install with no C compiler or no libyaml headers) this module reads every file itself.
try:
    from dossierkit.loading._yaml_builder import parse as _build_in_c
except ImportError:  # pragma: no cover - depends on the install
    _build_in_c = None

MAX_FILE_BYTES = 256 * 1024
# How files that strangers write are opened: in binary mode, and without blocking (a file
# swapped for a named pipe after it was listed reads as empty, never waits for a writer).
READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
MAX_DEPTH = 12

_SCALAR, _SEQ_START, _SEQ_END = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.SequenceEndEvent
_MAP_START, _MAP_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}

Pos = tuple[int, int]
KeyPath = tuple[Any, ...]


@dataclass
class YamlDocument:
    """The parsed content of one YAML file.

    ``positions`` maps a key path (``("relations", 0, "target")``) to the
    1-based (line, column) where that member starts: the key for mapping
    members, the item for sequence items.  ``text_lines`` maps the path of a
    string to the line its text starts on (the line after ``|`` for block
    scalars), so that problems inside a Markdown body can be located.
    """

    path: str
    data: dict[str, Any]
    positions: dict[KeyPath, Pos] = field(default_factory=dict)
    text_lines: dict[KeyPath, int] = field(default_factory=dict)

    def pos(self, key_path: KeyPath) -> Pos:
        """Best known position for ``key_path`` (walks up to a parent)."""
        kp = tuple(key_path)
        while kp:
            if kp in self.positions:
                return self.positions[kp]
            kp = kp[:-1]
        return (1, 1)


class _Fail(Exception):
    def __init__(self, pos: Pos, message: str):
        super().__init__(message)
        self.pos = pos
        self.message = message


def _pos(event: Any) -> Pos:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1)


def _resolve_plain(value: str) -> Any:
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return value


class _Builder:
    """Turns a libyaml event stream into plain values, refusing what is unsafe."""

    def __init__(self, loader: Any):
        # The parser's own ``get_event`` (``yaml.parse`` adds a ``check_event``
        # round trip per event, and a generator around it a frame per event:
        # together a third of the load time at 10,000 entries).  The builder
        # reads exactly the events a document has, so it never reads past its end.
        self.next = loader.get_event
        self.positions: dict[KeyPath, Pos] = {}
        self.text_lines: dict[KeyPath, int] = {}

    def check_node_event(self, event: Any) -> None:
        if isinstance(event, yaml.AliasEvent):
            raise _Fail(_pos(event), "aliases (*name) are not allowed; write the value out")
        if getattr(event, "anchor", None) is not None:
            raise _Fail(_pos(event), "anchors (&name) are not allowed; write the value out")
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise _Fail(_pos(event), f"YAML tags are not allowed (found {tag!r})")

    def node(self, event: Any, path: KeyPath, depth: int) -> Any:
        # Hot path at 10,000 entries: dispatch on the exact event class, and call
        # the full check only when an anchor or tag is present (aliases carry
        # their name in `anchor`, so they take the slow path and are refused).
        if event.anchor is not None or getattr(event, "tag", None) is not None:
            self.check_node_event(event)
        if depth > MAX_DEPTH:
            raise _Fail(_pos(event), f"nesting is deeper than {MAX_DEPTH} levels")
        cls = event.__class__
        if cls is _SCALAR:
            value = event.value
            style = event.style
            if not style:
                value = _resolve_plain(value)
            if value.__class__ is str:
                line = event.start_mark.line + 1
                self.text_lines[path] = line + 1 if style in ("|", ">") else line
            return value
        positions = self.positions
        if cls is _SEQ_START:
            items: list[Any] = []
            while True:
                ev = self.next()
                if ev.__class__ is _SEQ_END:
                    return items
                item_path = path + (len(items),)
                mark = ev.start_mark
                positions[item_path] = (mark.line + 1, mark.column + 1)
                items.append(self.node(ev, item_path, depth + 1))
        if cls is _MAP_START:
            mapping: dict[str, Any] = {}
            while True:
                ev = self.next()
                if ev.__class__ is _MAP_END:
                    return mapping
                if ev.__class__ is not _SCALAR:
                    self.check_node_event(ev)
                    raise _Fail(_pos(ev), "keys must be plain words, not lists or mappings")
                if ev.anchor is not None or ev.tag is not None:
                    self.check_node_event(ev)
                key = ev.value
                key_path = path + (key,)
                if key in mapping:
                    first = positions.get(key_path, (0, 0))
                    raise _Fail(_pos(ev), f"duplicate key {key!r} (first given on line {first[0]})")
                mark = ev.start_mark
                positions[key_path] = (mark.line + 1, mark.column + 1)
                mapping[key] = self.node(self.next(), key_path, depth + 1)
        self.check_node_event(event)
        raise _Fail(_pos(event), f"unexpected YAML event {cls.__name__}")  # pragma: no cover


_KEY_VALUE_RE = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_-]*):\s+(.*?)\s*$")


def _colon_hint(line: str) -> str:
    """The hint for the commonest YAML slip: an unquoted value with ``": "`` in it."""
    m = _KEY_VALUE_RE.match(line)
    if not m or m.group(2)[:1] in ("'", '"'):
        return ' (a value with ": " in it must be in quotes)'
    value = m.group(2).replace("\\", "\\\\").replace('"', '\\"')
    if len(value) > 60:
        value = value[:57] + "..."
    return f' (a value with ": " in it must be in quotes: {m.group(1)}: "{value}")'


def parse_yaml(text: str, path: str, raw: bytes | None = None) -> YamlDocument:
    """Parse ``text`` (the content of ``path``) into a :class:`YamlDocument`.

    ``raw``: ``text`` encoded as UTF-8, when the caller has it (the file's bytes).
    Raises :class:`DossierError` with one located problem on any refusal.
    """
    if _build_in_c is not None:
        if raw is None:
            try:
                raw = text.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate: the reader below words the refusal
                raw = b""
        found = _build_in_c(raw) if raw else None
        if found is not None:
            return YamlDocument(path, *found)
    return _parse_events(text, path)


def _parse_events(text: str, path: str) -> YamlDocument:
    """:func:`parse_yaml` in Python: the reference reader, and the one that words every refusal."""
    loader = None
    try:
        loader = _Loader(text)
        builder = _Builder(loader)
        ev = builder.next()  # StreamStart
        ev = builder.next()
        if isinstance(ev, yaml.StreamEndEvent):
            raise _Fail((1, 1), "file is empty (or only comments); an entry is a YAML mapping of fields")
        root_event = builder.next()  # after DocumentStart
        if not isinstance(root_event, yaml.MappingStartEvent) or root_event.anchor or root_event.tag:
            builder.check_node_event(root_event)
            what = "a list" if isinstance(root_event, yaml.SequenceStartEvent) else "a single value"
            raise _Fail(_pos(root_event), f"the top level must be a mapping of fields, not {what}")
        data = builder.node(root_event, (), 0)
        builder.next()  # DocumentEnd
        ev = builder.next()
        if not isinstance(ev, yaml.StreamEndEvent):
            raise _Fail(_pos(ev), "several YAML documents in one file; one entry per file")
    except _Fail as fail:
        raise DossierError([Problem(path, fail.pos[0], fail.pos[1], fail.message)]) from None
    except yaml.MarkedYAMLError as exc:
        line, col, msg = marked_error(exc)
        # libyaml does not always name the tab it trips over: look at the line.
        lines = text.split("\n", line)
        bad_line = lines[line - 1] if 1 <= line <= len(lines) else ""  # (libyaml also counts U+0085 as a line break)
        if "\t" in text and "tab" in msg.lower() or "found character '\\t'" in msg or \
                "\t" in bad_line[: len(bad_line) - len(bad_line.lstrip(" \t")) + 1]:
            msg += " (use spaces, not tabs, to indent)"
        elif "mapping values are not allowed" in msg:
            msg += _colon_hint(bad_line)
        raise DossierError([Problem(path, line, col, f"YAML syntax error: {msg}")]) from None
    except yaml.reader.ReaderError as exc:
        # A character YAML refuses (a raw control character): name it and its place.
        if _Loader.__name__.startswith("C"):  # libyaml counts bytes of the UTF-8 text
            raw = text.encode("utf-8", "surrogatepass")
            pos = max(0, min(int(exc.position), len(raw)))
            start = raw.rfind(b"\n", 0, pos) + 1
            line, col = raw.count(b"\n", 0, pos) + 1, len(raw[start:pos].decode("utf-8", "ignore")) + 1
        else:
            pos = max(0, min(int(exc.position), len(text)))
            line, col = text.count("\n", 0, pos) + 1, pos - (text.rfind("\n", 0, pos) + 1) + 1
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        raise DossierError([Problem(path, line, col, f"YAML error: character U+{char:04X} is not allowed "
                                                     f"({exc.reason}); remove it")]) from None
    except yaml.YAMLError as exc:
        raise DossierError([Problem(path, 1, 1, f"YAML error: {exc}")]) from None
    except RecursionError:
        raise DossierError([Problem(path, 1, 1, "nesting is too deep")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    return YamlDocument(path, data, builder.positions, builder.text_lines)


def marked_error(exc: yaml.MarkedYAMLError) -> tuple[int, int, str]:
    """Where a YAML syntax error stopped the parser (1-based line and column) and what it says,
    in one line (PyYAML's own text repeats the place over several)."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return line, col, " ".join(x for x in (exc.context, exc.problem) if x) or "invalid YAML"


def decode_yaml_bytes(raw: bytes, path: str) -> str:
    """Check the raw bytes of an entry file and decode them as UTF-8.

    Refuses oversize files, byte-order marks, NUL bytes (binary content) and
    anything that is not valid UTF-8, naming the line of the first bad byte.
    """
    if len(raw) > MAX_FILE_BYTES:
        raise DossierError([Problem(path, 1, 1, f"file is larger than the limit of {MAX_FILE_BYTES:,} bytes")])
    if raw.startswith(b"\xef\xbb\xbf") or raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DossierError([Problem(path, 1, 1, "file starts with a byte-order mark; save it as UTF-8 without BOM")])
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        raise DossierError([Problem(path, line, 1, "file contains NUL bytes (binary content); entries are UTF-8 text")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DossierError([Problem(path, line, col, "file is not valid UTF-8 (save it as UTF-8)")]) from None


def read_yaml_file(fs_path: str | Path, display_path: str) -> YamlDocument:
    """Read, check and parse one entry file.  Raises :class:`DossierError`."""
    try:
        raw = read_bounded(fs_path)
    except OSError as exc:
        raise DossierError([Problem(display_path, 1, 1, f"cannot read file: {exc.strerror}")]) from None
    return parse_yaml(decode_yaml_bytes(raw, display_path), display_path, raw)


def read_bounded(fs_path: str | Path) -> bytes:
    """The file's bytes, at most ``MAX_FILE_BYTES + 1`` of them (enough to tell it is too large).

    The first read asks for the size the file has now, plus one byte to find
    its end: asking for the whole limit made every read allocate (and map) a
    256 KiB buffer, 19 of the 25 µs a file took at 10,000 entries.  A file
    that grows meanwhile, or a device whose size says nothing, is read on to
    the limit.  It is opened with :data:`READ_FLAGS` (without blocking).
    """
    fd = os.open(fs_path, READ_FLAGS)
    try:
        size = os.fstat(fd).st_size
        raw = os.read(fd, min(size, MAX_FILE_BYTES) + 1)
        if not raw or len(raw) == size:
            # All the file held when its size was taken: not asked again for its end (one
            # system call a file).  One that grew since, or a read cut short (a file system
            # that returns less than it has), is read on.
            return raw
        parts = [raw]
        total = len(raw)
        while total <= MAX_FILE_BYTES:
            more = os.read(fd, min(total, MAX_FILE_BYTES + 1 - total))
            if not more:
                break
            parts.append(more)
            total += len(more)
        return raw if len(parts) == 1 else b"".join(parts)
    finally:
        os.close(fd)
