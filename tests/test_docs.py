"""The README stays short and the generated parts of docs/ stay current."""

from __future__ import annotations

import ast
import re
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


def _modules() -> list[str]:
    names = []
    for path in (REPO / "summarise").rglob("*.py"):
        parts = path.relative_to(REPO / "summarise").with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return sorted(name for name in names if name)


def test_every_module_says_its_job_in_a_docstring() -> None:
    missing = [
        str(path.relative_to(REPO))
        for path in (REPO / "summarise").rglob("*.py")
        if not ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert missing == []


def test_every_module_is_listed_in_the_architecture_doc() -> None:
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([\w.]+)` \|", text, re.MULTILINE))
    assert listed == set(_modules())
