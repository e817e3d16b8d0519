"""Finding ``[[id]]`` links: the same links, lines and columns as counting every link from the text's start."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from dossierkit.loading.wikilinks import WIKILINK_RE, code_ranges, find_wikilinks, replace_wikilinks


def links_counted_from_the_start(text: str) -> list[tuple]:
    """find_wikilinks as first written: each link's line and column counted from the start of the text."""
    if "[[" not in text:
        return []
    code = code_ranges(text)
    found = []
    for m in WIKILINK_RE.finditer(text):
        if any(a <= m.start() < b for a, b in code):
            continue
        line_offset = text.count("\n", 0, m.start())
        column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        label = m.group(2).strip() if m.group(2) else None
        found.append((m.group(1).strip(), label, line_offset, column, m.start(), m.end()))
    return found


_PIECES = st.sampled_from(["[[", "]]", "[[iran]]", "[[ land-a | Land A ]]", "|", "\n", "\n\n", "`", "``", "```\n",
                           "~~~\n", "    ", "x", "word ", "[[a\nb]]", "[", "]", "é", "[[x|]]"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_links_lines_and_columns_are_those_counted_from_the_start(text):
    assert [tuple(link) for link in find_wikilinks(text)] == links_counted_from_the_start(text)


def test_a_link_on_a_later_line_after_code():
    text = "intro `[[not-a-link]]`\n```\n[[nor-this]]\n```\nsee [[iran|Iran]] and\n  [[land-a]]"
    found = list(find_wikilinks(text))
    assert [(w.target, w.label, w.line_offset, w.column) for w in found] == [("iran", "Iran", 4, 5), ("land-a", None, 5, 3)]
    assert replace_wikilinks(text, lambda w: w.target.upper()) == text.replace("[[iran|Iran]]", "IRAN").replace(
        "[[land-a]]", "LAND-A")
