"""Reading the PDF book with pypdf, and checking its structure tree (no PDF/UA validator runs here).

The first half reads what the tests compare: the text, the outline, the
internal links, the contents lines, blank pages and folios.

:func:`structure_problems` walks the whole tree and lists what a PDF/UA
checker would reject in how the tree is wired (not in what it says):

- one ``Document`` element at the root, every element's ``/P`` its parent;
- every marked-content sequence of the pages (``/MCID`` in the content
  streams) owned by exactly one element, and the parent tree mapping each
  page's ``/StructParents`` key and MCID to that element;
- every annotation with a ``/StructParent`` key mapped to the element that
  holds it (``/OBJR``), every link annotation tagged;
- keys unique and below ``/ParentTreeNextKey``;
- element IDs unique, in the ID tree, and every ``/Headers`` reference known;
- every element type standard, or mapped to one by the role map;
- headings in reading order starting at level 1 and never skipping a level.
"""

from __future__ import annotations

import re
import subprocess
import shutil
import os
import unicodedata

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NumberObject

STANDARD = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4
H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB
RT RP Warichu WT WP Figure Formula Form""".split())


def text_of(reader: PdfReader) -> str:
    """All the text, spaces folded, NFKC-normalized."""
    text = "\n".join(page.extract_text() for page in reader.pages).replace("\x00", "")
    return unicodedata.normalize("NFKC", re.sub(r"[ \t]+", " ", text))


def flatten_outline(items):
    """The outline's items in reading order, at any depth."""
    for item in items:
        if isinstance(item, list):
            yield from flatten_outline(item)
        else:
            yield item


def outline_titles(items) -> list[str]:
    return [item.title for item in flatten_outline(items)]


def outline_count(items) -> int:
    return sum(1 for _ in flatten_outline(items))


def link_destinations(reader: PdfReader) -> set[str]:
    """Named destinations of the internal links."""
    dests = set()
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if a.get("/Subtype") == "/Link" and "/Dest" in a and isinstance(a["/Dest"], str):
                dests.add(str(a["/Dest"]))
    return dests


def contents_lines(reader: PdfReader) -> list[tuple[str, int]]:
    """``(title, page)`` in order, from the contents pages: a line that ends in leader dots and a number, joined
    to the lines just above it when a long title wraps.  A title's own final full stop runs into the dots, so
    titles are compared without it."""
    lines: list[tuple[str, int]] = []
    pending: list[str] = []
    for page in reader.pages[1:]:
        text = page.extract_text().replace("\u2060", "")
        head, *body = text.splitlines()
        if not head.rstrip().endswith("Contents"):
            break
        for line in body:
            m = re.match(r"^\s*(.*?)\s*(?:\.\s*){4,}(\d+)\s*$", line)
            if m:
                title = " ".join(pending + [m.group(1).strip()]).strip()
                # pypdf sometimes runs two contents lines into one ("... Raheel . 160 Seeing ..."): keep the last
                title = re.split(r"\s\.\s*\d+\s+", title)[-1]
                lines.append((title.rstrip("."), int(m.group(2))))
                pending = []
            elif line.strip() and line.strip() != "Contents" and not re.fullmatch(r"\d+", line.strip()):
                pending.append(line.strip())  # a title that wraps (not the folio)
    return lines


def contents_mismatches(reader: PdfReader) -> tuple[int, list[str]]:
    """How many contents lines were checked against the outline's pages, and those whose number is wrong."""
    pages: dict[str, list[int]] = {}
    for item in flatten_outline(reader.outline):  # the outline is in the order of the contents
        pages.setdefault(item.title.rstrip("."), []).append(reader.get_destination_page_number(item) + 1)
    checked, wrong, seen = 0, [], {}
    for title, number in contents_lines(reader):
        if title in pages:
            index = seen.get(title, 0)
            seen[title] = index + 1
            checked += 1
            if index >= len(pages[title]) or number != pages[title][index]:
                wrong.append(title)
    return checked, wrong


def page_body(reader: PdfReader, index: int, title: str) -> str:
    """The text of a page less its running head (book title, chapter) and its folio."""
    lines = reader.pages[index].extract_text().replace("\x00", "").strip().splitlines()
    if lines and lines[0].startswith(title):
        lines = lines[1:]
    if lines and lines[-1].strip() == str(index + 1):
        lines = lines[:-1]
    return "\n".join(lines).strip()


def blank_pages(reader: PdfReader, title: str) -> list[int]:
    """Numbers of the pages with nothing but a running head and a folio."""
    return [i + 1 for i in range(len(reader.pages)) if not page_body(reader, i, title)]


def wrong_folios(reader: PdfReader) -> list[int]:
    """Numbers of the pages (after the cover) whose folio, the last line, is not their number."""
    return [i + 1 for i, page in enumerate(reader.pages) if i
            and page.extract_text().replace("\x00", "").strip().splitlines()[-1].strip() != str(i + 1)]


def _key(obj) -> tuple[int, int] | None:
    return (obj.idnum, obj.generation) if isinstance(obj, IndirectObject) else None


def number_tree(node) -> dict[int, object]:
    """A number tree's entries (``/Nums`` and ``/Kids``), keys to values (unresolved)."""
    out, work = {}, [node]
    while work:
        n = work.pop().get_object()
        nums = n.get("/Nums", [])
        for i in range(0, len(nums), 2):
            out[int(nums[i])] = nums[i + 1]
        work += list(n.get("/Kids", []))
    return out


def name_tree(node) -> dict[str, object]:
    """A name tree's entries."""
    out, work = {}, [node]
    while work:
        n = work.pop().get_object()
        names = n.get("/Names", [])
        for i in range(0, len(names), 2):
            out[str(names[i])] = names[i + 1]
        work += list(n.get("/Kids", []))
    return out


def heading_titles(path) -> list[str]:
    """The titles (``/T``) of the heading elements, in no particular order."""
    return [title for kind, title in _elements(path) if re.fullmatch(r"H[1-6]", kind)]


def element_types(path) -> dict[str, int]:
    """How many structure elements of each type the PDF at ``path`` has."""
    counts: dict[str, int] = {}
    for kind, _title in _elements(path):
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def _elements(path) -> list[tuple[str, str]]:
    out = []
    reader = PdfReader(str(path))
    work = [reader.trailer["/Root"]["/StructTreeRoot"].raw_get("/K")]
    while work:
        node = work.pop().get_object() if isinstance(work[-1], IndirectObject) else work.pop()
        if isinstance(node, ArrayObject):
            work += list(node)
        elif isinstance(node, DictionaryObject) and "/S" in node:
            out.append((str(node["/S"])[1:], str(node.get("/T", ""))))
            if "/K" in node:
                work.append(node.raw_get("/K"))
    return out


def structure_problems(path) -> list[str]:
    """What is wrong with the structure tree of the PDF at ``path`` (empty when nothing is)."""
    reader = PdfReader(str(path))
    root = reader.trailer["/Root"]
    problems: list[str] = []
    tree = root["/StructTreeRoot"].get_object()
    role_map = {str(k): str(v) for k, v in (tree.get("/RoleMap") or {}).items()}
    parent_tree = number_tree(tree["/ParentTree"])
    next_key = int(tree["/ParentTreeNextKey"])
    if parent_tree and max(parent_tree) >= next_key:
        problems.append("a parent tree key is not below /ParentTreeNextKey")
    kids = tree.raw_get("/K")
    kids = list(kids.get_object()) if isinstance(kids.get_object(), ArrayObject) else [kids]
    if len(kids) != 1 or kids[0].get_object()["/S"] != "/Document":
        problems.append("the root does not hold exactly one Document element")
    page_of = {_key(p.indirect_reference): i for i, p in enumerate(reader.pages)}
    owners: dict[tuple[int, int], tuple[int, int]] = {}  # (page, mcid) -> element
    annots: dict[tuple[int, int], tuple[int, int]] = {}  # annotation -> element
    ids: dict[str, tuple[int, int]] = {}
    headers: list[str] = []
    headings: list[int] = []
    work = [(k, _key(tree.indirect_reference)) for k in reversed(kids)]
    while work:
        ref, parent = work.pop()
        elem = ref.get_object()
        me = _key(ref)
        if me is None:
            problems.append("a structure element is a direct object")
            continue
        if _key(elem.raw_get("/P")) != parent:
            problems.append(f"element {me} does not name its parent")
        kind = str(elem["/S"])[1:]
        if kind not in STANDARD and role_map.get("/" + kind, "")[1:] not in STANDARD:
            problems.append(f"element type {kind} is neither standard nor role-mapped")
        if re.fullmatch(r"H[1-6]", kind):
            headings.append(int(kind[1]))
        if "/ID" in elem:
            if str(elem["/ID"]) in ids:
                problems.append(f"ID {elem['/ID']} is used twice")
            ids[str(elem["/ID"])] = me
        for attributes in _list(elem.get("/A")):
            headers += [str(h) for h in attributes.get_object().get("/Headers", [])]
        page = elem.raw_get("/Pg") if "/Pg" in elem else None
        children = []
        for kid in reversed(_list(elem.raw_get("/K") if "/K" in elem else None)):
            if isinstance(kid, NumberObject) or isinstance(kid, int):
                _own(owners, (page_of.get(_key(page)), int(kid)), me, problems)
            elif isinstance(kid.get_object(), DictionaryObject) and kid.get_object().get("/Type") == "/MCR":
                mcr = kid.get_object()
                _own(owners, (page_of.get(_key(mcr.raw_get("/Pg") if "/Pg" in mcr else page)), int(mcr["/MCID"])), me,
                     problems)
            elif isinstance(kid.get_object(), DictionaryObject) and kid.get_object().get("/Type") == "/OBJR":
                annots[_key(kid.get_object().raw_get("/Obj"))] = me
            else:
                children.append((kid, me))
        work += children
    for (page, mcid), elem in owners.items():
        if page is None:
            problems.append(f"marked content {mcid} names no page of the document")
            continue
        key = reader.pages[page].get("/StructParents")
        array = parent_tree.get(int(key)) if key is not None else None
        array = array.get_object() if array is not None else []
        if not isinstance(array, ArrayObject) or mcid >= len(array) or _key(array[mcid]) != elem:
            problems.append(f"the parent tree does not map page {page + 1}, MCID {mcid} to its element")
    for i, page in enumerate(reader.pages):
        contents = page.get_contents()
        used = set() if contents is None else {int(m) for m in re.findall(rb"/MCID (\d+)", contents.get_data())}
        if used != {mcid for p, mcid in owners if p == i}:
            problems.append(f"page {i + 1}: marked content and structure elements differ")
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if "/StructParent" not in a:
                if a.get("/Subtype") == "/Link":
                    problems.append(f"page {i + 1}: a link annotation is not tagged")
                continue
            if _key(parent_tree.get(int(a["/StructParent"]))) != annots.get(_key(annot)):
                problems.append(f"page {i + 1}: the parent tree does not map an annotation to its element")
    id_tree = name_tree(tree["/IDTree"]) if "/IDTree" in tree else {}
    if {k: _key(v) for k, v in id_tree.items()} != ids:
        problems.append("the ID tree and the elements' IDs differ")
    problems += [f"/Headers names an unknown ID {h}" for h in headers if h not in ids][:5]
    if headings and headings[0] != 1:
        problems.append(f"the first heading is H{headings[0]}")
    skips = [(a, b) for a, b in zip(headings, headings[1:]) if b > a + 1]
    if skips:
        problems.append(f"headings skip a level: H{skips[0][0]} to H{skips[0][1]}")
    return problems


def _list(value) -> list:
    if value is None:
        return []
    value = value.get_object() if isinstance(value, IndirectObject) else value
    return list(value) if isinstance(value, ArrayObject) else [value]


def _own(owners: dict, where: tuple, elem, problems: list[str]) -> None:
    if where in owners:
        problems.append(f"marked content {where} belongs to two elements")
    owners[where] = elem


def poppler_text(path) -> str:
    """The book's text in logical order (poppler's pdftotext: `make test` installs it; required under CI)."""
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext (poppler-utils) is missing; `make test` installs it")
        pytest.skip("pdftotext (poppler-utils) is missing")
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", out.stdout)  # directional marks


_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def _norm(s: str) -> str:
    """Line breaks undone (also after hyphens), combining marks (Arabic vowels) dropped."""
    s = "".join(c for c in unicodedata.normalize("NFC", s) if unicodedata.category(c) != "Mn")
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", s))


def missing_titles(dossier, path) -> list[str]:
    """Ids of the entries whose title is not in the book's text (a right-to-left title that wraps is read
    line by line with its commas moved: its words are checked)."""
    text = _norm(poppler_text(path))

    def present(label: str) -> bool:
        if not _RTL.search(label):
            return _norm(label) in text
        return all(word in text for word in re.findall(r"[^\W_]+", _norm(label)))

    return [e.id for e in dossier if not present(e.label)]
