"""Content checks for the "Muslim NATO" dossier.

These tests keep the content honest without freezing it: entries may be added,
reworded or re-sourced, but the dossier must stay valid, fully sourced, and
must never present a proposal as an established alliance.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dossierkit import load_dossier
from dossierkit.loading.wikilinks import find_wikilinks

ROOT = Path(__file__).parent.parent

SOURCED_KINDS = ("actor", "organisation", "obstacle", "event")
NAMED_STATES = (
    "iran", "pakistan", "saudi-arabia", "turkiye", "qatar", "egypt",
    "united-states", "china", "russia",
)
NOT_ESTABLISHED = {"floated", "proposed"}


@pytest.fixture(scope="module")
def dossier():
    return load_dossier(ROOT / "dossier", root=ROOT)


def _entry(dossier, entry_id):
    entry = dossier.get(entry_id)
    assert entry is not None, f"missing entry {entry_id!r}"
    return entry


def _source_kinds(dossier, source_ids):
    return [_entry(dossier, sid).data["kind"] for sid in source_ids]


# --- the dossier as a whole -------------------------------------------------


def test_loads_without_errors_or_warnings(dossier):
    assert dossier.warnings == [], "\n".join(str(w) for w in dossier.warnings)


def test_every_actor_organisation_obstacle_event_has_a_source(dossier):
    for kind in SOURCED_KINDS:
        for entry in dossier.by_kind[kind]:
            assert entry.sources, f"{entry.id} ({kind}) cites no source"


def test_every_source_is_cited(dossier):
    uncited = [sid for sid, citing in dossier.citations.items() if not citing]
    assert uncited == []


def test_every_claim_relation_and_membership_is_sourced(dossier):
    for entry in dossier:
        for claim in entry.data.get("claims", ()):
            assert claim["sources"], f"{entry.id}: claim without sources"
    for rel in dossier.relations:
        if rel.type.name == "affects":
            continue  # obstacles carry their sources on the entry
        assert rel.sources, f"{rel.subject} {rel.type.name} {rel.object} has no sources"


def test_coverage_minimums(dossier):
    assert len(dossier.by_kind["event"]) >= 20
    assert len(dossier.by_kind["term"]) >= 15
    for state in NAMED_STATES:
        entry = _entry(dossier, state)
        assert entry.kind.name == "actor" and entry.data["type"] == "state", state


def test_turkiye_is_findable_as_turkey(dossier):
    assert "Turkey" in _entry(dossier, "turkiye").data.get("aliases", [])


def test_overview_links_resolve(dossier):
    text = (ROOT / "docs" / "overview.md").read_text(encoding="utf-8")
    targets = [link.target for link in find_wikilinks(text)]
    assert targets, "overview should link to entries"
    assert [t for t in targets if dossier.get(t) is None] == []


# --- status: proposals never appear as established --------------------------


def test_wider_framework_is_only_a_proposal(dossier):
    framework = _entry(dossier, "regional-security-framework")
    assert framework.data["type"] == "proposal"
    assert framework.status in NOT_ESTABLISHED


def test_no_proposal_is_shown_as_established(dossier):
    for entry in dossier.by_kind["organisation"]:
        if entry.data["type"] == "proposal":
            assert entry.status in NOT_ESTABLISHED | {"stalled", "rejected"}, entry.id


def test_smda_is_signed_and_bilateral(dossier):
    smda = _entry(dossier, "smda")
    assert smda.status == "signed"
    assert smda.data["founded"].iso() == "2025-09-17"
    signed_parties = {
        r.subject for r in dossier.relations
        if r.type.name == "party_to" and r.object == "smda" and r.status == "signed"
    }
    assert signed_parties == {"saudi-arabia", "pakistan"}


def test_turkiye_smda_accession_is_only_proposed_and_reported(dossier):
    rels = [r for r in dossier.relations
            if r.type.name == "party_to" and r.subject == "turkiye" and r.object == "smda"]
    assert rels, "Türkiye's reported talks to join the SMDA should be recorded"
    for rel in rels:
        assert rel.status == "proposed"
        assert rel.confidence == "reported"


def test_imctc_is_operational_with_42_members_and_iran_outside(dossier):
    imctc = _entry(dossier, "imctc")
    assert imctc.status == "operational"
    assert imctc.data["type"] == "coalition"
    counts = sorted(imctc.data["counts"], key=lambda c: c["date"].sort_key)
    assert counts[0]["count"] == 34 and counts[0]["date"].iso() == "2015-12-15"
    assert counts[-1]["count"] == 42
    non_members = {r.subject for r in dossier.relations
                   if r.type.name == "non_member_of" and r.object == "imctc"}
    assert {"iran", "iraq", "syria"} <= non_members
    members = {r.subject for r in dossier.relations if r.type.name == "member_of" and r.object == "imctc"}
    assert "iran" not in members


# --- dates keep their real precision ----------------------------------------


def test_article_source_is_month_precision(dossier):
    published = _entry(dossier, "worldatnet-2026-06").data["published"]
    assert published.precision == "month"
    assert published.iso() == "2026-06"


def test_smda_signing_event_is_day_precision(dossier):
    date = _entry(dossier, "smda-signed").data["date"]
    assert date.precision == "day" and not date.approximate
    assert date.iso() == "2025-09-17"


def test_nowruz_proposal_is_approximate(dossier):
    date = _entry(dossier, "pezeshkian-nowruz-islamic-council").data["date"]
    assert date.approximate
    assert date.iso().startswith("2026-03")


def test_defence_minister_call_is_approximate(dossier):
    assert _entry(dossier, "defence-minister-islamic-nato-call").data["date"].approximate


@pytest.mark.parametrize("event_id, start, end", [
    ("pezeshkian-first-pakistan-visit", "2025-08-02", "2025-08-03"),
    ("us-iran-talks-islamabad", "2026-04-11", "2026-04-12"),
])
def test_multi_day_events(dossier, event_id, start, end):
    data = _entry(dossier, event_id).data
    assert data["date"].iso() == start
    assert data["end"].iso() == end


# --- confidence follows the sourcing -----------------------------------------


def test_single_weak_source_entries_are_not_confirmed(dossier):
    """An entry resting on one aggregator or one news report is at most 'reported'."""
    for entry in dossier:
        if entry.kind.name not in SOURCED_KINDS or "confidence" not in entry.data:
            continue
        kinds = _source_kinds(dossier, entry.sources)
        if len(kinds) == 1 and kinds[0] in {"aggregator", "news-report", "analysis-opinion"}:
            if entry.id == "worldatnet-article-published":
                continue  # the article is its own evidence of publication
            assert entry.confidence != "confirmed", entry.id


@pytest.mark.parametrize("entry_id", [
    "strikes-on-iran-begin",
    "defence-minister-islamic-nato-call",
    "pezeshkian-nowruz-islamic-council",
    "islamic-council-middle-east",
    "joint-arab-force-proposal",
    "saudi-pakistan-smda-consultations",
    "turkiye-smda-talks-reported",
])
def test_spot_checked_reported_entries(dossier, entry_id):
    assert _entry(dossier, entry_id).confidence == "reported"


def test_friendship_quote_is_not_presented_as_verified(dossier):
    claims = _entry(dossier, "masoud-pezeshkian").data.get("claims", [])
    quoted = [c for c in claims if "hands of friendship" in c["text"]]
    assert quoted, "the article's quotation should be recorded as a claim"
    for claim in quoted:
        assert claim["confidence"] != "confirmed"
        assert "worldatnet-2026-06" in [c.source for c in claim["sources"]]


def test_raheel_sharif_current_command_is_not_confirmed(dossier):
    rels = [r for r in dossier.relations if r.subject == "raheel-sharif" and r.object == "imctc"]
    assert rels and all(r.confidence == "reported" for r in rels)


def test_muslim_nato_term_warns_about_the_imctc_label(dossier):
    note = _entry(dossier, "muslim-nato").data.get("naming_note", "")
    assert "IMCTC" in note
