"""Each entry's History, the Updates page and its Atom feed, from real builds of a git repository.

The repository (``gitrepo.py``) has six commits with fixed dates: the pages
and the feed built from it are checked through their HTML and XML, and two
builds (one computing the history, one reading it from the cache) must
write the same bytes.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dossierkit.changes.history import CACHE_NAME, read_history
from dossierkit.schema.vocabulary_file import preset
from gitrepo import git, make_repo
from sitebuild import article, build_site, page_file, parse_text, resolve

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
ATOM = "{http://www.w3.org/2005/Atom}"
REPO_URL = "https://github.com/owner/repo"


class _Info(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.messages: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append((record.levelno, record.getMessage()))


def build(project: Path, site: Path, **overrides) -> list[tuple[int, str]]:
    """A strict build; returns every message of the dossier plugin (level, text)."""
    handler = _Info()
    logger = logging.getLogger("mkdocs.plugins.dossier")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        assert build_site(project, site, **overrides) == []
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return handler.messages


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, list[str]]:
    root = tmp_path_factory.mktemp("history")
    repo = root / "repo"
    commits = make_repo(repo)
    (repo / "docs" / "index.md").write_text("# Starter\n\n<!-- dossier:latest-updates 3 -->\n", encoding="utf-8")
    git(repo, "commit", "-qam", "Home page with the latest updates", date="2025-07-01T09:00:00Z")
    site = root / "site"
    build(repo, site, repo_url=REPO_URL)
    return repo, site, commits


def history_items(site: Path, url: str) -> list[str]:
    html = article(page_file(site, url).read_text(encoding="utf-8"))
    start = html.index('id="history"')
    items = html[html.index("<ul>", start):html.index("</ul>", start)]
    return items.split("<li>")[1:]


def test_entry_pages_show_their_history_newest_first_with_commit_links(built):
    repo, site, commits = built
    items = history_items(site, "organisations/big-idea/")
    assert items[0].startswith('<strong><time datetime="2025-02-01">1 February 2025</time></strong> — status Proposed → Signed')
    assert f'href="{REPO_URL}/commit/{commits[1]}"' in items[0] and f">{commits[1][:7]}</a>" in items[0]
    assert items[1].startswith('<strong><time datetime="2025-01-10">10 January 2025</time></strong> — added')
    assert len(items) == 2
    # Followed across the rename: the page of land-bee has land-b's beginning.
    items = history_items(site, "actors/land-bee/")
    assert [i.split("</strong> — ")[1].split(" (<a")[0] for i in items] == ["renamed (was land-b)", "added"]
    items = history_items(site, "actors/land-a/")
    assert "rival of Land B: source removed: First source" in items[0]
    assert "date June 2026 → 12 June 2026 (more precise)" in history_items(site, "events/idea-floated/")[0]
    assert "1 quote added" in history_items(site, "organisations/pact/")[0]
    html = page_file(site, "organisations/big-idea/").read_text(encoding="utf-8")
    assert html.index('id="history"') < html.index('class="dossier-edit"')  # just before the edit line


def test_updates_page_lists_changes_by_day_newest_first(built):
    _, site, commits = built
    html = article(page_file(site, "updates/").read_text(encoding="utf-8"))
    days = [h.split(">")[1].split("<")[0] for h in html.split("<h2")[1:]]
    assert days[:6] == ["1 June 2025", "1 May 2025", "1 April 2025", "1 March 2025", "1 February 2025", "10 January 2025"]
    assert '<a href="../organisations/big-idea/">The Big Idea</a> — status Proposed → Signed' in html
    assert '<a href="../actors/land-bee/">Land B</a> — renamed (was land-b)' in html
    assert '<a href="../organisations/pact/">The Pact</a> — 1 quote added' in html
    assert '<a href="feed.xml">Atom feed</a>' in html
    links = parse_text(html)
    for href in links.hrefs:
        if not href.startswith("https://"):
            target, _ = resolve("updates/", href)
            assert page_file(site, target).is_file(), href  # every link lands on a page of the site
    assert all(h.startswith(REPO_URL + "/commit/") for h in links.hrefs if h.startswith("https://"))


def test_home_page_shows_the_three_newest(built):
    _, site, _ = built
    html = article(page_file(site, "").read_text(encoding="utf-8"))
    items = html.split("<li>")[1:]
    assert len(items) == 4 and "All updates" in items[3] and 'href="updates/"' in items[3]
    assert "<strong>1 June 2025</strong> — <a href=\"organisations/pact/\">The Pact</a>: 1 quote added" in items[0]
    assert "1 May 2025" in items[1] and "1 April 2025" in items[2]


def test_feed_is_valid_atom_with_entries_newest_first(built):
    _, site, commits = built
    feed = ET.parse(site / "updates" / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Starter dossier"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert resolve("updates/feed.xml", links["self"])[0] == "updates/feed.xml"
    assert resolve("updates/feed.xml", links["alternate"])[0] == "updates/"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 5 + 12  # five changes, then the twelve entries of the first commit
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True) and feed.find(f"{ATOM}updated").text == updated[0] == "2025-06-01T14:00:00Z"
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    for entry in entries:
        assert entry.find(f"{ATOM}title").text and entry.find(f"{ATOM}summary").text
        alternate = next(link for link in entry.findall(f"{ATOM}link") if link.get("rel") == "alternate")
        assert page_file(site, resolve("updates/feed.xml", alternate.get("href"))[0]).is_file()
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert titles[4] == "The Big Idea: status Proposed → Signed"
    related = [link.get("href") for link in entries[4].findall(f"{ATOM}link") if link.get("rel") == "related"]
    assert related == [f"{REPO_URL}/commit/{commits[1]}"]
    text = (site / "updates" / "feed.xml").read_text(encoding="utf-8")
    assert "http://" not in text.replace("http://www.w3.org/2005/Atom", "")  # nothing fetched from elsewhere


def test_same_history_same_bytes_from_git_or_from_the_cache(built, tmp_path):
    repo, site, _ = built
    cache = Path(git(repo, "rev-parse", "--git-path", CACHE_NAME))
    cache = cache if cache.is_absolute() else repo / cache
    assert cache.is_file()
    assert read_history(repo / "dossier", preset()).computed == 0  # all from the cache
    cache.unlink()
    again = tmp_path / "again"
    build(repo, again, repo_url=REPO_URL)
    for rel in ("updates/index.html", "updates/feed.xml", "organisations/big-idea/index.html", "index.html"):
        assert (site / rel).read_bytes() == (again / rel).read_bytes(), rel


def test_without_git_the_build_says_so_once_as_information(starter, tmp_path):
    messages = build(starter, tmp_path / "site")
    notes = [(level, text) for level, text in messages if "history" in text]
    assert notes == [(logging.INFO, "dossier: no git repository (or no git): pages show no history")]
    html = page_file(tmp_path / "site", "organisations/pact/").read_text(encoding="utf-8")
    assert 'id="history"' not in html
    updates = article(page_file(tmp_path / "site", "updates/").read_text(encoding="utf-8"))
    assert "This site was built without a history: no git repository" in updates
    feed = ET.parse(tmp_path / "site" / "updates" / "feed.xml").getroot()
    assert feed.find(f"{ATOM}updated").text == "1970-01-01T00:00:00Z" and not feed.findall(f"{ATOM}entry")


def test_a_shallow_clone_says_so_and_builds(built, tmp_path):
    repo, _, _ = built
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True, capture_output=True)
    messages = build(clone, tmp_path / "site")
    assert any(level == logging.INFO and "shallow git clone" in text for level, text in messages)
    assert 'id="history"' not in page_file(tmp_path / "site", "organisations/big-idea/").read_text(encoding="utf-8")


def test_history_false_turns_it_off(built, tmp_path):
    repo, _, _ = built
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    (repo / "mkdocs.yml").write_text(config.replace("dossier_dir: dossier", "dossier_dir: dossier\n      history: false"))
    try:
        messages = build(repo, tmp_path / "site")
    finally:
        (repo / "mkdocs.yml").write_text(config)
    assert (logging.INFO, "dossier: the history is turned off (history: false)") in messages
    assert 'id="history"' not in page_file(tmp_path / "site", "organisations/big-idea/").read_text(encoding="utf-8")


def test_history_and_updates_html_is_what_the_sanitizer_keeps(built):
    """Like every generated part, the History list and the Updates page need no sanitizing pass."""
    from dossierkit.render.sanitize import sanitize_html

    _, site, _ = built
    html = article(page_file(site, "organisations/big-idea/").read_text(encoding="utf-8"))
    start = html.index('<h2 data-search-exclude="" id="history"')
    part = html[html.index("<ul>", start):html.index("</ul>", start) + 5]
    assert sanitize_html(part) == part
    updates = article(page_file(site, "updates/").read_text(encoding="utf-8"))
    for part in updates.split("<ul>")[1:]:
        part = "<ul>" + part[:part.index("</ul>") + 5]
        assert sanitize_html(part) == part


def test_contributed_words_are_escaped_on_the_page_and_in_the_feed(tmp_path):
    repo = tmp_path / "repo"
    make_repo(repo)
    hostile = '<script>alert(1)</script> ]]> & "q" [x](javascript:alert(1))'
    path = repo / "dossier" / "actors" / "land-a.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: Land A", f"name: '{hostile}'")
                    + "claims:\n  - text: '" + hostile + "'\n    confidence: reported\n    sources: [src-one]\n",
                    encoding="utf-8")
    git(repo, "commit", "-qam", "hostile words", date="2025-08-01T09:00:00Z")
    build(repo, tmp_path / "site")
    page = article(page_file(tmp_path / "site", "updates/").read_text(encoding="utf-8"))
    assert "<script" not in page and 'href="javascript' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    feed = ET.parse(tmp_path / "site" / "updates" / "feed.xml").getroot()
    title = feed.find(f"{ATOM}entry/{ATOM}title").text
    assert title == f"{hostile}: 1 claim added; name “Land A” → “{hostile}”"  # the text itself, unescaped by the parser


def test_a_change_of_position_is_news_in_the_diff_the_updates_page_and_the_feed(tmp_path, capsys, monkeypatch):
    from dossierkit.cli.main import main

    repo = tmp_path / "repo"
    make_repo(repo)
    land_a = repo / "dossier/actors/land-a.yml"
    position = ("positions:\n  - target: big-idea\n    position: {value}\n    date: {date}\n"
                "    office: \"Foreign ministry\"\n    confidence: reported\n    sources:\n"
                "      - source: {source}\n        quote: \"{quote}\"\n")
    land_a.write_text(land_a.read_text(encoding="utf-8") + position.format(
        value="supports", date="2025-06", source="src-one", quote="Land A backs the idea."), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "land-a supports the big idea", date="2025-07-01T09:00:00Z")
    land_a.write_text(land_a.read_text(encoding="utf-8") + position.format(
        value="opposes", date="2025-08", source="src-two", quote="Land A now rejects <b>the idea</b>.")
        .removeprefix("positions:\n"), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "land-a turns against it", date="2025-09-01T09:00:00Z")

    monkeypatch.chdir(repo)
    assert main(["diff", "HEAD~2", "HEAD"]) == 0
    monkeypatch.undo()
    out = capsys.readouterr().out
    assert "position taken: Supports on The Big Idea (June 2025, said by Foreign ministry)" in out
    assert "position taken: Opposes on The Big Idea (August 2025, said by Foreign ministry)" in out

    site = tmp_path / "site"
    build(repo, site)
    html = article(page_file(site, "updates/").read_text(encoding="utf-8"))
    first_day = html.split("<h2")[1]
    assert "1 September 2025" in first_day  # the newest day first: the change of position leads the page
    assert ('<a href="../actors/land-a/">Land A</a> — position taken: Opposes on The Big Idea '
            '(August 2025, said by Foreign ministry)') in first_day
    feed = ET.parse(site / "updates" / "feed.xml").getroot()
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert any("position taken: Opposes on The Big Idea" in (t or "") for t in titles), titles
