"""``dossier check-sources`` across runs: the cache, ``--offline``, ``--changed-only`` and the output formats."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from dossierkit.cli.main import main
from dossierkit.sourcecheck.pages import Cache, Page
from sourceserver import offline_network, page, server, slow  # noqa: F401
from test_check_sources import ARTICLE, finding, project, source_record  # noqa: F401

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")


def test_reruns_use_the_cache_and_offline_uses_nothing_else(project):
    project.server.routes["/art"] = page(ARTICLE)
    project.source("src-art", project.server.url("/art"))
    project.cite("quoted", {"source": "src-art", "quote": "regional security system"})
    code, first = project.check()
    assert code == 0 and sorted(project.server.paths()) == ["/art", "/one", "/two"]
    assert len(list(project.cache.glob("*.json"))) == 3

    project.server.routes.clear()  # the server now answers 404 to everything
    code, again = project.check()
    assert code == 0 and len(project.server.hits) == 3, "a fresh cache entry is not fetched again"
    assert again == first  # the same report, byte for byte (fetch times come from the cache)

    project.source("src-new", project.server.url("/new"))
    project.cite("quoted-new", {"source": "src-new", "quote": "anything"})
    code, offline = project.check("--offline", allow=False)
    assert code == 0 and len(project.server.hits) == 3, "--offline makes no request"
    assert source_record(offline, "src-art")["quotes"][0]["status"] == "found"
    new = source_record(offline, "src-new")
    assert new["status"] == "not-checked" and new["quotes"][0]["status"] == "not-checked"
    assert "not in the cache, and --offline fetches nothing" in finding(offline, "not-checked")["message"]


def test_a_stale_or_damaged_cache_entry_is_fetched_again(project):
    project.check()
    cache = Cache(project.cache)
    one = cache.get(project.server.url("/one"))
    old = (datetime.now(timezone.utc) - timedelta(days=8)).replace(microsecond=0).isoformat()
    cache.put(Page(**{**one.__dict__, "fetched": old}))
    cache._path(project.server.url("/two")).write_text("{not json", encoding="utf-8")
    project.server.hits.clear()
    code, report = project.check()
    assert code == 0 and sorted(project.server.paths()) == ["/one", "/two"]
    assert source_record(report, "src-one")["fetched"] != old


def test_timeouts_and_refusals_are_not_cached(project):
    project.check(allow=False)  # refused: loopback without --allow-host
    assert list(project.cache.glob("*.json")) == []


def test_a_cache_file_for_another_address_is_ignored(tmp_path):
    cache = Cache(tmp_path)
    cache.put(Page("https://a.example/", "ok", "https://a.example/", 200, "HTTP 200", "text", "2026-01-01T00:00:00+00:00"))
    forged = cache._path("https://b.example/")
    forged.write_text(cache._path("https://a.example/").read_text(encoding="utf-8"), encoding="utf-8")
    assert cache.get("https://a.example/").text == "text"
    assert cache.get("https://b.example/") is None


def test_nothing_new_is_fetched_after_the_overall_time_limit(project):
    project.server.routes["/a"] = slow(1, page("<p>a</p>"))
    project.source("src-a", project.server.url("/a"))
    project.cite("quoted", {"source": "src-a"})
    code, report = project.check("--jobs", "1", "--total-timeout", "0.3")
    assert code == 0 and project.server.paths() == ["/a"]
    assert source_record(report, "src-a")["status"] == "reachable"  # the request under way finishes
    for sid in ("src-one", "src-two"):
        record = source_record(report, sid)
        assert (record["status"], record["reason"]) == ("not-checked", "the overall time limit was reached first")


def test_an_unexpected_failure_on_one_page_does_not_stop_the_others(project, monkeypatch):
    from dossierkit.sourcecheck import pages

    real_fetch = pages.fetch

    def fetch(url, *args, **kwargs):
        if url.endswith("/one"):
            raise RuntimeError("a bug the page found")
        return real_fetch(url, *args, **kwargs)
    monkeypatch.setattr(pages, "fetch", fetch)
    code, report = project.check()
    assert code == 0
    one = source_record(report, "src-one")
    assert (one["status"], one["reason"]) == ("unreachable", "the checker failed on this page (RuntimeError: a bug the "
                                                              "page found)")
    assert source_record(report, "src-two")["status"] == "reachable"


def test_the_default_cache_is_refused_behind_a_symbolic_link(project, tmp_path, capsys):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project.entries.root / "build").symlink_to(elsewhere, target_is_directory=True)
    assert main(["check-sources", "--offline"]) == 2
    assert "build/source-cache or its folder is a symbolic link" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []
    assert main(["check-sources", "--offline", "--cache", str(tmp_path / "cache")]) == 0  # a folder given is used


# --- --changed-only ---------------------------------------------------------------------


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    done = subprocess.run([GIT, *args], cwd=root, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def repo(project, monkeypatch):
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = project.entries.root
    for n in range(3):
        project.server.routes[f"/p{n}"] = page(f"<p>page {n}</p>")
        project.source(f"src-p{n}", project.server.url(f"/p{n}"))
    project.cite("cites-all", *({"source": f"src-p{n}"} for n in range(3)))
    project.cite("cites-p1", {"source": "src-p1", "quote": "page 1"})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def checked_ids(report: dict) -> list[str]:
    return sorted(s["id"] for s in report["sources"])


@needs_git
def test_changed_only_checks_what_a_change_touches(project, repo):
    base = git(repo, "rev-parse", "HEAD")
    # a committed change: a new source, cited by a changed entry
    project.server.routes["/p3"] = page("<p>page 3</p>")
    project.source("src-p3", project.server.url("/p3"))
    project.cite("cites-p3", {"source": "src-p3", "quote": "page 3"}, {"source": "src-p0"})
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "change")
    code, report = project.check("--changed-only")  # base: HEAD~1 (no origin/main here)
    assert code == 0 and report["scope"] == "changed"
    assert checked_ids(report) == ["src-p0", "src-p3"]
    assert [q["path"] for s in report["sources"] for q in s["quotes"]] == ["dossier/events/cites-p3.yml"]

    # uncommitted edits count too: the source src-p1 changes address; every quote of it is checked again
    project.server.routes["/p1-new"] = page("<p>page 1, moved</p>")
    project.source("src-p1", project.server.url("/p1-new"))
    code, report = project.check("--changed-only", "--base", base)
    assert checked_ids(report) == ["src-p0", "src-p1", "src-p3"]
    p1 = source_record(report, "src-p1")
    assert [q["path"] for q in p1["quotes"]] == ["dossier/events/cites-p1.yml"] and p1["quotes"][0]["status"] == "found"


@needs_git
def test_changed_only_uses_the_merge_base_with_origin_main(project, repo):
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(repo, "checkout", "-q", "-b", "topic")
    project.source("src-p2", project.server.url("/p2") + "?v=2")
    project.server.routes["/p2?v=2"] = page("<p>page 2</p>")
    git(repo, "commit", "-q", "-am", "one")
    project.cite("cites-p1", {"source": "src-p1", "quote": "page 1"}, {"source": "src-p0"})
    git(repo, "commit", "-q", "-am", "two")
    code, report = project.check("--changed-only")
    assert checked_ids(report) == ["src-p0", "src-p1", "src-p2"]  # both commits since the merge base


@needs_git
def test_changed_only_with_nothing_changed_checks_nothing(project, repo):
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    code, report = project.check("--changed-only")
    assert code == 0 and report["sources"] == [] and project.server.hits == []


@needs_git
@pytest.mark.parametrize("args, message", [
    (["--changed-only", "--base", "no-such-rev"], "is not a commit of this repository"),
    (["--changed-only", "--base=--output=x"], "is not a revision"),
    (["--base", "HEAD"], "--base goes with --changed-only"),
])
def test_changed_only_usage_errors(project, repo, capsys, args, message):
    assert main(["check-sources", *args]) == 2
    assert message in capsys.readouterr().err


def test_changed_only_outside_a_repository_is_a_usage_error(project, capsys, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(project.entries.root.parent))
    assert main(["check-sources", "--changed-only"]) == 2
    expected = "needs git, which is not installed" if GIT is None else "needs a git repository"
    assert expected in capsys.readouterr().err


# --- formats ------------------------------------------------------------------------------


def test_the_three_formats_say_the_same_thing(project):
    project.server.routes["/art"] = page(ARTICLE)
    project.source("src-art", project.server.url("/art"))
    project.cite("quoted", {"source": "src-art", "quote": "the beginning of a comprehensive regional security system"},
                 {"source": "src-art", "quote": "a sentence the page never had"})
    code_json, report = project.check()
    code_text, text = project.check(fmt="text")
    code_github, github = project.check(fmt="github")
    assert code_json == code_text == code_github == 1

    findings = report["findings"]
    assert [f["code"] for f in findings] == ["quote-found", "quote-missing", "reachable", "reachable", "reachable"]
    assert set(report) == {"format", "scope", "summary", "sources", "findings"}
    assert report["summary"]["sources"]["reachable"] == 3 and report["summary"]["quotes"]["missing"] == 1
    assert (report["summary"]["errors"], report["summary"]["warnings"]) == (1, 0)

    text_lines, github_lines = text.splitlines(), github.splitlines()
    assert text_lines[-1] == github_lines[-1] == \
        "3 source(s) checked: 3 reachable; 2 quote(s): 1 found, 1 not found; 1 error(s), 0 warning(s)"
    for f, line, annotation in zip(findings, text_lines, github_lines):
        assert line == f"{f['path']}:{f['line']}:{f['column']}: {f['severity']}: {f['message']}"
        level = {"error": "error", "warning": "warning", "note": "notice"}[f["severity"]]
        assert annotation.startswith(f"::{level} file={f['path']},line={f['line']},col={f['column']},"
                                     "title=dossier check-sources::")
    assert text_lines[1].startswith("dossier/events/quoted.yml:11:5: error: quote not found on")
    json.dumps(report)  # plain data
