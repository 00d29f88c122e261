"""Database faults are one clear line, never a traceback and never a silent write."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarise.store import Store, StoreError
from tests.conftest import REPO
from tests.crashes import child_env
from tests.factories import document, store_claims


def summarise(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "summarise", *args],
        cwd=REPO,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        **kwargs,
    )


def one_line_error(done: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, done.stderr
    for part in expected:
        assert part in errors[0], errors[0]


@pytest.fixture
def filled(db_path: Path) -> Path:
    with Store.open(db_path) as store:
        store_claims(store, document("The mayor said 40 people were hurt."), "40 people")
    return db_path


def test_dev_null_and_folders_are_not_databases(tmp_path: Path) -> None:
    one_line_error(summarise("stats", "--db", "/dev/null"), "/dev/null", "not a database file")
    os.mkfifo(tmp_path / "pipe.db")
    one_line_error(summarise("stats", "--db", str(tmp_path / "pipe.db")), "a FIFO")


def test_a_dropped_table_is_damage_not_a_traceback(filled: Path) -> None:
    conn = sqlite3.connect(filled)
    conn.execute("DROP TABLE reviews")
    conn.commit()
    conn.close()
    for command in (["stats"], ["stats", "--read-only"], ["export"]):
        one_line_error(
            summarise(*command, "--db", str(filled)),
            "the database is damaged: missing table(s) reviews",
            ".recover",
        )


def test_a_corrupted_page_is_refused_before_a_batch_writes_into_it(
    filled: Path, tmp_path: Path
) -> None:
    with Store.open(filled) as store:  # enough pages that page 3 holds data
        for n in range(60):
            store_claims(
                store,
                document(f"Report {n}: officials said {n} ships sailed." * 20),
                "officials said",
            )
    before = filled.read_bytes()
    page = 4096
    damaged = bytearray(before)
    damaged[page * 2 : page * 2 + 1500] = b"\xff" * 1500
    filled.write_bytes(bytes(damaged))
    (tmp_path / "a.txt").write_text("Officials said 12 bridges reopened on Monday.\n")
    done = summarise("batch", "--backend", "regex", "--db", str(filled), str(tmp_path / "a.txt"))
    one_line_error(done, "the database is damaged", ".recover")
    assert filled.read_bytes() == bytes(damaged)  # nothing was written into it
    one_line_error(summarise("stats", "--db", str(filled), "--read-only"), "damaged")


def test_a_newer_schema_is_refused_and_left_untouched(filled: Path) -> None:
    conn = sqlite3.connect(filled)
    conn.execute("INSERT INTO _summarise_migrations (name, applied_at) VALUES ('099_future', 'x')")
    conn.commit()
    conn.close()
    before = filled.read_bytes()
    for command in (["stats"], ["stats", "--read-only"], ["summary"]):
        one_line_error(
            summarise(*command, "--db", str(filled)),
            "written by a newer summarise (migration 099_future); upgrade summarise",
        )
    assert filled.read_bytes() == before


@pytest.fixture
def read_only_copy(filled: Path, tmp_path: Path) -> Iterator[tuple[Path, list[str]]]:
    """The database on a read-only mount (as root: a read-only bind mount in a private
    mount namespace) or, for other users, in a chmod 555 folder as a chmod 444 file.
    Yields the path and the prefix that runs a command where it is read-only."""
    folder = Path(tempfile.mkdtemp(prefix="summarise-ro-"))
    shutil.copy(filled, folder / "ro.db")
    try:
        if os.geteuid() != 0:
            (folder / "ro.db").chmod(0o444)
            folder.chmod(0o555)
            yield folder / "ro.db", []
            return
        if shutil.which("unshare") is None:
            pytest.skip("root, and no unshare(1) to make a read-only mount")
        mount = tmp_path / "mnt"
        mount.mkdir()
        script = f'mount --bind {folder} {mount} && mount -o remount,bind,ro {mount} && exec "$@"'
        probe = subprocess.run(
            ["unshare", "-m", "sh", "-c", script, "sh", "touch", str(mount / "x")],
            capture_output=True,
            check=False,
        )
        if b"Read-only file system" not in probe.stderr:
            pytest.skip(f"cannot make a read-only mount here: {probe.stderr!r}")
        yield mount / "ro.db", ["unshare", "-m", "sh", "-c", script, "sh"]
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


@pytest.mark.slow
def test_a_read_only_database_is_one_line_and_read_only_mode_reads_it(
    read_only_copy: tuple[Path, list[str]],
) -> None:
    path, prefix = read_only_copy
    before = (path.parent / "ro.db").read_bytes() if not prefix else None

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*prefix, sys.executable, "-m", "summarise", *args],
            cwd=REPO,
            env=child_env(),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    one_line_error(
        run("stats", "--db", str(path)),
        "read-only: open it with --read-only, or copy it somewhere writable",
    )
    for command in (
        ["stats"],
        ["stats", "--json"],
        ["export"],
        ["export", "--format", "csv"],
        ["summary"],
        ["stories"],
        ["conflicts"],
    ):
        done = run(*command, "--db", str(path), "--read-only")
        assert done.returncode == 0, (command, done.stderr)
        assert "Traceback" not in done.stderr
    assert "40 people" in run("export", "--db", str(path), "--read-only").stdout
    if before is not None:
        assert path.read_bytes() == before


def test_read_only_mode_never_writes_even_a_writable_database(filled: Path) -> None:
    with Store.open(filled, read_only=True) as store:
        assert store.read_only
        with pytest.raises(StoreError, match=r"read-only|readonly"):
            store_claims(store, document("Officials said 3 ships sailed."), "3 ships")
    with pytest.raises(StoreError, match="no such database"):
        Store.open(filled.parent / "missing.db", read_only=True)


@pytest.mark.slow  # fills a small filesystem image: CI runs it
def test_a_full_disk_on_output_keeps_the_previous_file(filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.md"
    out.write_text("the previous summary\n", encoding="utf-8")

    def small_files() -> None:  # the kernel refuses to grow any file past 64 bytes
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))

    for command in (["summary"], ["export"], ["export", "--format", "csv"]):
        # --read-only: the limit would stop the database's own writes first.
        done = summarise(
            *command, "--db", str(filled), "--read-only", "-o", str(out), preexec_fn=small_files
        )
        one_line_error(done, f"cannot write {out}", "the previous file is unchanged")
        assert out.read_text(encoding="utf-8") == "the previous summary\n"
        assert sorted(p.name for p in tmp_path.iterdir() if "partial" in p.name) == []


def test_output_to_a_device_is_written_not_replaced(filled: Path) -> None:
    done = summarise("summary", "--db", str(filled), "-o", "/dev/null")
    assert done.returncode == 0, done.stderr
    assert Path("/dev/null").is_char_device()
