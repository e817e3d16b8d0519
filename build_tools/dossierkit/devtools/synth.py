"""A seeded synthetic dossier for benchmarks: ``dossier synth --entries N --seed S DIR``.

Valid by construction (every citation carries its quote; "confirmed"
statements have two independent sources; entries are checked as of the
day they are written), with a realistic mix: a fifth actors, a tenth
organisations (proposals, agreements, working bodies) with memberships, a
twentieth obstacles, a third events with mixed date precision (day, month,
year, some approximate, some multi-day), a tenth glossary terms that also
appear in bodies, sources cited by everything, and (by default) half as many
positions as entries (``devtools/synth_positions.py``).  Bodies carry ``[[id]]``
links.  The same N, seed and day (``DOSSIER_TODAY`` fixes it) always give
the same files.
"""

from __future__ import annotations

import random
from pathlib import Path

from dossierkit.devtools.synth_positions import synthetic_positions
from dossierkit.schema.kinds import KINDS
from dossierkit.schema.vocabulary_file import preset
from dossierkit.validation.dates import build_date

# Sources first: everything cites them.  Shares come from the kind registry.
MIX = tuple(sorted(((k.name, k.synth_share) for k in KINDS), key=lambda m: m[0] != "source"))
FOLDERS = {k.name: k.folder for k in KINDS}
# Statuses that may be dated in the future are left out: synthetic dates run to 2026.
STATUS_VALUES = tuple(s.value for s in preset().statuses if not s.planned)
CONFIDENCE_VALUES = preset().values("confidence")
WORDS = ("regional", "security", "council", "maritime", "accord", "summit", "northern", "coastal", "alliance",
         "treaty", "forum", "defence", "trade", "river", "harbour", "mountain", "joint", "command", "pact", "union",
         "energy", "border", "mission", "office", "league", "assembly", "charter", "compact", "network", "agency")

MKDOCS_YML = """site_name: "Synthetic dossier ({n} entries)"
theme:
  name: material
  font: false
plugins:
  - search
  - dossier:
      dossier_dir: dossier
markdown_extensions:
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
nav:
  - Home: index.md
  - Who stands where: positions.md
  - Actors: actors/index.md
  - Organisations: organisations/index.md
  - Obstacles: obstacles/index.md
  - Timeline: events/index.md
  - Glossary: terms/index.md
  - Network: graph.md
  - Sources: sources/index.md
"""


def _q(text: str) -> str:
    """A double-quoted YAML string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Synth:
    def __init__(self, n: int, seed: int, positions: int = 0):
        self.rng = random.Random(seed)
        self.n = n
        self.ids: dict[str, list[str]] = {kind: [] for kind, _ in MIX}
        counts = {kind: max(1, int(n * share)) for kind, share in MIX}
        counts["event"] += n - sum(counts.values())
        for kind, _ in MIX:
            self.ids[kind] = [f"{kind[:3]}-{i:05d}" for i in range(counts[kind])]
        self.as_of = build_date().isoformat()  # checked today: never due a new check
        self.terms = {tid: f"{self.rng.choice(WORDS).capitalize()} {self.rng.choice(WORDS)} {i}"
                      for i, tid in enumerate(self.ids["term"])}
        self.positions = synthetic_positions(self.ids, positions, seed, WORDS) if positions else {}

    def words(self, k: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(k))

    def pick(self, kind: str, k: int) -> list[str]:
        pool = self.ids[kind]
        return sorted(self.rng.sample(pool, min(k, len(pool))))

    def date(self) -> str:
        y = self.rng.randint(1950, 2025)  # the past: a future date would need a planned status
        r = self.rng.random()
        if r < 0.2:
            return str(y)
        m = self.rng.randint(1, 12)
        if r < 0.45:
            return f"{y}-{m:02d}"
        return f"{y}-{m:02d}-{self.rng.randint(1, 28):02d}"

    def body(self) -> str:
        parts = [self.words(12).capitalize() + "."]
        for kind in ("actor", "organisation"):
            for target in self.pick(kind, 2):
                parts.append(f"See [[{target}]].")
        term = self.rng.choice(self.ids["term"])
        parts.append(f"The {self.terms[term]} matters here.")
        return "body: |\n  " + " ".join(parts) + "\n"

    def cite(self, source: str, indent: str = "  ") -> str:
        """A citation with its evidence: the quote, a locator, and now and then a translation."""
        rng = self.rng
        text = (f"{indent}- source: {source}\n{indent}  quote: {_q(self.words(9).capitalize() + '.')}\n"
                f"{indent}  locator: paragraph {rng.randint(1, 12)}\n")
        if rng.random() < 0.1:
            text += (f"{indent}  lang: fr\n{indent}  translation: {_q(self.words(9).capitalize() + '.')}\n"
                     f"{indent}  translated_by: synthetic editors\n")
        return text

    def common(self, eid: str, kind: str, label_key: str, label: str, confidence: str | None = None) -> str:
        text = f"id: {eid}\n{label_key}: {_q(label)}\nsummary: {_q(self.words(10).capitalize() + '.')}\n"
        if kind != "source":
            # "confirmed" needs two independent sources (every synthetic source has its own publisher).
            low = 2 if confidence == "confirmed" else 1
            text += "sources:\n" + "".join(self.cite(s) for s in self.pick("source", self.rng.randint(low, 3)))
            text += f"tags: [{self.rng.choice(WORDS)}]\nas_of: {self.as_of}\n"
        return text

    def entry(self, kind: str, eid: str, index: int) -> str:
        rng = self.rng
        if kind == "source":
            return (f"id: {eid}\ntitle: {_q(self.words(6).capitalize())}\n"
                    f"publisher: {_q(self.words(2).title() + ' ' + str(index))}\n"
                    f"kind: {rng.choice(['news-report', 'analysis-opinion', 'official-document', 'think-tank'])}\n"
                    f"affiliation: independent\nurl: https://example.org/{eid}\npublished: {self.date()}\nlanguage: en\n")
        if kind == "actor":
            text = self.common(eid, kind, "name", f"{self.words(2).title()} {index}")
            text += f"type: {rng.choice(['state', 'person', 'armed-force'])}\n" + self.body()
            if index > 0 and rng.random() < 0.5:
                other = rng.choice(self.ids["actor"][:index])
                text += f"relations:\n  - type: {rng.choice(['rival_of', 'partner_of'])}\n    target: {other}\n"
            return text + self.positions.get(eid, "")
        if kind == "organisation":
            confidence = rng.choice(CONFIDENCE_VALUES)
            text = self.common(eid, kind, "name", f"{self.words(3).title()} {index}", confidence)
            text += (f"type: {rng.choice(['alliance', 'coalition', 'agreement', 'proposal'])}\n"
                     f"status: {rng.choice(STATUS_VALUES)}\nconfidence: {confidence}\n"
                     f"founded: {self.date()}\n" + self.body())
            members = self.pick("actor", rng.randint(2, 8))
            text += "memberships:\n" + "".join(f"  - member: {m}\n    since: {rng.randint(1950, 2020)}\n" for m in members)
            text += f"relations:\n  - type: proposed_by\n    target: {rng.choice(self.ids['actor'])}\n"
            return text
        if kind == "obstacle":
            text = self.common(eid, kind, "name", f"{self.words(3).capitalize()} {index}")
            affects = self.pick("actor", 2) + self.pick("organisation", 1)
            return text + (f"category: {rng.choice(['political', 'strategic', 'institutional'])}\n"
                           "affects:\n" + "".join(f"  - {a}\n" for a in affects) +
                           f"severity: {rng.choice(['low', 'medium', 'high'])}\nconfidence: reported\n" + self.body())
        if kind == "event":
            confidence = rng.choice(CONFIDENCE_VALUES)
            text = self.common(eid, kind, "title", f"{self.words(4).capitalize()} {index}", confidence)
            date = self.date()
            if rng.random() < 0.1:
                text += f"date: {{value: {_q(date)}, approximate: true}}\n"
            else:
                text += f"date: {_q(date)}\n"
            if len(date) == 10 and rng.random() < 0.1:
                text += f"end: {_q(date[:8] + '28')}\n"
            participants = self.pick("actor", rng.randint(1, 3))
            text += "participants:\n" + "".join(f"  - {p}\n" for p in participants)
            text += f"concerns: [{rng.choice(self.ids['organisation'])}]\n"
            return text + f"confidence: {confidence}\n" + self.body()
        term = self.terms[eid]
        return (f"id: {eid}\nterm: {_q(term)}\nabbreviation: {_q('T' + eid[-5:])}\n"
                f"definition: {_q(self.words(12).capitalize() + '.')}\nrelated: [{rng.choice(self.ids['organisation'])}]\n")


def write_synthetic(target: Path, entries: int, seed: int, positions: int | None = None) -> int:
    """Write a synthetic project (mkdocs.yml, docs/, dossier/) into ``target``; return the entry count.

    ``positions``: how many positions its actors take (default: half the number of entries; 0 for none).
    """
    synth = _Synth(entries, seed, entries // 2 if positions is None else positions)
    (target / "docs").mkdir(parents=True, exist_ok=True)
    (target / "mkdocs.yml").write_text(MKDOCS_YML.format(n=entries), encoding="utf-8")
    (target / "docs" / "index.md").write_text(
        f"# Synthetic dossier\n\n{entries} generated entries (seed {seed}).\n\n<!-- dossier:counts -->\n", encoding="utf-8")
    count = 0
    for kind, _ in MIX:
        folder = target / "dossier" / FOLDERS[kind]
        folder.mkdir(parents=True, exist_ok=True)
        for i, eid in enumerate(synth.ids[kind]):
            (folder / f"{eid}.yml").write_text(synth.entry(kind, eid, i), encoding="utf-8")
            count += 1
    return count
