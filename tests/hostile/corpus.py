"""The hostile-input corpus: one case per class of attack or mistake (issue 8).

Every case is a set of files written over a copy of the starter project
(``tests/fixtures/starter``).  A *rejected* case lists the located problems
that ``dossier validate`` and ``mkdocs build --strict`` must report; an
*accepted* case is one the safe design lets through on purpose (the value
stays the text that was written, or hostile text is neutralised), and says
what must hold instead.  ``test_hostile.py`` runs them all.

Paths in ``files`` are relative to the project root; a value of ``None``
deletes the file, a :class:`Symlink` makes a symbolic link.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

CANARY_MARKER = "CANARY-CONTENT-4417"  # the content of the canary file next to the project


@dataclass(frozen=True)
class Symlink:
    """A symbolic link to ``target`` (``{canary}`` is replaced by the canary folder)."""

    target: str


@dataclass(frozen=True)
class Expect:
    """One problem a rejected case must report, as ``path:line:column: severity: [field: ]...needle...``."""

    path: str
    line: int
    column: int
    needle: str
    field: str | None = None
    severity: str = "error"


@dataclass(frozen=True)
class Case:
    """One hostile input."""

    id: str
    klass: str  # syntax, yaml-traps, identity, references, dates-numbers, content
    what: str
    files: dict[str, str | bytes | Symlink | None]
    expect: tuple[Expect, ...] = ()
    strict_only: bool = False  # refused as a warning: `validate` exits 0, `--strict` and the strict build fail
    accepted: dict[tuple[str, str], object] = field(default_factory=dict)  # (entry id, field) -> exported value
    # A hang guard, not a speed claim (speed is `make bench`'s): an alias bomb or a quadratic parse that
    # went wrong would take hours; the bound is generous so that a loaded machine never trips it.
    max_seconds: float | None = None


def actor(**fields: str) -> str:
    """A valid actor entry ``land-d`` with ``fields`` replaced or added (raw YAML values)."""
    base = {"id": "land-d", "name": "Land D", "type": "state", "summary": "A state.", "sources": "[src-one]"}
    base.update(fields)
    return "".join(f"{k}: {v}\n" for k, v in base.items() if v is not None)


def organisation(id_: str, extra: str = "") -> str:
    return (f"id: {id_}\nname: {id_.upper()}\ntype: forum\nstatus: floated\nconfidence: reported\n"
            f"summary: A forum.\nsources: [src-one]\n{extra}")


def event(**fields: str) -> str:
    base = {"id": "ev-x", "title": "Something happens", "date": "2025-09-17", "summary": "It happens.",
            "confidence": "reported", "sources": "[src-one]"}
    base.update(fields)
    return "".join(f"{k}: {v}\n" for k, v in base.items() if v is not None)


def source(id_: str, **fields: str) -> str:
    base = {"id": id_, "title": "A source", "publisher": "P", "kind": "other", "language": "en"}
    base.update(fields)
    return "".join(f"{k}: {v}\n" for k, v in base.items() if v is not None)


A = "dossier/actors/land-d.yml"
E = "dossier/events/ev-x.yml"
VALID = actor()
ALIAS_BOMB = "id: land-d\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(24))
CYRILLIC_A = "\u0430"  # looks like Latin "a"
NFD_CAFE = unicodedata.normalize("NFD", "café")
NFC_CAFE = unicodedata.normalize("NFC", "café")

CASES: tuple[Case, ...] = (
    # ------------------------------------------------------------------ syntax
    Case("syntax-indentation", "syntax", "broken indentation",
         {A: "id: land-d\nname: Land D\n  type: state\nsummary: x\n"},
         (Expect(A, 3, 7, "YAML syntax error: mapping values are not allowed in this context"),)),
    Case("syntax-tabs", "syntax", "a tab used to indent",
         {A: "id: land-d\nname: Land D\ntype: state\nsummary: x\nsources:\n\t- src-one\n"},
         (Expect(A, 6, 1, "(use spaces, not tabs, to indent)"),)),
    Case("syntax-unclosed-quote", "syntax", "an unclosed quote",
         {A: 'id: land-d\nname: "Land D\ntype: state\nsummary: x\nsources: [src-one]\n'},
         (Expect(A, 6, 1, "YAML syntax error: while scanning a quoted scalar found unexpected end of stream"),)),
    Case("syntax-empty-file", "syntax", "an empty file", {A: ""},
         (Expect(A, 1, 1, "file is empty (or only comments)"),)),
    Case("syntax-only-comment", "syntax", "a file that is only a comment", {A: "# id: land-d\n# name: Land D\n"},
         (Expect(A, 1, 1, "file is empty (or only comments)"),)),
    Case("syntax-top-level-list", "syntax", "a list at the top level", {A: "- id: land-d\n- name: Land D\n"},
         (Expect(A, 1, 1, "the top level must be a mapping of fields, not a list"),)),
    Case("syntax-top-level-scalar", "syntax", "a scalar at the top level", {A: "land-d\n"},
         (Expect(A, 1, 1, "the top level must be a mapping of fields, not a single value"),)),
    Case("syntax-several-documents", "syntax", "several YAML documents in one file",
         {A: VALID + "---\nid: land-e\nname: Land E\n"},
         (Expect(A, 6, 1, "several YAML documents in one file; one entry per file"),)),
    Case("syntax-bom", "syntax", "a UTF-8 byte-order mark", {A: b"\xef\xbb\xbf" + VALID.encode()},
         (Expect(A, 1, 1, "byte-order mark"),)),
    Case("syntax-utf16", "syntax", "UTF-16 with a byte-order mark", {A: VALID.encode("utf-16")},
         (Expect(A, 1, 1, "byte-order mark"),)),
    Case("syntax-latin1", "syntax", "Latin-1 instead of UTF-8",
         {A: actor(name="Café").encode("latin-1")},
         (Expect(A, 2, 10, "file is not valid UTF-8"),)),
    Case("syntax-binary", "syntax", "binary content (a PNG header)",
         {A: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"},
         (Expect(A, 3, 1, "NUL bytes (binary content)"),)),
    Case("syntax-control-character", "syntax", "a raw control character (ESC) in the text, after non-ASCII text",
         {A: actor(name="Café \x1b[2J D")},
         (Expect(A, 2, 12, "YAML error: character U+001B is not allowed"),)),
    Case("syntax-over-size-cap", "syntax", "a file over the 256 KiB cap",
         {A: VALID + "body: |\n" + "  padding line of an enormous body\n" * 8000},
         (Expect(A, 1, 1, "file is larger than the limit of 262,144 bytes"),)),
    Case("syntax-very-long-line", "syntax", "a 250,000-character line",
         {A: actor(name="x" * 250_000)},
         (Expect(A, 2, 1, "is 250,000 characters long; the limit is 200", "name"),)),
    Case("syntax-very-long-string", "syntax", "a body over its 50,000-character limit",
         {A: VALID + "body: |\n" + ("  " + "y" * 99 + "\n") * 600},
         (Expect(A, 6, 1, "is 60,000 characters long; the limit is 50,000", "body"),)),
    Case("syntax-very-long-value-quoted", "syntax", "a 200,000-character enum value is quoted shortened",
         {A: actor(type="s" * 200_000)},
         (Expect(A, 3, 1, "'sssssss", "type"),)),
    Case("syntax-deep-nesting", "syntax", "nesting deeper than 12 levels",
         {A: VALID + "relations:\n" + "".join("  " * i + "- \n" for i in range(1, 20))},
         (Expect(A, 19, 27, "nesting is deeper than 12 levels"),)),
    Case("syntax-deep-flow-nesting", "syntax", "100,000 nested flow sequences",
         {A: VALID + "tags: " + "[" * 100_000 + "\n"},
         (Expect(A, 6, 1006, "YAML syntax error: while increasing flow level exceeded maximum nesting depth"),), max_seconds=60),

    # -------------------------------------------------------------- YAML traps
    Case("trap-python-tag", "yaml-traps", "a !!python tag that would run a command",
         {A: actor(name='!!python/object/apply:os.system ["touch {canary}/pwned"]')},
         (Expect(A, 2, 7, "YAML tags are not allowed (found 'tag:yaml.org,2002:python/object/apply:os.system')"),)),
    Case("trap-custom-tag", "yaml-traps", "a custom tag",
         {A: actor(name="!Ref land-a")},
         (Expect(A, 2, 7, "YAML tags are not allowed (found '!Ref')"),)),
    Case("trap-anchor-alias", "yaml-traps", "an anchor and an alias",
         {A: actor(name="&n Land D", summary="*n")},
         (Expect(A, 2, 7, "anchors (&name) are not allowed"),)),
    Case("trap-alias-bomb", "yaml-traps", "an alias bomb (9^25 nodes if expanded)",
         {A: ALIAS_BOMB},
         (Expect(A, 2, 4, "anchors (&name) are not allowed"),), max_seconds=60),
    Case("trap-merge-key", "yaml-traps", "a merge key << is just an unknown field",
         {A: VALID + "<<: {type: person}\n"},
         (Expect(A, 6, 1, "unknown field", "<<"),)),
    Case("trap-duplicate-key", "yaml-traps", "a duplicate key (the second value would win silently)",
         {A: VALID + "type: person\n"},
         (Expect(A, 6, 1, "duplicate key 'type' (first given on line 3)"),)),
    Case("trap-yes-no-on-off", "yaml-traps", "yes/no/on/off where a boolean is meant",
         {"dossier/sources/src-one.yml": source("src-one", url="https://example.org/one", archived="on")},
         (Expect("dossier/sources/src-one.yml", 7, 1, "expected true or false, got 'on'", "archived"),)),
    Case("trap-underscore-number", "yaml-traps", "1_000 (YAML 1.1 reads one thousand)",
         {"dossier/organisations/o1.yml": organisation(
             "o1", "counts:\n  - count: 1_000\n    date: 2020\n    sources: [src-one]\n")},
         (Expect("dossier/organisations/o1.yml", 9, 5, "expected a whole number written in plain digits, got '1_000'",
                 "counts[0].count"),)),
    Case("trap-octal", "yaml-traps", "0755 (YAML 1.1 reads an octal 493)",
         {"dossier/organisations/o1.yml": organisation(
             "o1", "counts:\n  - count: 0755\n    date: 2020\n    sources: [src-one]\n")},
         (Expect("dossier/organisations/o1.yml", 9, 5, "got '0755'", "counts[0].count"),)),
    Case("trap-sexagesimal", "yaml-traps", "3:25 (YAML 1.1 reads 205)",
         {E: event(date="3:25")},
         (Expect(E, 3, 1, "'3:25' is not a date", "date"),)),
    Case("trap-float-where-date", "yaml-traps", "a float where a date is meant",
         {E: event(date="2025.5")},
         (Expect(E, 3, 1, "'2025.5' is not a date", "date"),)),
    Case("trap-number-where-text-list", "yaml-traps", "a bare number where a list is meant",
         {A: actor(sources="1.10")},
         (Expect(A, 5, 1, "expected a list (one '- item' per line), got '1.10'", "sources"),)),
    Case("trap-scalars-stay-as-written", "yaml-traps",
         "no, off, yes, 1.10, 1e3, 0x1F, .inf, 1_000, 0755, 3:25 and a bare date stay the text that was written",
         {A: actor(name="no", summary="off", role="yes", aliases="[1.10, 1e3, 0x1F, .inf, 1_000, 0755, '3:25', 2025-09-17]",
                   sources="[src-one]")},
         accepted={("land-d", "name"): "no", ("land-d", "summary"): "off", ("land-d", "role"): "yes",
                   ("land-d", "aliases"): ["1.10", "1e3", "0x1F", ".inf", "1_000", "0755", "3:25", "2025-09-17"]}),
    Case("trap-dates-keep-precision", "yaml-traps", "bare dates keep their precision (a month stays a month)",
         {E: event(date="2025-09", end="2026")},
         accepted={("ev-x", "date"): "2025-09", ("ev-x", "end"): "2026"}),

    # ---------------------------------------------------------------- identity
    Case("id-dot-dot", "identity", "ids and file names with ..",
         {"dossier/actors/a..b.yml": actor(id="a..b"), A: actor(id="../../etc/passwd")},
         (Expect("dossier/actors/a..b.yml", 1, 1, "file name 'a..b.yml' is not a valid id"),
          Expect(A, 1, 1, "'../../etc/passwd' is not a valid id", "id"))),
    Case("id-slash", "identity", "an id with /", {A: actor(id="actors/land-d")},
         (Expect(A, 1, 1, "'actors/land-d' is not a valid id", "id"),)),
    Case("id-backslash", "identity", "a file name and an id with \\",
         {"dossier/actors/land\\d.yml": actor(id="'land\\d'")},
         (Expect("dossier/actors/land\\d.yml", 1, 1, "file name 'land\\\\d.yml' is not a valid id"),
          Expect("dossier/actors/land\\d.yml", 1, 1, "'land\\\\d' is not a valid id", "id"))),
    Case("id-uppercase", "identity", "upper case", {"dossier/actors/Land-D.yml": actor(id="Land-D")},
         (Expect("dossier/actors/Land-D.yml", 1, 1, "file name 'Land-D.yml' is not a valid id"),)),
    Case("id-space", "identity", "a space", {"dossier/actors/land d.yml": actor(id="land d")},
         (Expect("dossier/actors/land d.yml", 1, 1, "file name 'land d.yml' is not a valid id"),)),
    Case("id-lookalike", "identity", "a Cyrillic 'а' that looks like a Latin 'a'",
         {f"dossier/actors/l{CYRILLIC_A}nd-d.yml": actor(id=f"l{CYRILLIC_A}nd-d")},
         (Expect(f"dossier/actors/l{CYRILLIC_A}nd-d.yml", 1, 1, "(contains U+0430 CYRILLIC SMALL LETTER A)"),
          Expect(f"dossier/actors/l{CYRILLIC_A}nd-d.yml", 1, 1, "(contains U+0430 CYRILLIC SMALL LETTER A)", "id"))),
    Case("id-reserved", "identity", "reserved names",
         {"dossier/actors/index.yml": actor(id="index"), "dossier/actors/search.yml": actor(id="search"),
          "dossier/actors/assets.yml": actor(id="assets")},
         tuple(Expect(f"dossier/actors/{n}.yml", 1, 1, f"'{n}' is a reserved name") for n in ("assets", "index", "search"))),
    Case("id-case-collision", "identity", "two ids equal after case folding",
         {"dossier/actors/Land-A.yml": actor(id="Land-A")},
         (Expect("dossier/actors/Land-A.yml", 1, 1, "file name 'Land-A.yml' is not a valid id"),)),
    Case("id-normalisation-collision", "identity", "names equal after Unicode normalisation (NFC/NFD, NFKC)",
         {f"dossier/actors/{NFC_CAFE}.yml": actor(id=NFC_CAFE), f"dossier/actors/{NFD_CAFE}.yml": actor(id=NFD_CAFE),
          "dossier/actors/\uff4cand-a.yml": actor(id="\uff4cand-a")},
         (Expect(f"dossier/actors/{NFC_CAFE}.yml", 1, 1, "(contains U+00E9 LATIN SMALL LETTER E WITH ACUTE)"),
          Expect(f"dossier/actors/{NFD_CAFE}.yml", 1, 1, "(contains U+0301 COMBINING ACUTE ACCENT)"),
          Expect("dossier/actors/\uff4cand-a.yml", 1, 1, "(contains U+FF4C FULLWIDTH LATIN SMALL LETTER L)"))),
    Case("id-trailing-newline", "identity", "an id and file name ending in a newline",
         {"dossier/actors/land-d\n.yml": actor(id='"land-d\\n"')},
         (Expect("dossier/actors/land-d\\n.yml", 1, 1, "file name 'land-d\\n.yml' is not a valid id"),
          Expect("dossier/actors/land-d\\n.yml", 1, 1, "'land-d\\n' is not a valid id", "id"))),
    Case("id-control-characters-in-file-name", "identity", "an ANSI escape sequence in a file name",
         {"dossier/actors/land\x1b[2Jd.yml": actor(id="land-d")},
         (Expect("dossier/actors/land\\x1b[2Jd.yml", 1, 1, "(contains U+001B"),)),
    Case("id-not-utf8-file-name", "identity", "a file name that is not UTF-8",
         {b"dossier/actors/caf\xe9.yml": actor(id="land-d")},  # type: ignore[dict-item]
         (Expect("dossier/actors/caf\\udce9.yml", 1, 1, "is not a valid id"),)),
    Case("id-mismatch", "identity", "an id that does not match its file name",
         {A: actor(id="land-e")},
         (Expect(A, 1, 1, "'land-e' does not match the file name 'land-d.yml'", "id"),)),
    Case("id-same-id-two-kinds", "identity", "the same id in two kinds",
         {"dossier/organisations/land-a.yml": organisation("land-a")},
         (Expect("dossier/organisations/land-a.yml", 1, 1, "id 'land-a' is already used by dossier/actors/land-a.yml"),)),
    Case("id-unknown-folder", "identity", "a file in an unknown folder",
         {"dossier/people/x.yml": actor(id="x"), "dossier/actors/sub/y.yml": actor(id="y")},
         (Expect("dossier/people", 1, 1, "unknown folder"),
          Expect("dossier/actors/sub", 1, 1, "only .yml files are allowed in a kind folder"))),
    Case("id-non-yaml-files", "identity", "non-YAML files in the dossier",
         {"dossier/actors/notes.txt": "hello", "dossier/actors/photo.png": b"\x89PNG\r\n\x1a\n",
          "dossier/actors/land-d.yaml": VALID, "dossier/stray.yml": VALID},
         (Expect("dossier/actors/land-d.yaml", 1, 1, "not an entry file"),
          Expect("dossier/actors/notes.txt", 1, 1, "not an entry file"),
          Expect("dossier/actors/photo.png", 1, 1, "not an entry file"),
          Expect("dossier/stray.yml", 1, 1, "unexpected file"))),
    Case("id-symlink-out", "identity", "a symbolic link to a file outside the project",
         {A: Symlink("{canary}/secret.yml"), "dossier/people": Symlink("{canary}")},
         (Expect(A, 1, 1, "only .yml files are allowed in a kind folder (no folders or links)"),
          Expect("dossier/people", 1, 1, "symbolic links are not allowed in the dossier"))),

    # -------------------------------------------------------------- references
    Case("ref-unknown-id", "references", "an unknown id", {A: actor(sources="[src-on]")},
         (Expect(A, 5, 11, "unknown id 'src-on' (did you mean 'src-one'?)", "sources[0]"),)),
    Case("ref-wrong-kind", "references", "a reference to the wrong kind", {A: actor(sources="[land-a]")},
         (Expect(A, 5, 11, "'land-a' is an actor; expected a source", "sources[0]"),)),
    Case("ref-self", "references", "a self-reference",
         {A: VALID + "relations:\n  - type: rival_of\n    target: land-d\n"},
         (Expect(A, 7, 5, "an entry cannot be rival of itself", "relations[0]"),)),
    Case("ref-both-sides", "references", "a relation declared on both sides in contradiction",
         {"dossier/actors/land-b.yml": "id: land-b\nname: Land B\ntype: state\nsummary: x\nsources: [src-one]\n"
                                       "relations:\n  - type: rival_of\n    target: land-a\n    status: rejected\n"},
         (Expect("dossier/actors/land-b.yml", 7, 5, "is declared on both sides (first in dossier/actors/land-a.yml:11)",
                 "relations[0]"),)),
    Case("ref-both-sides-other-dates", "references", "a membership declared on both sides with other dates",
         {"dossier/actors/land-b.yml": "id: land-b\nname: Land B\ntype: state\nsummary: x\nsources: [src-one]\n"
                                       "relations:\n  - type: member_of\n    target: pact\n    since: 2019\n"},
         (Expect("dossier/organisations/pact.yml", 17, 5, "'member of' between 'land-b' and 'pact' is declared on both sides "
                 "(first in dossier/actors/land-b.yml:7)", "memberships[1]"),)),
    Case("ref-cycle", "references", "a cycle where the relation forbids one",
         {"dossier/organisations/o1.yml": organisation("o1", "relations:\n  - type: part_of\n    target: o2\n"),
          "dossier/organisations/o2.yml": organisation("o2", "relations:\n  - type: part_of\n    target: o1\n")},
         (Expect("dossier/organisations/o2.yml", 9, 1, "'part of' forms a cycle: o1 -> o2 -> o1"),)),
    Case("ref-unknown-wikilink", "references", "an unknown id in a [[...]] link in a body",
         {A: VALID + "body: |\n  First line.\n\n  See [[land-a]] and [[no-such-entry]].\n"},
         (Expect(A, 9, 20, "unknown id 'no-such-entry'", "body"),)),
    Case("ref-wikilink-traversal", "references", "a path in a [[...]] link",
         {A: VALID + "body: |\n  See [[../../etc/passwd]].\n"},
         (Expect(A, 7, 5, "unknown id '../../etc/passwd'", "body"),)),

    # ---------------------------------------------------------- dates, numbers
    Case("date-impossible", "dates-numbers", "an impossible date", {E: event(date="2025-02-30")},
         (Expect(E, 3, 1, "'2025-02-30' is not a real date (February 2025 has 28 days)", "date"),)),
    Case("date-until-before-since", "dates-numbers", "until before since",
         {A: VALID + "relations:\n  - type: member_of\n    target: pact\n    since: 2020-05\n    until: 2019\n"},
         (Expect(A, 10, 5, "2019 is before relations[0].since 2020-05", "relations[0].until"),)),
    Case("date-end-before-start", "dates-numbers", "an event that ends before it starts",
         {E: event(end="2025-09-16")}, (Expect(E, 7, 1, "2025-09-16 is before date 2025-09-17", "end"),)),
    Case("date-dissolved-before-founded", "dates-numbers", "dissolved before founded",
         {"dossier/organisations/o1.yml": organisation("o1", "founded: 2020\ndissolved: 2019-12\n")},
         (Expect("dossier/organisations/o1.yml", 9, 1, "2019-12 is before founded 2020", "dissolved"),)),
    Case("date-time-of-day", "dates-numbers", "finer than allowed: a time of day",
         {E: event(date="2025-09-17T10:00:00Z")},
         (Expect(E, 3, 1, "is not a date; write YYYY, YYYY-MM or YYYY-MM-DD", "date"),)),
    Case("date-iso-week", "dates-numbers", "finer than allowed: an ISO week", {E: event(date="2025-W38")},
         (Expect(E, 3, 1, "'2025-W38' is not a date", "date"),)),
    Case("date-ordinal", "dates-numbers", "an ISO ordinal date", {E: event(date="2025-260")},
         (Expect(E, 3, 1, "'2025-260' is not a date", "date"),)),
    Case("date-non-ascii-digits", "dates-numbers", "Arabic-Indic digits in a date",
         {E: event(date="٢٠٢٥-٠٩")},
         (Expect(E, 3, 1, "with the digits 0-9 (contains U+0662 ARABIC-INDIC DIGIT TWO)", "date"),)),
    Case("date-year-zero", "dates-numbers", "year 0000", {E: event(date="0000")},
         (Expect(E, 3, 1, "year 0 is out of range (1-2999)", "date"),)),
    Case("date-absurd-year", "dates-numbers", "a five-digit year", {E: event(date="99999")},
         (Expect(E, 3, 1, "'99999' is not a date", "date"),)),
    Case("number-negative", "dates-numbers", "a negative count",
         {"dossier/organisations/o1.yml": organisation(
             "o1", "counts:\n  - count: -3\n    date: 2020\n    sources: [src-one]\n")},
         (Expect("dossier/organisations/o1.yml", 9, 5, "-3 is out of range (0-10000)", "counts[0].count"),)),
    Case("number-absurd", "dates-numbers", "an absurd count",
         {"dossier/organisations/o1.yml": organisation(
             "o1", "counts:\n  - count: 99999999999999999999\n    date: 2020\n    sources: [src-one]\n")},
         (Expect("dossier/organisations/o1.yml", 9, 5, "expected a whole number written in plain digits",
                 "counts[0].count"),)),

    # ---------------------------------------------------------------- content (refused)
    Case("content-url-schemes", "content", "javascript:, data: and file: addresses in URL fields",
         {"dossier/sources/src-one.yml": source("src-one", url='"javascript:alert(1)"'),
          "dossier/sources/src-two.yml": source("src-two", url='"data:text/html;base64,PHNjcmlwdD4="'),
          "dossier/sources/src-three.yml": source("src-three", url='"file:///etc/passwd"'),
          A: actor(sources="[src-one, src-two, src-three]")},
         (Expect("dossier/sources/src-one.yml", 6, 1, "'javascript:alert(1)' is not an http(s) address", "url"),
          Expect("dossier/sources/src-two.yml", 6, 1, "is not an http(s) address", "url"),
          Expect("dossier/sources/src-three.yml", 6, 1, "'file:///etc/passwd' is not an http(s) address", "url"))),
    Case("content-url-with-bidi", "content", "an address that reverses on screen (U+202E)",
         {"dossier/sources/src-one.yml": source("src-one", url='"https://example.org/\\u202egnp.exe"')},
         (Expect("dossier/sources/src-one.yml", 6, 1, "contains invisible or control characters", "url"),)),
    Case("content-bidi-in-name", "content", "bidirectional controls in a name",
         {A: actor(name='"evil\\u202egnp.exe"')},
         (Expect(A, 2, 1, "contains bidirectional control characters", "name"),)),
    Case("content-control-in-name", "content", "an ANSI escape in a name",
         {A: actor(name='"\\e[2Jfake: 0 error(s)"')},
         (Expect(A, 2, 1, "contains control characters", "name"),)),
    Case("content-carriage-return-in-name", "content", "a carriage return that would rewrite a log line",
         {A: actor(name='"Land D\\r0 error(s), 0 warning(s)"')},
         (Expect(A, 2, 1, "must be a single line", "name"),)),
    Case("content-control-in-field-name", "content", "a field name that forges report lines",
         {A: VALID + '"x\\n\\e[2Jdossier/actors/land-a.yml:1:1: fake": 1\n'},
         (Expect(A, 6, 1, "x\\n\\x1b[2Jdossier/actors/land-a.yml:1:1: fake: unknown field"),)),
    Case("content-slow-markdown", "content", "a body built to make Python-Markdown quadratic (49,000 brackets)",
         {A: VALID + 'body: "' + "[" * 25_000 + "![" * 12_000 + '"\n'},
         accepted={("land-d", "summary"): "A state."}, max_seconds=120),
    Case("content-local-link", "content", "body links to local paths, trying to pull a local file into the PDF",
         {A: VALID + "body: |\n  See [the map](../../../../etc/passwd) and\n  ![logo]({canary}/secret.svg).\n\n"
                     "  [r]: secret.md\n  ![b](../../../../../../../../../..{canary}/secret.svg)\n"
                     "  ![c](file://{canary}/secret.svg) <img src=\"file://{canary}/secret.svg\">\n"},
         (Expect(A, 7, 15, "link to '../../../../etc/passwd', a path in the site or on this machine",
                 "body", "warning"),
          Expect(A, 8, 9, "/secret.svg', a path in the site or on this machine", "body", "warning"),
          Expect(A, 10, 6, "link to 'secret.md'", "body", "warning"),
          Expect(A, 11, 6, "a path in the site or on this machine", "body", "warning")),
         strict_only=True),
)

REJECTED = tuple(c for c in CASES if not c.accepted)
ACCEPTED = tuple(c for c in CASES if c.accepted)


# ---------------------------------------------------------------------------
# Content that validation accepts on purpose: contributed text is escaped, and
# contributed Markdown is neutralised, in every output.  Every payload that
# could run calls alert(...), so "alert(" must never appear in anything a
# browser would execute; HIDDEN-BY-COMMENT must stay visible.

def _block(text: str) -> str:
    return "".join(("  " + line).rstrip() + "\n" for line in text.split("\n"))


HOSTILE_BODY = r"""<script>alert('body-script')</script>
<img src=x onerror="alert('body-img')">
<iframe src="https://evil.example/frame"></iframe>
<style>body{display:none}</style>
<svg><script>alert('body-svg')</script><circle onload="alert('svg-onload')"/></svg>
<!-- HIDDEN-BY-COMMENT -->
<a href="javascript:alert('raw-a')">raw anchor</a>
<http://evil.example/autolink> <evil@example.org>

[inline-js](javascript:alert('md-inline'))
[inline-data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
[inline-file](file:///etc/passwd)
[inline-vbs](vbscript:msgbox)
[entity](&#106;avascript:alert('entity'))
[named-entity](javascript&colon;alert('colon'))
[tab-entity](java&#x09;script:alert('tab'))
[a [nested] label](javascript:alert('nested'))
[![image in link](https://example.org/i.png)](javascript:alert('img-link'))
[multi
line](javascript:alert('multiline'))
[angle](<javascript:alert('angle')>)
[spaced]( javascript:alert('spaced'))
[title](javascript:alert('title') "a title")
[protocol-relative](//evil.example/x)
[backslashes](\\evil.example/x)
[ref-js][r1] [ref-next-line][r2] [ref-quote][r3] [empty-label][] [ref-list][r4]

[r1]: javascript:alert('ref')
[r2]:
  javascript:alert('ref-next-line')

> [r3]: javascript:alert('ref-in-quote')

- [r4]: javascript:alert('ref-in-list')

[]: javascript:alert('empty-label')

![remote image](https://evil.example/track.png)
![remote-ref][img] ![img]

[img]: https://evil.example/track2.png

A paragraph {: onclick="alert('attr-inline')" }
[attr](https://example.org/){: onclick="alert('attr-link')" }
*emphasis*{: onmouseover="alert('attr-em')"}

Block attributes
{: onclick="alert('attr-block')" }

| col |
|---|
| cell {: onclick=alert('attr-cell')} |

~~~
<script>alert('tilde-fence')</script>
~~~

```{ .x onclick="alert('fence-attr')" }
code
```

\`<img src=x onerror=alert('escaped-backtick')>`

```python hl_lines="1"
text A
```
<script>alert('fence-pairing')</script>
```

Unclosed fence:
```
<script>alert('unclosed-fence')</script>"""

CLEAN_FENCE_BODY = """A clean fenced block keeps its text as code:

```html
<script>alert('clean-fence')</script>
{: onclick="alert('clean-fence-attr')" }
```

And after it, text is live Markdown again: <script>alert('after-fence')</script>"""

HOSTILE_FILES: dict[str, str] = {
    "dossier/actors/land-d.yml": (
        "id: land-d\n"
        "name: \"</title><script>alert('name')</script>\"\n"
        "type: state\n"
        "summary: \"<img src=x onerror=alert('summary')> & more\"\n"
        "role: \"<style>body{display:none}</style> [role](javascript:alert('role'))\"\n"
        "aliases:\n  - \"<iframe src=\\\"javascript:alert('alias')\\\"></iframe>\"\n  - \"[alias](javascript:alert('alias-link'))\"\n"
        "native_names:\n  - name: \"<script>alert('native')</script>\"\n    lang: fa\n"
        "sources: [src-one, src-evil]\n"
        "claims:\n  - text: \"**bold** [claim](javascript:alert('claim')) <b onmouseover=alert('claim-b')>b</b>\"\n"
        "    confidence: reported\n    sources: [src-evil]\n"
        "relations:\n  - type: rival_of\n    target: land-b\n"
        "    note: \"<script>alert('note')</script> [note](javascript:alert('note-link'))\"\n"
        "body: |\n" + _block(HOSTILE_BODY)),
    "dossier/actors/land-e.yml": (
        "id: land-e\nname: \"=HYPERLINK(\\\"https://evil.example/\\\",\\\"click\\\")\"\ntype: state\n"
        "summary: \"+cmd|' /C calc'!A0\"\nsources: [src-one]\nbody: |\n" + _block(CLEAN_FENCE_BODY)),
    "dossier/events/ev-evil.yml": (
        "id: ev-evil\ntitle: \"<script>alert('event-title')</script>\"\ndate: 2025-10-01\n"
        "summary: \"\\\"</script><script>alert('event-summary')</script> & <!-- x -->\"\n"
        "location: \"<img src=x onerror=alert('location')>\"\nparticipants: [land-d]\n"
        "confidence: reported\nsources: [src-evil]\n"),
    "dossier/terms/evil-term.yml": (
        "id: evil-term\nterm: \"Evil <b>term</b>\"\n"
        "definition: \"\\\"><script>alert('definition')</script>\"\n"
        "aliases: [onerror]\nnaming_note: \"<img src=x onerror=alert('naming')>\"\n"),
    "dossier/sources/src-evil.yml": (
        "id: src-evil\ntitle: \"<script>alert('source-title')</script>\"\npublisher: \"@evil-publisher\"\n"
        "author: \"<img src=x onerror=alert('author')>\"\nkind: other\nurl: \"https://example.org/?a=1&b=2\"\n"
        "language: en\n"),
    "dossier/organisations/evil-org.yml": (
        "id: evil-org\nname: \"-2+3 <svg onload=alert('org')>\"\ntype: forum\nstatus: proposed\nconfidence: reported\nas_of: 2026-11-30\n"
        "summary: \"@SUM(1+1)\"\nsources: [src-one]\n"
        "memberships:\n  - member: land-d\n    note: \"<script>alert('membership')</script>\"\n"
        "counts:\n  - count: 1\n    date: 2025\n    note: \"<script>alert('count')</script>\"\n"
        "    sources: [src-one]\n"),
}

# A hand-written page from a stranger: the site sanitizes it; the Markdown
# export copies hand-written pages as written (see SECURITY.md).
HOSTILE_DOCS_PAGE = ("docs/hostile.md",
                     "# Hostile page\n\n<script>alert('docs')</script>\n\n[docs](javascript:alert('docs-link'))\n")
