"""Rules for names that strangers choose: file names, ids and the text of names.

Three things make a name unsafe even when every character is "printable":

- **Reserved device names.** Windows cannot create or check out a file or
  folder called ``con``, ``prn``, ``aux``, ``nul``, ``com1``-``com9`` or
  ``lpt1``-``lpt9`` (also ``conin$``, ``conout$`` and ``com¹``-``lpt³``), in
  any case, with any extension (``nul.yml``, ``Aux.md``), nor one that ends in
  a dot or a space; a repository holding one breaks every checkout there.
- **Characters that Windows or macOS refuse in a file name**:
  ``< > : " | ? * \\`` and control characters.
- **Invisible characters.** "Ir\\u200ban" looks like "Iran" and is not.
  Refused: every *default-ignorable* code point (zero-width space U+200B,
  word joiner and invisible operators U+2060-U+2064, soft hyphen U+00AD,
  byte-order mark U+FEFF, tag characters U+E0000-U+E007F, the Hangul fillers,
  the combining grapheme joiner, ...) and every other format character
  (category Cf) that is invisible.  Allowed, because scripts need them: ZWNJ
  U+200C and ZWJ U+200D (Persian, Urdu, Arabic, Indic scripts and emoji),
  LRM U+200E, RLM U+200F and ALM U+061C (bidirectional text), variation
  selectors (emoji, CJK) and the Mongolian variation selectors and vowel
  separator; the *prepended concatenation marks* (U+0600-U+0605, U+06DD,
  U+070F, U+0890-U+0891, U+08E2, U+110BD, U+110CD) are visible signs and are
  allowed too.  Bidirectional embedding and override controls are refused by
  the text rule that names them (``schema.types``).
"""

from __future__ import annotations

import re
import unicodedata

_DEVICE_STEMS = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$"}
    | {f"{port}{n}" for port in ("com", "lpt") for n in "123456789\u00b9\u00b2\u00b3"})
_WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*\\\x00-\x1f\x7f]')

# Allowed although invisible: the joiners and marks that scripts need.
SCRIPT_MARKS = frozenset("\u200c\u200d\u200e\u200f\u061c")
# Every refused character: the default-ignorable code points (Unicode's
# DerivedCoreProperties) and the format characters (Cf) of Unicode 14, less
# the script marks, the variation selectors (U+FE00-U+FE0F, U+E0100-U+E01EF),
# the Mongolian selectors (U+180B-U+180F) and the visible prepended marks.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u115f\u1160\u17b4\u17b5\u200b\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0"
    "\ufff0-\ufffb\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e00ff\U000e01f0-\U000e0fff]")


def is_invisible(ch: str) -> bool:
    """True for one character that renders as nothing and no script needs."""
    return bool(_INVISIBLE.fullmatch(ch))


def first_invisible(text: str) -> tuple[int, str] | None:
    """``(index, character)`` of the first invisible character in ``text``, or None."""
    if text.isascii():
        return None
    m = _INVISIBLE.search(text)
    return (m.start(), m.group()) if m else None


def describe(ch: str) -> str:
    """``U+200B ZERO WIDTH SPACE`` for a message."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'an unnamed character')}"


def invisible_message(text: str) -> str | None:
    """A message naming the first invisible character of ``text``, or None when there is none."""
    found = first_invisible(text)
    if found is None:
        return None
    return f"contains an invisible character ({describe(found[1])}); remove it"


def device_name(name: str) -> bool:
    """True when Windows reserves ``name`` (``nul``, ``Con.md``, ``com1.tar.gz``, ``aux .txt``)."""
    stem = name.split(".", 1)[0].rstrip(" ").lower()
    return stem in _DEVICE_STEMS


def file_name_problem(name: str) -> str | None:
    """Why ``name`` (one path component) cannot be checked out everywhere, or None.

    Covers reserved device names, a trailing dot or space, characters that
    Windows refuses, and invisible characters.
    """
    if device_name(name):
        stem = name.split(".", 1)[0].rstrip(" ")
        return f"{stem!r} is a reserved device name on Windows (con, prn, aux, nul, com1-9, lpt1-9); rename it"
    if name.endswith((".", " ")):
        return "a name ending in a dot or a space cannot be checked out on Windows; rename it"
    bad = _WINDOWS_FORBIDDEN.search(name)
    if bad:
        return f"contains {bad.group()!r}, which Windows does not allow in file names; rename it"
    return invisible_message(name)


# What editors leave beside a file they save, as Hugo's file watcher also knows them:
# backups (``name.yml~``: Emacs, Vim, gedit), the temporaries of JetBrains' "safe
# write", swap files named without the leading dot, and a generic ``.tmp``.
_LEFTOVER_SUFFIXES = ("~", "___jb_tmp___", "___jb_old___", "___jb_bak___", ".swp", ".swx", ".tmp")
# Vim's test of whether it may create a file in the folder: ``4913``, or 4913 + 123k when taken.
_VIM_PROBE, _VIM_PROBE_STEP = 4913, 123


def editor_leftover(name: str) -> bool:
    """Whether ``name`` (one path component) is a file an editor makes beside the one it saves.

    A backup (``land.yml~``), an Emacs auto-save (``#land.yml#``), Vim's probe
    (``4913``), a JetBrains safe-write temporary (``land.yml___jb_tmp___``),
    a swap file (``land.yml.swp``) or a Byword one (``land.yml.sb-1a2b``).
    """
    if name.endswith(_LEFTOVER_SUFFIXES) or "." in name and name.rsplit(".", 1)[1].startswith("sb-"):
        return True
    if len(name) > 1 and name[0] == "#" and name[-1] == "#":
        return True
    if name.isascii() and name.isdigit():
        number = int(name)
        return number >= _VIM_PROBE and (number - _VIM_PROBE) % _VIM_PROBE_STEP == 0
    return False


def skipped_name(name: str) -> bool:
    """Whether the dossier's readers pass over a file or folder called ``name``: a hidden one
    (``.name``: Vim's ``.land.yml.swp``, Emacs' lock ``.#land.yml``) or an editor's leftover
    (:func:`editor_leftover`).  Neither is an entry, and neither is reported."""
    return name.startswith(".") or editor_leftover(name)


def fold(path: str) -> str:
    """The form under which case-insensitive, normalising file systems compare names."""
    return unicodedata.normalize("NFC", path).casefold()


def url_authority_problem(url: str) -> str | None:
    """Why an ``http(s)`` address must not be shown or linked, or None.

    ``https://user:pass@host/`` carries someone's credentials, and
    ``https://trusted.example@evil.example/`` reads as the first host while it
    opens the second; browsers read ``\\`` as ``/``, so a backslash can move
    the host too.  Such addresses are refused rather than rewritten: the
    export keeps every value as written.
    """
    if "\\" in url:
        return "contains a backslash, which browsers read as '/'; write the address with '/'"
    rest = url.split("://", 1)[1] if "://" in url else url
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if "@" in authority:
        return "contains a user name or password before '@' (user:pass@host); remove it and link the page itself"
    return None
