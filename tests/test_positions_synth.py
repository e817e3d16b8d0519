"""Synthetic dossiers take positions (issue 22), for the benchmark: valid, seeded, and the rest unchanged."""

from __future__ import annotations

from pathlib import Path

from dossierkit import load_dossier
from dossierkit.devtools.synth import write_synthetic


def files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted((root / "dossier").rglob("*.yml"))}


def test_half_as_many_positions_as_entries_valid_by_construction(tmp_path):
    write_synthetic(tmp_path / "a", 400, seed=3)
    dossier = load_dossier(tmp_path / "a" / "dossier", root=tmp_path / "a")
    assert dossier.warnings == []
    assert 190 <= len(dossier.positions) <= 200  # a few random draws collide and are dropped
    assert {p.value for p in dossier.positions.all} == {"supports", "supports-with-conditions", "ambiguous", "opposes",
                                                        "denies"}
    assert any(p.changed for p in dossier.positions.all) and dossier.positions.timeline_items()
    assert {dossier.entries[p.target].kind.name for p in dossier.positions.all} == {"organisation", "obstacle"}


def test_the_same_dossier_without_its_positions(tmp_path):
    write_synthetic(tmp_path / "with", 300, seed=2)
    write_synthetic(tmp_path / "without", 300, seed=2, positions=0)
    with_p, without_p = files(tmp_path / "with"), files(tmp_path / "without")
    assert with_p.keys() == without_p.keys()
    for path, text in with_p.items():
        assert text.split("\npositions:\n")[0].rstrip("\n") == without_p[path].rstrip("\n"), path
    assert sum("\npositions:\n" in t for t in with_p.values()) > 10
    assert load_dossier(tmp_path / "without" / "dossier", root=tmp_path / "without").positions.all == []
