"""Timeline, glossary tooltips and relationship graphs, checked in real builds."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from dossierkit import load_dossier
from dossierkit.render.graph import neighbourhood_html, network_svg
from dossierkit.render.tooltips import Glossary
from sitebuild import ROOT, article, build_site, page_file, parse_text, resolve


def event_divs(html: str) -> list[tuple[str, dict]]:
    """(tag, attributes) of every timeline event block, in page order."""
    return [(t, a) for t, a in parse_text(html).tags if a.get("class") == "dossier-event"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The starter project plus entries that exercise tooltips, built once."""
    project = tmp_path_factory.mktemp("tgg") / "p"
    shutil.copytree(ROOT / "tests" / "fixtures" / "starter", project)
    (project / "dossier" / "actors" / "land-e.yml").write_text(
        "id: land-e\nname: Land E\ntype: state\nsummary: Signed the TP once.\nsources: [src-one]\nbody: |\n"
        "  The TP matters. Code `TP` stays code. A [link about TP](https://example.org/) stays a link.\n\n"
        "  ## TP in a heading\n\n  Land E signed a Pact; the pact (lower case) is a common word.\n"
        "  The Pact is the organisation's own name.\n"
        "relations:\n  - type: rival_of\n    target: land-a\n    note: Disagreed over the TP\n"
        "  - type: party_to\n    target: pact\n    status: signed\n"
        "  - type: party_to\n    target: big-idea\n    status: proposed\nas_of: 2026-11-30\n", encoding="utf-8")
    (project / "dossier" / "actors" / "land-f.yml").write_text(
        "id: land-f\nname: Land F\ntype: state\nsummary: Stays out.\nsources: [src-one]\n"
        "relations:\n  - type: non_member_of\n    target: pact\n", encoding="utf-8")
    (project / "dossier" / "events" / "same-day.yml").write_text(
        "id: same-day\ntitle: Another event on the signing day\ndate: 2025-09-17\nsummary: Same day as the TP.\n"
        "participants: [land-e]\ntags: [diplomacy]\nconfidence: reported\nsources: [src-one]\n", encoding="utf-8")
    site = project / "site"
    assert build_site(project, site) == []
    return project, site


def test_timeline_orders_mixed_precisions_and_keeps_same_day_events_apart(built):
    _project, site = built
    html = article(page_file(site, "events/").read_text(encoding="utf-8"))
    assert [a["id"] for _t, a in event_divs(html)] == [
        "event-year-event", "event-pact-signed", "event-same-day", "event-idea-floated"]
    assert [a["data-year"] for t, a in parse_text(html).tags if t == "h2" and "data-year" in a] == ["2025", "2026"]


def test_each_event_carries_its_filter_groups(built):
    project, site = built
    dossier = load_dossier(project / "dossier", root=project)
    html = article(page_file(site, "events/").read_text(encoding="utf-8"))
    groups_of = {a["id"]: a["data-groups"].split() for _t, a in event_divs(html)}
    for event in dossier.events:
        groups = groups_of[f"event-{event.id}"]
        for pid in event.data.get("participants", ()):
            assert f"id:{pid}" in groups
        for tag in event.tags:
            assert f"tag:{tag}" in groups
    options = re.findall(r'<option value="([^"]*)"', html)
    assert {"id:land-a", "id:land-b", "id:land-e", "id:person-c", "tag:diplomacy", "id:pact"} <= set(options)


def test_timeline_filter_is_hidden_without_javascript(built):
    _project, site = built
    html = article(page_file(site, "events/").read_text(encoding="utf-8"))
    (attrs,) = [a for t, a in parse_text(html).tags if a.get("class") == "dossier-timeline-filter"]
    assert "hidden" in attrs


def test_entity_page_carries_its_slice_of_the_timeline(built):
    _project, site = built
    html = article(page_file(site, "actors/land-b/").read_text(encoding="utf-8"))
    section = html[html.index('id="timeline"'):]
    assert section.index("year-event") < section.index("pact-signed")


def test_timeline_json(built):
    _project, site = built
    text = (site / "events" / "timeline.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["version"] == 1
    assert [e["id"] for e in data["events"]] == ["year-event", "pact-signed", "same-day", "idea-floated"]
    first = data["events"][0]
    assert first["date"] == {"value": "2025", "precision": "year", "approximate": True, "text": "c. 2025"}
    assert data["events"][-1]["date"]["text"] == "June 2026"
    assert first["url"] == "events/year-event/"
    assert data["entities"]["land-a"] == {"kind": "actor", "label": "Land A", "url": "actors/land-a/"}
    assert set(first) == {"id", "title", "summary", "date", "end", "status", "confidence", "participants",
                          "concerns", "tags", "location", "sources", "url"}


def test_timeline_ics(built):
    _project, site = built
    ics = (site / "events" / "timeline.ics").read_bytes().decode("utf-8")
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.endswith("END:VCALENDAR\r\n")
    assert ics.count("BEGIN:VEVENT") == 4
    assert "DTSTART;VALUE=DATE:20260601\r\nDTEND;VALUE=DATE:20260701" in ics  # June 2026 spans the month
    assert "SUMMARY:The idea is floated (date: June 2026)" in ics
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))


def test_glossary_lists_terms_with_anchors(built):
    _project, site = built
    html = article(page_file(site, "terms/").read_text(encoding="utf-8"))
    assert 'id="term-pact-term"' in html
    term_page = article(page_file(site, "terms/pact-term/").read_text(encoding="utf-8"))
    assert 'href="../#term-pact-term"' in term_page


def test_tooltips_in_text_but_not_in_code_links_or_headings(built):
    _project, site = built
    html = article(page_file(site, "actors/land-e/").read_text(encoding="utf-8"))
    abbr = '<abbr class="dossier-term" title="Pact: A signed agreement between states.">'
    assert f"The {abbr}TP</abbr> matters." in html
    assert "<code>TP</code>" in html
    assert ">link about TP</a>" in html
    assert re.search(r"<h2[^>]*>TP in a heading", html)
    assert f"signed a {abbr}Pact</abbr>; the pact (lower case)" in html  # one-word terms match their case
    assert "The Pact is the organisation" in html  # inside a name (the organisation's): no tooltip
    assert "<h1" in html and abbr + "Land" not in html


def test_tooltips_in_generated_lists(built):
    """Relation notes and timeline summaries are written as ready-made HTML
    (after Python-Markdown and the page-wide tooltip pass): they still get tooltips."""
    _project, site = built
    abbr = '<abbr class="dossier-term" title="Pact: A signed agreement between states.">'
    html = article(page_file(site, "actors/land-e/").read_text(encoding="utf-8"))
    assert f'<a href="../land-a/">Land A</a> · Disagreed over the {abbr}TP</abbr>' in html
    timeline = article(page_file(site, "events/").read_text(encoding="utf-8"))
    assert f"Same day as the {abbr}TP</abbr>." in timeline


def test_every_placeholder_is_filled_and_lists_stay_out_of_search(built):
    _project, site = built
    for page in site.rglob("*.html"):
        assert "dossier-slot" not in page.read_text(encoding="utf-8"), page
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    land_e = [d for d in index if d["location"].startswith("actors/land-e/")]
    assert any("Signed the TP once." in d["text"] for d in land_e)  # summary and body are searchable
    assert not any("Disagreed over" in d["text"] for d in index)  # the relations list is not
    timeline = [d for d in index if d["location"].split("#")[0] == "events/"]
    assert timeline and not any("Same day as the" in d["text"] for d in timeline)  # nor the timeline's events
    assert any("Same day as the" in d["text"] for d in index if d["location"].startswith("events/same-day/"))


def test_tooltips_on_hand_written_pages(built):
    _project, site = built
    home = article((site / "index.html").read_text(encoding="utf-8"))
    assert '<a href="organisations/pact/">The Pact</a>' in home  # inside a link: untouched


def test_entity_graph_links_every_neighbour(built):
    project, site = built
    dossier = load_dossier(project / "dossier", root=project)
    for entry in dossier:
        html = page_file(site, f"{entry.kind.folder}/{entry.id}/").read_text(encoding="utf-8")
        neighbours = {v.other for v in dossier.relations_of(entry.id)} | {
            r for r in dossier.backlinks.get(entry.id, []) if dossier.entries[r].kind.name not in ("event", "source")}
        if entry.kind.name == "event":  # an event's graph shows who took part and what it concerns
            neighbours |= set(entry.data.get("participants", ())) | set(entry.data.get("concerns", ()))
        neighbours.discard(entry.id)
        if not neighbours:
            assert "dossier-graph-fan" not in html
            continue
        fan = html[html.index('<figure class="dossier-graph dossier-graph-fan"'):]
        fan = fan[:fan.index("</figure>")]
        ids = set(re.findall(r'data-id="([a-z0-9-]+)"', fan))
        assert ids == neighbours | {entry.id}, entry.id
        url = f"{entry.kind.folder}/{entry.id}/"
        for href, node_id in re.findall(r'<a href="([^"]+)" data-id="([^"]+)"', fan):
            other = dossier.entries[node_id]
            assert resolve(url, href)[0] == f"{other.kind.folder}/{other.id}/"
            assert page_file(site, resolve(url, href)[0]).exists()


def test_network_page(built):
    project, site = built
    dossier = load_dossier(project / "dossier", root=project)
    html = (site / "graph" / "index.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'data-id="([a-z0-9-]+)"', html))
    linked = {r.subject for r in dossier.relations} | {r.object for r in dossier.relations}
    expected = {i for i in linked if dossier.entries[i].kind.name in ("actor", "organisation", "obstacle")}
    assert ids == expected
    edges = html[html.index('<g class="dossier-edges">'):html.index('<g class="dossier-nodes">')]
    # Each edge drawn in the style of its status's lifecycle group; negative relations apart.
    assert "dossier-edge-agreed" in edges and "dossier-edge-idea" in edges and "dossier-edge-negative" in edges
    legend = html[html.index('class="dossier-graph-legend"'):]
    assert "Agreed" in legend and "Idea or proposal" in legend and "Negative relation" in legend
    assert "Ended" not in legend  # the legend lists only what is drawn
    assert "data-search-exclude" in html


def test_graph_and_tooltips_are_deterministic_and_escaped(starter):
    (starter / "dossier" / "actors" / "land-b.yml").write_text(
        "id: land-b\nname: \"<b>B</b> & 'co'\"\ntype: state\nsummary: x\nsources: [src-one]\n", encoding="utf-8")
    dossier = load_dossier(starter / "dossier", root=starter)
    href = lambda e: f"/{e.id}/"  # noqa: E731
    one = neighbourhood_html(dossier, "land-a", href)
    assert one == neighbourhood_html(load_dossier(starter / "dossier", root=starter), "land-a", href)
    assert network_svg(dossier, href) == network_svg(dossier, href)
    assert "<b>" not in one and "&lt;b&gt;B&lt;/b&gt; &amp; 'co'" in one
    parse_text(one)  # well-formed enough for an HTML parser


def test_glossary_matching_rules(starter):
    (starter / "dossier" / "terms" / "cd.yml").write_text(
        "id: cd\nterm: Collective defence\ndefinition: \"An attack on one is an attack on all <script>.\"\n"
        "aliases: [NATO-style]\n", encoding="utf-8")
    g = Glossary(load_dossier(starter / "dossier", root=starter))
    out = g.mark("<p>collective defence and Collective  defence; tp is not TP.</p><pre><code>TP</code></pre>")
    assert out.count("<abbr") == 2  # "Collective  defence" (two spaces) and lower-case "tp" do not match
    assert 'title="Collective defence: An attack on one is an attack on all &lt;script&gt;."' in out
    assert "<pre><code>TP</code></pre>" in out
    assert g.mark("<p>TP-style</p>").count("<abbr") == 1


def test_timeline_grouped_by_era_when_the_dossier_defines_eras(starter, tmp_path):
    config = (starter / "mkdocs.yml").read_text()
    (starter / "mkdocs.yml").write_text(config.replace(
        "      dossier_dir: dossier\n",
        "      dossier_dir: dossier\n      eras:\n"
        "        - {title: After the pact, start: 2025-09-17}\n"
        "        - {title: Before the pact, start: 2000, end: 2025-09-16}\n"))
    assert build_site(starter, tmp_path / "site") == []
    html = article(page_file(tmp_path / "site", "events/").read_text(encoding="utf-8"))
    headings = [(t, a.get("data-era", a.get("data-year"))) for t, a in parse_text(html).tags
                if t in ("h2", "h3") and ("data-era" in a or "data-year" in a)]
    # c. 2025 (a year) starts before 17 September 2025, so it opens the earlier era.
    assert headings == [("h2", "Before the pact"), ("h3", "2025"), ("h2", "After the pact"), ("h3", "2025"), ("h3", "2026")]
    order = [a["id"] for _t, a in event_divs(html)]
    assert order == ["event-year-event", "event-pact-signed", "event-idea-floated"]


def test_eras_are_checked(starter, tmp_path):
    from mkdocs.exceptions import Abort, PluginError

    config = (starter / "mkdocs.yml").read_text()
    (starter / "mkdocs.yml").write_text(config.replace(
        "      dossier_dir: dossier\n", "      dossier_dir: dossier\n      eras:\n        - {title: Bad, start: \"2025-02-30\"}\n"))
    with pytest.raises((Abort, PluginError)):
        build_site(starter, tmp_path / "site")


def test_tooltips_leave_character_references_whole(starter):
    """A term spelled like an entity name ("amp", "gt") or number is not marked inside ``&amp;`` or ``&#39;``."""
    (starter / "dossier" / "terms" / "amp.yml").write_text(
        "id: amp\nterm: amp\ndefinition: An abbreviation that looks like an entity name.\naliases: [gt, \"39\"]\n",
        encoding="utf-8")
    glossary = Glossary(load_dossier(starter / "dossier", root=starter))
    assert glossary.mark("<p>Tom &amp; Jerry &gt; amp &#39;quoted&#39; 39</p>") == (
        '<p>Tom &amp; Jerry &gt; <abbr class="dossier-term" title="amp: An abbreviation that looks like an entity name.">'
        'amp</abbr> &#39;quoted&#39; <abbr class="dossier-term" title="amp: An abbreviation that looks like an entity '
        'name.">39</abbr></p>')
