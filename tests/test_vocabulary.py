"""A dossier's own vocabulary: a treaty dossier built with its words, and every vocabulary mistake located.

The treaty fixture (``tests/fixtures/treaty``) replaces the built-in
statuses and count series and adds relation types: adopted / in force /
scheduled, parties apart from signatories, a ratification threshold, a
relation to a glossary term and a negative relation.
"""

from __future__ import annotations

import json
from dataclasses import replace
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dossierkit import load_dossier
from dossierkit.cli.main import main
from dossierkit.errors import DossierError
from dossierkit.schema.vocabulary_file import read_vocabulary
from sitebuild import article, build_site, page_file

ROOT = Path(__file__).resolve().parents[1]
TREATY = ROOT / "tests" / "fixtures" / "treaty"
DOSSIER_BIN = Path(sys.executable).parent / "dossier"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def treaty(tmp_path_factory) -> tuple[Path, Path]:
    project = tmp_path_factory.mktemp("treaty") / "p"
    shutil.copytree(TREATY, project)
    site = project / "site"
    assert build_site(project, site) == []  # --strict: no warning at all
    return project, site


def test_treaty_validates_strictly(treaty, monkeypatch):
    project, _ = treaty
    monkeypatch.chdir(project)
    assert main(["validate", "--strict"]) == 0


def test_treaty_page_lists_parties_apart_from_signatories_and_talks(treaty):
    _, site = treaty
    html = article(page_file(site, "organisations/reef-treaty/").read_text(encoding="utf-8"))
    headings = re.findall(r"<h3[^>]*>(.*?)<a", html)
    assert headings == ["Implements", "Parties", "Parties (in negotiation)", "Signatories", "Notable non-parties"]
    parties = html[html.index(">Parties<"):html.index(">Parties (in negotiation)<")]
    assert "Coral Land" in parties and "Lagoon State" not in parties  # in talks, not a party
    assert "Ratifications" in html and "45 of 60 needed to enter into force (June 2025)" in text_of(html)
    assert "Open for signature" in html


def test_negative_relation_has_its_own_line_style(treaty):
    _, site = treaty
    html = page_file(site, "organisations/reef-treaty/").read_text(encoding="utf-8")
    fan = html[html.index('class="dossier-graph dossier-graph-fan"'):]
    fan = fan[:fan.index("</figure>")]
    # The negative relation is drawn in its own style, under its own labelled group, with its words.
    assert re.search(r'<path class="dossier-edge dossier-edge-negative"', fan)
    group = re.search(r'<li class="dossier-fan-group">.*?dossier-edge-negative.*?</svg> ([^<]*)</li>(.*?)'
                      r'(?:<li class="dossier-fan-group"|</ul>)', fan)
    assert group and re.match(r"Negative relation \([^)]*not a party to\)", group.group(1)), fan
    assert "Dune Republic" in group.group(2) and "not a party to" in group.group(2)


def test_relation_to_a_term_shows_on_both_pages(treaty):
    _, site = treaty
    term = article(page_file(site, "terms/reef-stewardship/").read_text(encoding="utf-8"))
    assert "Implemented by" in term and "reef-treaty" in term


def test_legend_and_format_guide_show_the_dossiers_words(treaty):
    _, site = treaty
    legend = text_of(article(page_file(site, "status/").read_text(encoding="utf-8")))
    fmt = text_of(article(page_file(site, "format/").read_text(encoding="utf-8")))
    for words in ("Open for signature", "In force", "Scheduled", "Concluded", "Ratifications"):
        assert words in legend, words
    for value in ("open-for-signature", "in-force", "signatory_of", "not_party_to", "ratifications"):
        assert value in fmt, value
    for built_in in ("Floated", "Operational", "floated", "operational"):
        assert built_in not in legend and built_in not in fmt, built_in


def test_schema_and_stubs_use_the_dossiers_words(treaty, tmp_path, monkeypatch):
    project, _ = treaty
    monkeypatch.chdir(project)
    assert main(["schema", str(tmp_path / "schema")]) == 0
    org = json.loads((tmp_path / "schema" / "organisation.json").read_text(encoding="utf-8"))
    statuses = org["properties"]["status"]["enum"]
    assert "open-for-signature" in statuses and "floated" not in statuses
    assert (tmp_path / "schema" / "vocabulary.json").is_file()
    assert main(["new", "organisation", "second-treaty"]) == 0
    stub = (project / "dossier" / "organisations" / "second-treaty.yml").read_text(encoding="utf-8")
    assert "in-force" in stub and "floated" not in stub
    (project / "dossier" / "organisations" / "second-treaty.yml").unlink()


def test_treaty_makes_a_pdf(treaty, tmp_path):
    project, _ = treaty
    out = tmp_path / "treaty.pdf"
    run = subprocess.run([str(DOSSIER_BIN), "pdf", "-q", "-o", str(out)], cwd=project, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    from pypdf import PdfReader
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    for words in ("Open for signature", "Ratifications", "Parties (in negotiation)", "Notable non-parties"):
        assert words in text, words
    assert "Floated" not in text and "Operational" not in text


# --- mistakes in a vocabulary, each located, with a suggestion -------------------------------------------------


def vocab_problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "vocabulary.yml"
    path.write_text(text, encoding="utf-8")
    return [p.format() for p in read_vocabulary(path, "dossier/vocabulary.yml")[1]]


@pytest.mark.parametrize("text, expected", [
    ("statuses:\n  - value: draft\n    label: Draft\n    group: idee\n    definition: x\n",
     "dossier/vocabulary.yml:4:5: error: statuses[0].group: unknown lifecycle group 'idee' (did you mean 'idea'?)"),
    ("statuses:\n  - value: draft\n    label: Floated\n    group: idea\n    definition: x\n",
     "dossier/vocabulary.yml:3:5: error: statuses[0].label: label 'Floated' is already used by 'floated'"),
    ("confidence:\n  - value: likely\n    label: Likely\n    colour: gren\n    line: solid\n    definition: x\n",
     "dossier/vocabulary.yml:4:5: error: confidence[0].colour: 'gren' is not one of: amber, blue, green"),
    ("lifecycle_groups:\n  - value: x\n    label: X\n    colour: blue\n    line: dashes\n    definition: x\n",
     "(did you mean 'dashed'?)"),
    ("relation_type:\n  - value: x\n", "dossier/vocabulary.yml:1:1: error: relation_type: unknown list (did you mean 'relation_types'?)"),
    ("relation_types:\n  - value: funds\n    label: funds\n    from: [actor]\n    to: [organisation]\n    definition: x\n",
     "dossier/vocabulary.yml:2:5: error: relation_types[0]: needs 'inverse_label' (or 'symmetric: true')"),
    ("relation_types:\n  - value: funds\n    label: funds\n    inverse_label: funded by\n    from: [actor]\n"
     "    to: [organisaton]\n    definition: x\n", "(did you mean 'organisation'?)"),
    ("replace: [relation_types]\nrelation_types:\n  - value: funds\n    label: funds\n    inverse_label: funded by\n"
     "    from: [actor]\n    to: [organisation]\n    definition: x\n",
     "dossier/vocabulary.yml:2:1: error: relation type 'member_of' is missing: organisations' `memberships` declare it"),
    ("statuses:\n  - value: Draft!\n    label: Draft\n    group: idea\n    definition: x\n", "is not a valid value"),
    ("statuses:\n  - value: draft\n    label: \"<b>Draft</b>\"\n    group: idea\n    definition: x\n",
     "labels are plain words"),
])
def test_vocabulary_mistakes_are_located(tmp_path, text, expected):
    problems = vocab_problems(tmp_path, text)
    assert any(expected in p for p in problems), problems


def test_undeclared_status_in_an_entry_is_located_with_a_suggestion(entries):
    entries.write("organisations/pact.yml", (entries.root / "dossier" / "organisations" / "pact.yml")
                  .read_text(encoding="utf-8").replace("status: signed", "status: signd"))
    with pytest.raises(DossierError) as err:
        load_dossier(entries.dossier, root=entries.root)
    assert ("dossier/organisations/pact.yml:4:1: error: status: 'signd' is not one of the dossier's statuses: "
            in err.value.report())
    assert "(did you mean 'signed'?)" in err.value.report()


def test_relation_to_a_kind_its_type_does_not_allow(entries):
    entries.write("actors/land-d.yml", "id: land-d\nname: D\ntype: state\nsummary: x\nsources: [src-one]\n"
                                       "relations:\n  - type: supports\n    target: pact-term\n")
    with pytest.raises(DossierError) as err:
        load_dossier(entries.dossier, root=entries.root)
    report = err.value.report()
    assert ("dossier/actors/land-d.yml:7:5: error: relations[0]: 'pact-term' is a term; 'supports' needs "
            "an actor or an organisation (to link a term, use a relation type whose 'to' allows it, "
            "or add it in the dossier's vocabulary.yml)") in report


def test_a_dossier_vocabulary_extends_the_preset(entries):
    entries.write("vocabulary.yml", "statuses:\n  - value: drafted\n    label: Drafted\n    group: idea\n"
                                    "    definition: A text exists in draft.\n")
    entries.write("organisations/pact.yml", (entries.root / "dossier" / "organisations" / "pact.yml")
                  .read_text(encoding="utf-8").replace("status: signed", "status: drafted"))
    dossier = load_dossier(entries.dossier, root=entries.root)
    assert dossier.vocabulary.status("drafted").group == "idea"
    assert dossier.vocabulary.status("floated") is not None  # the preset's statuses remain


def test_vocabulary_errors_are_reported_with_the_entries(entries):
    entries.write("vocabulary.yml", "statuses:\n  - value: drafted\n    label: Drafted\n    group: nowhere\n"
                                    "    definition: x\n")
    with pytest.raises(DossierError) as err:
        load_dossier(entries.dossier, root=entries.root)
    assert "dossier/vocabulary.yml:4:5: error: statuses[0].group: unknown lifecycle group 'nowhere'" in err.value.report()


def test_a_future_date_needs_a_planned_status(entries, monkeypatch):
    monkeypatch.setenv("DOSSIER_TODAY", "2026-11-30")
    entries.write("events/later.yml", "id: later\ntitle: Later\ndate: 2027-03\nsummary: x\nconfidence: reported\n"
                                      "sources: [src-one]\n")
    with pytest.raises(DossierError) as err:
        load_dossier(entries.dossier, root=entries.root)
    assert ("dossier/events/later.yml:3:1: error: date: 2027-03 is after today (2026-11-30); only something planned "
            "can be dated in the future: give it a planned status (scheduled) or correct the date") in err.value.report()
    entries.write("events/later.yml", "id: later\ntitle: Later\ndate: 2027-03\nsummary: x\nconfidence: reported\n"
                                      "status: scheduled\nsources: [src-one]\n")
    load_dossier(entries.dossier, root=entries.root)
    entries.write("events/later.yml", "id: later\ntitle: Later\ndate: 2026-11\nsummary: x\nconfidence: reported\n"
                                      "sources: [src-one]\n")
    load_dossier(entries.dossier, root=entries.root)  # this month is not the future


def test_graph_styles_and_legends_follow_the_vocabulary_they_are_made_for():
    """Edge styles and legends are made once per vocabulary (``render/graph_style.py``): another
    vocabulary gets its own, and the first gets its own again, never the other's."""
    from dossierkit.render.graph_style import edge_specs, legend_html

    built_in = read_vocabulary(None, "")[0]
    treaty = read_vocabulary(TREATY / "dossier" / "vocabulary.yml", "vocabulary.yml")[0]
    first = legend_html(built_in)
    theirs = legend_html(treaty)
    assert "In force" in theirs and "In force" not in first
    assert legend_html(built_in) == first and legend_html(treaty) == theirs
    assert [s.label for s in edge_specs(built_in).values()] != [s.label for s in edge_specs(treaty).values()]
    # The same groups with other words: the same keys, so only the vocabulary tells the legends apart.
    renamed = replace(built_in, lifecycle_groups=tuple(replace(g, label=f"{g.label} (renamed)")
                                                       for g in built_in.lifecycle_groups))
    assert "(renamed)" in legend_html(renamed) and "(renamed)" not in legend_html(built_in)
    with pytest.raises(TypeError):  # shared by every graph of a build: nobody may change it
        edge_specs(built_in)["plain"] = None  # type: ignore[index]
