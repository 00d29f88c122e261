"""Generated documents through `summarise batch --via batch-api` against a local stub of the
files and batches endpoints (bench/batch_stub.py, 127.0.0.1), through the real CLI.

Two runs, each into a fresh database:
  A. first-round faults only (malformed replies, invented quotes): re-asked in follow-up
     batches; then a second `jobs collect` and a live `--force` rerun, whose requests the
     stub counts (they must be 0: the response cache answers).
  B. final faults too (per-request errors in the error file, replies malformed in every
     round): every document must end extracted or failed with a reason.

    python -m bench.batch_api                     # 1,000 documents
    python -m bench.batch_api --documents 100
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.batch_stub import BatchStub
from bench.model_pipeline import generate_documents
from summarise.cli import cli
from summarise.store import Store


def summarise(*args: str) -> tuple[int, str]:
    """The CLI in-process; its exit code and what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        try:
            cli.main(args=list(args), prog_name="summarise", standalone_mode=False)
        except SystemExit as done:
            return int(done.code or 0), out.getvalue()
    return 0, out.getvalue()


def counts(db: Path) -> dict[str, Any]:
    with Store.open(db) as store:
        one = lambda sql: store.db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "documents": one("SELECT count(*) FROM documents"),
            "extracted": one("SELECT count(*) FROM extractions WHERE status = 'extracted'"),
            "failed": one("SELECT count(*) FROM extractions WHERE status = 'failed'"),
            "failed_without_reason": one(
                "SELECT count(*) FROM extractions WHERE status = 'failed' "
                "AND coalesce(error, '') = ''"
            ),
            "without_outcome": one(
                "SELECT count(*) FROM documents WHERE id NOT IN "
                "(SELECT document_id FROM extractions)"
            ),
            "claims": one("SELECT count(*) FROM claims"),
            "ungrounded_claims": one(
                "SELECT count(*) FROM claims JOIN documents ON documents.id = claims.document_id "
                "WHERE substr(documents.text, quote_start + 1, quote_end - quote_start) != quote"
            ),
            "calls": one("SELECT count(*) FROM calls"),
            "batch_priced_calls": one("SELECT count(*) FROM calls WHERE pricing = 'batch'"),
            "cached_answers": one("SELECT count(*) FROM response_cache"),
            "batches": one("SELECT count(*) FROM remote_batches"),
            "reask_batches": one("SELECT count(*) FROM remote_batches WHERE round > 0"),
            "batch_tokens": one(
                "SELECT coalesce(sum(prompt_tokens + completion_tokens), 0) FROM runs "
                "WHERE pricing = 'batch'"
            ),
        }


def run_one(documents: int, work: Path, stub: BatchStub, *, rerun: bool) -> dict[str, Any]:
    inputs = work / "in"
    generate_documents(inputs, documents)
    db = work / "review.db"
    model = ["--backend", "openai", "--base-url", stub.base_url, "--model", "stub-model"]
    started = time.perf_counter()
    code, out = summarise("batch", str(inputs), "--db", str(db), "--via", "batch-api", *model)
    submit_seconds = time.perf_counter() - started
    if code != 0:
        raise RuntimeError(f"submit failed ({code}): {out}")
    started = time.perf_counter()
    code, watch_output = summarise("jobs", "--db", str(db), "--watch", "--interval", "0")
    collect_seconds = time.perf_counter() - started
    if code != 0:
        raise RuntimeError(f"jobs --watch failed ({code}): {watch_output}")
    result: dict[str, Any] = {
        "documents_in": documents,
        "submit_seconds": round(submit_seconds, 2),
        "watch_and_collect_seconds": round(collect_seconds, 2),
        "batch_requests_answered": stub.batch_requests,
        "after_collect": counts(db),
    }
    before = result["after_collect"]
    code, again = summarise("jobs", "--db", str(db), "collect")
    result["second_collect_output"] = again.strip()
    result["second_collect_changed"] = {
        k: (before[k], v) for k, v in counts(db).items() if before[k] != v
    }
    if rerun:
        live_before = stub.live_requests
        code, out = summarise("batch", str(inputs), "--db", str(db), "--force", *model)
        result["live_rerun_force_requests"] = stub.live_requests - live_before
        result["live_rerun_output"] = out.strip().splitlines()[-1] if out.strip() else ""
        live_before = stub.live_requests
        summarise("batch", str(inputs), "--db", str(db), *model)
        result["live_rerun_requests"] = stub.live_requests - live_before
    return result


def run(documents: int = 1000) -> dict[str, Any]:
    import summarise.backends.openai.batch_codec  # noqa: F401  (start-up outside the clock)

    results = {}
    with tempfile.TemporaryDirectory() as temporary:
        with BatchStub(rate_malformed=0.03, rate_invented=0.03) as stub:
            results["A_first_round_faults"] = run_one(
                documents, Path(temporary) / "a", stub, rerun=True
            )
        with BatchStub(
            rate_error=0.02, rate_stubborn=0.01, rate_malformed=0.03, rate_invented=0.03
        ) as stub:
            results["B_final_faults"] = run_one(documents, Path(temporary) / "b", stub, rerun=False)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    args = parser.parse_args()
    json.dump(run(args.documents), sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
