"""Every validation rule, each asserting the exact file:line it reports."""

from __future__ import annotations

import pytest

from dossierkit import DossierError, load_dossier
from parallel_support import slow_parent


def problems_of(entries) -> list[str]:
    with pytest.raises(DossierError) as info:
        load_dossier(entries.dossier, root=entries.root)
    return [p.format() for p in info.value.problems]


def one_error(entries, needle: str) -> str:
    found = [p for p in problems_of(entries) if needle in p]
    assert found, f"no problem mentions {needle!r}"
    return found[0]


def test_starter_is_clean(starter):
    dossier = load_dossier(starter / "dossier", root=starter)
    assert len(dossier) == 12
    assert dossier.warnings == []


def test_unknown_field_with_suggestion(entries):
    entries.write("actors/land-d.yml", """
        id: land-d
        name: Land D
        type: state
        summray: typo
        summary: ok
        sources: [src-one]
    """)
    assert one_error(entries, "unknown field") == (
        "dossier/actors/land-d.yml:4:1: error: summray: unknown field (did you mean 'summary'?)")


def test_missing_required_field(entries):
    entries.write("actors/land-d.yml", "id: land-d\nname: Land D\nsummary: x\nsources: [src-one]\n")
    assert one_error(entries, "missing") == "dossier/actors/land-d.yml:1:1: error: missing required field 'type'"


def test_actor_needs_a_source(entries):
    entries.write("actors/land-d.yml", "id: land-d\nname: Land D\ntype: state\nsummary: x\nsources: []\n")
    assert one_error(entries, "sources") == "dossier/actors/land-d.yml:5:1: error: sources: needs at least 1 item(s)"


@pytest.mark.parametrize("line, needle", [
    ("type: nation", "'nation' is not one of the dossier's actor types: state"),
    ("type: [state]", "a list is not one of"),
    ("archived: yes", None),
])
def test_wrong_types(entries, line, needle):
    if needle is None:
        entries.write("sources/src-three.yml", f"id: src-three\ntitle: T\npublisher: P\nkind: other\nlanguage: en\n{line}\n")
        assert one_error(entries, "archived") == (
            "dossier/sources/src-three.yml:6:1: error: archived: expected true or false, got 'yes'")
        return
    entries.write("actors/land-d.yml", f"id: land-d\nname: Land D\n{line}\nsummary: x\nsources: [src-one]\n")
    assert needle in one_error(entries, "type:")


def test_text_field_refuses_boolean(entries):
    entries.write("actors/land-d.yml", "id: land-d\nname: yes\ntype: state\nsummary: true\nsources: [src-one]\n")
    msg = one_error(entries, "summary")
    assert msg == "dossier/actors/land-d.yml:4:1: error: summary: expected text, got true (put it in quotes)"


def test_id_must_match_file_name(entries):
    entries.write("actors/land-d.yml", "id: land-e\nname: Land D\ntype: state\nsummary: x\nsources: [src-one]\n")
    assert one_error(entries, "does not match") == (
        "dossier/actors/land-d.yml:1:1: error: id: 'land-e' does not match the file name 'land-d.yml'")


@pytest.mark.parametrize("name", ["Land-D.yml", "land_d.yml", "land--d.yml", "index.yml"])
def test_bad_file_names(entries, name):
    stem = name[:-4]
    entries.write(f"actors/{name}", f"id: {stem}\nname: X\ntype: state\nsummary: x\nsources: [src-one]\n")
    msg = one_error(entries, name if stem != "index" else "reserved")
    assert msg.startswith(f"dossier/actors/{name}:1:1: error:")


def test_ids_unique_across_kinds(entries):
    entries.write("organisations/land-a.yml", "id: land-a\nname: X\ntype: forum\nstatus: floated\nconfidence: reported\nsummary: x\nsources: [src-one]\n")
    assert one_error(entries, "already used") == (
        "dossier/organisations/land-a.yml:1:1: error: id 'land-a' is already used by dossier/actors/land-a.yml")


def test_unknown_reference_with_suggestion(entries):
    entries.write("actors/land-d.yml", "id: land-d\nname: D\ntype: state\nsummary: x\nsources: [src-on]\n")
    assert one_error(entries, "unknown id") == (
        "dossier/actors/land-d.yml:5:11: error: sources[0]: unknown id 'src-on' (did you mean 'src-one'?)")


def test_reference_to_wrong_kind(entries):
    entries.write("actors/land-d.yml", "id: land-d\nname: D\ntype: state\nsummary: x\nsources: [land-a]\n")
    assert "'land-a' is an actor; expected a source" in one_error(entries, "expected a source")


def test_unknown_wikilink_in_body_has_its_line(entries):
    entries.write("actors/land-d.yml", """
        id: land-d
        name: D
        type: state
        summary: x
        sources: [src-one]
        body: |
          First line.

          See [[land-a]] and [[lnad-b]].
    """)
    msg = one_error(entries, "lnad-b")
    assert msg.startswith("dossier/actors/land-d.yml:9:")
    assert "did you mean 'land-b'" in msg


def test_invalid_calendar_date(entries):
    entries.write("events/bad-date.yml", "id: bad-date\ntitle: T\ndate: 2025-02-30\nsummary: x\nconfidence: reported\nsources: [src-one]\n")
    assert one_error(entries, "not a real date") == (
        "dossier/events/bad-date.yml:3:1: error: date: '2025-02-30' is not a real date (February 2025 has 28 days)")


def test_until_before_since(entries):
    entries.write("actors/land-d.yml", """
        id: land-d
        name: D
        type: state
        summary: x
        sources: [src-one]
        relations:
          - type: member_of
            target: pact
            since: 2020-05
            until: 2019
    """)
    assert one_error(entries, "before") == (
        "dossier/actors/land-d.yml:10:5: error: relations[0].until: 2019 is before relations[0].since 2020-05")


def test_event_end_before_date(entries):
    entries.write("events/e.yml", "id: e\ntitle: T\ndate: 2025-09-17\nend: 2025-09-16\nsummary: x\nconfidence: reported\nsources: [src-one]\n")
    assert one_error(entries, "before") == "dossier/events/e.yml:4:1: error: end: 2025-09-16 is before date 2025-09-17"


def test_same_month_end_is_not_before_day_start(entries):
    entries.write("events/e.yml", "id: e\ntitle: T\ndate: 2025-09-17\nend: 2025-09\nsummary: x\nconfidence: reported\nsources: [src-one]\n")
    load_dossier(entries.dossier, root=entries.root)


def test_self_relation(entries):
    entries.write("actors/land-d.yml", "id: land-d\nname: D\ntype: state\nsummary: x\nsources: [src-one]\n"
                  "relations:\n  - type: rival_of\n    target: land-d\n")
    assert "cannot be rival of itself" in one_error(entries, "itself")


def test_relation_declared_on_both_sides(entries):
    entries.write("actors/land-b.yml", "id: land-b\nname: Land B\ntype: state\nsummary: x\nsources: [src-one]\n"
                  "relations:\n  - type: rival_of\n    target: land-a\n    status: rejected\n")
    msg = one_error(entries, "both sides")
    assert msg.startswith("dossier/actors/land-b.yml:7:5: error: relations[0]:")
    assert "first in dossier/actors/land-a.yml:11" in msg


def test_membership_declared_on_both_sides(entries):
    entries.write("actors/land-b.yml", "id: land-b\nname: Land B\ntype: state\nsummary: x\nsources: [src-one]\n"
                  "relations:\n  - type: member_of\n    target: pact\n    since: 2025-09-17\n")
    assert "declared on both sides" in one_error(entries, "both sides")


def test_relation_subject_kind(entries):
    entries.write("terms/t.yml", "id: t\nterm: T\ndefinition: d\nrelations:\n  - type: member_of\n    target: pact\n")
    assert "a term cannot be 'member of' anything" in one_error(entries, "cannot be")


def test_relation_object_kind(entries):
    entries.write("actors/land-d.yml", "id: land-d\nname: D\ntype: state\nsummary: x\nsources: [src-one]\n"
                  "relations:\n  - type: member_of\n    target: land-a\n")
    assert "'land-a' is an actor; 'member of' needs an organisation" in one_error(entries, "needs a")


def test_cycle_in_acyclic_relation(entries):
    entries.write("organisations/o1.yml", "id: o1\nname: O1\ntype: forum\nstatus: floated\nconfidence: reported\nsummary: x\nsources: [src-one]\n"
                  "relations:\n  - type: part_of\n    target: o2\n")
    entries.write("organisations/o2.yml", "id: o2\nname: O2\ntype: forum\nstatus: floated\nconfidence: reported\nsummary: x\nsources: [src-one]\n"
                  "relations:\n  - type: part_of\n    target: o1\n")
    assert "forms a cycle: o1 -> o2 -> o1" in one_error(entries, "cycle")


def test_unused_source_is_a_warning(entries):
    entries.write("sources/src-three.yml", "id: src-three\ntitle: T\npublisher: P\nkind: other\nlanguage: en\n")
    dossier = load_dossier(entries.dossier, root=entries.root)
    assert [w.format() for w in dossier.warnings] == [
        "dossier/sources/src-three.yml:1:1: warning: source is not cited by any entry"]


def test_placeholder_is_refused(entries):
    entries.write("actors/land-d.yml", "id: land-d\nname: FILL-ME\ntype: state\nsummary: x\nsources: [src-one]\n")
    assert "placeholder FILL-ME" in one_error(entries, "FILL-ME")


def test_bidi_controls_in_names_refused(entries):
    entries.write("actors/land-d.yml", "id: land-d\nname: \"evil\u202egnp.exe\"\ntype: state\nsummary: x\nsources: [src-one]\n")
    assert "bidirectional control" in one_error(entries, "bidirectional")


def test_zero_width_non_joiner_allowed_in_persian(entries):
    entries.write("actors/land-d.yml", "id: land-d\nname: D\ntype: state\nsummary: x\nsources: [src-one]\n"
                  "native_names:\n  - name: \"می\u200cخواهم\"\n    lang: fa\n")
    load_dossier(entries.dossier, root=entries.root)


@pytest.mark.parametrize("value, needle", [
    ("1_000", "plain digits"), ("0755", "plain digits"), ("-3", "out of range"), ("99999999", "out of range"),
])
def test_integer_traps(entries, value, needle):
    entries.write("organisations/o1.yml", "id: o1\nname: O1\ntype: forum\nstatus: floated\nconfidence: reported\nsummary: x\n"
                  f"sources: [src-one]\ncounts:\n  - count: {value}\n    date: 2020\n    sources: [src-one]\n")
    assert needle in one_error(entries, "count")


@pytest.mark.parametrize("value", ["3:25", "1.5", "yesterday", "2025-13", "25-09-17", "0000"])
def test_bad_dates(entries, value):
    entries.write("events/e.yml", f"id: e\ntitle: T\ndate: {value}\nsummary: x\nconfidence: reported\nsources: [src-one]\n")
    assert one_error(entries, "date").startswith("dossier/events/e.yml:3:1: error: date:")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "ftp://x.org/a"])
def test_url_must_be_http(entries, url):
    entries.write("sources/src-one.yml", f"id: src-one\ntitle: T\npublisher: P\nkind: other\nlanguage: en\nurl: \"{url}\"\n")
    assert "is not an http(s) address" in one_error(entries, "url")


def test_unknown_folder_and_stray_files(entries):
    entries.write("people/x.yml", "id: x\n")
    entries.write("actors/notes.txt", "hello")
    entries.write("stray.yml", "id: y\n")
    problems = problems_of(entries)
    assert any(p.startswith("dossier/people:1:1: error: unknown folder") for p in problems)
    assert any(p.startswith("dossier/actors/notes.txt:1:1: error: not an entry file") for p in problems)
    assert any(p.startswith("dossier/stray.yml:1:1: error: unexpected file") for p in problems)


# What editors leave beside a saved entry: Emacs' and Vim's backup, Emacs' auto-save and lock,
# Vim's swap file and its probes of the folder, JetBrains' safe-write temporaries, a Byword one.
EDITOR_LEFTOVERS = ["land-a.yml~", "#land-a.yml#", ".#land-a.yml", ".land-a.yml.swp", "land-a.yml.swp", "4913", "5036",
                    "land-a.yml___jb_tmp___", "land-a.yml___jb_old___", "land-a.yml.sb-5f3a2c"]


def test_editor_leftovers_are_passed_over(entries):
    """An editor's backups and temporaries are no entries and no errors: while one exists, ``mkdocs
    serve`` would otherwise stop on it (Emacs keeps ``land-a.yml~`` from the first save on)."""
    entry = (entries.dossier / "actors" / "land-a.yml").read_text(encoding="utf-8")
    for name in EDITOR_LEFTOVERS:
        entries.write(f"actors/{name}", entry.replace("name:", "name: Changed\nnot_a_field: 1\nname_:"))
    entries.write("#vocabulary.yml#", "not: [yaml")
    entries.write("stray.yml~", "")
    dossier = load_dossier(entries.dossier, root=entries.root)
    assert dossier.warnings == []
    assert dossier.entries["land-a"].label != "Changed"


@pytest.mark.parametrize("name", ["5000", "4912", "notes.tmp.txt", "land-a~.yml.txt", "land.sb-1.yml.txt"])
def test_names_like_editor_leftovers_are_still_reported(entries, name):
    entries.write(f"actors/{name}", "hello")
    assert one_error(entries, "not an entry file").startswith(f"dossier/actors/{name}:1:1: error: not an entry file")


def test_every_problem_is_reported_sorted(entries):
    entries.write("actors/zz.yml", "id: zz\nname: Z\ntype: nope\nsummary: x\nsources: [src-one]\n")
    entries.write("actors/aa.yml", "id: aa\nname: A\ntype: state\nsummary: x\nsources: [nope]\nfoo: 1\n")
    problems = problems_of(entries)
    assert len(problems) == 3
    assert problems == sorted(problems)
    assert problems[0].startswith("dossier/actors/aa.yml:5:")


def test_broken_file_does_not_cascade(entries):
    entries.write("actors/land-b.yml", "id: land-b\nname: [unclosed\n")
    problems = problems_of(entries)
    assert len(problems) == 1
    assert problems[0].startswith("dossier/actors/land-b.yml:")


def test_parallel_checking_reports_exactly_what_serial_checking_does(entries, monkeypatch):
    from dossierkit.loading import load as build
    entries.write("actors/land-d.yml", "id: land-d\nname: D\ntype: stat\nsummary: x\nsources: [src-on]\n")
    entries.write("actors/land-e.yml", "id: land-e\nname: [broken\n")
    serial = problems_of(entries)
    monkeypatch.setattr(build, "can_fork", lambda count: True)
    slow_parent(monkeypatch)  # the worker takes chunks of this small dossier too
    assert problems_of(entries) == serial
    (entries.dossier / "actors" / "land-d.yml").unlink()
    (entries.dossier / "actors" / "land-e.yml").unlink()
    parallel = load_dossier(entries.dossier, root=entries.root)
    monkeypatch.setattr(build, "can_fork", lambda count: False)
    from dossierkit.outputs.dataset import to_json
    serial_dossier = load_dossier(entries.dossier, root=entries.root)
    assert to_json(parallel) == to_json(serial_dossier)
    # What comes back from the worker as plain tuples is made into the same objects.
    assert parallel.references == serial_dossier.references
    from_worker = 0
    for entry_id, entry in serial_dossier.entries.items():
        theirs = parallel.entries[entry_id]
        assert (theirs.doc.path, theirs.doc.positions) == (entry.doc.path, entry.doc.positions)
        if theirs.doc.data is None:  # checked in the worker: only the positions come back
            assert theirs.doc.text_lines is None
            from_worker += 1
        else:
            assert (theirs.doc.data, theirs.doc.text_lines) == (entry.doc.data, entry.doc.text_lines)
        assert theirs.data == entry.data and theirs.path == entry.path
    assert 0 < from_worker < len(serial_dossier.entries)
