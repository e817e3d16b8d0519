"""The text of a fetched page: HTML (any declared charset), plain text, or PDF.

- The charset comes from a byte-order mark, else the ``Content-Type``
  header, else a ``<meta>`` in the first 4 KiB, else UTF-8 when the bytes are
  valid UTF-8, else windows-1252 (what browsers assume); labels are read the
  way browsers read them (``iso-8859-1`` means windows-1252).
- HTML text is read with the standard library's ``html.parser``: ``script``,
  ``style``, ``template`` and ``noscript`` are skipped, and block elements
  and line breaks become line breaks so that words never run together.
- PDF text comes from pypdf, at most :data:`MAX_PDF_PAGES` pages.
- Both parsers run in a child process (this file run as a script) with a
  timeout and memory and CPU limits: a hostile page cannot hang or exhaust
  the checker (``html.parser`` takes minutes on a few kilobytes of unclosed
  tags).  HTML that cannot be read in time is read by regular expressions
  instead.
"""

from __future__ import annotations

import codecs
import html
import io
import logging
import re
import subprocess
import sys
from html.parser import HTMLParser

MAX_TEXT_CHARS = 4_000_000
MAX_PDF_PAGES = 400
MAX_CHILD_MEMORY = 1024 * 1024 * 1024
MAX_CHILD_CPU_SECONDS = 60
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# WHATWG encoding labels that Python spells or reads differently.
_LABELS = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
           "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "x-sjis": "shift_jis", "x-gbk": "gbk",
           "gb2312": "gbk", "iso-8859-9": "cp1254", "tis-620": "cp874", "iso-8859-11": "cp874"}
_SKIP = {"script", "style", "template", "noscript", "svg", "math"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog", "div", "dl",
    "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "title", "tr", "ul",
}
_SKIPPED_ELEMENTS = re.compile(r"<(script|style|template|noscript|svg|math)\b.*?(</\1\s*>|\Z)", re.I | re.S)
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)?[^>]*>?")
HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = {"text/plain"}
PDF_TYPES = {"application/pdf", "application/x-pdf"}


def split_content_type(value: str) -> tuple[str, str | None]:
    """``text/html; charset=UTF-8`` as ``("text/html", "UTF-8")``."""
    media, _, params = (value or "").partition(";")
    charset = None
    for param in params.split(";"):
        name, _, val = param.partition("=")
        if name.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")
    return media.strip().lower(), charset


def codec_for(label: str | None) -> str | None:
    """The Python codec for a charset label, or None when the label means nothing."""
    if not label:
        return None
    label = label.strip().lower()
    label = _LABELS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode(body: bytes, header_charset: str | None, html: bool) -> str:
    """``body`` as text (see the module docstring for the order of the clues)."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(codec, errors="replace")
    codec = codec_for(header_charset)
    if codec is None and html:
        found = _META_CHARSET.search(body[:4096])
        codec = codec_for(found.group(1).decode("ascii", "replace")) if found else None
        if codec and codec.startswith("utf-16"):  # a page that can be read to find its meta is not UTF-16
            codec = "utf-8"
    if codec is None:
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            codec = "cp1252"
    return body.decode(codec, errors="replace")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping: list[str] = []
        self._size = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP:
            self._skipping.append(tag)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and tag == self._skipping[-1]:
            self._skipping.pop()
        elif tag in _SKIP and tag in self._skipping:
            while self._skipping and self._skipping.pop() != tag:
                pass
        elif tag in _BLOCK and not self._skipping:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping and self._size < MAX_TEXT_CHARS:
            self.parts.append(data)
            self._size += len(data)


def _crude_text(markup: str) -> str:
    """Text by regular expressions, for markup that ``html.parser`` gives up on."""
    markup = _SKIPPED_ELEMENTS.sub(" ", markup)
    return html.unescape(_TAG.sub(lambda m: "\n" if (m.group(1) or "").lower() in _BLOCK else "", markup))


def html_text(markup: str) -> str:
    """The readable text of an HTML page (scripts and styles left out), parsed in this process.

    ``html.parser`` takes quadratic time on some malformed markup (thousands
    of unclosed tags): :func:`page_text` runs it in a child process instead.
    """
    parser = _TextParser()
    try:
        parser.feed(markup)
        parser.close()
    except AssertionError:  # html.parser's way of giving up on some malformed declarations
        return _crude_text(markup)[:MAX_TEXT_CHARS]
    return "".join(parser.parts)[:MAX_TEXT_CHARS]


def _in_child(mode: str, data: bytes, timeout: float) -> bytes:
    """This file run as a child process in ``mode`` on ``data``; TimeoutError or ValueError if it fails."""
    # -I: no environment variables, no user site, not the current folder;
    # -S (HTML only): not even site-packages, so it starts in a few milliseconds.
    flags = ["-I", "-S"] if mode == "html" else ["-I"]
    try:
        done = subprocess.run([sys.executable, *flags, __file__, mode], input=data, capture_output=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise TimeoutError from None
    if done.returncode != 0:
        raise ValueError(done.returncode)
    return done.stdout


def pdf_text(body: bytes, timeout: float) -> str:
    """The text of a PDF, extracted in a child process; ValueError if it cannot be read in time."""
    try:
        out = _in_child("pdf", body, timeout)
    except TimeoutError:
        raise ValueError(f"reading the PDF's text took longer than {timeout:g} s") from None
    except ValueError:
        raise ValueError("the PDF's text could not be read") from None
    return out.decode("utf-8", errors="replace")[:MAX_TEXT_CHARS]


def safe_html_text(markup: str, timeout: float) -> str:
    """:func:`html_text` in a child process; markup it cannot read in time is read by regular expressions."""
    try:
        out = _in_child("html", markup.encode("utf-8", errors="surrogatepass"), timeout)
    except (TimeoutError, ValueError):
        return _crude_text(markup)[:MAX_TEXT_CHARS]
    return out.decode("utf-8", errors="replace")


def page_text(body: bytes, content_type: str, timeout: float) -> str:
    """The text of a page of any supported type; ValueError (with the reason) for other types.

    ``timeout`` bounds the child process that reads HTML or PDF.
    """
    media, charset = split_content_type(content_type)
    head = body[:1024].lstrip().lower()
    if media in PDF_TYPES or body.startswith(b"%PDF-"):
        return pdf_text(body, timeout)
    if media in HTML_TYPES or (media in ("", "application/octet-stream")
                               and head.startswith((b"<!doctype html", b"<html"))):
        return safe_html_text(decode(body, charset, html=True), timeout)
    if media in TEXT_TYPES or media == "":
        return decode(body, charset, html=False)[:MAX_TEXT_CHARS]
    raise ValueError(f"not a page with text ({media})")


def _limit_resources() -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Linux or macOS
        return
    for limit, value in ((resource.RLIMIT_AS, MAX_CHILD_MEMORY), (resource.RLIMIT_CPU, MAX_CHILD_CPU_SECONDS)):
        try:
            _soft, hard = resource.getrlimit(limit)
            cap = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(limit, (cap, hard))
        except (ValueError, OSError):  # pragma: no cover - some systems refuse
            pass


def _child(mode: str) -> int:
    """In the child process: the text of the HTML (UTF-8) or PDF on standard input; 1 if unreadable."""
    _limit_resources()
    data = sys.stdin.buffer.read()
    try:
        if mode == "html":
            text = html_text(data.decode("utf-8", errors="replace"))
        else:
            logging.disable(logging.CRITICAL)  # pypdf's warnings about odd files are not ours to print
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            text = "\n".join(page.extract_text() or "" for page in reader.pages[:MAX_PDF_PAGES])
    except Exception:  # noqa: BLE001 - any failure means "cannot be read"; the parent says so
        return 1
    sys.stdout.buffer.write(text.encode("utf-8", errors="replace"))
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1] if len(sys.argv) > 1 else "pdf"))
