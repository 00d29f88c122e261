"""Section 6: stories, corroboration links and conflicts (`analysis.refresh`) against the batch.

The batch is the real `summarise batch` path in-process (`run_batch` with the `RegexBackend`)
on the synthetic corpus, which is adversarial for analysis: templated, one vocabulary, so
every document shares most of its words with every other. Analysis then runs once, forced,
on the same database. The ratio analysis/batch is what the target is about: both grow with
the corpus, and absolute times swing on a shared machine.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from bench.corpus import article, write_corpus
from summarise.analysis import refresh as analysis
from summarise.backends.regex.backend import RegexBackend
from summarise.pipeline.runner import run_batch
from summarise.store import Store

TARGET_RATIO = 1.0
INCREMENTAL_TARGET = 0.02  # adding GROWTH documents, then analysing: at most 2% of the first
GROWTH = 100  # (fewer on a small run: a twentieth of it)


def run(documents: int = 2_000, *, seed: int = 7, workdir: str | None = None) -> dict[str, Any]:
    """Generate `documents` articles, time the batch and then the analysis on its database."""
    with tempfile.TemporaryDirectory(prefix="summarise-bench-", dir=workdir) as tmp:
        corpus = write_corpus(Path(tmp) / "corpus", documents, seed)
        store = Store.open(Path(tmp) / "a.db")
        try:
            started = time.perf_counter()
            run_batch(store, RegexBackend(), [str(corpus.directory)])
            batch_seconds = time.perf_counter() - started
            started = time.perf_counter()
            report = analysis.refresh(store, force=True)
            analysis_seconds = time.perf_counter() - started
            # The archive grows: GROWTH more documents, batched, then analysed incrementally.
            growth = min(GROWTH, max(1, documents // 20))
            more = Path(tmp) / "more"
            more.mkdir()
            for index in range(documents, documents + growth):
                (more / f"{index:06d}.txt").write_text(article(index, seed), encoding="utf-8")
            run_batch(store, RegexBackend(), [str(more)])
            started = time.perf_counter()
            analysis.refresh(store)
            incremental_seconds = time.perf_counter() - started
            incremental = _state(store)
            analysis.refresh(store, rebuild=True)
            identical = incremental == _state(store)
            stored = store.db.execute("SELECT count(*) FROM documents").fetchone()[0]
            claims = store.db.execute("SELECT count(*) FROM claims").fetchone()[0]
        finally:
            store.close()
    ratio = analysis_seconds / batch_seconds if batch_seconds else 0.0
    incremental_ratio = incremental_seconds / analysis_seconds if analysis_seconds else 0.0
    return {
        "documents": documents,
        "documents_stored": stored,
        "claims": claims,
        "stories": report.stories,
        "links": report.links,
        "conflicts": report.conflicts,
        "batch_seconds": round(batch_seconds, 4),
        "analysis_seconds": round(analysis_seconds, 4),
        "ratio_to_batch": round(ratio, 3),
        "added_documents": growth,
        "incremental_seconds": round(incremental_seconds, 4),
        "incremental_ratio": round(incremental_ratio, 4),
        "identical_to_rebuild": identical,
        "passed": ratio <= TARGET_RATIO and incremental_ratio <= INCREMENTAL_TARGET and identical,
    }


def _state(store: Store) -> tuple[object, ...]:
    """What analysis decided, story ids aside: the grouping, the links, the conflicts."""
    stories: dict[int, list[str]] = {}
    for doc, (story, _) in store.stories.assignments().items():
        stories.setdefault(story, []).append(doc)
    partition = sorted(sorted(docs) for docs in stories.values())
    links = store.db.execute(
        "SELECT first_claim, second_claim, round(score, 9) FROM claim_links "
        "ORDER BY first_claim, second_claim"
    ).fetchall()
    conflicts = store.db.execute("SELECT key, status FROM conflicts ORDER BY key").fetchall()
    return partition, [tuple(row) for row in links], [tuple(row) for row in conflicts]
