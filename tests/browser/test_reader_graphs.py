"""Graphs as a reader sees them, in Chromium at 1280 and 390 pixels (issue 16).

Neighbourhood graphs keep their label size and take the height of their
rows; an event's graph shows its participants; lifecycle groups and
negative relations are drawn in distinct, labelled styles.  The Network
page zooms, pans, filters and highlights, keeps its labels apart, stays
readable on a phone, and has a list form.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

ROW = 28  # px: the fan's rows (render/graph_fan.py)


def fan_metrics(page) -> dict:
    """Sizes of the neighbourhood graph on the page: rows, heights, label font sizes, overflow."""
    return page.evaluate("""() => {
        const fig = document.querySelector('figure.dossier-graph-fan');
        const rows = [...fig.querySelectorAll('.dossier-fan-rows > li')];
        const labels = [...fig.querySelectorAll('.dossier-fan-rows a')];
        const svg = fig.querySelector('svg.dossier-fan-edges');
        return {rows: rows.length, rowHeights: [...new Set(rows.map(r => Math.round(r.getBoundingClientRect().height)))],
                svg: svg.getBoundingClientRect().height, fan: fig.querySelector('.dossier-fan').getBoundingClientRect().height,
                figure: fig.getBoundingClientRect().height,
                fonts: [...new Set(labels.map(a => getComputedStyle(a).fontSize))],
                overflow: fig.scrollWidth - fig.clientWidth,
                ids: labels.map(a => a.dataset.id)};
    }""")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_small_graph_is_as_high_as_its_rows_and_labels_keep_their_size(reader, size):
    small = fan_metrics(reader("organisations/nato/", size))
    dense = fan_metrics(reader("organisations/imctc/", size))
    for m in (small, dense):
        assert m["rowHeights"] == [ROW]
        assert m["svg"] == m["rows"] * ROW  # the edges are drawn for exactly the rows
        assert m["fan"] <= m["svg"] + 2
        assert m["overflow"] <= 0
    assert small["rows"] <= 6 and small["figure"] < 300  # three neighbours: no longer ~1,300 px
    assert small["fonts"] == dense["fonts"] and len(small["fonts"]) == 1  # a dense graph does not shrink its labels
    assert float(small["fonts"][0].rstrip("px")) >= 13


def test_an_event_graph_includes_its_participants(reader):
    page = reader("events/doha-arab-islamic-summit/")
    ids = set(fan_metrics(page)["ids"])
    assert {"qatar", "iran", "pakistan", "saudi-arabia"} <= ids
    took_part = page.locator(".dossier-fan-group", has_text="Took part")
    assert took_part.count() == 1


def test_styles_are_distinct_and_labelled_and_the_legend_lists_what_is_drawn(reader):
    page = reader("organisations/smda/")
    groups = page.evaluate("""() => [...document.querySelectorAll('.dossier-fan-group')].map(g => {
        const line = g.querySelector('line');
        const style = getComputedStyle(line);
        return {label: g.textContent.trim(), css: line.getAttribute('class'),
                paint: [style.stroke, style.strokeDasharray, style.strokeWidth].join(' ')};
    })""")
    labels = [g["label"] for g in groups]
    assert "Agreed" in labels and "Idea or proposal" in labels
    assert len({g["paint"] for g in groups}) == len(groups)  # each group drawn its own way
    for g in groups:  # every edge of the graph is drawn in its group's style
        style = g["css"].split("dossier-edge-")[1]
        assert page.locator(f"svg.dossier-fan-edges path.dossier-edge-{style}").count() >= 1
    kinds = page.locator("figure.dossier-graph-fan .dossier-graph-legend li").all_inner_texts()
    drawn = set(page.evaluate("""() => [...document.querySelectorAll('figure.dossier-graph-fan .dossier-fan-rows li')]
        .map(li => (li.className.match(/dossier-node-(\\w+)/) || [])[1]).filter(Boolean)"""))
    drawn.add("organisation")  # the agreement itself
    assert {k.strip().lower() for k in kinds} == drawn


def network(page) -> dict:
    return page.evaluate("""() => {
        const frame = document.querySelector('.dossier-network-frame'), svg = frame.querySelector('svg');
        return {width: svg.getBoundingClientRect().width, height: svg.getBoundingClientRect().height,
                frame: frame.clientWidth, frameHeight: frame.clientHeight, left: frame.scrollLeft, top: frame.scrollTop,
                scrollable: frame.scrollWidth > frame.clientWidth};
    }""")


def test_network_zooms_and_pans(reader):
    page = reader("graph/")
    start = network(page)
    page.get_by_role("button", name="Zoom in").click()
    bigger = network(page)
    assert bigger["width"] == pytest.approx(start["width"] * 1.25, rel=0.02)
    page.locator(".dossier-network-frame").focus()
    page.keyboard.press("-")
    assert network(page)["width"] == pytest.approx(start["width"], rel=0.02)
    page.keyboard.press("+")
    page.keyboard.press("+")
    zoomed = network(page)
    assert zoomed["scrollable"]
    box = page.locator(".dossier-network-frame").bounding_box()
    x, y = box["x"] + 20, box["y"] + box["height"] - 20  # a corner, away from the nodes
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 120, y - 60, steps=5)
    page.mouse.up()
    moved = network(page)
    assert (moved["left"], moved["top"]) != (zoomed["left"], zoomed["top"])
    page.get_by_role("button", name="Fit the whole network in the frame").click()
    fitted = network(page)
    assert fitted["width"] <= fitted["frame"] + 1 and fitted["height"] <= fitted["frameHeight"] + 1


def test_network_filters_by_kind_and_by_lifecycle_group(reader):
    page = reader("graph/")
    obstacles = page.locator("a.dossier-node-obstacle")
    assert obstacles.count() > 0 and obstacles.first.is_visible()
    page.locator('.dossier-graph-legend li[data-kind="obstacle"] input').uncheck()
    assert all(not obstacles.nth(i).is_visible() for i in range(obstacles.count()))
    hidden_ends = page.evaluate("""() => [...document.querySelectorAll('.dossier-edge[data-a]')]
        .filter(e => document.querySelector(`a[data-id="${e.dataset.a}"]`).dataset.kind === 'obstacle'
                     || document.querySelector(`a[data-id="${e.dataset.b}"]`).dataset.kind === 'obstacle')
        .every(e => getComputedStyle(e).display === 'none')""")
    assert hidden_ends
    idea = page.locator(".dossier-network-svg line.dossier-edge-idea")
    assert idea.count() > 0
    page.locator('.dossier-graph-legend li[data-style="idea"] input').uncheck()
    assert page.evaluate("() => [...document.querySelectorAll('.dossier-network-svg line.dossier-edge-idea')]"
                         ".every(e => getComputedStyle(e).display === 'none')")
    assert "Showing" in page.locator(".dossier-network-note[aria-live]").inner_text()
    page.locator('.dossier-graph-legend li[data-kind="obstacle"] input').check()
    assert obstacles.first.is_visible()


def test_network_highlights_neighbours_on_hover_and_focus_with_full_labels(reader):
    page = reader("graph/")
    near = """id => { const frame = document.querySelector('.dossier-network-frame');
        return {on: frame.classList.contains('is-highlighting'),
                near: [...frame.querySelectorAll('a.dossier-node.is-near')].map(a => a.dataset.id)}; }"""
    page.locator('a.dossier-node[data-id="pakistan"] circle').hover()
    state = page.evaluate(near, "pakistan")
    assert state["on"] and {"pakistan", "smda", "trilateral-defence-agreement"} <= set(state["near"])
    far = page.locator('a.dossier-node[data-id="russia"]')
    assert float(far.evaluate("el => getComputedStyle(el).opacity")) < 0.5
    long = page.locator('a.dossier-node[data-id="regional-security-framework"]')
    short = long.locator("text").text_content()
    assert short.endswith("…")
    long.locator("circle").hover()
    assert long.locator("text").text_content() == long.locator("title").text_content()  # the full name on hover
    page.mouse.move(2, 2)
    page.locator('a.dossier-node[data-id="iran"]').focus()  # keyboard: nodes are links
    state = page.evaluate(near, "iran")
    assert state["on"] and "iran" in state["near"] and len(state["near"]) > 1
    assert long.locator("text").text_content() == short


def test_network_labels_never_overlap(reader):
    page = reader("graph/")
    overlaps = page.evaluate("""() => {
        const boxes = [...document.querySelectorAll('a.dossier-node')].map(a => a.getBoundingClientRect());
        const hits = [];
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i], b = boxes[j];
            if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) hits.push([i, j]);
        }
        return [boxes.length, hits];
    }""")
    assert overlaps[0] > 30 and overlaps[1] == []


def test_network_is_readable_and_scrollable_on_a_phone(reader):
    page = reader("graph/", "phone")
    size = page.locator('a.dossier-node[data-id="pakistan"] text').evaluate(
        "el => parseFloat(getComputedStyle(el).fontSize) * el.getScreenCTM().a")
    assert size >= 13  # labels at their size, not shrunk to the phone's width
    state = network(page)
    assert state["scrollable"]
    frame = page.locator(".dossier-network-frame")
    assert state["left"] > 0  # it starts at the middle of the graph
    frame.evaluate("el => el.scrollBy(-200, 100)")  # a swipe scrolls the frame, not the page
    assert network(page)["left"] < state["left"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390


def test_every_graph_has_a_list_form(reader):
    page = reader("graph/")
    ids = page.locator("a.dossier-node").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    listed = page.locator("details.dossier-graph-list li > a:first-child").evaluate_all(
        "els => els.map(a => a.getAttribute('href'))")
    assert sorted(ids) == sorted(listed)
    fan = reader("organisations/smda/").locator("ul.dossier-fan-rows")
    assert fan.get_attribute("aria-label").startswith("Connections of Saudi–Pakistan Strategic Mutual Defence Agreement")
    from dossierkit.render.graph_neighbours import neighbours
    from sitebuild import ROOT
    from dossierkit.loading.load import load_dossier
    expected = {n.entry.id for n in neighbours(load_dossier(ROOT / "dossier"), "smda")}
    hrefs = fan.locator("a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert len(hrefs) == len(expected) > 10  # one link per neighbour the data holds
    assert {h.rstrip("/").split("/")[-1] for h in hrefs} == expected
