"""The text of a page and the matching of quotes: charsets, HTML, PDF, normalisation."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, strategies as st

from dossierkit.sourcecheck.extract import codec_for, decode, html_text, page_text, pdf_text, split_content_type
from dossierkit.sourcecheck.match import PageText, normalise
from sourceserver import tiny_pdf

# --- matching -----------------------------------------------------------------------------


@pytest.mark.parametrize("quote, page", [
    ('"a comprehensive system"', "\u201ca comprehensive system\u201d"),                   # curly double quotes
    ("Iran's view", "Iran\u2019s view"),                                                   # apostrophe
    ("\u00ab une alliance \u00bb", "\u00ab\u00a0une alliance\u00a0\u00bb"),                 # guillemets, NBSP
    ("2015-2016", "2015\u20132016"), ("pact - signed", "pact\u2014signed"),                # en and em dashes
    ("minus -3", "minus \u22123"),
    ("across two\nlines", "across   two\r\n  lines"), ("a hyphen", "a hy\u00adphen"),
    ("CASE", "case"), ("Strasse", "stra\u00dfe"),                                          # casefold
    ("Pesawar cafe", "Pe\u0161awar caf\u00e9"), ("naive", "na\u00efve"),                   # diacritics
    ("office", "o\ufb03ce"),                                                              # ligature
    ("\u0627\u0644\u0627\u0633\u0644\u0627\u0645", "\u0627\u0644\u0625\u0633\u0644\u0627\u0645"),  # hamza on alef
    ("\u0643\u062a\u0627\u0628 \u0639\u0631\u0628\u064a", "\u06a9\u062a\u0627\u0628 \u0639\u0631\u0628\u06cc"),  # ك/ک ي/ی
    ("\u0645\u062d\u0645\u062f", "\u0645\u064f\u062d\u064e\u0645\u0651\u064e\u062f"),       # Arabic vowel marks
    ("\u0633\u0627\u0644 \u06f1\u06f4\u06f0\u06f4", "\u0633\u0627\u0644 1404"),              # Persian digits
    ("\u0645\u06cc\u200c\u0634\u0648\u062f", "\u0645\u06cc\u0634\u0648\u062f"),             # ZWNJ
    ("the start ... the end", "the start of it all and the end"),                          # ellipsis
    ("the start [\u2026] the end", "the start, then the end"),
])
def test_typography_does_not_count(quote, page):
    assert PageText(f"Before. {page} After.").find(quote).found


@pytest.mark.parametrize("quote, page", [
    ("a military alliance", "a military cooperation"),
    ("the end ... the start", "the start and the end"),    # parts out of order
    ("not agreed", "not yet agreed"),                        # words still count
    ("ab", "a b"),
])
def test_words_do_count(quote, page):
    assert not PageText(page).find(quote).found


def test_a_miss_says_how_far_the_quote_matched():
    text = PageText("Tehran called it the beginning of a comprehensive regional security system.")
    miss = text.find("the beginning of a comprehensive military pact with Riyadh")
    assert (miss.found, miss.words, miss.matched) == (False, 9, 5)
    assert miss.hint() == "the page has its first 5 of 9 words (\u2026the beginning of a comprehensive), then differs"
    assert text.find("nothing like it").hint() == "not even its first words are on the page"


@given(st.text(max_size=80))
def test_normalising_twice_changes_nothing_and_a_page_holds_itself(text):
    once = normalise(text)
    assert normalise(once) == once
    if once.strip() and "..." not in once:
        assert PageText(f"x {text} y").find(text).found


def test_a_long_page_is_searched_fast():
    text = PageText("lorem ipsum dolor " * 200_000)
    started = time.monotonic()
    for _ in range(50):
        assert not text.find("lorem ipsum dolor sit amet " * 20).found
    assert time.monotonic() - started < 5


# --- charsets and HTML ---------------------------------------------------------------------


def test_content_type_and_labels():
    assert split_content_type('text/HTML; Charset="windows-1256"') == ("text/html", "windows-1256")
    assert split_content_type("") == ("", None)
    assert codec_for("ISO-8859-1") == "cp1252" and codec_for("latin1") == "cp1252"  # as browsers read them
    assert codec_for("windows-1256") == "cp1256" and codec_for("no-such-charset") is None


ARABIC = "\u0627\u0644\u062a\u062d\u0627\u0644\u0641 \u0627\u0644\u0625\u0633\u0644\u0627\u0645\u064a"


def test_the_charset_comes_from_the_bom_the_header_the_meta_then_a_guess():
    html = f"<meta http-equiv='Content-Type' content='text/html; charset=windows-1256'><p>{ARABIC}</p>"
    raw = html.encode("windows-1256")
    assert ARABIC in decode(raw, None, html=True)                       # from the meta
    assert ARABIC in decode(raw, "windows-1256", html=True)             # from the header
    assert ARABIC not in decode(raw, "utf-8", html=True)                # the header wins over the meta
    assert decode(b"\xef\xbb\xbfcaf\xc3\xa9", "windows-1252", html=False) == "caf\u00e9"  # the BOM wins
    assert decode("caf\u00e9 \u201cok\u201d".encode("windows-1252"), None, html=False) == "caf\u00e9 \u201cok\u201d"
    assert decode("caf\u00e9".encode("utf-8"), None, html=True) == "caf\u00e9"
    assert decode(b"<meta charset=utf-16><p>ok", None, html=True) == "<meta charset=utf-16><p>ok"


def test_html_text_skips_scripts_and_keeps_words_apart():
    markup = ("<title>T</title><script>var x = '<p>hidden</p>';</script><style>.a{}</style><noscript>ns</noscript>"
              "<div>one</div><div>two<br>three</div><p>wo<b>rd</b> &amp; &eacute;t&eacute; &#8211; end</p>")
    text = html_text(markup)
    assert "hidden" not in text and ".a{}" not in text and "ns" not in text.split()
    assert text.split() == ["T", "one", "two", "three", "word", "&", "\u00e9t\u00e9", "\u2013", "end"]


def test_broken_html_still_gives_its_text():
    assert html_text("<p>unclosed <script>never closed").split() == ["unclosed"]
    assert html_text("<div><p>a</div></p><p>b").split() == ["a", "b"]


def test_markup_html_parser_gives_up_on_is_read_by_regular_expressions():
    assert html_text("<p>a</p><![foo bar]><script>x</script><div>b &amp; c</div>").split() == ["a", "b", "&", "c"]


def test_pathological_markup_cannot_hang_the_checker():
    """html.parser takes minutes on 60 KB of unclosed tags; the child process is stopped in time."""
    body = b"<html><p>before the trap</p>" + b"<a " * 20_000
    started = time.monotonic()
    text = page_text(body, "text/html", 1.0)
    assert time.monotonic() - started < 6
    assert "before the trap" in text


def test_html_is_read_the_same_in_the_child_process():
    markup = "<p>caf\u00e9 \u0627\u0644\u062a\u062d\u0627\u0644\u0641</p><script>no</script><div>two</div>"
    assert page_text(markup.encode("utf-8"), "text/html; charset=utf-8", 20) == html_text(markup)


# --- types and PDF ----------------------------------------------------------------------------


def test_page_types():
    assert page_text(b"<!DOCTYPE html><p>hi", "", 5).split() == ["hi"]
    assert page_text(b"plain words", "text/plain; charset=ascii", 5) == "plain words"
    with pytest.raises(ValueError, match=r"not a page with text \(image/png\)"):
        page_text(b"\x89PNG...", "image/png", 5)


def test_pdf_text_comes_from_a_child_process():
    text = pdf_text(tiny_pdf("First line of the treaty", "second (line) \\ here"), 20)
    assert "First line of the treaty" in text and "second (line) \\ here" in text
    assert page_text(tiny_pdf("sniffed"), "application/octet-stream", 20).strip() == "sniffed"


@pytest.mark.parametrize("body", [b"%PDF-1.4\n garbage", b"%PDF-" + b"\0" * 1000, b""])
def test_a_broken_pdf_is_a_reason_not_a_crash(body):
    with pytest.raises(ValueError, match="could not be read"):
        pdf_text(body, 20)
