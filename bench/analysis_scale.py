"""Section 6: stories, corroboration links and conflicts (`analysis.refresh`) against the batch,
then the archive growing, and the summary of every story, each phase with its peak memory.

The batch is the real `summarise batch` path (`run_batch` with the `RegexBackend`) on the
synthetic corpus, which is adversarial for analysis: templated, one vocabulary, so every
document shares most of its words with every other. Then: the first analysis (forced); GROWTH
more documents batched and analysed incrementally (target: at most 2% of the first analysis's
time, and the same stories, links and conflicts as a rebuild); every claim accepted and the
Markdown summary of all stories written story by story (target: 300 MB peak). Each phase runs
in a child process of its own so that its peak resident memory (`ru_maxrss`) is its own. The
ratio analysis/batch is also reported: both grow with the corpus, and absolute times swing on
a shared machine.

`python -m bench --only analysis --scale N` runs it at N documents (the issue's figure is at
100,000; CI runs it tiny). With `--keep DIR` (or `SUMMARISE_BENCH_KEEP=DIR`) the run works in
DIR and leaves its database there (`DIR/a.db`, the corpus beside it) for a later look. One step
alone on such a database, timed and measured the same way in a child process of its own:

    python -m bench.analysis_scale summary DIR/a.db     # every claim accepted, Markdown brief
    python -m bench.analysis_scale analysis DIR/a.db    # incremental (also: force, rebuild)
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.corpus import article, write_corpus
from summarise.analysis import refresh as analysis
from summarise.backends.regex.backend import RegexBackend
from summarise.pipeline.runner import run_batch
from summarise.store import Store

TARGET_RATIO = 1.0
INCREMENTAL_TARGET = 0.02  # adding GROWTH documents, then analysing: at most 2% of the first
SUMMARY_PEAK_MB = 300
GROWTH = 100  # (fewer on a small run: a twentieth of it)
KEEP_ENV = "SUMMARISE_BENCH_KEEP"  # a folder to run in and leave the database in


def run(
    documents: int = 2_000,
    *,
    seed: int = 7,
    workdir: str | None = None,
    keep: str | None = None,
) -> dict[str, Any]:
    """Generate `documents` articles; time and measure each phase in a child process. With
    `keep` (default: the `SUMMARISE_BENCH_KEEP` folder, if set) the run works in that folder,
    which must be empty or new, and leaves its database there as `a.db`."""
    keep = keep or os.environ.get(KEEP_ENV) or None
    if keep is not None:
        folder = Path(keep)
        if folder.exists() and any(folder.iterdir()):
            raise SystemExit(f"bench: --keep {keep}: the folder is not empty")
        folder.mkdir(parents=True, exist_ok=True)
        return _run_in(str(folder), documents, seed)
    with tempfile.TemporaryDirectory(prefix="summarise-bench-", dir=workdir) as tmp:
        return _run_in(tmp, documents, seed)


def _run_in(tmp: str, documents: int, seed: int) -> dict[str, Any]:
    corpus = write_corpus(Path(tmp) / "corpus", documents, seed)
    db = str(Path(tmp) / "a.db")
    growth = min(GROWTH, max(1, documents // 20))
    more = Path(tmp) / "more"
    more.mkdir()
    for index in range(documents, documents + growth):
        (more / f"{index:06d}.txt").write_text(article(index, seed), encoding="utf-8")
    batch = _in_child("batch", _batch, db, str(corpus.directory))
    first = _in_child("first analysis", _analyse, db, "force")
    added = _in_child(f"batch of {growth} more", _batch, db, str(more))
    incremental = _in_child(f"analysis after {growth} more", _analyse, db, "incremental")
    incremental_state = _in_child("(reading the incremental result)", _described, db, "")
    rebuilt = _in_child("rebuild", _analyse, db, "rebuild")
    rebuilt_state = _in_child("(reading the rebuilt result)", _described, db, "")
    _in_child("(accepting every claim)", _accept_all, db, "")
    summary = _in_child("summary of every story", _summary, db, "")
    ratio = first["seconds"] / batch["seconds"] if batch["seconds"] else 0.0
    incremental_ratio = incremental["seconds"] / first["seconds"] if first["seconds"] else 0.0
    identical = incremental_state["state"] == rebuilt_state["state"]
    return {
        "documents": documents,
        "documents_stored": rebuilt_state["documents"],
        "claims": rebuilt_state["claims"],
        "stories": first["stories"],
        "links": first["links"],
        "conflicts": first["conflicts"],
        "batch_seconds": round(batch["seconds"], 4),
        "batch_peak_mb": batch["peak_mb"],
        "analysis_seconds": round(first["seconds"], 4),
        "analysis_peak_mb": first["peak_mb"],
        "ratio_to_batch": round(ratio, 3),
        "added_documents": growth,
        "added_batch_seconds": round(added["seconds"], 4),
        "incremental_seconds": round(incremental["seconds"], 4),
        "incremental_peak_mb": incremental["peak_mb"],
        "incremental_ratio": round(incremental_ratio, 4),
        "identical_to_rebuild": identical,
        "rebuild_seconds": round(rebuilt["seconds"], 4),
        "rebuild_peak_mb": rebuilt["peak_mb"],
        "summary_seconds": round(summary["seconds"], 4),
        "summary_cpu_seconds": summary["cpu_seconds"],
        "analysis_cpu_seconds": first["cpu_seconds"],
        "incremental_cpu_seconds": incremental["cpu_seconds"],
        "rebuild_cpu_seconds": rebuilt["cpu_seconds"],
        "summary_peak_mb": summary["peak_mb"],
        "summary_bytes": summary["bytes"],
        "passed": ratio <= TARGET_RATIO
        and incremental_ratio <= INCREMENTAL_TARGET
        and identical
        and summary["peak_mb"] <= SUMMARY_PEAK_MB,
    }


def _in_child(
    name: str, phase: Callable[[str, str], dict[str, Any]], db: str, arg: str
) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        out = pool.apply(_measured, (phase, db, arg))
    # A run at 100,000 documents takes hours: say how each step went as it ends.
    print(
        f"bench: analysis: {name}: {out['seconds']:.1f} s ({out['cpu_seconds']:.1f} s CPU), "
        f"peak {out['peak_mb']} MB",
        file=sys.stderr,
        flush=True,
    )
    return out


def _measured(phase: Callable[[str, str], dict[str, Any]], db: str, arg: str) -> dict[str, Any]:
    started = time.perf_counter()
    out = phase(db, arg)
    out["seconds"] = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # CPU time (the child's, imports included) says more than wall time on a shared machine.
    out["cpu_seconds"] = round(usage.ru_utime + usage.ru_stime, 2)
    peak = usage.ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    out["peak_mb"] = round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)
    return out


def _batch(db: str, folder: str) -> dict[str, Any]:
    with Store.open(db) as store:
        run_batch(store, RegexBackend(), [folder])
    return {}


def _analyse(db: str, how: str) -> dict[str, Any]:
    with Store.open(db) as store:
        report = analysis.refresh(store, force=how == "force", rebuild=how == "rebuild")
        return {"stories": report.stories, "links": report.links, "conflicts": report.conflicts}


def _described(db: str, _: str) -> dict[str, Any]:
    """What analysis left, read in a child of its own: reading every story, link and
    conflict grows with the archive and is no part of the step it checks."""
    with Store.open(db) as store:
        return {
            "state": _state(store),
            "documents": store.db.execute("SELECT count(*) FROM documents").fetchone()[0],
            "claims": store.db.execute("SELECT count(*) FROM claims").fetchone()[0],
        }


def _accept_all(db: str, _: str) -> dict[str, Any]:
    """Every claim accepted, as a reviewer's bulk accept would leave them: before the summary
    step, not in it (at 100,000 documents it rewrites millions of rows)."""
    with Store.open(db) as store, store.db.conn:
        store.db.execute("UPDATE claims SET status = 'accepted' WHERE status != 'accepted'")
    return {}


def _summary(db: str, _: str) -> dict[str, Any]:
    from summarise.output.summary.stream import write_summary

    with Store.open(db) as store, tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        write_summary(store, out, "md", detail="brief", generated_at=datetime.now(UTC))
        return {"bytes": out.tell()}


def main(argv: list[str] | None = None) -> int:
    """One step on an existing database (a `--keep` run's), reported as the run reports it."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.analysis_scale",
        description="Time one analysis-at-scale step on an existing database.",
    )
    parser.add_argument("step", choices=("summary", "analysis", "force", "rebuild"))
    parser.add_argument("db", help="the database (left by a run with --keep DIR: DIR/a.db)")
    args = parser.parse_args(argv)
    if not Path(args.db).is_file():
        parser.error(f"no database at {args.db}")
    # A database from an older version is upgraded here, outside the step's time and memory.
    with Store.open(args.db):
        pass
    if args.step == "summary":
        _in_child("(accepting every claim)", _accept_all, args.db, "")
        out = _in_child("summary of every story", _summary, args.db, "")
    else:
        how = "incremental" if args.step == "analysis" else args.step
        out = _in_child(f"analysis ({how})", _analyse, args.db, how)
    print(json.dumps({"step": args.step, **out}, indent=2))
    return 0


def _state(store: Store) -> tuple[object, ...]:
    """What analysis decided, story ids aside: the grouping (each story's documents, title
    and the documents of the story it follows), the links, the conflicts."""
    stories: dict[int, list[str]] = {}
    for doc, (story, _) in store.stories.assignments().items():
        stories.setdefault(story, []).append(doc)
    records = {record.id: record for record in store.stories.list()}

    def described(story: int) -> tuple[object, ...]:
        follows = records[story].follows
        earlier = sorted(stories.get(follows, [])) if follows is not None else None
        return (sorted(stories[story]), records[story].title, earlier)

    partition = sorted(described(story) for story in stories)
    links = store.db.execute(
        "SELECT first_claim, second_claim, round(score, 9) FROM claim_links "
        "ORDER BY first_claim, second_claim"
    ).fetchall()
    conflicts = store.db.execute("SELECT key, status FROM conflicts ORDER BY key").fetchall()
    return partition, [tuple(row) for row in links], [tuple(row) for row in conflicts]


if __name__ == "__main__":
    sys.exit(main())
