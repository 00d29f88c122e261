"""Inputs stay inside what the user named; whatever cannot be read is reported, never
skipped in silence. The secret a hostile folder links to is a temporary file made here
(standing in for /proc/self/environ or /etc/shadow); no real secret is involved."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarise.cli import cli
from summarise.ingest.reader import Outcome, expand_inputs, read_input
from summarise.store import Store
from tests.conftest import REPO
from tests.crashes import batch_command, child_env

ARTICLE = "Officials said on Monday that 12 people were hurt in the blast.\n"
SECRET = "OPENAI_API_KEY=sk-test-not-a-real-key-but-a-secret-all-the-same\n"


def run_batch(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        batch_command(db, "--backend", "regex", *args),
        cwd=REPO,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "environ").write_text(SECRET, encoding="utf-8")
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "real.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "environ.txt").symlink_to(outside / "environ")
    (folder / "inside.txt").symlink_to(folder / "real.txt")
    return folder


def test_a_file_symlink_out_of_the_folder_is_refused_and_reported(
    hostile: Path, db_path: Path
) -> None:
    done = run_batch(db_path, str(hostile))
    assert done.returncode == 1, done.stderr  # a refused entry counts as failed
    assert "Traceback" not in done.stderr
    assert f"failed: {hostile / 'environ.txt'}: refused: a symlink to " in done.stderr
    assert "--follow-symlinks" in done.stderr
    assert "Documents: 1 read, 0 skipped, 1 failed." in done.stdout
    with Store.open(db_path) as store:
        texts = [d.text for d in store.documents()]
    assert texts == [ARTICLE.strip()]  # the symlink inside the folder is the same document
    assert not any("sk-test" in text for text in texts)


def test_follow_symlinks_opts_in_and_a_named_file_is_read_as_given(
    hostile: Path, db_path: Path
) -> None:
    done = run_batch(db_path, "--follow-symlinks", str(hostile))
    assert done.returncode == 0, done.stderr
    named = hostile.parent / "named.txt"
    named.symlink_to(hostile / "environ.txt")
    assert read_input(str(named)).outcome is Outcome.READ  # the user named it: read it


@pytest.mark.parametrize("target", ["/proc/self/environ", "/proc/self/status", "/dev/zero"])
def test_proc_sys_and_devices_are_refused_even_when_named(tmp_path: Path, target: str) -> None:
    if not os.path.exists(target):
        pytest.skip(f"{target} does not exist here")
    link = tmp_path / "looks-like-an-article.txt"
    link.symlink_to(target)
    for path in (target, str(link)):
        result = read_input(path)
        assert result.outcome is Outcome.FAILED
        assert result.document is None
        assert "refused" in result.message or "not a regular file" in result.message


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 folder")
def test_an_unreadable_folder_is_reported_as_failed(tmp_path: Path, db_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "locked" / "hidden.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "locked").chmod(0)
    try:
        done = run_batch(db_path, str(folder))
    finally:
        (folder / "locked").chmod(0o755)
    assert done.returncode == 1
    assert f"failed: {folder / 'locked'}: cannot read directory: Permission denied" in (done.stderr)


def test_walk_errors_become_failures_with_path_and_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root reads any folder, so the walk's error is injected where os.walk reports it.
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: object) -> object:
        if str(path).endswith("sub"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    found = list(expand_inputs([str(folder)]))
    assert found == [str(folder / "a.txt"), str(folder / "sub")]
    failed = read_input(found[1])
    assert failed.outcome is Outcome.FAILED
    assert failed.message == "cannot read directory: Permission denied"


def test_a_path_over_path_max_is_a_usage_error_naming_the_reason(db_path: Path) -> None:
    too_long = "/tmp/" + "x" * 5000
    result = CliRunner().invoke(cli, ["batch", "--db", str(db_path), too_long])
    assert result.exit_code == 2
    assert "File name too long" in result.output
    assert "0 file(s)" not in result.output


def test_a_document_with_absurdly_many_claims_keeps_those_up_to_the_cap(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summarise.backends.regex import backend as regex_backend
    from summarise.backends.regex.backend import RegexBackend
    from summarise.pipeline.runner import run_batch

    # The real cap is 100,000 claims (see MAX_CLAIMS_PER_DOCUMENT and bench section 7).
    monkeypatch.setattr(regex_backend, "MAX_CLAIMS_PER_DOCUMENT", 5)
    path = db_path.parent / "dense.txt"
    # Six different statements (the backend drops a sentence that repeats an earlier one).
    towns = ["Arles", "Brest", "Caen", "Dijon", "Evry", "Foix"]
    DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    path.write_text(
        " ".join(
            f"Officials in {town} said {n} people were hurt on {day}."
            for n, (town, day) in enumerate(zip(towns, DAYS, strict=True), 3)
        ),
        encoding="utf-8",
    )
    small = db_path.parent / "small.txt"
    small.write_text(ARTICLE, encoding="utf-8")
    with Store.open(db_path) as store:
        report = run_batch(store, RegexBackend(), [str(path), str(small)])
        assert report.failed == 0 and report.read == 2
        (error,) = report.errors
        assert error["source"] == str(path) and error["outcome"] == "capped"
        assert error["message"].startswith("over 5 claims in one document: stopped at")
        quotes = {c.quote for c in store.claims()}
        assert ARTICLE.strip() in quotes and len(quotes) == 6  # five up to the cap
        (status,) = store.db.execute(
            "SELECT e.status FROM extractions e JOIN documents d ON d.id = e.document_id "
            "WHERE d.source = ?",
            [str(path)],
        ).fetchone()
        assert status == "capped"
