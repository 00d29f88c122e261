"""Issue 24 item 17: the summary names documents by title, outlet and date, and prints input
paths relative to where it runs (the file name when outside), absolute only on request."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarise.cli import cli
from summarise.store import Store
from tests.story_fixtures import SEEDS, accept_all, seeds_db, seeds_db_template

__all__ = ["seeds_db", "seeds_db_template"]


def _summary(db: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["summary", "--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.output


def _documents(markdown: str) -> list[str]:
    lines: list[str] = []
    for section in markdown.split("### Documents")[1:]:
        # Markdown escapes (`000\\_a.txt`) taken out: the test reads what a reader sees.
        lines += [x.replace("\\", "") for x in section.splitlines() if x.startswith("- [")]
    return lines


def test_documents_are_listed_by_title_outlet_and_date_with_relative_paths(
    seeds_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(seeds_db) as store:
        accept_all(store)
        documents = {Path(d.source).name: d for d in store.documents()}
    absolute = str(SEEDS.resolve())
    monkeypatch.chdir(tmp_path)  # outside the seeds: file names alone
    outside = _summary(seeds_db)
    listed = _documents(outside)
    assert listed
    assert absolute not in outside
    checked = 0
    for document in documents.values():
        name = Path(document.source).name
        line = next((x for x in listed if x.endswith(" — " + name)), None)
        if line is None:
            continue  # in no story with an accepted claim
        checked += 1
        # Named by its title (else its opening words), outlet and date, not its file's stem.
        heading = document.title or " ".join(document.text.split()[:12])
        assert line.split("] ", 1)[1].startswith(heading)
        assert (document.outlet or "") in line
        assert (str(document.published) if document.published else "undated") in line
    assert checked == len(listed)

    monkeypatch.chdir(SEEDS.resolve().parent)  # under it: relative to here
    inside = _summary(seeds_db, "--format", "json")
    sources = [d["source"] for s in json.loads(inside)["stories"] for d in s["documents"]]
    assert sources and all(s.startswith(SEEDS.name + "/") for s in sources)
    assert absolute not in inside
    html = _summary(seeds_db, "--format", "html")
    assert absolute not in html and f"{SEEDS.name}/" in html

    wanted = _summary(seeds_db, "--paths", "absolute")
    assert absolute in wanted
