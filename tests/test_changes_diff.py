"""``dossier diff``: what changes for readers between two revisions or folders, and the flags.

Runs the real command on a small git repository built in a temporary folder
(``gitrepo.py``); both sides are loaded by the real loader.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings, strategies as st
from markdown_it import MarkdownIt

from dossierkit.changes import facts as F
from dossierkit.changes.entry_diff import diff_entry
from dossierkit.changes.facts import EntryChange
from dossierkit.changes.words import Words
from dossierkit.cli.main import main
from dossierkit.schema.kinds import KINDS_BY_NAME
from dossierkit.schema.vocabulary_file import preset
from gitrepo import edit, git, make_repo
from sitebuild import ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def repo(tmp_path) -> tuple[Path, list[str]]:
    path = tmp_path / "repo"
    return path, make_repo(path)


def run_diff(repo: Path, capsys, *args: str) -> tuple[int, str]:
    old = os.getcwd()
    os.chdir(repo)
    try:
        code = main(["diff", *args])
    finally:
        os.chdir(old)
    return code, capsys.readouterr().out


def test_text_names_each_change_in_a_readers_words(repo, capsys):
    path, commits = repo
    code, out = run_diff(path, capsys, commits[0], "HEAD")
    assert code == 0
    assert out.splitlines()[0] == f"dossier diff: {commits[0]} -> HEAD ({commits[-1][:7]})"
    assert "1 renamed, 4 changed; 3 flags for a reviewer" in out
    assert "  actor land-bee: Land B (dossier/actors/land-bee.yml) (was land-b, dossier/actors/land-b.yml)" in out
    assert "      status Proposed -> Signed" in out
    assert "      rival of Land B: source removed: First source" in out
    assert "      date June 2026 -> 12 June 2026 (more precise)" in out
    assert "      quote added from Second source: “Both states signed the pact.”" in out
    assert "    ! status moves forward (Idea or proposal -> Agreed) without a new source: check that a source says so (line 4)" in out
    assert "    ! rival of Land B lost its last source (First source) (line 11)" in out
    assert "    ! date made more precise (June 2026 -> 12 June 2026): check that a source gives it (line 3)" in out
    # The rename is not a change of every entry that refers to land-b.
    assert "organisation pact" in out and "land-bee" not in out.split("organisation pact")[1]


def test_json_lists_changes_with_lines_and_flags(repo, capsys):
    path, commits = repo
    code, out = run_diff(path, capsys, commits[0], commits[-1], "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["compared"] is True
    assert data["summary"] == {"added": 0, "removed": 0, "renamed": 1, "changed": 4, "flags": 3}
    assert data["base"]["commit"] == commits[0] and data["head"]["entries"] == 12
    (renamed,) = data["renamed"]
    assert (renamed["id"], renamed["from"]) == ("land-bee", {"id": "land-b", "path": "dossier/actors/land-b.yml"})
    changed = {c["id"]: c for c in data["changed"]}
    assert set(changed) == {"land-a", "big-idea", "pact", "idea-floated"}
    assert changed["big-idea"]["changes"] == [{"what": "status", "field": "status", "text": "status Proposed → Signed",
                                               "line": 4, "flag": F.FORWARD_WITHOUT_SOURCE}]
    flags = {(c["id"], f["flag"], f["line"]) for c in data["changed"] for f in c["flags"]}
    assert flags == {("big-idea", F.FORWARD_WITHOUT_SOURCE, 4), ("land-a", F.LOST_LAST_SOURCE, 11),
                     ("idea-floated", F.MORE_PRECISE, 3)}
    assert changed["pact"]["flags"] == [] and changed["pact"]["changes"][0]["what"] == "quote"


def test_one_commit_at_a_time(repo, capsys):
    path, commits = repo
    _, out = run_diff(path, capsys, commits[2], commits[3], "--format", "json")
    data = json.loads(out)
    assert data["summary"] == {"added": 0, "removed": 0, "renamed": 1, "changed": 0, "flags": 0}
    _, out = run_diff(path, capsys, commits[4], commits[5])
    assert "no entry changed" not in out and "quote added from Second source" in out
    _, out = run_diff(path, capsys, commits[5], commits[5])
    assert "no entry changed" in out


def test_added_and_removed_entries_and_the_working_tree(repo, capsys):
    path, _ = repo
    (path / "dossier/events/year-event.yml").unlink()
    (path / "dossier/terms/new-term.yml").write_text("id: new-term\nterm: New\ndefinition: A new term.\n", encoding="utf-8")
    status_before = git(path, "status", "--porcelain")
    code, out = run_diff(path, capsys, "HEAD")  # HEAD against the working tree
    assert code == 0
    assert "  + term new-term: New (dossier/terms/new-term.yml)" in out
    assert "  - event year-event: Something in 2025 (dossier/events/year-event.yml)" in out
    assert out.splitlines()[0].endswith("-> the working tree")
    assert git(path, "status", "--porcelain") == status_before  # nothing touched
    assert not list(path.glob(".git/worktrees/*"))


def test_two_folders(tmp_path, starter, capsys):
    other = tmp_path / "other"
    shutil.copytree(starter, other)
    edit(other / "dossier/organisations/pact.yml", "confidence: confirmed", "confidence: reported")
    edit(other / "dossier/events/year-event.yml", "confidence: reported", "confidence: confirmed")
    code, out = run_diff(starter, capsys, str(starter), str(other / "dossier"), "--format", "json")
    data = json.loads(out)
    assert code == 0
    changed = {c["id"]: c for c in data["changed"]}
    assert changed["pact"]["changes"][0]["text"] == "confidence Confirmed → Reported" and not changed["pact"]["flags"]
    assert [f["flag"] for f in changed["year-event"]["flags"]] == [F.RAISED_WITHOUT_SOURCE]


def test_a_side_that_does_not_validate_is_named_with_its_errors(repo, capsys):
    path, commits = repo
    (path / "dossier/actors/land-a.yml").write_text("id: land-a\nname: Land A\ntype: stat\nsummary: x\nsources: [src-one]\n")
    git(path, "commit", "-qam", "broken")
    code, out = run_diff(path, capsys, commits[0], "HEAD")
    assert code == 1
    assert "cannot compare: HEAD (" in out and "does not validate (1 error):" in out
    assert "dossier/actors/land-a.yml:3:1: error: type: 'stat'" in out
    code, out = run_diff(path, capsys, commits[0], "HEAD", "--format", "json")
    data = json.loads(out)
    assert data["compared"] is False and data["head"]["errors"][0]["line"] == 3 and "summary" not in data


def test_an_unknown_revision_is_a_clear_error(repo, capsys):
    path, _ = repo
    old = os.getcwd()
    os.chdir(path)
    try:
        assert main(["diff", "no-such-branch"]) == 1
    finally:
        os.chdir(old)
    assert "'no-such-branch' is not a commit, branch or tag of this repository" in capsys.readouterr().err


def test_markdown_escapes_contributed_text(repo, capsys):
    path, commits = repo
    edit(path / "dossier/actors/land-a.yml", "name: Land A", 'name: "<script>x</script> [a](javascript:1) *b*"')
    git(path, "commit", "-qam", "hostile name")
    _, out = run_diff(path, capsys, commits[-1], "HEAD", "--format", "markdown", "--blob-url", "https://github.com/o/r/blob/abc")
    html = MarkdownIt("commonmark").enable("table").render(out)
    assert 'href="javascript' not in html and "<em>" not in html and "<script" not in html
    assert "https://github.com/o/r/blob/abc/dossier/actors/land-a.yml" in html


def test_confidence_and_status_with_a_new_source_are_not_flagged():
    kind, vocab = KINDS_BY_NAME["organisation"], preset()
    old = {"status": "proposed", "confidence": "reported", "sources": ["a"]}
    facts = diff_entry(kind, old, {"status": "signed", "confidence": "confirmed", "sources": ["a", "b"]}, vocab)
    assert [(f.what, f.flag) for f in facts] == [("status", ""), ("confidence", ""), ("source", "")]
    facts = diff_entry(kind, old, {"status": "floated", "confidence": "disputed", "sources": ["a"]}, vocab)
    assert [f.flag for f in facts] == ["", ""]  # back in the lifecycle, confidence lowered: nothing to check
    facts = diff_entry(kind, {"founded": "2025"}, {"founded": {"value": "2025-09", "approximate": True}}, vocab)
    assert facts[0].flag == F.MORE_PRECISE
    facts = diff_entry(kind, {"founded": {"value": "2025-09", "approximate": True}}, {"founded": "2025-09"}, vocab)
    assert facts[0].flag == F.MORE_PRECISE  # no longer approximate
    claims = [{"text": "Talks began in March.", "confidence": "reported", "sources": ["a"]}]
    facts = diff_entry(kind, {"claims": claims}, {"claims": [{**claims[0], "text": "Talks began in early March."}]}, vocab)
    assert [(f.what, f.before, f.after) for f in facts] == [("claim", "Talks began in March.", "Talks began in early March.")]


def test_a_reworded_long_text_shows_where_it_differs_and_a_summary_does_not_quote_it():
    kind, vocab = KINDS_BY_NAME["term"], preset()
    start = "An arrangement in which states commit in advance to treat an attack on one of them as "
    facts = diff_entry(kind, {"definition": start + "one on all."},
                       {"definition": start + "an attack on all and to respond together."}, vocab)
    words = Words(vocab, lambda _id: None)
    assert words.line("term", facts[0]) == ("definition reworded: “… of them as one on all.” → "
                                             "“… of them as an attack on all and to respond together.”")
    change = EntryChange(F.CHANGED, "term", "t", "dossier/terms/t.yml", "T", tuple(facts))
    assert words.summary(change) == "definition reworded"  # the page shows the new words; a History line does not repeat them


def test_a_position_changed_in_place_without_a_new_source_is_flagged_and_leads_the_summary():
    kind, vocab = KINDS_BY_NAME["actor"], preset()
    held = {"target": "pact", "position": "supports", "date": "2025-09", "sources": ["a"]}
    old = {"summary": "A state.", "positions": [held]}
    new = {"summary": "A state, again.", "positions": [{**held, "position": "opposes"}]}
    facts = [f for f in diff_entry(kind, old, new, vocab) if f.what == F.POSITION]
    assert [(f.about, f.flag) for f in facts] == [(("position", "pact", "2025-09"), F.POSITION_WITHOUT_SOURCE)]
    words = Words(vocab, lambda _id: {"pact": "The Pact"}.get(_id))
    assert words.line("actor", facts[0]) == "position on The Pact (September 2025): Supports → Opposes"
    assert words.flag("actor", facts[0]).endswith("changed without a new source: check that a source says so")
    change = EntryChange(F.CHANGED, "actor", "x", "dossier/actors/x.yml", "X", tuple(diff_entry(kind, old, new, vocab)))
    assert words.summary(change).startswith("position on The Pact (September 2025): Supports → Opposes; ")
    sourced = {**held, "position": "opposes", "sources": ["a", "b"]}
    facts = diff_entry(kind, old, {"positions": [sourced]}, vocab)
    assert [f.flag for f in facts if f.what == F.POSITION] == [""]  # a new source comes with the change


def test_the_pull_request_summary_step_runs_against_a_fake_base(repo, tmp_path):
    """The workflow's own step, run by bash as GitHub would, with a base revision of the test repository."""
    path, commits = repo
    workflow = yaml.safe_load((ROOT / ".github/workflows/pull-request.yml").read_text(encoding="utf-8"))
    (step,) = [s for s in workflow["jobs"]["check"]["steps"] if "dossier diff" in s.get("run", "")]
    assert step["env"] == {"BASE_SHA": "${{ github.event.pull_request.base.sha }}"}
    (path / ".venv").symlink_to(Path(sys.executable).parent.parent)
    summary = tmp_path / "summary.md"
    env = {**os.environ, "BASE_SHA": commits[0], "GITHUB_STEP_SUMMARY": str(summary),
           "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "owner/repo", "GITHUB_SHA": commits[-1]}
    done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    annotations = done.stdout.splitlines()
    assert "::warning file=dossier/organisations/big-idea.yml,line=4,title=dossier diff::status moves forward " \
           "(Idea or proposal → Agreed) without a new source: check that a source says so" in annotations
    assert len(annotations) == 3
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## What changes for readers")
    assert "**1 renamed, 4 changed; 3 flags for a reviewer.**" in text
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert f'href="https://github.com/owner/repo/blob/{commits[-1]}/dossier/organisations/big-idea.yml#L4"' in html


_VALUES = st.recursive(st.none() | st.booleans() | st.text(max_size=12) | st.sampled_from(
    ["signed", "proposed", "confirmed", "2025", "2025-09", "src-one", "land-a"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(
        ["source", "quote", "text", "status", "confidence", "since", "target", "type", "member", "sources", "date",
         "count", "value", "approximate"]), inner, max_size=4), max_leaves=12)
_ENTRY = st.dictionaries(st.sampled_from(
    ["name", "status", "confidence", "founded", "sources", "claims", "relations", "memberships", "counts", "tags",
     "summary", "body", "as_of", "type", "odd_field"]), _VALUES, max_size=8)


@settings(max_examples=150, deadline=None)
@given(old=_ENTRY, new=_ENTRY)
def test_any_two_versions_are_compared_and_said_without_failing(old, new):
    """History blobs may hold anything the YAML reader accepts: comparing and wording them never fails."""
    kind, vocab = KINDS_BY_NAME["organisation"], preset()
    facts = diff_entry(kind, old, new, vocab)
    words = Words(vocab, lambda entry_id: None)
    for fact in facts:
        assert isinstance(words.line("organisation", fact), str) and isinstance(words.flag("organisation", fact), str)
    assert words.summary(EntryChange(F.CHANGED, "organisation", "x", "x.yml", "X", tuple(facts)))
    if old == new:
        assert facts == []
