"""Every refusal of the safe YAML reader, each with its located message."""

from __future__ import annotations

import time

import pytest

from dossierkit.errors import DossierError
from dossierkit.loading.yaml_loader import MAX_FILE_BYTES, decode_yaml_bytes, parse_yaml, read_yaml_file


def refuse(text: str) -> tuple[int, int, str]:
    with pytest.raises(DossierError) as info:
        parse_yaml(text, "x.yml")
    (problem,) = info.value.problems
    assert problem.path == "x.yml"
    return problem.line, problem.column, problem.message


def test_plain_mapping_keeps_strings_and_positions():
    doc = parse_yaml("id: a\ncount: 0755\nflag: no\nwhen: 2025-09-17\nbig: 1_000\nt: 3:25\nok: true\nnothing:\n", "x.yml")
    assert doc.data == {"id": "a", "count": "0755", "flag": "no", "when": "2025-09-17",
                        "big": "1_000", "t": "3:25", "ok": True, "nothing": None}
    assert doc.positions[("when",)] == (4, 1)


def test_quoted_true_stays_a_string():
    assert parse_yaml('a: "true"\n', "x.yml").data == {"a": "true"}


def test_block_scalar_text_line_is_after_indicator():
    doc = parse_yaml("id: a\nbody: |\n  line one\n  line two\n", "x.yml")
    assert doc.text_lines[("body",)] == 3


def test_nested_positions():
    doc = parse_yaml("relations:\n  - type: x\n    target: y\n", "x.yml")
    assert doc.positions[("relations", 0)] == (2, 5)
    assert doc.positions[("relations", 0, "target")] == (3, 5)


@pytest.mark.parametrize("text, line, needle", [
    ("", 1, "empty"),
    ("# only a comment\n", 1, "empty"),
    ("- a\n- b\n", 1, "not a list"),
    ("just text\n", 1, "not a single value"),
    ("a: 1\n---\nb: 2\n", 2, "several YAML documents"),
    ("a: !!python/object:os.system x\n", 1, "tags are not allowed"),
    ("a: !custom x\n", 1, "tags are not allowed"),
    ("a: &x 1\nb: 2\n", 1, "anchors"),
    ("a: 1\nb: *x\n", 2, "aliases"),
    ("a: 1\na: 2\n", 2, "duplicate key 'a'"),
    ("? [a, b]\n: 1\n", 1, "keys must be plain"),
    ("a:\n  b: 1\n   c: 2\n", 3, "YAML syntax error"),
    ("a: 'unclosed\n", 2, "YAML syntax error"),
    ("a:\n\t- b\n", 2, "YAML syntax error"),
])
def test_refusals(text, line, needle):
    got_line, _col, message = refuse(text)
    assert needle in message
    assert got_line == line


def test_alias_bomb_is_refused_fast():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(20))
    start = time.perf_counter()
    _line, _col, message = refuse(bomb)
    assert "anchors" in message
    assert time.perf_counter() - start < 1.0


def test_deep_nesting_is_refused():
    text = "a: " + "[" * 200 + "]" * 200 + "\n"
    _line, _col, message = refuse(text)
    assert "deeper" in message


@pytest.mark.parametrize("raw, needle", [
    (b"\xef\xbb\xbfid: a\n", "byte-order mark"),
    (b"\xff\xfei\x00d\x00", "byte-order mark"),
    (b"id: caf\xe9\n", "not valid UTF-8"),
    (b"id: a\n\x00\x01\x02", "NUL"),
    (b"a: " + b"x" * (MAX_FILE_BYTES + 1), "larger than the limit"),
])
def test_byte_level_refusals(raw, needle):
    with pytest.raises(DossierError) as info:
        decode_yaml_bytes(raw, "x.yml")
    assert needle in info.value.problems[0].message


@pytest.mark.parametrize("size, refused", [(0, False), (1, False), (MAX_FILE_BYTES, False), (MAX_FILE_BYTES + 1, True),
                                           (3 * MAX_FILE_BYTES, True)])
def test_files_are_read_whole_up_to_the_limit(tmp_path, size, refused):
    # A comment line of `size` bytes: the file parses when it is read whole and
    # is within the limit, and is refused, not truncated, past it.
    path = tmp_path / "x.yml"
    text = b"id: a\n" + (b"#" + b"x" * (size - 8) + b"\n" if size >= 8 else b"")
    path.write_bytes(text[:size] if size < 8 else text)
    if refused:
        with pytest.raises(DossierError) as info:
            read_yaml_file(str(path), "x.yml")
        assert "larger than the limit" in info.value.problems[0].message
    elif size < 6:
        with pytest.raises(DossierError):  # empty, or an incomplete first line
            read_yaml_file(str(path), "x.yml")
    else:
        assert read_yaml_file(str(path), "x.yml").data == {"id": "a"}


@pytest.mark.skipif(not __import__("os").path.exists("/dev/zero"), reason="no /dev/zero on this system")
def test_a_file_whose_size_says_nothing_is_read_to_the_limit_only():
    # A device reports size 0 and never ends: the reader stops one byte past the limit.
    with pytest.raises(DossierError) as info:
        read_yaml_file("/dev/zero", "x.yml")
    assert "larger than the limit" in info.value.problems[0].message


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="no named pipes on this system")
def test_a_named_pipe_is_read_without_waiting_for_a_writer(tmp_path):
    # A file swapped for a pipe after it was listed (the watchers hash files they find changed):
    # opening a pipe waits for a writer unless it is opened without blocking.  A reader that
    # waits would hang this child, which then fails the test by its timeout.
    import os
    import subprocess
    import sys

    pipe = tmp_path / "a.yml"
    os.mkfifo(pipe)
    code = ("import sys\nfrom dossierkit.errors import DossierError\n"
            "from dossierkit.loading.yaml_loader import read_yaml_file\n"
            "try:\n    read_yaml_file(sys.argv[1], 'a.yml')\n"
            "except DossierError as e:\n    print(e.problems[0].message)\n")
    done = subprocess.run([sys.executable, "-c", code, str(pipe)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "file is empty" in done.stdout


def test_latin1_error_names_the_line():
    with pytest.raises(DossierError) as info:
        decode_yaml_bytes(b"id: a\nname: caf\xe9\n", "x.yml")
    problem = info.value.problems[0]
    assert (problem.line, problem.column) == (2, 10)
