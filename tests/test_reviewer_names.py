"""Reviewer names are checked at the door, and SUMMARISE_REVIEWER names the reviewer of
`review` as it does for `conflicts resolve` (issue 24, items 2 and 8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import summarise.tui.app as tui_app
from summarise.cli import cli
from summarise.store import Store


@pytest.mark.parametrize("name", ["ann\x1b]0;x\x07", "bob\u202e", "  ", "x" * 65, "c\x9b1m"])
def test_hostile_reviewer_names_are_refused_in_one_line(db_path: Path, name: str) -> None:
    db_path.write_bytes(b"")
    db = str(db_path)
    for args in (
        ["review", "--db", db, "--reviewer", name],
        ["conflicts", "--db", db, "resolve", "1", "--reject"],
    ):
        env = {"SUMMARISE_REVIEWER": name} if args[0] == "conflicts" else {}
        result = CliRunner().invoke(cli, args, env=env)
        assert result.exit_code == 2, result.output
        assert "reviewer" in result.output.lower() or "Invalid value" in result.output
        assert "\x1b" not in result.output and "\u202e" not in result.output


def test_review_honours_summarise_reviewer(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Store.open(db_path).close()
    named: list[str | None] = []

    class Stop(Exception):
        pass

    def fake_create_app(db_path: str, reviewer: str | None, **_: object) -> None:
        named.append(reviewer)
        raise Stop

    monkeypatch.setattr(tui_app, "create_app", fake_create_app)
    result = CliRunner().invoke(
        cli, ["review", "--db", str(db_path)], env={"SUMMARISE_REVIEWER": "carol"}
    )
    assert isinstance(result.exception, Stop)
    assert named == ["carol"]
