"""Random edits to this repository's own dossier between serve rebuilds (each compared with a clean build) and between watched checks.

The hand-written cases in ``test_incremental.py`` test what their author
thought of; this one edits a copy of the project (its dossier, its
hand-written pages, CONTRIBUTING.md, the nav's titles in ``mkdocs.yml``) at
random, with a fixed seed: a field's value changed (to another value the
dossier uses for that field, or with a word or a glossary term added), a
sentence or a ``[[link]]`` added to a body or a page, a page's first
heading changed, an entry copied under a new id, deleted, or put back as
the repository has it, a line dropped.  After each rebuild of one serve process the
served folder must be, file by file, a clean build of the same files, and
every page whose content changed must have been written again.  An edit
that breaks the dossier (a clean build fails) is undone by the next step,
which is the "broken entry followed by its fix" case.  The edits follow the
repository's dossier as it is, so a seed's edits change when it changes.

It found two defects the hand-written cases had missed: a page listed in
the nav without a title showed "None" there once a rebuild had not read it,
and the page made from CONTRIBUTING.md was written again on every rebuild.
The second test makes the same edits between the checks of
``dossier validate --watch`` (its kept files) and compares each report with
a fresh check's.
``DOSSIER_RANDOM_STEPS`` and ``DOSSIER_RANDOM_SEED`` run it longer, or
from another seed, by hand.
"""

from __future__ import annotations

import os
import random
import re
import shutil
from pathlib import Path

from dossierkit.cli.main import build_parser, check_project
from dossierkit.cli.report import render
from dossierkit.loading.entry_cache import EntryCache
from servebuild import clean_build, read_site
from test_incremental import ALWAYS_WRITTEN, Session

REPO = Path(__file__).resolve().parent.parent
STEPS = int(os.environ.get("DOSSIER_RANDOM_STEPS", "8"))
SEED = int(os.environ.get("DOSSIER_RANDOM_SEED", "1"))
LINE = re.compile(r"^(\s*(?:-\s+)?)([a-z_]+): (.+)$")
TEXT_KEYS = {"name", "title", "term", "summary", "definition", "office", "note", "publisher", "locator"}
VALUE_KEYS = {"as_of", "status", "position", "confidence", "severity", "type", "category", "date", "kind",
              "affiliation", "published", "language", "target", "source", "by", "member"}


class RandomEdits:
    """Edits a project at random (``rng``), and can put it back as it was after the last good build."""

    def __init__(self, project: Path, rng: random.Random):
        self.project, self.rng = project, rng
        self.good = self.snapshot()

    def snapshot(self) -> dict[str, bytes]:
        return {p.relative_to(self.project).as_posix(): p.read_bytes() for p in self.project.rglob("*") if p.is_file()}

    def put_back(self) -> str:
        now = self.snapshot()
        for rel in now.keys() - self.good.keys():
            (self.project / rel).unlink()
        for rel, data in self.good.items():
            if now.get(rel) != data:
                (self.project / rel).parent.mkdir(parents=True, exist_ok=True)
                (self.project / rel).write_bytes(data)
        return "put back the breaking edit"

    def entries(self) -> list[Path]:
        return sorted(p for p in (self.project / "dossier").glob("*/*.yml"))

    def values(self, key: str) -> list[str]:
        found = {m.group(3) for p in self.entries() for line in p.read_text(encoding="utf-8").splitlines()
                 if (m := LINE.match(line)) and m.group(2) == key}
        return sorted(found)

    def words(self) -> list[str]:
        """Glossary terms (tooltips) and names that hold them."""
        terms = [line[6:].strip().strip('"') for p in (self.project / "dossier" / "terms").glob("*.yml")
                 for line in p.read_text(encoding="utf-8").splitlines() if line.startswith("term: ")]
        return sorted(terms) + ["Pact", "coalition"]

    def edit(self) -> str | None:
        """One random edit; what it did (None: nothing to do, try another)."""
        rng, files = self.rng, self.entries()
        op = rng.choices(["value", "body", "page", "heading", "nav", "copy", "delete", "restore", "drop"],
                         [40, 12, 8, 5, 2, 6, 6, 20, 5])[0]
        path = rng.choice(files)
        rel = path.relative_to(self.project).as_posix()
        text = path.read_text(encoding="utf-8")
        if op == "value":
            lines = text.split("\n")
            found = [i for i, line in enumerate(lines) if (m := LINE.match(line)) and m.group(2) in TEXT_KEYS | VALUE_KEYS
                     and not m.group(3).startswith(("|", ">"))]
            if not found:
                return None
            i = rng.choice(found)
            indent, key, old = LINE.match(lines[i]).groups()
            if key in TEXT_KEYS and rng.random() < 0.6:
                new = old.strip('"').replace('"', "'") + " " + rng.choice(self.words())
                new = f'"{new}"'
            else:
                new = rng.choice(self.values(key))
            lines[i] = f"{indent}{key}: {new}"
            path.write_text("\n".join(lines), encoding="utf-8")
            return f"{rel}:{i + 1}: {key}: {old} -> {new}"
        if op == "body":
            if "\nbody: |\n" not in text:
                return None
            added = rng.choice([f"See [[{rng.choice(files).stem}]].", f"The {rng.choice(self.words())} matters."])
            path.write_text(text.replace("\nbody: |\n", f"\nbody: |\n  {added}\n", 1), encoding="utf-8")
            return f"{rel}: body + {added}"
        if op == "heading":  # a page's first heading (its title, where the nav gives none)
            page = rng.choice(sorted((self.project / "docs").rglob("*.md")) + [self.project / "CONTRIBUTING.md"])
            markdown = page.read_text(encoding="utf-8")
            if not re.search(r"^# ", markdown, flags=re.M):
                return None
            page.write_text(re.sub(r"^# (.*)$", r"# \1, edited", markdown, count=1, flags=re.M), encoding="utf-8")
            return f"{page.relative_to(self.project)}: first heading edited"
        if op == "nav":  # a title in mkdocs.yml's nav: every page
            config = self.project / "mkdocs.yml"
            text = config.read_text(encoding="utf-8")
            titles = re.findall(r"^\s+- ([A-Z][A-Za-z ]+): ", text, flags=re.M)
            if not titles:
                return None
            title = rng.choice(titles)
            config.write_text(text.replace(f"- {title}: ", f"- {title} again: ", 1), encoding="utf-8")
            return f"mkdocs.yml: nav title {title!r} changed"
        if op == "page":
            page = rng.choice(sorted((self.project / "docs").rglob("*.md")) + [self.project / "CONTRIBUTING.md"])
            added = rng.choice([f"See [[{rng.choice(files).stem}]].", f"The {rng.choice(self.words())} here."])
            page.write_text(page.read_text(encoding="utf-8") + f"\n\n{added}\n", encoding="utf-8")
            return f"{page.relative_to(self.project)} + {added}"
        if op == "copy":
            copy = path.with_name(f"{path.stem[:40]}-copy-{rng.randrange(1000)}.yml")
            copy.write_text(re.sub(r"^id: .*$", f"id: {copy.stem}", text, count=1, flags=re.M), encoding="utf-8")
            return f"{rel} copied to {copy.name}"
        if op == "delete":
            path.unlink()
            return f"{rel} deleted"
        if op == "restore":
            original = REPO / rel
            if not original.is_file():
                path.unlink()
                return f"{rel} (a copy) deleted"
            if original.read_bytes() == path.read_bytes():
                return None
            path.write_bytes(original.read_bytes())
            return f"{rel} put back as in the repository"
        lines = text.split("\n")
        i = rng.randrange(len(lines))
        dropped = lines.pop(i)
        path.write_text("\n".join(lines), encoding="utf-8")
        return f"{rel}:{i + 1} dropped ({dropped.strip()[:40]!r})"


def copy_project(target: Path) -> Path:
    """A copy of this repository's project (what a build reads) in ``target``."""
    for name in ("dossier", "docs", "overrides"):
        shutil.copytree(REPO / name, target / name)
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copy(REPO / name, target / name)
    return target


def test_random_edits_between_rebuilds_give_what_clean_builds_give(tmp_path):
    project = copy_project(tmp_path / "project")
    session = Session(project, tmp_path)
    edits = RandomEdits(project, random.Random(SEED))
    done, broken = [], False
    try:
        for n in range(STEPS):
            what = edits.put_back() if broken else None
            while what is None:
                what = edits.edit()
            done.append(what)
            before = read_site(session.site)
            written = session.rebuild()
            try:
                clean = clean_build(project, tmp_path / f"clean-{n}")
            except AssertionError:  # the edit broke the dossier or a page: serve keeps the last good version
                broken = True
                continue
            broken = False
            served = read_site(session.site)
            assert sorted(served) == sorted(clean), "files differ: " + repr(set(served) ^ set(clean))
            differing = [p for p in clean if served[p] != clean[p]]
            assert not differing, f"differ from a clean build: {differing}"
            changed = {p for p in clean if p.endswith(".html") and before.get(p) != clean[p]} - set(ALWAYS_WRITTEN)
            assert changed <= written, f"not written again: {sorted(changed - written)}"
            edits.good = edits.snapshot()
    except AssertionError as error:
        raise AssertionError(f"after these edits (seed {SEED}):\n  " + "\n  ".join(done) + f"\n{error}") from None
    finally:
        session.close()


def test_random_edits_between_watched_checks_give_what_a_fresh_check_gives(tmp_path, monkeypatch):
    # `dossier validate --watch` keeps the files it checked (EntryCache) and reads again only
    # those that changed: its report after each edit must be a fresh `dossier validate`'s.
    project = copy_project(tmp_path / "project")
    monkeypatch.chdir(project)
    args = build_parser().parse_args(["validate"])
    cache = EntryCache()

    def report(kept) -> str:
        problems, count = check_project(args, kept)
        return render(problems, "text", count)

    edits = RandomEdits(project, random.Random(SEED))
    report(cache)
    done = []
    entries = len(list((project / "dossier").glob("*/*.yml")))
    for n in range(STEPS * 3):
        what = None
        while what is None:
            what = edits.edit()
        done.append(what)
        cache.misses = 0
        kept = report(cache)
        assert cache.misses < entries / 10, "the kept check read most files again"
        assert kept == report(None), f"after these edits (seed {SEED}):\n  " + "\n  ".join(done)
        if n % 3 == 2:
            edits.put_back()  # back to the copy as it was: the fixes of what broke
