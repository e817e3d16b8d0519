"""Positions of actors (issue 22): every rule with the exact text and place it reports."""

from __future__ import annotations

import pytest

from dossierkit import DossierError, load_dossier

HEAD = "id: land-b\nname: Land B\ntype: state\nsummary: Another state.\nsources: [src-one]\npositions:\n"


def position(target="pact", value="supports", date="2025-09-19", who="    by: person-c\n",
             cites='    sources:\n      - source: src-one\n        quote: "We back the pact."\n', extra="") -> str:
    return (f"  - target: {target}\n    position: {value}\n    date: {date}\n{who}"
            f"    confidence: reported\n{extra}{cites}")


def write(entries, *items: str) -> None:
    entries.write("actors/land-b.yml", HEAD + "".join(items))


def problems(entries) -> list[str]:
    with pytest.raises(DossierError) as info:
        load_dossier(entries.dossier, root=entries.root)
    return [p.format() for p in info.value.problems]


def test_a_valid_history_loads(entries):
    write(entries, position(date="2025-09"), position(value="opposes", date="2025-09-19"),
          position(value="ambiguous", date="2025-09-19", who="    office: Foreign ministry\n"),
          position(target="mistrust", value="denies", date="2026-01-02"))
    dossier = load_dossier(entries.dossier, root=entries.root)
    assert dossier.warnings == []
    history = dossier.positions.history("land-b", "pact")
    assert [(p.value, p.date.iso()) for p in history] == [
        ("supports", "2025-09"), ("opposes", "2025-09-19"), ("ambiguous", "2025-09-19")]
    assert history[1].changed and history[1].previous == "supports"
    assert history[0].until.iso() == "2025-09-19" and history[2].until is None


def test_a_position_needs_a_citation(entries):
    write(entries, position(cites=""))
    assert problems(entries) == [
        "dossier/actors/land-b.yml:7:5: error: positions[0]: a position needs a citation: add 'sources' with the "
        "source that reports it and the words it quotes"]


def test_an_empty_citation_list_is_the_same_mistake(entries):
    write(entries, position(cites="    sources: []\n"))
    assert problems(entries) == [
        "dossier/actors/land-b.yml:12:5: error: positions[0].sources: a position needs a citation: add 'sources' "
        "with the source that reports it and the words it quotes"]


def test_a_position_needs_who_stated_it(entries):
    write(entries, position(who=""))
    assert problems(entries) == [
        "dossier/actors/land-b.yml:7:5: error: positions[0]: a position needs who stated it: 'by' (the actor id of a "
        "person) or 'office' (plain text)"]


def test_an_unknown_value_has_a_suggestion(entries):
    write(entries, position(value="oposes"))
    assert problems(entries) == [
        "dossier/actors/land-b.yml:8:5: error: positions[0].position: 'oposes' is not one of the dossier's positions: "
        "supports, supports-with-conditions, ambiguous, opposes, denies (did you mean 'opposes'?)"]


def test_an_unknown_target_has_a_suggestion(entries):
    write(entries, position(target="pcat"))
    assert problems(entries) == [
        "dossier/actors/land-b.yml:7:5: error: positions[0].target: unknown id 'pcat' (did you mean 'pact'?)"]


def test_positions_on_one_entry_are_in_date_order(entries):
    write(entries, position(date="2025-09-19"), position(value="opposes", date="2025-09-18"))
    assert problems(entries) == [
        "dossier/actors/land-b.yml:17:5: error: positions[1].date: 2025-09-18 comes before the position above it on "
        "'pact' (positions[0], 2025-09-19); list an actor's positions on one entry in date order"]


def test_a_day_before_its_month_is_out_of_order(entries):
    write(entries, position(date="2025-09-19"), position(value="opposes", date="2025-09", who="    office: x\n"))
    assert any("positions[1].date: 2025-09 comes before the position above it" in p for p in problems(entries))


def test_two_on_one_day_need_two_speakers(entries):
    write(entries, position(), position(value="opposes"))
    assert problems(entries) == [
        "dossier/actors/land-b.yml:15:5: error: positions[1]: a second position on 'pact' on 2025-09-19 stated by the "
        "same speaker (first: positions[0]); merge them, or say who stated each ('by' or 'office')"]


def test_a_target_the_vocabulary_does_not_allow(entries):
    write(entries, position(target="land-a"))
    assert problems(entries) == [
        "dossier/actors/land-b.yml:7:5: error: positions[0].target: 'land-a' is an actor; a position is about an "
        "organisation or an obstacle (the vocabulary's position_targets; add 'actor' there to allow it)"]


def test_the_vocabulary_can_allow_other_targets(entries):
    entries.write("vocabulary.yml", "position_targets: [organisation, obstacle, actor]\n")
    write(entries, position(target="land-a"))
    dossier = load_dossier(entries.dossier, root=entries.root)
    assert [p.target for p in dossier.positions.all] == ["land-a"]


def test_no_position_on_itself(entries):
    entries.write("vocabulary.yml", "position_targets: [actor]\n")
    write(entries, position(target="land-b"))
    assert problems(entries) == [
        "dossier/actors/land-b.yml:7:5: error: positions[0].target: an actor cannot take a position on itself"]


def test_position_targets_are_kinds(entries):
    entries.write("vocabulary.yml", "position_targets: [organisaton]\n")
    assert any("position_targets[0]: 'organisaton' is not one of: actor, organisation" in p and "did you mean "
               "'organisation'?" in p for p in problems(entries))


def test_a_position_is_not_in_the_future(entries):
    write(entries, position(date="2027-01-05"))
    assert problems(entries) == [
        "dossier/actors/land-b.yml:9:5: error: positions[0].date: 2027-01-05 is after today (2026-11-30); "
        "a position is something already stated"]


def test_a_position_quotes_its_words(entries):
    write(entries, position(cites="    sources: [src-one]\n"))
    dossier = load_dossier(entries.dossier, root=entries.root)
    assert [p.format() for p in dossier.warnings] == [
        "dossier/actors/land-b.yml:12:5: warning: positions[0].sources: no citation quotes the words of the position; "
        "add the 'quote' that states it"]


def test_confirmed_follows_the_rule(entries):
    write(entries, position().replace("confidence: reported", "confidence: confirmed"))
    dossier = load_dossier(entries.dossier, root=entries.root)
    assert [p.format() for p in dossier.warnings] == [
        "dossier/actors/land-b.yml:11:5: warning: positions[0].confidence: 'confirmed' needs a primary source or two "
        "independent sources; this has one source (its only source is src-one)"]
    assert dossier.reason("land-b", ("positions", 0)) == "one source"


def test_confirmed_by_two_independent_sources(entries):
    cites = ('    sources:\n      - source: src-one\n        quote: "We back it."\n'
             '      - source: src-two\n        quote: "Land B backs it."\n')
    write(entries, position(cites=cites).replace("confidence: reported", "confidence: confirmed"))
    dossier = load_dossier(entries.dossier, root=entries.root)
    assert dossier.warnings == []
    assert dossier.reason("land-b", ("positions", 0)) == "two independent sources"


def test_a_dossier_declares_its_own_positions(entries):
    entries.write("vocabulary.yml", """
        replace: [positions]
        positions:
          - {value: will-sign, label: Will sign, colour: teal, definition: Said it will sign the text.}
          - {value: signed, label: Signed, colour: green, timeline: true, definition: Signed the text.}
    """)
    write(entries, position(value="signed"), position(target="mistrust"))
    assert problems(entries) == [
        "dossier/actors/land-b.yml:16:5: error: positions[1].position: 'supports' is not one of the dossier's positions: "
        "will-sign, signed"]
    write(entries, position(value="signed"))
    dossier = load_dossier(entries.dossier, root=entries.root)
    assert [p.value for p in dossier.positions.timeline_items()] == ["signed"]


def test_a_position_value_needs_a_palette_colour(entries):
    entries.write("vocabulary.yml", "positions:\n  - {value: wavers, label: Wavers, colour: pink, definition: Both ways.}\n")
    assert any("positions[0].colour: 'pink' is not one of: amber, blue, green" in p for p in problems(entries))
