"""End to end, as a contributor: add entries to a copy of the repository, validate, build, look.

Also keeps CONTRIBUTING.md honest: the commands, files and status examples it
names must exist and say what the guide says they say.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dossierkit import load_dossier
from dossierkit.cli.main import main
from dossierkit.schema.kinds import KINDS_BY_NAME
from dossierkit.schema.vocabulary_file import preset

STATUS_VALUES = preset().values("statuses")
from sitebuild import ROOT, article, build_site, page_file, resolve

COPIED = ("mkdocs.yml", "docs", "dossier", "CONTRIBUTING.md", "overrides")
GUIDE = ROOT / "CONTRIBUTING.md"
NEW_ORG = "gulf-naval-task-force-proposal"
NEW_EVENT = "gulf-naval-task-force-floated"
SOURCE = "abna-egypt-proposal"       # an existing source the new entries cite
PROPOSER = "egypt"                    # an existing actor the new organisation relates to


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in COPIED:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, target / name)
        else:
            shutil.copy2(src, target / name)
    return target


def fill(path: Path, values: dict[str, str], list_values: dict[str, list[str]], extra: str = "") -> None:
    """Replace the stub's FILL-ME placeholders, as a contributor would, and add ``extra`` lines."""
    text = path.read_text(encoding="utf-8")
    for field, value in values.items():
        text, n = re.subn(rf"^{field}: FILL-ME$", f"{field}: {value}", text, flags=re.M)
        assert n == 1, field
    for field, items in list_values.items():
        text, n = re.subn(rf"^{field}:\n  - FILL-ME$", f"{field}:\n" + "".join(f"  - {i}\n" for i in items).rstrip("\n"),
                          text, flags=re.M)
        assert n == 1, field
    assert not re.search(r"^[^#]*FILL-ME", text, re.M), "a placeholder is left outside the comments"
    path.write_text(text + extra, encoding="utf-8")


def section(html: str, heading_id: str) -> str:
    """The part of a page's article from the heading ``heading_id`` to the next heading."""
    start = html.index(f'id="{heading_id}"')
    end = re.compile(r"<h[23][ >]").search(html, html.index(">", start))
    return html[start:end.start() if end else len(html)]


def links(page_url: str, html: str) -> set[str]:
    return {resolve(page_url, href)[0] for href in re.findall(r'href="([^"#]+)', html)}


@pytest.fixture(scope="module")
def contributed(tmp_path_factory) -> tuple[Path, Path]:
    """(project, site): a copy of the repository with one new organisation and one new event, built."""
    project = copy_project(tmp_path_factory.mktemp("contributor") / "repo")
    mp = pytest.MonkeyPatch()
    mp.chdir(project)
    try:
        assert main(["new", "organisation", NEW_ORG]) == 0
        assert main(["new", "event", NEW_EVENT]) == 0
        org = project / "dossier" / "organisations" / f"{NEW_ORG}.yml"
        event = project / "dossier" / "events" / f"{NEW_EVENT}.yml"
        assert main(["validate"]) == 1  # the placeholders are refused until filled in
        fill(org, {
            "name": "Gulf naval task force (test proposal)",
            "summary": "A proposal written by the contributor test; it exists only in a temporary copy.",
            "type": "proposal", "status": "floated", "confidence": "reported",
        }, {"sources": [SOURCE]}, extra=(
            "\nrelations:\n"
            f"  - type: proposed_by\n    target: {PROPOSER}\n    status: floated\n"
            f"    confidence: reported\n    sources: [{SOURCE}]\n"
        ))
        fill(event, {
            "title": "Gulf naval task force floated (test)",
            "summary": "A test event about the test proposal.",
            "date": "2026-02", "confidence": "reported",
        }, {"sources": [SOURCE]}, extra=f"\nparticipants: [{PROPOSER}]\nconcerns: [{NEW_ORG}]\n")
        assert main(["validate", "--strict"]) == 0
    finally:
        mp.undo()
    site = project.parent / "site"
    assert build_site(project, site) == []
    return project, site


def test_new_entries_validate_and_load_with_their_relations(contributed):
    project, _site = contributed
    dossier = load_dossier(project / "dossier", root=project)
    assert dossier.get(NEW_ORG).data["status"] == "floated"
    # Declared once, on the new organisation; derived on the other side with the inverse label.
    assert ("proposals", NEW_ORG, True) in {(v.label, v.other, v.inverse) for v in dossier.relations_of(PROPOSER)}
    assert NEW_ORG in dossier.backlinks[PROPOSER] and NEW_EVENT in dossier.backlinks[PROPOSER]
    assert NEW_EVENT in dossier.backlinks[NEW_ORG]
    assert NEW_ORG in dossier.citations[SOURCE] and NEW_EVENT in dossier.citations[SOURCE]
    assert [e.id for e in dossier.events_of(NEW_ORG)] == [NEW_EVENT]


def test_stubs_pass_the_yaml_lint(contributed):
    project, _site = contributed
    yamllint = Path(sys.executable).parent / "yamllint"
    files = [project / "dossier" / "organisations" / f"{NEW_ORG}.yml", project / "dossier" / "events" / f"{NEW_EVENT}.yml"]
    result = subprocess.run([str(yamllint), "--strict", "-c", str(ROOT / ".yamllint.yml"), *map(str, files)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_new_organisation_is_linked_from_the_organisations_index(contributed):
    _project, site = contributed
    html = article(page_file(site, "organisations/").read_text(encoding="utf-8"))
    assert f"organisations/{NEW_ORG}/" in links("organisations/", html)
    assert "Gulf naval task force (test proposal)" in html


def test_new_event_is_on_the_timeline(contributed):
    _project, site = contributed
    html = article(page_file(site, "events/").read_text(encoding="utf-8"))
    assert f"events/{NEW_EVENT}/" in links("events/", html)
    assert "February 2026" in html  # shown at the precision written


def test_the_related_entry_links_back(contributed):
    """Egypt's page shows the new proposal under the inverse label and the new event on its
    timeline, each once (not again under "Referenced by")."""
    _project, site = contributed
    url = f"actors/{PROPOSER}/"
    html = article(page_file(site, url).read_text(encoding="utf-8"))
    proposals = section(html, "proposals")  # inverse of proposed_by
    assert f"organisations/{NEW_ORG}/" in links(url, proposals)
    assert f"events/{NEW_EVENT}/" in links(url, section(html, "timeline"))
    referenced = section(html, "referenced-by") if 'id="referenced-by"' in html else ""
    assert not {f"organisations/{NEW_ORG}/", f"events/{NEW_EVENT}/"} & links(url, referenced)


def test_the_new_pages_link_to_each_other_and_to_the_source(contributed):
    _project, site = contributed
    org_url = f"organisations/{NEW_ORG}/"
    org = article(page_file(site, org_url).read_text(encoding="utf-8"))
    assert f"actors/{PROPOSER}/" in links(org_url, section(org, "proposed-by"))
    assert f"events/{NEW_EVENT}/" in links(org_url, section(org, "timeline"))
    assert f"sources/{SOURCE}/" in links(org_url, org)
    src_url = f"sources/{SOURCE}/"
    cited = section(article(page_file(site, src_url).read_text(encoding="utf-8")), "cited-by")
    assert {org_url, f"events/{NEW_EVENT}/"} <= links(src_url, cited)


def test_web_editor_flow_from_the_annotated_example(tmp_path, monkeypatch):
    """CONTRIBUTING.md: create the file by hand, paste the format guide's example, adapt it, validate."""
    project = copy_project(tmp_path / "repo")
    dossier = load_dossier(project / "dossier", root=project)
    existing_source = sorted(e.id for e in dossier.iter_kind("source"))[0]
    example = (project / "docs" / "format" / "event.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", example, re.S).group(1)
    text = re.sub(r"^id: .*$", "id: example-from-the-guide", block, count=1, flags=re.M)
    text = re.sub(r"sources: \[[^\]]*\]", f"sources: [{existing_source}]", text)
    text = re.sub(r"^(title|summary): .*$", r"\1: Written from the annotated example", text, flags=re.M)
    (project / "dossier" / "events" / "example-from-the-guide.yml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["validate"]) == 0


# --- the guide itself ------------------------------------------------------------------


def _guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def test_guide_status_examples_are_real_entries_with_that_status():
    dossier = load_dossier(ROOT / "dossier", root=ROOT)
    rows = re.findall(r"^\| `([a-z]+)` \| (.*)$", _guide(), re.M)
    assert [status for status, _ in rows] == list(STATUS_VALUES), "one row per status, in the vocabulary's order"
    examples = 0
    for status, rest in rows:
        for folder, entry_id in re.findall(r"`dossier/([a-z]+)/([a-z0-9-]+)\.yml`", rest):
            entry = dossier.get(entry_id)
            assert entry is not None and entry.kind.folder == folder, entry_id
            assert entry.data.get("status") == status, f"{entry_id} is {entry.data.get('status')}, not {status}"
            examples += 1
        if "No entry uses it yet" in rest:
            assert not any(e.data.get("status") == status for e in dossier), f"an entry now uses {status}: add it as an example"
    assert examples >= 5


def test_guide_names_real_files_and_commands():
    text = _guide()
    for rel in set(re.findall(r"`((?:dossier|docs|\.github)/[^`\s]+|\.yamllint\.yml|requirements\.lock)`", text)):
        assert (ROOT / rel).exists(), f"CONTRIBUTING.md names a missing path: {rel}"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in set(re.findall(r"\bmake ([a-z]+)\b", text)):
        if target == "pdf":
            continue  # announced as "once the project has one"
        assert re.search(rf"^{target}:", makefile, re.M), f"CONTRIBUTING.md mentions `make {target}`"
    for kind in re.findall(r"dossier new ([a-z]+) ", text):
        assert kind in KINDS_BY_NAME
    for link in re.findall(r"\]\((docs/[^)#]+)", text):
        assert (ROOT / link).is_file(), link


def test_guide_is_published_on_the_site(shipped_site):
    html = article(page_file(shipped_site, "contributing/").read_text(encoding="utf-8"))
    assert "The status vocabulary" in html
    for href in re.findall(r'href="([^"#]+)', html):
        if href.startswith(("http://", "https://")):
            continue
        target, _ = resolve("contributing/", href)
        assert page_file(shipped_site, target).exists(), href
