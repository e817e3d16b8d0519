"""Property-based tests (Hypothesis): the loader and validator never crash, and
valid dossiers load, build and round-trip through the JSON export.

- Random bytes and random YAML-ish text either load or raise the project's
  own :class:`DossierError`, whose every problem is located (path, line >= 1,
  column >= 1); never any other exception, whatever the input.
- Random *entries* (the kind's own field names with values of every YAML
  shape) go through the whole :func:`load_dossier` with the same outcome.
- Random *valid* dossiers (every kind, random but valid fields, relations
  and memberships, Markdown bodies with ``[[id]]`` links and hostile
  characters) load without a problem, build with ``mkdocs build --strict``
  into inert pages, and ``dossier export --format json`` round-trips: the
  export turned back into entry files and exported again is identical.

Runs are deterministic (``derandomize``) and write no example database.
"""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from dossierkit import DossierError, load_dossier
from dossierkit.cli.report import render
from dossierkit.outputs.dataset import to_json
from dossierkit.schema.kinds import KINDS
from dossierkit.schema.types import Checker
from dossierkit.errors import ProblemSink, printable
from types import SimpleNamespace

import os
from dossierkit.schema.kinds import ALL_KINDS
from dossierkit.schema.vocabulary_file import preset

_P = preset()
v = SimpleNamespace(  # the built-in vocabulary's values
    ALL_KINDS=ALL_KINDS, RELATION_TYPES=_P.relation_types,
    # Levels that need corroboration are left out: a generated dossier's sources are not independent by design.
    CONFIDENCE_VALUES=tuple(c.value for c in _P.confidence if not c.corroborated),
    STATUS_VALUES=tuple(s.value for s in _P.statuses if not s.planned),  # generated dates are in the past
    SOURCE_KINDS=_P.values("source_kinds"), ACTOR_TYPES=_P.values("actor_types"),
    ORGANISATION_TYPES=_P.values("organisation_types"), OBSTACLE_CATEGORIES=_P.values("obstacle_categories"),
    SEVERITIES=_P.values("severities"))
from dossierkit.loading.yaml_loader import decode_yaml_bytes, parse_yaml
from sitebuild import build_site
from test_site_build import assert_inert

# No example database (database=None below), and Hypothesis's other caches
# (constants, Unicode tables) go to a temporary folder, not into the repository.
_HYPOTHESIS_HOME = tempfile.mkdtemp(prefix="dossier-hypothesis-")
atexit.register(shutil.rmtree, _HYPOTHESIS_HOME, ignore_errors=True)
set_hypothesis_home_dir(_HYPOTHESIS_HOME)

SETTINGS = dict(deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
MKDOCS_YML = "site_name: Random dossier\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n  - dossier\n"


class _NoAliasDumper(yaml.SafeDumper):
    """Dumps repeated values in full: entries never contain anchors or aliases."""

    def ignore_aliases(self, data) -> bool:  # noqa: D102
        return True


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False, width=10_000)


def assert_located(exc: DossierError, path_prefix: str) -> None:
    assert exc.problems, "a DossierError without problems"
    for p in exc.problems:
        assert p.path.startswith(path_prefix), p
        assert p.line >= 1 and p.column >= 1, p
        assert p.message and printable(p.message, keep="\n\r\t") == p.message, p  # no raw control characters
    for fmt in ("text", "github", "json"):  # every report style renders them
        text = render(exc.problems, fmt, None)
        if fmt == "json":
            assert len(json.loads(text)["problems"]) == len(exc.problems)


def check_all_kinds(text: str) -> None:
    """Parse ``text`` and check it against every kind's schema."""
    try:
        doc = parse_yaml(text, "x.yml")
    except DossierError as exc:
        assert_located(exc, "x.yml")
        return
    assert isinstance(doc.data, dict)
    for kind in KINDS:
        sink = ProblemSink("x.yml")
        kind.schema.check(doc.data, (), Checker(doc, sink))
        for p in sink.problems:
            assert p.line >= 1 and p.column >= 1, p


# ------------------------------------------------ never anything but DossierError

@settings(max_examples=400, **SETTINGS)
@given(st.one_of(st.binary(max_size=600),  # mostly not UTF-8: refused at once
                 st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
                 st.lists(st.sampled_from([b"id: a\n", b"\xef\xbb\xbf", b"\x00", b"\xe9", b"\t", b"- ", b": ",
                                           b"  ", b"\r\n", b"\xc2\x85", b"&a ", b"*a", b"!!x ", b"'", b'"', b"[",
                                           b"{", b"\xf0\x9f\x98\x80", b"\xed\xa0\x80"]), max_size=40).map(b"".join)))
def test_random_bytes_load_or_fail_with_a_located_error(raw: bytes):
    try:
        text = decode_yaml_bytes(raw, "x.yml")
    except DossierError as exc:
        assert_located(exc, "x.yml")
        return
    check_all_kinds(text)


FIELD_NAMES = sorted({f.name for kind in KINDS for f in kind.fields} | {"value", "approximate", "type", "target"})
TRAPS = ["yes", "no", "on", "off", "1_000", "0755", "3:25", "2025-02-30", "2025-09-17", "2025-W38", "1e3", ".inf",
         "~", "null", "true", "false", "''", '""', '"a\\tb"', '"\\e[2J"', '"\\u202e"', "!!python/object:os.system",
         "!custom x", "&a x", "*a", "[a, b]", "{a: 1, b: [c]}", "[[land-a]]", "<script>alert(1)</script>",
         "javascript:alert(1)", "|", "|\n  block text", ">-\n  folded", "- item", "? complex", "#comment", "@at",
         "`tick`", "%percent", "'unclosed", '"unclosed', "[unclosed", "{unclosed", "ایران", "\u00e9", "land-a",
         "src-one", "FILL-ME", "x" * 300]
SCALARS = st.one_of(st.sampled_from(TRAPS), st.text(max_size=12))
INDENT = st.sampled_from(["", "", "", "  ", "    ", "- ", "  - ", "\t", " "])
LINE = st.tuples(INDENT, st.sampled_from(FIELD_NAMES + ["", "- ", "---", "...", "<<"]),
                 st.sampled_from([": ", ":", " ", ": |\n  ", ": >\n  "]), SCALARS).map("".join)
YAMLISH = st.lists(st.one_of(LINE, SCALARS), max_size=14).map("\n".join)


@settings(max_examples=400, **SETTINGS)
@given(YAMLISH)
def test_random_yamlish_text_loads_or_fails_with_a_located_error(text: str):
    check_all_kinds(text)


def _values(leaf):
    return st.recursive(leaf, lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(FIELD_NAMES), inner, max_size=4)), max_leaves=10)


LEAF = st.one_of(st.none(), st.booleans(), st.integers(-10, 10_000_000), st.sampled_from(TRAPS), st.text(max_size=15))


@st.composite
def random_entry(draw) -> tuple[str, dict]:
    kind = draw(st.sampled_from(KINDS))
    names = draw(st.lists(st.sampled_from([f.name for f in kind.fields] + ["bogus"]), unique=True, max_size=10))
    data = {name: draw(_values(LEAF)) for name in names}
    if draw(st.booleans()):
        data["id"] = "x-1"
    return kind.folder, data


@settings(max_examples=150, **SETTINGS)
@given(st.lists(random_entry(), min_size=1, max_size=4))
def test_random_entries_load_or_fail_with_located_errors(entries):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for i, (folder, data) in enumerate(entries):
            path = root / "dossier" / folder / f"x-{i}.yml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dump(data), encoding="utf-8")
        try:
            dossier = load_dossier(root / "dossier", root=root)
        except DossierError as exc:
            assert_located(exc, "dossier/")
        else:
            json.loads(to_json(dossier))  # whatever loads, exports


# --------------------------------------------------------------- valid dossiers

# Plain text: any printable character of any script, including Markdown and HTML syntax.
PLAIN = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp", "Co", "Cn")), min_size=1,
                max_size=40).filter(lambda s: s.strip() and "FILL-ME" not in s)
# Body text: Markdown and HTML characters, several lines, but no [ ] (links are added as [[id]] on purpose).
BODY_CHARS = st.sampled_from(list("abcdefghij XYZ0123456789.,;:!?*_`#>-+|{}()<>&'\"/\\~=^$%@\n") +
                             ["ایران", "é", "\u200c", "```", "<script>", "&lt;", "{: onclick=x}", "    "])


def date_text(draw) -> str | dict:
    year = draw(st.integers(1900, 2024))  # the past: a future date needs a planned status
    precision = draw(st.sampled_from(["year", "month", "day"]))
    text = f"{year:04d}"
    if precision != "year":
        month = draw(st.integers(1, 12))
        text += f"-{month:02d}"
        if precision == "day":
            text += f"-{draw(st.integers(1, 28)):02d}"
    return {"value": text, "approximate": True} if draw(st.booleans()) and draw(st.booleans()) else text


@st.composite
def valid_dossier(draw) -> dict[str, dict]:
    """{ "folder/id": fields } for a small dossier that is valid by construction."""
    # At least one obstacle: its `affects` makes a relation (see test_a_dossier_without_relations_builds).
    n = {kind: draw(st.integers(1 if kind in ("source", "actor", "obstacle") else 0, 3)) for kind in v.ALL_KINDS}
    ids = {kind: [f"{kind[:3]}-{i}" for i in range(n[kind])] for kind in v.ALL_KINDS}
    sources = ids["source"]
    everyone = [i for k in v.ALL_KINDS for i in ids[k]]
    entries: dict[str, dict] = {}

    def cites(first: bool = False) -> list[str]:
        return list(sources) if first else draw(st.lists(st.sampled_from(sources), min_size=1, unique=True))

    def body() -> str:
        parts = draw(st.lists(st.one_of(st.lists(BODY_CHARS, max_size=30).map("".join),
                                        st.sampled_from(everyone).map(lambda i: f"[[{i}]]"),
                                        st.tuples(st.sampled_from(everyone), PLAIN.filter(
                                            lambda s: not set(s) & set("[]|\n"))).map(lambda t: f"[[{t[0]}|{t[1]}]]")),
                              max_size=6))
        return "".join(parts).strip() or "text"

    def common(kind: str, i: int, label: str) -> dict:
        data: dict = {"id": ids[kind][i], label: draw(PLAIN)}
        if kind not in ("term", "source") or draw(st.booleans()):
            data["summary"] = draw(PLAIN)
        if draw(st.booleans()):
            data["body"] = body()
        if draw(st.booleans()):
            data["tags"] = draw(st.lists(st.sampled_from(["alpha", "beta", "gamma-1", "x"]), unique=True, max_size=3))
        if kind == "source":
            if draw(st.booleans()):
                data["as_of"] = date_text(draw)
        else:  # checked today: never due a new check (see validation/staleness.py)
            data["as_of"] = os.environ["DOSSIER_TODAY"]
        return data

    for i, sid in enumerate(sources):
        data = common("source", i, "title")
        if data["title"].startswith("[") or data["title"].endswith("]"):
            data["title"] = "T " + data["title"] + " t"  # a bracketed title is a placeholder (a warning)
        data.update(publisher=draw(PLAIN), kind=draw(st.sampled_from(v.SOURCE_KINDS)),
                    language=draw(st.sampled_from(["en", "fa", "ar", "ur", "tr", "pt-BR"])))
        if draw(st.booleans()):
            data["url"] = f"https://example.org/{sid}?q={draw(st.integers(0, 99))}&x=ایران"
        if draw(st.booleans()):
            data["published"] = date_text(draw)
        if draw(st.booleans()):
            data["archived"] = draw(st.booleans())
        entries[f"sources/{sid}"] = data

    ao = [("actor", i) for i in ids["actor"]] + [("organisation", i) for i in ids["organisation"]]
    order = {eid: n for n, (_, eid) in enumerate(ao)}  # acyclic relations only point "forward"
    declared: set[tuple] = set()

    def relations(subject: str, kind: str) -> list[dict]:
        out = []
        for _ in range(draw(st.integers(0, 3))):
            rtype = draw(st.sampled_from([r for r in v.RELATION_TYPES if kind in r.subjects and r.name != "affects"]))
            targets = [e for k, e in ao if k in rtype.objects and e != subject
                       and (not rtype.acyclic or order[e] > order[subject])]
            if not targets:
                continue
            target = draw(st.sampled_from(targets))
            ends = tuple(sorted((subject, target))) if rtype.symmetric else (subject, target)
            if (rtype.name, ends) in declared:
                continue
            declared.add((rtype.name, ends))
            rel: dict = {"type": rtype.name, "target": target}
            if draw(st.booleans()):
                rel["since"] = "2001"
                if draw(st.booleans()):
                    rel["until"] = "2002-06"
            if draw(st.booleans()):
                rel["status"] = draw(st.sampled_from(v.STATUS_VALUES))
            if draw(st.booleans()):
                rel["note"] = draw(PLAIN)
            if draw(st.booleans()):
                rel["sources"] = cites()
            out.append(rel)
        return out

    for i, aid in enumerate(ids["actor"]):
        data = common("actor", i, "name")
        data.update(type=draw(st.sampled_from(v.ACTOR_TYPES)), sources=cites(first=i == 0))
        if draw(st.booleans()):
            data["native_names"] = [{"name": draw(PLAIN), "lang": draw(st.sampled_from(["fa", "ar", "ur"]))}]
        if draw(st.booleans()):
            data["aliases"] = draw(st.lists(PLAIN.map(str.strip), unique=True, max_size=2))
        if draw(st.booleans()):
            data["claims"] = [{"text": draw(PLAIN), "confidence": draw(st.sampled_from(v.CONFIDENCE_VALUES)),
                               "sources": cites()}]
        rels = relations(aid, "actor")
        if rels:
            data["relations"] = rels
        entries[f"actors/{aid}"] = data

    for i, oid in enumerate(ids["organisation"]):
        data = common("organisation", i, "name")
        data.update(type=draw(st.sampled_from(v.ORGANISATION_TYPES)), status=draw(st.sampled_from(v.STATUS_VALUES)),
                    confidence=draw(st.sampled_from(v.CONFIDENCE_VALUES)), sources=cites())
        if draw(st.booleans()):
            data["abbreviation"] = draw(PLAIN.filter(lambda s: len(s.strip()) <= 20))
        members = [e for k, e in ao if e != oid and order[e] < order[oid] and ("member_of", (e, oid)) not in declared]
        chosen = draw(st.lists(st.sampled_from(members), unique=True, max_size=2)) if members else []
        if chosen:
            data["memberships"] = [{"member": m, "since": "1999"} for m in chosen]
            declared.update(("member_of", (m, oid)) for m in chosen)
        if draw(st.booleans()):
            data["counts"] = [{"count": draw(st.integers(0, 10_000)), "date": date_text(draw), "sources": cites()}]
        rels = relations(oid, "organisation")
        if rels:
            data["relations"] = rels
        entries[f"organisations/{oid}"] = data

    targets_ao = [e for _, e in ao]
    for i, bid in enumerate(ids["obstacle"]):
        data = common("obstacle", i, "name")
        data.update(category=draw(st.sampled_from(v.OBSTACLE_CATEGORIES)),
                    affects=draw(st.lists(st.sampled_from(targets_ao), min_size=1, unique=True, max_size=3)),
                    confidence=draw(st.sampled_from(v.CONFIDENCE_VALUES)), sources=cites())
        entries[f"obstacles/{bid}"] = data

    for i, eid in enumerate(ids["event"]):
        data = common("event", i, "title")
        data.update(date=f"20{10 + i:02d}-0{1 + i % 9}", confidence=draw(st.sampled_from(v.CONFIDENCE_VALUES)),
                    sources=cites())
        if draw(st.booleans()):
            data["end"] = f"20{10 + i:02d}-12-31"
        if draw(st.booleans()):
            data["participants"] = draw(st.lists(st.sampled_from(targets_ao), unique=True, max_size=3))
        if draw(st.booleans()):
            data["location"] = draw(PLAIN)
        entries[f"events/{eid}"] = data

    for i, tid in enumerate(ids["term"]):
        data = common("term", i, "term")
        data["definition"] = draw(PLAIN)
        if draw(st.booleans()):
            data["related"] = draw(st.lists(st.sampled_from(everyone), unique=True, max_size=2))
        entries[f"terms/{tid}"] = data
    return entries


def write_dossier(root: Path, entries: dict[str, dict]) -> None:
    for rel, data in entries.items():
        path = root / "dossier" / f"{rel}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(data), encoding="utf-8")


def export_round_trip(root: Path) -> None:
    """Load, export, write the export back as entry files, load and export again: identical."""
    first = to_json(load_dossier(root / "dossier", root=root))
    again = root / "again"
    for entry in json.loads(first)["entries"]:
        path = again / entry["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(entry["fields"]), encoding="utf-8")
    second = to_json(load_dossier(again / "dossier", root=again))
    assert second == first


@settings(max_examples=40, **SETTINGS)
@given(valid_dossier())
def test_valid_random_dossiers_load_and_the_export_round_trips(entries):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_dossier(root, entries)
        try:
            dossier = load_dossier(root / "dossier", root=root)
        except DossierError as exc:  # pragma: no cover - shows the problems when the property fails
            raise AssertionError(exc.report() + "\n\n" + "\n".join(f"# {k}\n{dump(d)}" for k, d in entries.items()))
        assert dossier.warnings == [], [w.format() for w in dossier.warnings]
        assert len(dossier) == len(entries)
        export_round_trip(root)


@settings(max_examples=5, **SETTINGS)
@given(valid_dossier())
def test_valid_random_dossiers_build_strict_into_inert_pages(entries):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_dossier(root, entries)
        (root / "docs").mkdir()
        (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
        (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
        assert build_site(root, root / "site") == []
        pages = list((root / "site").rglob("*.html"))
        assert len(pages) >= len(entries)
        for page in pages:
            assert_inert(page.read_text(encoding="utf-8"), str(page))


def test_a_dossier_without_relations_builds(tmp_path):
    write_dossier(tmp_path, {"sources/sou-0": {"id": "sou-0", "title": "S", "publisher": "P", "kind": "other",
                                               "language": "en"},
                             "actors/act-0": {"id": "act-0", "name": "A", "summary": "x", "type": "state",
                                              "sources": ["sou-0"]}})
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    assert build_site(tmp_path, tmp_path / "site") == []
