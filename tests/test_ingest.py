from __future__ import annotations

import io
import os
import sys
from datetime import date
from pathlib import Path

import pytest

from summarise.ingest.paths import RefusedInput
from summarise.ingest.reader import InputError, Outcome, expand_inputs, parse_bytes, read_input

ARTICLE = "Officials said on Monday that 12 people were hurt in the blast.\n"


def write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def test_utf8_with_bom_and_crlf_is_normalised(tmp_path: Path) -> None:
    raw = "\ufeffHeadline Here Today\r\n\r\nFirst line.\r\nSecond line.\r\n".encode()
    result = read_input(write(tmp_path / "a.txt", raw))
    assert result.outcome is Outcome.READ and result.document is not None
    assert result.document.text == "Headline Here Today\n\nFirst line.\nSecond line."
    assert result.document.encoding == "utf-8-sig"
    assert result.document.title == "Headline Here Today"


def test_latin1_falls_back_with_a_warning_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "latin.txt", "Le président a déclaré: « non ».".encode("latin-1"))
    result = read_input(path)
    assert result.document is not None
    assert "président" in result.document.text
    assert result.document.encoding == "cp1252"
    assert result.warnings and path in result.warnings[0] and "cp1252" in result.warnings[0]


def test_utf16_with_bom_is_text(tmp_path: Path) -> None:
    result = read_input(write(tmp_path / "u16.txt", ARTICLE.encode("utf-16")))
    assert result.document is not None and result.document.text == ARTICLE.strip()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (b"\x00\x01text with NUL and control bytes \x02\x03", "binary"),
        ("latin-1 é with a \x00 NUL".encode("latin-1"), "binary"),
    ],
)
def test_empty_and_binary_are_skipped_with_a_reason(
    tmp_path: Path, data: bytes, message: str
) -> None:
    result = read_input(write(tmp_path / "bad.txt", data))
    assert result.outcome is Outcome.SKIPPED
    assert result.document is None
    assert message in result.message


def test_stray_nul_bytes_in_utf8_text_are_removed_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path / "nul.txt", b"text with a \x00 NUL byte inside, said the mayor.")
    result = read_input(path)
    assert result.outcome is Outcome.READ and result.document is not None
    assert result.document.text == "text with a  NUL byte inside, said the mayor."
    assert result.warnings == (f"{path}: 1 NUL byte(s) removed from the text",)


def test_too_large_fails_without_reading_it(tmp_path: Path) -> None:
    result = read_input(write(tmp_path / "big.txt", b"word " * 1000), max_bytes=100)
    assert result.outcome is Outcome.FAILED
    assert "too large" in result.message and "--max-bytes" in result.message


def test_unreadable_file_fails_with_the_reason(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        result = read_input(str(tmp_path / "missing.txt"))
    else:
        path = write(tmp_path / "secret.txt", b"x")
        os.chmod(path, 0)
        result = read_input(path)
    assert result.outcome is Outcome.FAILED
    assert "cannot read" in result.message


def test_date_header_becomes_published_and_leaves_the_text() -> None:
    result = parse_bytes(b" date 2023-12-20 A delegation arrived in Cairo.\n\nMore.", "x")
    assert result.document is not None
    assert result.document.published == date(2023, 12, 20)
    assert result.document.text.startswith("A delegation arrived")


def test_a_sentence_is_not_a_headline() -> None:
    result = parse_bytes(b"The minister resigned on Friday, aides said.\nMore text.", "x")
    assert result.document is not None and result.document.title is None


def test_same_text_is_the_same_document_id() -> None:
    one = parse_bytes(ARTICLE.encode(), "a").document
    two = parse_bytes(("\ufeff" + ARTICLE.replace("\n", "\r\n")).encode(), "b").document
    assert one is not None and two is not None and one.id == two.id


def test_expand_walks_directories_and_globs_once_each(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    write(tmp_path / "a.txt", b"x")
    write(tmp_path / "sub" / "b.md", b"x")
    write(tmp_path / "sub" / "c.pdf", b"x")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    found = list(expand_inputs([str(tmp_path), str(tmp_path / "*.txt")]))
    read = [p for p in found if not isinstance(p, RefusedInput)]
    assert sorted(Path(p).name for p in read) == ["a.txt", "b.md"]
    # The symlinked folder is reported, not walked and not passed over in silence.
    assert [Path(p).name for p in found if isinstance(p, RefusedInput)] == ["loop"]


def test_missing_path_and_empty_glob_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        list(expand_inputs([str(tmp_path / "nope.txt")]))
    with pytest.raises(InputError, match="no file matches"):
        list(expand_inputs([str(tmp_path / "*.none")]))


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO(ARTICLE.encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    result = read_input("-")
    assert result.document is not None and result.source == "<stdin>"
