"""``dossier ci-summary``: the Markdown job summary written on pull requests."""

from __future__ import annotations

import html as html_lib
import re
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from dossierkit.cli.ci_summary import (
    MAX_BYTES, Change, Report, md_text, parse_changes, render_summary, unquote_git_path,
)
from dossierkit.cli.main import main
from dossierkit.errors import Problem

# CommonMark with GitHub's tables, close enough to how GitHub renders a job summary.
MD = MarkdownIt("commonmark").enable("table").enable("strikethrough")
BAD_TYPE = "id: land-d\nname: D\ntype: stat\nsummary: x\nsources: [src-one]\n"


class _Html(HTMLParser):
    """Tags, hrefs and text of rendered Markdown."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.cells: list[str] = []
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href", ""))
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def rendered(markdown: str) -> _Html:
    return _Html(MD.render(markdown))


@pytest.fixture
def in_dir(monkeypatch):
    return monkeypatch.chdir


def _summary(tmp_path, argv, name="summary.md") -> str:
    out = tmp_path / name
    assert main(["ci-summary", *argv, "--output", str(out)]) == 0
    return out.read_text(encoding="utf-8")


# --- the changed-files list ----------------------------------------------------


def test_parse_name_status_lines():
    text = "M\tdossier/actors/land-a.yml\nA\tdossier/events/new.yml\n\nD\tdossier/terms/old.yml\nR087\tdossier/x/a.yml\tdossier/actors/b.yml\n"
    assert parse_changes(text) == [
        Change("dossier/actors/b.yml", "renamed"),
        Change("dossier/actors/land-a.yml", "modified"),
        Change("dossier/events/new.yml", "added"),
        Change("dossier/terms/old.yml", "deleted"),
    ]


def test_parse_name_only_lines_finds_deleted_files(starter):
    text = "dossier/actors/land-a.yml\ndossier/actors/gone.yml\ndossier/actors/land-a.yml\n"
    assert parse_changes(text, starter) == [
        Change("dossier/actors/gone.yml", "deleted"),
        Change("dossier/actors/land-a.yml", "changed"),
    ]


def test_git_quoted_paths_are_unquoted():
    assert unquote_git_path('"dossier/actors/t\\303\\274rkiye.yml"') == "dossier/actors/türkiye.yml"
    assert unquote_git_path('"a\\tb\\"c\\\\d"') == 'a\tb"c\\d'
    assert unquote_git_path("plain.yml") == "plain.yml"
    assert parse_changes('A\t"dossier/actors/\\303\\251.yml"\n') == [Change("dossier/actors/é.yml", "added")]


# --- the report ------------------------------------------------------------------


def test_clean_dossier_counts_entries_by_kind(starter, in_dir, tmp_path):
    in_dir(starter)
    text = _summary(tmp_path, ["--check", "dossier validate=success", "--check", "tests (make test)=failure",
                               "--check", "PDF (make pdf)=skipped", "--check", "site (make build)="])
    assert "**✅ 12 entries checked: no errors, no warnings.**" in text
    cells = rendered(text).cells
    for kind, count in (("Actors", 3), ("Organisations", 2), ("Obstacles", 1), ("Events", 3), ("Terms", 1), ("Sources", 2)):
        i = next(n for n, c in enumerate(cells) if c.startswith(f"{kind} (dossier/"))
        assert cells[i + 1] == str(count), kind
    assert cells[cells.index("Total") + 1] == "12"
    for check, result in (("dossier validate", "✅ passed"), ("tests (make test)", "❌ failed"),
                          ("PDF (make pdf)", "⏭️ skipped"), ("site (make build)", "⏭️ not run")):
        assert cells[cells.index(check) + 1] == result
    assert "No list of changed files was given." in MD.render(text)


def test_every_error_and_warning_is_listed_in_full(entries, in_dir, tmp_path):
    # More than GitHub's ten annotations of each kind per step.
    for n in range(12):
        entries.write(f"actors/bad-{n}.yml", BAD_TYPE.replace("land-d", f"bad-{n}"))
    for n in range(11):
        entries.write(f"sources/unused-{n}.yml", f"id: unused-{n}\ntitle: T\npublisher: P\nkind: other\nlanguage: en\n")
    entries.write("actors/.bad-0.yml", BAD_TYPE)  # hidden: passed over, not counted
    in_dir(entries.root)
    text = _summary(tmp_path, [])
    assert "**❌ 12 errors and 11 warnings.**" in text
    assert "### Errors (12)" in text and "### Warnings (11)" in text
    cells = rendered(text).cells
    for n in range(12):
        assert f"dossier/actors/bad-{n}.yml:3:1" in cells
    assert sum(c.startswith("dossier/sources/unused-") for c in cells) == 11
    assert "type: 'stat' is not one of the dossier's actor types: state, person, armed-force, government-body, non-state-group, other (did you mean 'state'?)" in cells
    # The dossier did not load: files are counted instead of entries, and said so.
    assert "these are the files in each kind folder" in text
    assert cells[cells.index("Total") + 1] == str(12 + 12 + 11)
    assert text.rstrip().endswith("12 error(s), 11 warning(s)")


def test_changed_files_show_kind_page_and_problems(entries, in_dir, tmp_path):
    entries.write("actors/land-d.yml", BAD_TYPE)
    in_dir(entries.root)
    changed = tmp_path / "changed.txt"
    changed.write_text("A\tdossier/actors/land-d.yml\nM\tdossier/organisations/pact.yml\nD\tdossier/terms/gone.yml\nM\tdossier/notes.txt\n"
                       "A\tdossier/actors/.land-a.yml\n")
    text = _summary(tmp_path, ["--changed", str(changed), "--blob-url", "https://github.com/o/r/blob/abc123/"])
    assert "5 files under dossier/ changed against the base branch." in text
    doc = rendered(text)
    rows = _rows(doc.cells, "File")
    assert rows["dossier/actors/land-d.yml"] == ["added", "actor land-d", "actors/land-d/", "1 error"]
    assert rows["dossier/organisations/pact.yml"] == ["modified", "organisation pact", "organisations/pact/", "none"]
    assert rows["dossier/terms/gone.yml"] == ["deleted", "term gone", "", "none"]
    assert rows["dossier/notes.txt"] == ["modified", "not an entry file", "", "none"]
    assert rows["dossier/actors/.land-a.yml"] == ["added", "not an entry file", "", "none"]  # the loader passes it over
    assert "https://github.com/o/r/blob/abc123/dossier/actors/land-d.yml" in doc.hrefs
    assert "https://github.com/o/r/blob/abc123/dossier/actors/land-d.yml#L3" in doc.hrefs
    assert not any(h.endswith("gone.yml") for h in doc.hrefs)  # nothing to link to


def test_no_changed_dossier_file(starter, in_dir, tmp_path):
    in_dir(starter)
    (tmp_path / "empty.txt").write_text("")
    assert "No file under dossier/ changed." in _summary(tmp_path, ["--changed", str(tmp_path / "empty.txt")])


def test_changed_list_from_standard_input(starter, in_dir, tmp_path, monkeypatch, capsys):
    import io

    in_dir(starter)
    monkeypatch.setattr("sys.stdin", io.StringIO("dossier/actors/land-a.yml\n"))
    assert main(["ci-summary", "--changed", "-"]) == 0
    assert "1 file under dossier/ changed" in capsys.readouterr().out


def test_output_is_appended_like_github_step_summary(starter, in_dir, tmp_path):
    in_dir(starter)
    out = tmp_path / "step-summary.md"
    out.write_text("earlier step\n")
    assert main(["ci-summary", "-o", str(out)]) == 0
    assert main(["ci-summary", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n") and text.count("## Dossier check") == 2


def test_errors_still_exit_0_and_usage_errors_exit_2(entries, in_dir, tmp_path, capsys):
    entries.write("actors/land-d.yml", BAD_TYPE)
    in_dir(entries.root)
    assert main(["ci-summary"]) == 0  # failing the job is `dossier validate`'s business
    with pytest.raises(SystemExit) as info:
        main(["ci-summary", "--check", "no-equals-sign"])
    assert info.value.code == 2


def test_warnings_only(entries, in_dir, tmp_path):
    entries.write("sources/src-three.yml", "id: src-three\ntitle: T\npublisher: P\nkind: other\nlanguage: en\n")
    in_dir(entries.root)
    text = _summary(tmp_path, [])
    assert "**✅ No errors; 1 warning**" in text and "### Warnings (1)" in text and "### Errors" not in text


# --- escaping: contributed text never becomes Markdown or HTML --------------------

HOSTILE = [
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "a | b | c",
    "line one\nline two\r\nthree",
    "**bold** _it_ `code` ~~gone~~ # heading",
    "<img src=x onerror=alert(1)>",
    "&lt;not an entity&gt; &amp;",
    "![img](https://example.org/x.png)",
    "\\| escaped pipe \\",
    "@someone :smile: $x$",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_md_text_round_trips_as_plain_text(text):
    html = MD.render(md_text(text))
    doc = _Html(html)
    assert doc.tags == ["p"], html
    inner = re.sub(r"</?p>\n?", "", html)
    assert html_lib.unescape(inner) == re.sub(r"[\r\n]+", " ", text)


def test_hostile_paths_and_messages_stay_text_in_tables():
    problems = [Problem(f"dossier/actors/x{n}.yml", n + 1, 1, msg) for n, msg in enumerate(HOSTILE)]
    problems.append(Problem("dossier/actors/<b>|[x](javascript:1).yml", 1, 1, "bad name", "warning"))
    changes = [Change("dossier/actors/<b>|[x](javascript:1).yml", "added")]
    report = Report({"actor": 1}, False, sorted(problems), None, changes, "dossier/", [("a|b<i>", "success")])
    text = render_summary(report, "https://github.com/o/r/blob/sha")
    doc = rendered(text)
    assert set(doc.tags) <= {"h2", "h3", "p", "strong", "table", "thead", "tbody", "tr", "th", "td", "a", "code"}
    assert all(h.startswith("https://github.com/o/r/blob/sha/dossier/actors/") for h in doc.hrefs)
    for msg in HOSTILE:
        assert re.sub(r"[\r\n]+", " ", msg) in doc.cells
    assert "dossier/actors/<b>|[x](javascript:1).yml" in doc.cells
    assert "a|b<i>" in doc.cells
    # Every table row kept its columns: no pipe in a message opened a new cell.
    for table in re.findall(r"<table>.*?</table>", MD.render(text), re.S):
        widths = {len(re.findall(r"<t[dh]", row)) for row in re.findall(r"<tr>.*?</tr>", table, re.S)}
        assert len(widths) == 1, table


def test_summary_stays_under_githubs_size_limit():
    problems = [Problem(f"dossier/actors/a{n:05d}.yml", 1, 1, "x" * 200) for n in range(6000)]
    report = Report({"actor": 6000}, True, problems, None, None, "dossier/", [])
    text = render_summary(report)
    assert len(text.encode()) <= MAX_BYTES
    match = re.search(r"\*\*(\d+) more problem\(s\) not shown\*\*", text)
    shown = len(re.findall(r"^\| dossier/actors/a\d+\\\.yml\\:1\\:1 \|", text, re.M))
    assert match and shown > 1000 and int(match.group(1)) + shown == 6000
    assert text.rstrip().endswith("6000 error(s), 0 warning(s)")
    small = render_summary(report, max_bytes=20_000)
    assert len(small.encode()) <= 20_000 and "more problem(s) not shown" in small


def _rows(cells: list[str], first_header: str, width: int = 5) -> dict[str, list[str]]:
    """Rows of the ``width``-column table whose first header is ``first_header``, by first cell."""
    rows = {}
    i = cells.index(first_header) + width
    while i + width <= len(cells) and cells[i].startswith("dossier/"):
        rows[cells[i]] = cells[i + 1:i + width]
        i += width
    return rows


def test_a_missing_changed_list_is_reported_not_fatal(starter, in_dir, tmp_path):
    in_dir(starter)
    text = _summary(tmp_path, ["--changed", str(tmp_path / "never-written.txt")])
    assert "never-written.txt) is missing: the step that makes it failed." in MD.render(text)
    assert "12 entries checked" in text
