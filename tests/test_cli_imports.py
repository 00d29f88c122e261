"""The command line stays light: only `summarise review` pays for Textual, only the model
backend for instructor/openai."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_importing_the_cli_imports_neither_textual_nor_instructor() -> None:
    code = (
        "import sys, summarise.cli, summarise.cli.review, summarise.cli.stats; "
        "heavy = sorted(m for m in ('textual', 'instructor', 'openai') if m in sys.modules); "
        "print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_review_command_is_registered_and_refuses_a_missing_database(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from summarise.cli import cli

    missing = tmp_path / "nope.db"
    result = CliRunner().invoke(cli, ["review", "--db", str(missing)])
    assert result.exit_code == 1
    assert "no such database" in result.output
    assert not missing.exists()
