"""The README stays short and the generated parts of docs/ stay current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def test_readme_is_at_most_10_kb() -> None:
    assert (REPO / "README.md").stat().st_size <= 10 * 1024


def test_generated_docs_match_the_code() -> None:
    cog = Path(sys.executable).with_name("cog")
    docs = sorted(p.name for p in (REPO / "docs").glob("*.md"))
    done = subprocess.run(
        [str(cog), "--check", "-I", ".", *docs],
        cwd=REPO / "docs",
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
