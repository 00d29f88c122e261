"""`conflicts` reads a page of conflicts at a time: memory holds a page, not the archive's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from summarise.cli import cli
from summarise.cli import conflicts as conflicts_command
from summarise.store import Store
from summarise.store.conflicts import ConflictStore
from tests.story_fixtures import seeds_db, seeds_db_template

__all__ = ["seeds_db", "seeds_db_template"]


@pytest.mark.parametrize("fmt", [[], ["--json"], ["--nl"]])
def test_conflicts_are_listed_a_page_at_a_time(
    seeds_db: Path, monkeypatch: pytest.MonkeyPatch, fmt: list[str]
) -> None:
    with Store.open(seeds_db) as store:
        every = store.conflicts.list(status="open")
    assert len(every) >= 2
    held: list[int] = []
    listed = ConflictStore.list

    def counted(self: ConflictStore, **kwargs: Any) -> Any:
        page = listed(self, **kwargs)
        held.append(len(page))
        return page

    monkeypatch.setattr(ConflictStore, "list", counted)
    monkeypatch.setattr(conflicts_command, "PAGE", 1)
    result = CliRunner().invoke(cli, ["conflicts", "--db", str(seeds_db), *fmt])
    assert result.exit_code == 0, result.output
    assert max(held) == 1  # never more than a page of conflicts at once...
    if fmt == ["--json"]:  # ...and every one of them listed
        assert [row["id"] for row in json.loads(result.output)] == [c.id for c in every]
    elif fmt == ["--nl"]:
        lines = result.output.splitlines()
        assert [json.loads(line)["id"] for line in lines] == [c.id for c in every]
    else:
        assert [
            line.split()[1] for line in result.output.splitlines() if line.startswith("Conflict ")
        ] == [str(c.id) for c in every]
