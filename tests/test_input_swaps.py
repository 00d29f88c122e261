"""Input files (issue 24, items 11 and 12): the file read is the file listed, and a file
name that is not UTF-8 is stored and shown escaped while the batch goes on."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from summarise.cli import cli
from summarise.ingest.reader import Outcome, expand_inputs, read_input
from summarise.store import Store

ARTICLE = "Storm closes roads\n\nThe council said 12 roads were closed on Monday after the storm.\n"
SECRET = "API_KEY=not-for-any-document and other things a batch must never read here.\n"


def listed(folder: Path) -> list[str]:
    return list(expand_inputs([str(folder)]))


def test_a_file_swapped_for_a_symlink_after_listing_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    article = folder / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    (source,) = listed(folder)
    article.unlink()
    article.symlink_to(secret)  # the swap, between listing and reading
    result = read_input(source)
    assert result.outcome is Outcome.FAILED and result.document is None
    assert "symlink after the folder was listed" in result.message


def test_a_file_replaced_by_another_after_listing_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    article = folder / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    (source,) = listed(folder)
    other = tmp_path / "other.txt"
    other.write_text(SECRET, encoding="utf-8")
    os.replace(other, article)
    result = read_input(source)
    assert result.outcome is Outcome.FAILED and "replaced after" in result.message


def test_an_unchanged_listed_file_and_an_inside_symlink_are_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    sources = listed(folder)
    assert [read_input(s).outcome for s in sources] == [Outcome.READ]  # one file, once


def test_a_name_that_is_not_utf8_is_stored_escaped_and_the_batch_goes_on(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(ARTICLE, encoding="utf-8")
    (folder / "ok.txt").write_text(ARTICLE.replace("12", "14"), encoding="utf-8")
    db = tmp_path / "review.db"
    result = CliRunner().invoke(cli, ["batch", "--backend", "regex", "--db", str(db), str(folder)])
    assert result.exit_code == 0, result.output
    assert "2 read" in result.output
    with Store.open(db) as store:
        sources = sorted(d.source for d in store.documents())
    assert sources == [str(folder / "caf\\xe9.txt"), str(folder / "ok.txt")]
