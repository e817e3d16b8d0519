"""A load that updates the last load's indexes (``mkdocs serve``) equals a load from scratch.

Each step edits a synthetic dossier the way a contributor would (a summary,
a body link, a membership, a citation, an event's date, a new entry with
links, its deletion, a new source), loads it again with the serve cache, and compares
every index with those of a fresh load, list by list and in order.  The
updated load must not have built its indexes from scratch.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dossierkit.devtools.synth import write_synthetic
from dossierkit.loading.entry_cache import EntryCache
from dossierkit.loading.load import load_dossier
from dossierkit.structure import indexes


def _indexes(dossier) -> dict:
    """Every index, with entries named by id (so that two loads compare by value)."""
    ids = lambda items: [e.id for e in items]  # noqa: E731
    return {
        "relations": dossier.relations,
        "by_kind": {k: ids(v) for k, v in dossier.by_kind.items()},
        "events": ids(dossier.events),
        "views": dossier._views,
        "views order": list(dossier._views),
        "backlinks": list(dossier.backlinks.items()),
        "citations": list(dossier.citations.items()),
        "events_of": {k: ids(v) for k, v in dossier._events_of.items()},
        "events_of order": list(dossier._events_of),
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("indexes")
    write_synthetic(root, 300, seed=3)
    return root


def _edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(pattern, replacement, text, count=1, flags=re.M)
    assert count == 1, f"{path.name}: {pattern!r} not found"
    path.write_text(changed, encoding="utf-8")


def _first(folder: Path, contains: str) -> Path:
    return next(p for p in sorted(folder.glob("*.yml")) if contains in p.read_text(encoding="utf-8"))


def test_updated_indexes_equal_a_fresh_load(project, monkeypatch):
    dossier = project / "dossier"
    actor = sorted((dossier / "actors").glob("*.yml"))[0]
    other_actor = sorted((dossier / "actors").glob("*.yml"))[1].stem
    organisation = _first(dossier / "organisations", "  - member: ")
    event = _first(dossier / "events", "participants:")
    source = sorted((dossier / "sources").glob("*.yml"))[0].stem
    linked = _first(dossier / "actors", "See [[org-")
    steps = [
        ("a summary", lambda: _edit(actor, r"^summary: .*$", 'summary: "Edited."')),
        ("a body link dropped", lambda: _edit(linked, r" See \[\[org-\d+\]\]\.", "")),
        ("a member replaced", lambda: _edit(organisation, r"^  - member: .*$", f"  - member: {other_actor}")),
        ("a citation replaced", lambda: _edit(actor, r"^  - source: .*$", f"  - source: {source}")),
        ("an event moved in time", lambda: _edit(event, r'^date: .*$', 'date: "1901-01-01"')),
        ("a new actor and a new event", lambda: (
            (dossier / "actors" / "new-actor.yml").write_text(
                f'id: new-actor\nname: "Zz New Actor"\nsummary: "New."\ntype: person\n'
                f'sources:\n  - source: {source}\n    quote: "New words."\n'
                f'body: |\n  See [[{actor.stem}]].\n', encoding="utf-8"),
            (dossier / "events" / "new-event.yml").write_text(
                f'id: new-event\ntitle: "A new event"\nsummary: "New."\ndate: "2001-02-03"\n'
                f'participants: [new-actor, {actor.stem}]\nconfidence: reported\n'
                f'sources:\n  - source: {source}\n    quote: "New words."\n', encoding="utf-8"))),
        ("both deleted", lambda: ((dossier / "events" / "new-event.yml").unlink(),
                                  (dossier / "actors" / "new-actor.yml").unlink())),
        ("a new source, cited", lambda: (
            (dossier / "sources" / "aaa-new-source.yml").write_text(
                'id: aaa-new-source\ntitle: "A new source"\npublisher: "Someone"\nkind: analysis-opinion\n'
                'affiliation: independent\nurl: https://example.org/new\npublished: 2020-01-02\nlanguage: en\n',
                encoding="utf-8"),
            _edit(actor, r"^  - source: .*$", "  - source: aaa-new-source"))),
        ("the source no longer cited, then deleted", lambda: (
            _edit(actor, r"^  - source: aaa-new-source$", f"  - source: {source}"),
            (dossier / "sources" / "aaa-new-source.yml").unlink())),
    ]
    cache = EntryCache()
    last = load_dossier(dossier, root=project, cache=cache)
    assert _indexes(last) == _indexes(load_dossier(dossier, root=project))

    def no_build(*args):
        raise AssertionError("the indexes were built from scratch")

    for name, step in steps:
        step()
        with monkeypatch.context() as patch:
            patch.setattr(indexes, "build", no_build)
            updated = load_dossier(dossier, root=project, cache=cache)
        fresh = load_dossier(dossier, root=project)
        assert indexes.changed_entries(last.entries, updated.entries), name
        for key, value in _indexes(fresh).items():
            assert _indexes(updated)[key] == value, f"{name}: {key}"
        last = updated


def test_an_unchanged_load_keeps_every_index(project):
    cache = EntryCache()
    first = load_dossier(project / "dossier", root=project, cache=cache)
    first.by_kind  # noqa: B018 - serve renders the site from a load (making its indexes) before the next
    second = load_dossier(project / "dossier", root=project, cache=cache)
    assert second.backlinks is first.backlinks and second._views is first._views
    assert second.by_kind is first.by_kind and second.citations is first.citations


def test_loads_whose_indexes_were_never_made_are_not_kept(project):
    """`dossier validate --watch` reloads on every save and never makes the indexes: a load must not
    keep the one before it (it did, through the last load it would update its indexes from)."""
    import gc
    import weakref

    cache = EntryCache()
    loads = [weakref.ref(load_dossier(project / "dossier", root=project, cache=cache)) for _ in range(4)]
    gc.collect()
    assert [ref() is None for ref in loads] == [True, True, True, False]  # the cache keeps the last one
    kept = cache.dossier
    kept.by_kind  # noqa: B018 - made now: the next load updates them, and lets this one go once it has
    after = load_dossier(project / "dossier", root=project, cache=cache)
    assert after.backlinks is kept.backlinks
    assert after._previous is None
