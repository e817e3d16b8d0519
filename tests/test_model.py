"""The model: inverse relations, backlinks, events per entity, stable order."""

from __future__ import annotations

from dossierkit import load_dossier


def test_inverse_relations_are_derived(starter):
    d = load_dossier(starter / "dossier", root=starter)
    views = {(v.label, v.other) for v in d.relations_of("pact")}
    assert ("members", "land-a") in views and ("members", "land-b") in views
    assert ("member of", "pact") in {(v.label, v.other) for v in d.relations_of("land-a")}
    assert ("proposals", "big-idea") in {(v.label, v.other) for v in d.relations_of("person-c")}
    assert ("affected by", "mistrust") in {(v.label, v.other) for v in d.relations_of("big-idea")}
    assert ("officials", "person-c") in {(v.label, v.other) for v in d.relations_of("land-a")}


def test_symmetric_relation_reads_the_same_both_ways(starter):
    d = load_dossier(starter / "dossier", root=starter)
    assert ("rival of", "land-b") in {(v.label, v.other) for v in d.relations_of("land-a")}
    assert ("rival of", "land-a") in {(v.label, v.other) for v in d.relations_of("land-b")}


def test_grouped_relations_are_sorted_by_heading(starter):
    d = load_dossier(starter / "dossier", root=starter)
    headings = [group.heading for group in d.grouped_relations("land-a")]
    assert headings == sorted(headings, key=str.casefold)
    assert "Affected by" in headings and "Member of" in headings


def test_membership_keeps_its_sources_and_dates(starter):
    d = load_dossier(starter / "dossier", root=starter)
    rel = next(r for r in d.relations if r.type.name == "member_of" and r.subject == "land-a")
    assert rel.since.iso() == "2025-09-17"
    assert [c.source for c in rel.sources] == ["src-one"]
    assert rel.origin == "pact"


def test_backlinks_include_fields_and_body_links(starter):
    d = load_dossier(starter / "dossier", root=starter)
    # pact's body links [[land-a]]; mistrust affects land-a; person-c is an official of land-a.
    assert {"pact", "mistrust", "person-c", "pact-signed"} <= set(d.backlinks["land-a"])
    assert "pact-term" in d.backlinks["pact"]
    assert "not-a-link" not in d.backlinks  # inside a code span
    assert all(v == sorted(v) for v in d.backlinks.values())


def test_citations_per_source(starter):
    d = load_dossier(starter / "dossier", root=starter)
    assert d.citations["src-one"] == ["land-a", "land-b", "mistrust", "pact", "pact-signed"]
    assert "land-a" not in d.citations["src-two"]


def test_events_sorted_with_mixed_precision(starter):
    d = load_dossier(starter / "dossier", root=starter)
    assert [e.id for e in d.events] == ["year-event", "pact-signed", "idea-floated"]


def test_events_of_an_entity(starter):
    d = load_dossier(starter / "dossier", root=starter)
    assert [e.id for e in d.events_of("land-b")] == ["year-event", "pact-signed"]
    assert [e.id for e in d.events_of("big-idea")] == ["idea-floated"]
    assert d.events_of("src-one") == []


def test_iteration_order_is_stable_and_grouped_by_kind(starter):
    d = load_dossier(starter / "dossier", root=starter)
    ids = [e.id for e in d]
    assert ids[:3] == ["land-a", "land-b", "person-c"]
    assert ids == [e.id for e in load_dossier(starter / "dossier", root=starter)]
    assert d.counts() == {"actor": 3, "organisation": 2, "obstacle": 1, "event": 3, "term": 1, "source": 2}


def test_entry_accessors(starter):
    d = load_dossier(starter / "dossier", root=starter)
    assert d.get("pact-term").label == "Pact"
    assert d.get("pact-term").summary == "A signed agreement between states."
    assert d.get("pact").date.iso() == "2025-09-17"
    assert d.get("big-idea").status == "proposed"
    assert d.get("land-a").path == "dossier/actors/land-a.yml"
