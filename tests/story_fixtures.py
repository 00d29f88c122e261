"""A seeds database built once with the real regex backend, copied for each test that uses it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarise.analysis import refresh as analysis
from summarise.backends.regex.backend import RegexBackend
from summarise.models import Claim, ClaimStatus, ConflictRecord, ReviewAction
from summarise.output.summary import summarise_store
from summarise.output.summary.model import KeyFigure
from summarise.pipeline.runner import run_batch
from summarise.store import ClaimFilter, Store
from tests.conftest import SEEDS


@pytest.fixture(scope="session")
def seeds_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seeds") / "seeds.db"
    with Store.open(path) as store:
        run_batch(store, RegexBackend(), [str(SEEDS)])
        analysis.refresh(store)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def seeds_db(seeds_db_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "review.db"
    shutil.copy(seeds_db_template, path)
    return path


@pytest.fixture
def seeds_store(seeds_db: Path) -> Iterator[Store]:
    with Store.open(seeds_db) as store:
        yield store


def seed_document_id(store: Store, prefix: str) -> str:
    """The id of the seed whose file name starts with `prefix` ("000", "003", ...)."""
    matches = [d.id for d in store.documents() if Path(d.source).name.startswith(prefix)]
    assert len(matches) == 1, prefix
    return matches[0]


def claim_containing(store: Store, prefix: str, words: str) -> Claim:
    doc_id = seed_document_id(store, prefix)
    found = [c for c in store.claims(ClaimFilter(document_id=doc_id)) if words in c.text]
    assert len(found) == 1, (prefix, words, [c.text for c in found])
    return found[0]


def accept_all(store: Store) -> None:
    for claim in store.claims(ClaimFilter(status=ClaimStatus.PENDING.value)):
        store.decide(claim.id, ReviewAction.ACCEPT, reviewer="t", expected_version=claim.version)


def figures_and_conflicts(
    tmp_path: Path, files: dict[str, str]
) -> tuple[list[KeyFigure], list[ConflictRecord]]:
    """Batch `files` (name -> text) with the regex backend, analyse, accept every claim:
    every story's key figures and the quantity conflicts."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    with Store.open(tmp_path / "review.db") as store:
        run_batch(store, RegexBackend(), [str(folder)])
        analysis.refresh(store)
        accept_all(store)
        summary = summarise_store(store)
        conflicts = [c for c in store.conflicts.list() if c.kind == "quantity"]
    return [f for story in summary.stories for f in story.figures], conflicts
