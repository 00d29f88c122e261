"""docs/commands.md's "What happens to awkward input" table, file by file, in one batch.

Small awkward files live in tests/bad_inputs/ (committed); the big file, the symlinks, the
FIFO and the unreadable file are made here, since git cannot (or should not) hold them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from summarise.store import Store
from tests.conftest import REPO
from tests.crashes import batch_command, child_env, integrity_problems

BAD_INPUTS = Path(__file__).resolve().parent / "bad_inputs"
TWENTY_MB = 20 * 2**20

# File -> (outcome, the message the README promises), for every file that is not stored.
NOT_STORED = {
    "empty.txt": ("skipped", "empty file"),
    "blank.txt": ("skipped", "empty file"),
    "png-bytes.txt": ("skipped", "binary file, not text"),
    "photo.png": ("skipped", "binary file, not text"),
    "boilerplate-only.txt": ("skipped", "no text left after boilerplate"),
    "big-20mb.txt": (
        "failed",
        f"too large: 20.0 MiB ({TWENTY_MB} bytes) is over the 10.0 MiB limit "
        "(raise it with --max-bytes)",
    ),
    "vanished.txt": ("failed", "cannot read: No such file or directory"),
    "selfloop.txt": ("failed", "cannot read: Too many levels of symbolic links"),
    "pipe.txt": (
        "failed",
        "cannot read: not a regular file (a FIFO); pipe it to standard input with '-' instead",
    ),
}
# File -> (encoding, warning or None), for every file that is read and stored.
STORED = {
    "latin1.txt": ("cp1252", "not valid UTF-8 (first bad byte at offset 9); decoded as cp1252"),
    "utf16-bom.txt": ("utf-16", None),
    "crlf-bom.txt": ("utf-8-sig", None),
    "nul-byte.txt": ("utf-8", "1 NUL byte(s) removed from the text"),
    "markup.txt": ("utf-8", None),
    "prompt-injection.txt": ("utf-8", None),
    "loop/article.txt": ("utf-8", None),
}
# Root reads a chmod 000 file (permissions do not bind it): there it is read like any other.
if os.geteuid() == 0:
    STORED["private.txt"] = ("utf-8", None)
else:
    NOT_STORED["private.txt"] = ("failed", "cannot read: Permission denied")


@pytest.fixture
def awkward(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(BAD_INPUTS, folder)
    line = b"The agency said 7 ships arrived at the port on Friday.\n"
    (folder / "big-20mb.txt").write_bytes(
        line * (TWENTY_MB // len(line)) + b"x" * (TWENTY_MB % len(line))
    )
    (folder / "loop").mkdir()
    (folder / "loop" / "article.txt").write_text(
        "Officials said 3 bridges reopened on Monday.\n", encoding="utf-8"
    )
    (folder / "loop" / "again").symlink_to("..", target_is_directory=True)  # a loop
    # A symlinked folder is reported, not skipped in silence (issue 24, item 13).
    NOT_STORED["loop/again"] = (
        "failed",
        f"not read: a symlinked folder (to {os.path.realpath(folder)}); "
        "read it with --follow-symlinks",
    )
    (folder / "vanished.txt").symlink_to("nowhere.txt")  # dangling: the file went away
    (folder / "selfloop.txt").symlink_to("selfloop.txt")
    os.mkfifo(folder / "pipe.txt")  # opening it would wait for a writer forever
    private = folder / "private.txt"
    private.write_text("The court said 5 judges heard the appeal on Monday.\n", encoding="utf-8")
    private.chmod(0)
    return folder


def test_each_awkward_input_gets_what_the_readme_promises_and_the_batch_goes_on(
    awkward: Path, db_path: Path
) -> None:
    done = subprocess.run(
        batch_command(db_path, str(awkward), str(awkward / "photo.png")),
        cwd=REPO,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=60,  # a FIFO read would hang: fail instead
        check=False,
    )
    failed = sum(1 for outcome, _ in NOT_STORED.values() if outcome == "failed")
    skipped = len(NOT_STORED) - failed
    assert done.returncode == 1, done.stderr  # some documents failed
    assert "Traceback" not in done.stderr
    assert f"Documents: {len(STORED)} read, {skipped} skipped, {failed} failed." in done.stdout

    messages = set(done.stderr.splitlines())
    for name, (outcome, message) in NOT_STORED.items():
        assert f"{outcome}: {awkward / name}: {message}" in messages, name
    for name, (_, warning) in STORED.items():
        if warning:
            assert f"warning: {awkward / name}: {warning}" in messages, name

    with Store.open(db_path) as store:
        documents = {Path(d.source).relative_to(awkward).as_posix(): d for d in store.documents()}
        (run,) = store.runs()
        claims = store.claims()
        assert store.reviews() == []
    assert sorted(documents) == sorted(STORED)
    for name, (encoding, _) in STORED.items():
        assert documents[name].encoding == encoding, name
        assert "\r" not in documents[name].text and "\ufeff" not in documents[name].text
        assert "\x00" not in documents[name].text
    assert "Le préfet a déclaré mardi" in documents["latin1.txt"].text
    assert documents["utf16-bom.txt"].title == "Flood warning in Düsseldorf"
    assert run["status"] == "completed"
    errors = {(e["source"], e["outcome"], e["message"]) for e in json.loads(run["errors"])}
    assert errors == {(str(awkward / n), o, m) for n, (o, m) in NOT_STORED.items()}

    # Markup is text: stored and quoted verbatim, interpreted by nobody.
    markup = [c.quote for c in claims if c.document_id == documents["markup.txt"].id]
    assert any("[red]12 officials[/red]" in quote for quote in markup)
    assert any("<b>Reuters</b>" in quote for quote in markup)
    # Instructions inside a document are text to extract from, never instructions: its
    # claims are quotes of it awaiting review like any others, and nothing was decided.
    injected = documents["prompt-injection.txt"]
    assert "Ignore all previous instructions" in injected.text
    assert {c.status.value for c in claims if c.document_id == injected.id} == {"pending"}
    assert integrity_problems(db_path) == []
