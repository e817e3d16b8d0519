"""Positions for a synthetic dossier (``dossier synth --positions N``): valid by construction.

Each position is taken by a random actor on a random organisation or
obstacle, on a past date of mixed precision, with a value of the built-in
vocabulary; an actor's positions are written in date order (a month before
its days), never two on one entry on the same date, each with a quoted
citation ("confirmed" ones with two independent sources), a speaker (an
office, now and then a person of the dossier) and, for one in ten, a place
on the timeline.  They come from a random generator of their own, so the
rest of the synthetic dossier is the same with or without them.
"""

from __future__ import annotations

import random

from dossierkit.schema.vocabulary_file import preset

VALUES = preset().values("positions")
OFFICES = ("Foreign ministry", "Prime minister", "Defence minister", "Joint statement", "Spokesperson", "President")


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _date(rng: random.Random) -> tuple[tuple[int, int, int], str]:
    y = rng.randint(2000, 2025)
    r = rng.random()
    if r < 0.1:
        return (y, 0, 0), str(y)
    m = rng.randint(1, 12)
    if r < 0.3:
        return (y, m, 0), f"{y}-{m:02d}"
    d = rng.randint(1, 28)
    return (y, m, d), f"{y}-{m:02d}-{d:02d}"


def synthetic_positions(ids: dict[str, list[str]], count: int, seed: int, vocabulary: tuple[str, ...]) -> dict[str, str]:
    """The ``positions:`` block of each actor that takes positions, ``count`` in all (fewer if dates collide);
    ``vocabulary``: the words notes and quotes are made of."""
    rng = random.Random(seed * 7919 + 17)

    def words(k: int) -> str:
        return " ".join(rng.choice(vocabulary) for _ in range(k))

    actors, sources = ids["actor"], ids["source"]
    targets = ids["organisation"] + ids["obstacle"]
    people = actors[: max(1, len(actors) // 10)]
    if not actors or not targets or not sources:
        return {}
    drawn: dict[str, list[tuple]] = {}
    seen: set[tuple] = set()
    for _ in range(count):
        holder, target = rng.choice(actors), rng.choice(targets)
        key, text = _date(rng)
        if (holder, target, text) in seen:
            continue
        seen.add((holder, target, text))
        drawn.setdefault(holder, []).append((key, target, text))
    blocks = {}
    for holder, items in drawn.items():
        lines = ["positions:"]
        for _key, target, text in sorted(items):
            confirmed = rng.random() < 0.3 and len(sources) > 1
            lines += [f"  - target: {target}", f"    position: {rng.choice(VALUES)}", f"    date: {_q(text)}",
                      f"    office: {_q(rng.choice(OFFICES))}"]
            if rng.random() < 0.2:
                speaker = rng.choice(people)
                if speaker != holder:
                    lines.append(f"    by: {speaker}")
            lines.append(f"    confidence: {'confirmed' if confirmed else 'reported'}")
            if rng.random() < 0.3:
                lines.append(f"    note: {_q(words(6).capitalize() + '.')}")
            if rng.random() < 0.1:
                lines.append("    timeline: true")
            lines.append("    sources:")
            for source in rng.sample(sources, 2 if confirmed else 1):
                lines += [f"      - source: {source}", f"        quote: {_q(words(10).capitalize() + '.')}"]
        blocks[holder] = "\n".join(lines) + "\n"
    return blocks
