"""Name rules, front matter and CSV cells, one function at a time (issue 18).

The same rules are exercised end to end by the hostile corpus
(``tests/hostile/``); here each is pinned down on its own, including the
cases the corpus cannot reach (a CSV cell can only start with an invisible
character if validation let one through).
"""

from __future__ import annotations

import yaml
from hypothesis import given, settings, strategies as st
from mkdocs.utils.meta import get_data

from dossierkit.loading.names import device_name, file_name_problem, first_invisible, fold, url_authority_problem
from dossierkit.outputs.dataset import _cell
from dossierkit.render.front_matter import check_front_matter, escape_meta, split_front_matter


def test_reserved_device_names_in_any_case_and_with_any_extension():
    for name in ("con", "NUL", "Aux.md", "prn.tar.gz", "com1", "COM9.yml", "lpt1", "lpt9.txt", "com\u00b9", "conin$",
                 "aux .txt"):
        assert device_name(name), name
    for name in ("console", "nullify", "com10", "lpt0", "auxiliary", "con-a", "a.con"):
        assert not device_name(name), name


def test_file_names_that_break_a_checkout():
    assert "reserved device name" in file_name_problem("Nul.md")
    assert "ending in a dot or a space" in file_name_problem("page.")
    assert "ending in a dot or a space" in file_name_problem("page ")
    assert "'|'" in file_name_problem("a|b.md")
    assert "U+200B ZERO WIDTH SPACE" in file_name_problem("Ir\u200ban.md")
    assert file_name_problem("overview.md") is None and file_name_problem("فارسی.md") is None


def test_invisible_characters_and_the_marks_scripts_need():
    for text in ("Ir\u200ban", "a\u2060b", "soft\u00adhyphen", "tag\U000E0041", "bom\ufeff", "\u3164", "x\u034fy",
                 "\u2062", "\U0001D173"):
        assert first_invisible(text) is not None, repr(text)
    # ZWNJ (Persian), ZWJ (emoji, Indic), LRM/RLM/ALM, variation selectors, visible prepended marks
    for text in ("می\u200cخواهم", "👩\u200d💻", "a\u200eb\u200fc\u061cd", "❤\ufe0f", "\u0600١", "plain ascii"):
        assert first_invisible(text) is None, repr(text)


def test_addresses_with_credentials_or_a_hidden_host():
    assert "user name or password" in url_authority_problem("https://user:pass@example.org/")
    assert "user name or password" in url_authority_problem("https://trusted.example@evil.example/")
    assert "backslash" in url_authority_problem("https://trusted.example\\@evil.example/")
    assert url_authority_problem("https://example.org/mail@example.org?a=b@c#d@e") is None


def test_names_fold_as_case_insensitive_file_systems_compare_them():
    assert fold("Actors") == fold("actors") and fold("cafe\u0301") == fold("café")


def test_csv_cells_that_a_spreadsheet_would_run():
    for text in ("=1+1", "+1", "-1", "@SUM(1)", "\t=1", "\r=1", "\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20x",
                 "\ufe62x", "\ufe66x", "\u200b=1", "\u2060+1", "  =1", "\u00a0@x", "\ufeff-1"):
        assert _cell(text) == "'" + text, repr(text)
    for text in ("plain", "a=b", "1-2", "\u2212x", "", "(=)"):
        assert _cell(text) == text, repr(text)


# ------------------------------------------------------------- front matter

def test_front_matter_allows_only_a_few_keys_located():
    page = "---\ntitle: Fine\ntemplate: redirect.html\nsearch: {exclude: true}\n---\n\n# Page\n"
    problems = check_front_matter(page, "docs/p.md")
    assert [p.format() for p in problems] == [
        "docs/p.md:3:1: error: front matter: 'template' is not allowed; pages may set: title, description, author, "
        "hide, search"]


def test_multimarkdown_metadata_is_checked_too():
    problems = check_front_matter("Template: redirect.html\nTitle: x\n\n# Page\n", "docs/p.md")
    assert [(p.line, p.column) for p in problems] == [(1, 1)] and "'Template' is not allowed" in problems[0].message


def test_escaped_metadata_keeps_only_allowed_typed_values():
    meta = yaml.safe_load("title: \"</title><script>x</script>\"\ndescription: '\"><b>'\ntemplate: redirect.html\n"
                          "location: javascript:alert(1)\nhide: [toc, bogus]\nsearch: {boost: '2', exclude: yes}\n"
                          "author: [not, text]\n")
    assert escape_meta(meta) == {"title": "&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;",
                                 "description": "&quot;&gt;&lt;b&gt;", "hide": ["toc"],
                                 "search": {"exclude": True, "boost": 2.0}}


# Pages built from the pieces that metadata is made of.
TEXT = st.lists(st.sampled_from(["---", "...", "\n", "\n\n", "title: ", "Title:", "    ", "\t", "a", "x: 1", "- b",
                                 "{", "}", "[", "]", "'", '"', "#", " ", ":", "\r\n", "---\n", "key: value\n"]),
                max_size=25).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_front_matter_is_found_exactly_where_mkdocs_finds_it(page):
    """No metadata can hide from the check: the body after it is MkDocs' own body."""
    body, data = get_data(page)
    fm = split_front_matter(page)
    if data:  # whatever MkDocs reads as metadata, the check reads too, and both agree where the page starts
        assert fm.style and fm.body == body
    if fm.style == "multimarkdown":
        assert data


def test_dossier_new_refuses_device_names_and_a_trailing_newline(starter, capsys):
    from dossierkit.cli.main import main

    for bad in ("con", "com1", "land-z\n"):
        assert main(["new", "actor", bad, "-f", str(starter / "mkdocs.yml")]) == 1
    assert "'con' is a reserved device name on Windows" in capsys.readouterr().err
    assert sorted(p.name for p in (starter / "dossier" / "actors").iterdir()) == ["land-a.yml", "land-b.yml",
                                                                                "person-c.yml"]


def _collisions_folding_everything(written, generated, use_directory_urls):
    """The collision check as it was before it looked only under hand-written files' first folders."""
    from dossierkit.project.checks import BUILT_NAMES, _prefixes, site_path

    spellings = {}
    for src in generated:
        for prefix in _prefixes(site_path(src, use_directory_urls)):
            spellings.setdefault(fold(prefix), (prefix, None))
    for name in BUILT_NAMES:
        spellings.setdefault(fold(name), (name, None))
    generated_pages = {site_path(src, use_directory_urls) for src in generated}
    found = []
    for src, where in written:
        dest = site_path(src, use_directory_urls)
        if dest in generated_pages:
            found.append((where, "generated"))
            continue
        for prefix in _prefixes(dest):
            spelling, owner = spellings.setdefault(fold(prefix), (prefix, where))
            if spelling != prefix:
                found.append((where, prefix, spelling, owner))
                break
    return found


_NAME = st.sampled_from(["actors", "Actors", "ACTORS", "iran", "Iran", "index", "README", "caf\u00e9", "cafe\u0301",
                         "Stra\u00dfe", "strasse", "graph", "Graph", "assets", "Search", "x"])
_PATH = st.lists(_NAME, min_size=1, max_size=3).map("/".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PATH, max_size=8), st.lists(_PATH, max_size=8), st.booleans(), st.booleans())
def test_collisions_found_under_first_folders_only_are_those_found_folding_everything(written, generated, md_w,
                                                                                       urls):
    from dossierkit.project.checks import check_collisions

    written = {path + (".md" if md_w else ".png"): f"docs/{path}" for path in written}
    generated = sorted({path + ".md" for path in generated})
    problems = check_collisions(written, generated, urls)
    expected = _collisions_folding_everything(tuple(sorted(written.items())), generated, urls)
    assert [p.path for p in problems] == [e[0] for e in expected]
    for problem, found in zip(problems, expected):
        if found[1] == "generated":
            assert "has the path of a generated page" in problem.message
        else:
            assert f"{found[1]!r} differs only in case from" in problem.message and repr(found[2]) in problem.message
