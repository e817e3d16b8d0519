"""Joining the parts of the PDF book into one tagged PDF, object by object.

Typst writes each part as a classic PDF: objects ``N 0 obj ... endobj`` one
after another, a cross-reference table and a trailer.  The joiner reads one
part at a time (memory stays at about one part, whatever the book's size),
copies its objects into the book with new numbers, and writes what belongs
to the whole book once:

- one page tree, in the parts' order;
- one structure tree (PDF/UA): a single ``Document`` element holding every
  part's elements (less the hidden headings a continuing part starts with),
  the parent tree with each part's keys moved past the previous part's
  (``/StructParents`` of pages, ``/StructParent`` of annotations), the
  table cells' IDs made unique per part, and the role maps merged;
- named destinations at the measured place of every mark (heading or
  reference item), internal links pointing at them (see
  :mod:`dossierkit.outputs.pdf_links`), and the bookmarks (outline);
- the front part's catalog entries (language, viewer preferences), its
  document information and its XMP metadata, with the page count and the
  document ID of the whole book.

Object references are renumbered outside strings and stream data only, so
no contributed string can be changed.  Anything not written the way Typst
writes it stops the export (``RuntimeError``) rather than a wrong file.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import BinaryIO

from dossierkit.outputs.pdf_links import rewrite_anchor_links
from dossierkit.outputs.pdf_parts import Placed
from dossierkit.outputs.pdf_tree import Tree, name_tree, number_tree, outline, pdf_text

# Object numbers of what the joiner writes for the whole book.
CATALOG, PAGES, STRUCT_ROOT, DOCUMENT, METADATA = 1, 2, 3, 4, 5
FIRST_FREE = 6

_REF = re.compile(rb"(?<![0-9.])(\d+) 0 R(?![A-Za-z])")
_FAST = re.compile(rb"(?<![0-9.])(\d+) 0 R(?![A-Za-z])|(/StructParents? )(\d+)")
_STRING_PART = re.compile(rb"[()\\]")
_DICT_PART = re.compile(rb"<<|>>|\(")


class Part:
    """One part's PDF as Typst wrote it: its objects and the entries the joiner rewrites."""

    def __init__(self, data: bytes):
        self.data = data
        trailer = _one(rb"trailer\n<<(.*?)>>\nstartxref\n(\d+)\n%%EOF\s*$", data, "trailer", re.DOTALL)
        self.size = int(_one(rb"/Size (\d+)", trailer.group(1), "size").group(1))
        self.root = int(_one(rb"/Root (\d+) 0 R", trailer.group(1), "root").group(1))
        self.info = int(_one(rb"/Info (\d+) 0 R", trailer.group(1), "info").group(1))
        self.id = _one(rb"/ID\[(\([A-Za-z0-9+/=]*\))", trailer.group(1), "document ID").group(1)
        xref = int(trailer.group(2))
        table = data[xref:data.index(b"trailer\n", xref)].split(b"\n", 2)[2]
        offsets = [int(table[i:i + 10]) for i in range(0, len(table), 20)]
        if len(offsets) != self.size or table[:20] != b"0000000000 65535 f\r\n":
            raise RuntimeError("the PDF writer met a part with an unexpected cross-reference table")
        self.offsets = offsets
        self.ends = dict(zip(sorted(offsets[1:]), sorted(offsets[1:])[1:] + [xref]))
        catalog = self.body(self.root)
        self.catalog = catalog
        self.pages_root = _ref_of(b"Pages", catalog)
        self.metadata = _ref_of(b"Metadata", catalog)
        self.struct_root = _ref_of(b"StructTreeRoot", catalog)
        outlines = re.search(rb"/Outlines (\d+) 0 R", catalog)
        self.outlines = int(outlines.group(1)) if outlines else None
        dests = re.search(rb"/Names<</Dests<</Names\[((?:\([A-Za-z0-9-]+\)\d+ 0 R)*)\]>>>>", catalog)
        if dests is None and b"/Dests" in catalog:
            raise RuntimeError("the PDF writer met a part with unexpected named destinations")
        self.dests = {n.decode(): int(r) for n, r in re.findall(rb"\(([A-Za-z0-9-]+)\)(\d+) 0 R", dests.group(1))} \
            if dests else {}
        kids = _one(rb"^<</Type/Pages/Count (\d+)/Kids\[((?:\d+ 0 R ?)*)\]>>$", self.body(self.pages_root), "pages")
        self.pages = [int(r) for r in _REF.findall(kids.group(2))]
        root = self.body(self.struct_root)
        self.role_map = _one(rb"/RoleMap<<((?:/[A-Za-z0-9]+)*)>>", root, "role map").group(1)
        self.document = int(_one(rb"/K\[(\d+) 0 R\]", root, "structure root").group(1))
        nums = _one(rb"/ParentTree<</Nums\[((?:\d+ \d+ 0 R ?)*)\]>>", root, "parent tree").group(1)
        self.parent_tree = [(int(k), int(r)) for k, r in re.findall(rb"(\d+) (\d+) 0 R", nums)]
        self.next_key = int(_one(rb"/ParentTreeNextKey (\d+)", root, "parent tree key").group(1))
        ids = re.search(rb"/IDTree<</Names\[((?:\([A-Za-z0-9]+\)\d+ 0 R)*)\]>>", root)
        if ids is None and b"/IDTree" in root:
            raise RuntimeError("the PDF writer met a part with an unexpected ID tree")
        self.ids = [(n, int(r)) for n, r in re.findall(rb"\(([A-Za-z0-9]+)\)(\d+) 0 R", ids.group(1))] if ids else []
        document = _one(rb"^<</Type/StructElem/S/Document/P \d+ 0 R/K\[((?:\d+ 0 R ?)*)\]>>$",
                        self.body(self.document), "document element")
        self.kids = [int(r) for r in _REF.findall(document.group(1))]

    def body(self, number: int) -> bytes:
        """The object's text between ``N 0 obj`` and ``endobj``."""
        start = self.offsets[number]
        head = b"%d 0 obj\n" % number
        end = self.ends[start] - 8
        if not self.data.startswith(head, start) or not self.data.startswith(b"\nendobj\n", end):
            raise RuntimeError("the PDF writer met a part with a misplaced object")
        return self.data[start + len(head):end]

    def drop_hidden_headings(self, count: int) -> list[int]:
        """Remove the ``count`` hidden headings a continuing part starts with; return their numbers."""
        dropped = self.kids[:count]
        for number in dropped:
            if not re.fullmatch(rb"<</Type/StructElem/S/H[12]/P \d+ 0 R/T(?:\(.*\)|<[0-9A-F]*>)/K\[\]>>",
                                self.body(number), re.DOTALL):
                raise RuntimeError("the PDF writer met a part without the hidden heading it expected")
        self.kids = self.kids[count:]
        return dropped


def _one(pattern: bytes, data: bytes, what: str, flags: int = 0) -> re.Match:
    m = re.search(pattern, data, flags)
    if m is None:
        raise RuntimeError(f"the PDF writer met a part with an unexpected {what}")
    return m


def _ref_of(key: bytes, data: bytes) -> int:
    return int(_one(rb"/" + key + rb" (\d+) 0 R", data, key.decode().lower()).group(1))


def _string_end(data: bytes, start: int) -> int:
    """The index just past the literal string that opens at ``start`` (nested parentheses, escapes)."""
    depth, i = 0, start
    while True:
        m = _STRING_PART.search(data, i)
        if m is None:
            raise RuntimeError("the PDF writer met an unterminated string")
        c = m.group(0)
        if c == b"\\":
            i = m.end() + 1
            continue
        depth += 1 if c == b"(" else -1
        i = m.end()
        if depth == 0:
            return i


class Renumber:
    """Rewrites one part's object text: references, parent-tree keys and table-cell IDs.

    Object ``n`` of the part becomes ``base + n``, except its page tree root
    and its ``Document`` element, which become the book's.
    """

    def __init__(self, part: "Part", base: int, key_base: int, id_prefix: bytes, dropped: set[int]):
        self.key_base, self.id_prefix = key_base, id_prefix
        self.refs: list[bytes | None] = [b"%d 0 R" % (base + n) for n in range(part.size)]
        self.refs[part.pages_root], self.refs[part.document] = b"%d 0 R" % PAGES, b"%d 0 R" % DOCUMENT
        for n in dropped:
            if n is not None:
                self.refs[n] = None

    def token(self, m: re.Match) -> bytes:
        ref = m[1]
        if ref is None:
            return m[2] + b"%d" % (int(m[3]) + self.key_base)
        new = self.refs[int(ref)]
        if new is None:
            raise RuntimeError("the PDF writer met a reference to an object it does not copy")
        return new

    def plain(self, bodies: list[bytes]) -> list[bytes]:
        """Many objects without strings or streams at once (one pass over them all)."""
        return _FAST.sub(self.token, b"\0".join(bodies)).split(b"\0")

    def dictionary(self, text: bytes) -> bytes:
        """Renumber outside strings; prefix the strings that are table-cell IDs (``/ID``, ``/Headers``)."""
        start = text.find(b"(")
        if start < 0:
            return _FAST.sub(self.token, text)
        out, pos, in_headers = [], 0, False
        while start >= 0:
            plain = text[pos:start]
            out.append(_FAST.sub(self.token, plain))
            if b"/Headers[" in plain or b"]" in plain:
                in_headers = plain.rfind(b"/Headers[") > plain.rfind(b"]")
            pos = _string_end(text, start)
            string = text[start:pos]
            if self.id_prefix and (in_headers or plain.endswith(b"/ID")):
                string = b"(" + self.id_prefix + string[1:]
            out.append(string)
            start = text.find(b"(", pos)
        out.append(_FAST.sub(self.token, text[pos:]))
        return b"".join(out)

    def object(self, body: bytes) -> bytes:
        """The object with its references renumbered (stream data left as it is)."""
        if body.startswith(b"<<") and b"stream\n" in body:
            split = _dict_end(body)
            if body.startswith(b"\nstream\n", split):
                return self.dictionary(body[:split]) + body[split:]
        return self.dictionary(body)


def _dict_end(body: bytes) -> int:
    """The index just past the dictionary that starts ``body``."""
    depth, i = 0, 0
    while (m := _DICT_PART.search(body, i)) is not None:
        if m.group(0) == b"(":
            i = _string_end(body, m.start())
            continue
        depth += 1 if m.group(0) == b"<<" else -1
        i = m.end()
        if depth == 0:
            return i
    raise RuntimeError("the PDF writer met an unterminated dictionary")


class Writer:
    """The book's file: objects in the order they come, a cross-reference table at the end.

    Numbers left unused (the parts' objects the book does not keep) are free
    entries of the table.
    """

    def __init__(self, out: BinaryIO):
        self.out = out
        self.offsets: dict[int, int] = {}
        self.position = 0
        self.next = FIRST_FREE
        self.write(b"%PDF-1.7\n%\x80\x80\x80\x80\n\n")

    def write(self, data: bytes) -> None:
        self.out.write(data)
        self.position += len(data)

    def allocate(self, count: int = 1) -> int:
        first = self.next
        self.next += count
        return first

    def object(self, number: int, body: bytes) -> None:
        if number in self.offsets:
            raise RuntimeError("the PDF writer wrote an object twice")
        self.offsets[number] = self.position
        self.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    def objects(self, numbered: list[tuple[int, bytes]]) -> None:
        """Write many objects at once."""
        pieces, position = [], self.position
        for number, body in numbered:
            piece = b"%d 0 obj\n" % number + body + b"\nendobj\n"
            self.offsets[number] = position
            position += len(piece)
            pieces.append(piece)
        self.write(b"".join(pieces))

    def finish(self, trailer: bytes) -> None:
        free = [n for n in range(1, self.next) if n not in self.offsets]
        links = dict(zip([0] + free, free + [0]))
        start = self.position
        self.write(b"xref\n0 %d\n%010d 65535 f\r\n" % (self.next, links[0]))
        self.write(b"".join(b"%010d 00000 n\r\n" % self.offsets[n] if n in self.offsets
                            else b"%010d 00001 f\r\n" % links[n] for n in range(1, self.next)))
        self.write(b"trailer\n<<" + trailer + b">>\nstartxref\n%d\n%%%%EOF" % start)


class Joiner:
    """Joins the parts into the book as they come: the body parts in order, then the front.

    ``labels`` are the book's marks (what internal links may point at).
    :meth:`add` takes one part's PDF; :meth:`finish` adds the front and
    writes what belongs to the whole book.  Raises ``RuntimeError`` when a
    part is not what the joiner expects, when a heading is not on the page
    it was measured on, or when an internal link points at no mark.
    """

    def __init__(self, out: BinaryIO, labels: set[str]):
        self.writer = Writer(out)
        self.labels = labels
        self.digest = hashlib.md5(usedforsecurity=False)  # of the parts' own IDs (Typst's hashes of their content)
        self.pages: list[int] = []
        self.heights: list[float] = []
        self.kids: list[int] = []
        self.parent_tree: list[tuple[int, int]] = []
        self.ids: list[tuple[bytes, int]] = []
        self.role_map: dict[bytes, bytes] = {}
        self.key_base = 0

    def add(self, index: int, path: Path, placed: list[Placed], hidden: int, first_page: int) -> dict:
        """Copy part ``index`` (the front is 0) whose pages start at ``first_page``; return what the book needs of it.

        ``placed`` are its marks where the layout measured them, ``hidden``
        the number of hidden headings it starts with.
        """
        data, targets = rewrite_anchor_links(path.read_bytes())
        if targets - self.labels:
            raise RuntimeError(f"internal links to missing destinations: {sorted(targets - self.labels)[:5]}")
        part = Part(data)
        self.digest.update(part.id)
        dropped = set(part.drop_hidden_headings(hidden))
        dropped |= {part.root, part.metadata, part.struct_root, part.outlines} | set(part.dests.values())
        if index:
            dropped.add(part.info)
        writer = self.writer
        base = writer.allocate(part.size - 1) - 1  # part object n becomes base + n
        rewrite = Renumber(part, base, self.key_base, b"" if index == 0 else b"P%d" % index, dropped)
        skip = dropped | {part.pages_root, part.document, 0}
        _check_marks(part, placed, first_page)
        numbers = [n for n in range(1, part.size) if n not in skip]
        bodies = [part.body(n) for n in numbers]
        simple = [i for i, body in enumerate(bodies)  # no string, no stream: all at once
                  if b"(" not in body and b"stream\n" not in body and b"\0" not in body]
        rewritten = dict(zip(simple, rewrite.plain([bodies[i] for i in simple])))
        writer.objects([(base + n, rewritten[i] if i in rewritten else rewrite.object(bodies[i]))
                        for i, n in enumerate(numbers)])
        pages, heights = [], []
        for page in part.pages:
            pages.append(base + page)
            box = _one(rb"/MediaBox\[([-0-9. ]+)\]", part.body(page), "page").group(1).split()
            heights.append(float(box[3]) - float(box[1]))
        self.parent_tree += [(k + self.key_base, base + r) for k, r in part.parent_tree]
        self.ids += [(rewrite.id_prefix + n, base + r) for n, r in part.ids]
        for source, target in re.findall(rb"(/[A-Za-z0-9]+)(/[A-Za-z0-9]+)", part.role_map):
            self.role_map.setdefault(source, target)
        self.key_base += part.next_key
        added = {"pages": pages, "heights": heights, "kids": [base + k for k in part.kids]}
        if index == 0:
            added.update(catalog=part.catalog, metadata=part.body(part.metadata), info=base + part.info)
        else:
            self.pages += pages
            self.heights += heights
            self.kids += added["kids"]
        return added

    def finish(self, front: Path, placed: list[Placed], total: int) -> None:
        """Add the front, then write the page tree, the structure tree, destinations, outline and catalog."""
        first = self.add(0, front, [p for p in placed if p.part == 0], 0, 0)
        self.pages[:0], self.heights[:0], self.kids[:0] = first["pages"], first["heights"], first["kids"]
        if len(self.pages) != total:
            raise RuntimeError(f"the book has {len(self.pages)} pages, but {total} were measured")
        doc_id = base64.b64encode(self.digest.digest())
        self.parent_tree.sort()
        _write_book(self.writer, first, self.pages, self.heights, self.kids, self.parent_tree, self.ids,
                    self.role_map, self.key_base, placed, doc_id)
        self.writer.finish(b"/Size %d/Root %d 0 R/Info %d 0 R/ID[(%s)(%s)]" % (
            self.writer.next, CATALOG, first["info"], doc_id, doc_id))


def _check_marks(part: Part, placed: list[Placed], first_page: int) -> None:
    """Every heading Typst gave a destination is on the page it was measured on (``first_page``: pages before)."""
    page_index = {ref: i for i, ref in enumerate(part.pages)}
    for p in placed:
        dest = part.dests.get(p.mark.label)
        if dest is None:
            continue  # a reference item: not a heading, so Typst wrote no destination for it
        page = int(_one(rb"^\[(\d+) 0 R/XYZ", part.body(dest), "destination").group(1))
        if first_page + page_index[page] + 1 != p.page:
            raise RuntimeError(f"{p.mark.label} moved between measuring and writing the book")


def _write_book(writer: Writer, front: dict, page_refs: list[int], heights: list[float], kids: list[int],
                parent_tree: list[tuple[int, int]], ids: list[tuple[bytes, int]], role_map: dict[bytes, bytes],
                next_key: int, placed: list[Placed], doc_id: bytes) -> None:
    """The objects that belong to the whole book: pages, structure tree, destinations, outline, catalog."""
    tree = Tree(writer.allocate, writer.object)
    writer.object(PAGES, b"<</Type/Pages/Count %d/Kids[%s]>>" % (
        len(page_refs), b" ".join(b"%d 0 R" % r for r in page_refs)))
    writer.object(DOCUMENT, b"<</Type/StructElem/S/Document/P %d 0 R/K[%s]>>" % (
        STRUCT_ROOT, b" ".join(b"%d 0 R" % k for k in kids)))
    parents = number_tree(tree, parent_tree)
    root = b"<</Type/StructTreeRoot/RoleMap<<%s>>/K[%d 0 R]/ParentTree %d 0 R/ParentTreeNextKey %d" % (
        b"".join(k + v for k, v in role_map.items()), DOCUMENT, parents, next_key)
    if ids:
        root += b"/IDTree %d 0 R" % name_tree(tree, sorted(ids))
    writer.object(STRUCT_ROOT, root + b">>")
    dests: dict[str, int] = {}
    for p in placed:
        number = writer.allocate()
        page = p.page - 1
        writer.object(number, b"[%d 0 R/XYZ %.2f %.2f 0]" % (page_refs[page], p.x, heights[page] - p.y))
        dests[p.mark.label] = number
    names = name_tree(tree, sorted((label.encode("ascii"), ref) for label, ref in dests.items()))
    bookmarks = outline(tree, [(p.mark.title, p.mark.level, dests[p.mark.label]) for p in placed])
    metadata = _metadata(front["metadata"], len(page_refs), doc_id)
    writer.object(METADATA, metadata)
    keep = b"".join(m.group(0) for m in re.finditer(
        rb"/Lang(?:\([^()\\]*\)|<[0-9A-F]*>)|/MarkInfo<<[^<>]*>>|/ViewerPreferences<<[^<>]*>>", front["catalog"]))
    writer.object(CATALOG, b"<</Type/Catalog/Pages %d 0 R/Metadata %d 0 R%s/StructTreeRoot %d 0 R/Outlines %d 0 R"
                  b"/Names<</Dests %d 0 R>>/PageMode/UseOutlines>>" % (PAGES, METADATA, keep, STRUCT_ROOT,
                                                                        bookmarks, names))


def _metadata(stream: bytes, pages: int, doc_id: bytes) -> bytes:
    """The front part's XMP metadata with the book's page count and document ID."""
    head = _one(rb"^<</Length (\d+)(/Type/Metadata/Subtype/XML)>>\nstream\n", stream, "metadata")
    xmp = stream[head.end():head.end() + int(head.group(1))]
    xmp = re.sub(rb"<xmpTPg:NPages>\d+</xmpTPg:NPages>", b"<xmpTPg:NPages>%d</xmpTPg:NPages>" % pages, xmp)
    xmp = re.sub(rb"<xmpMM:(InstanceID|DocumentID)>[^<]*</xmpMM:\1>",
                 lambda m: b"<xmpMM:%s>%s</xmpMM:%s>" % (m.group(1), doc_id, m.group(1)), xmp)
    return b"<</Length %d%s>>\nstream\n" % (len(xmp), head.group(2)) + xmp + b"\nendstream"


__all__ = ["Joiner", "Part", "pdf_text"]
