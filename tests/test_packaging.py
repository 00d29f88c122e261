"""The built wheel (not only an editable install) carries its prompts, schemas and styles."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.mark.slow  # builds a wheel: CI runs it
def test_wheel_contains_prompts_schemas_and_entry_point(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    wheel = next(tmp_path.glob("summarise-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for schema in (REPO / "schemas").glob("*.json"):
        assert f"summarise/data/schemas/{schema.name}" in names
    for prompt in (REPO / "prompts").iterdir():
        if prompt.is_file():
            assert f"summarise/data/prompts/{prompt.name}" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "summarise = summarise.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
