"""Options where users type them: --db before or after a command or subcommand, -V, the
reviewer from SUMMARISE_REVIEWER for review as for conflicts, and click's shell completion."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarise import __version__
from summarise.cli import cli
from summarise.cli.app import REVIEWER_ENV
from summarise.store import DB_ENV
from tests.conftest import SEEDS


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env=env, prog_name="summarise")
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def two_databases(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    folder = tmp_path_factory.mktemp("options")
    # The second is never created: a command given the first must not open it.
    seeded, elsewhere = str(folder / "seeded.db"), str(folder / "elsewhere.db")
    assert invoke("batch", str(SEEDS), "--db", seeded)[0] == 0
    return seeded, elsewhere


def documents(output: str) -> int:
    return int(json.loads(output)["documents"])


def test_db_before_or_after_the_command_and_over_the_environment(
    two_databases: tuple[str, str],
) -> None:
    seeded, other = two_databases
    assert not Path(other).exists()
    for args in (["--db", seeded, "stats", "--json"], ["stats", "--json", "--db", seeded]):
        code, out = invoke(*args, env={DB_ENV: other})
        assert code == 0 and documents(out) == 5, out
    # Typed after the command wins over typed before it.
    code, out = invoke("--db", other, "stats", "--json", "--db", seeded)
    assert code == 0 and documents(out) == 5
    code, out = invoke("stats", "--json", env={DB_ENV: seeded})
    assert code == 0 and documents(out) == 5
    assert not Path(other).exists()


def test_db_after_a_subcommand(two_databases: tuple[str, str], tmp_path: Path) -> None:
    seeded, _ = two_databases
    code, out = invoke("conflicts", "--db", seeded, "--json")
    conflict = json.loads(out)[0]["id"]
    code, out = invoke("conflicts", "resolve", str(conflict), "--keep-both", "--reviewer", "ann",
                       "--db", seeded)  # fmt: skip
    assert code == 0 and "resolved" in out, out
    code, out = invoke("stories", "name", "1", "Harbour talks", "--db", seeded)
    assert code == 0, out
    stories = json.loads(invoke("--db", seeded, "stories", "--json")[1])
    assert stories[0]["title"] == "Harbour talks" and stories[0]["named"]


def test_version_short_and_long() -> None:
    for flag in ("-V", "--version"):
        code, out = invoke(flag)
        assert code == 0 and __version__ in out


def test_review_takes_the_reviewer_from_the_environment() -> None:
    review = cli.get_command(cli.make_context("summarise", ["review"]), "review")
    assert review is not None
    os.environ[REVIEWER_ENV] = "ann"
    try:
        context = review.make_context("review", [])
    finally:
        del os.environ[REVIEWER_ENV]
    assert context.params["reviewer"] == "ann"


def test_shell_completion_lists_the_commands() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "summarise"],
        env={**os.environ, "_SUMMARISE_COMPLETE": "bash_complete", "COMP_WORDS": "summarise hi",
             "COMP_CWORD": "1"},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    # bash_complete prints "type,value" per candidate.
    assert "plain,history" in done.stdout.splitlines(), done.stdout + done.stderr
