"""Loading with an EntryCache (``mkdocs serve``): the same dossier and the same problems, less work."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dossierkit.errors import DossierError
from dossierkit.loading.entry_cache import EntryCache
from dossierkit.loading.load import load_dossier
from dossierkit.structure.changed import changed_keys


def _load(root: Path, cache: EntryCache | None = None):
    return load_dossier(root / "dossier", root=root, cache=cache)


def _problems(root: Path, cache: EntryCache | None = None) -> list:
    with pytest.raises(DossierError) as info:
        _load(root, cache)
    return info.value.problems


def test_unchanged_files_keep_their_entries_and_an_edit_is_seen(entries):
    cache = EntryCache()
    first = _load(entries.root, cache)
    assert cache.misses == len(first) and cache.hits == 0
    second = _load(entries.root, cache)
    assert cache.hits == len(first) and cache.misses == 0
    assert all(second.entries[i] is first.entries[i] for i in first.entries)
    assert changed_keys(first, second) == set()

    path = entries.dossier / "actors" / "land-b.yml"
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("Land B", "Land X"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same modification time
    third = _load(entries.root, cache)
    assert third.entries["land-b"].label == "Land X"
    assert third.entries["land-a"] is first.entries["land-a"]
    keys = changed_keys(second, third)
    assert ("f", "land-b", "name") in keys and ("f", "land-b", "summary") not in keys
    assert ("f", "land-a", "name") not in keys
    assert third.warnings == _load(entries.root).warnings


def test_errors_are_the_same_with_and_without_the_cache(entries):
    cache = EntryCache()
    _load(entries.root, cache)
    entries.write("events/year-event.yml", """
        id: year-event
        title: Something in 2025
        date: {value: 2025, approximate: true}
        summary: A year-precision event.
        participants: [land-z]
        confidence: reported
        sources: [src-two]
    """)
    cached = _problems(entries.root, cache)
    assert cached == _problems(entries.root)
    assert any("unknown id 'land-z'" in p.message for p in cached)
    (entries.dossier / "actors" / "land-b.yml").unlink()  # now the pact refers to a missing entry too
    assert _problems(entries.root, cache) == _problems(entries.root)


def test_a_new_vocabulary_checks_every_file_again(entries):
    cache = EntryCache()
    first = _load(entries.root, cache)
    (entries.dossier / "vocabulary.yml").write_text(
        "affiliations:\n  - value: partisan-outlet\n    label: Partisan outlet\n    weak: true\n"
        "    definition: An outlet of a movement.\n", encoding="utf-8")
    second = _load(entries.root, cache)
    assert cache.hits == 0
    assert not any(second.entries[i] is first.entries[i] for i in first.entries)


def test_a_file_past_the_size_limit_is_hashed_only_as_far_as_the_loader_reads(entries):
    # serve hashes a changed file to tell a real edit from a touch; a huge file is not read whole for it.
    import hashlib

    from dossierkit.loading.entry_cache import _digest
    from dossierkit.loading.yaml_loader import MAX_FILE_BYTES

    huge = entries.write("actors/huge.yml", b"id: huge\n#" + b"x" * (3 * MAX_FILE_BYTES))
    raw = huge.read_bytes()
    assert _digest(str(huge)) == hashlib.blake2b(raw[:MAX_FILE_BYTES + 1]).digest()
    small = entries.dossier / "actors" / "land-a.yml"
    assert _digest(str(small)) == hashlib.blake2b(small.read_bytes()).digest()
    # ... and what the load reports of it is the same with the cache, first and again.
    cache = EntryCache()
    fresh = [p.format() for p in _problems(entries.root)]
    assert [p.format() for p in _problems(entries.root, cache)] == fresh
    huge.write_bytes(raw[:-1] + b"y")  # changed past the limit
    assert [p.format() for p in _problems(entries.root, cache)] == fresh
    assert any("huge.yml:1:1: error: file is larger than the limit" in line for line in fresh)
