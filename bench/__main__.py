"""`python -m bench`: run the benchmarks, print the table, write the results as JSON.

A full run writes `bench/results.json` (committed: the figures docs/benchmarks.md shows). A run with
`--quick`, `--only` or changed sizes writes `bench/results/latest.json` (git-ignored) unless
`--output` says otherwise, so a partial run never replaces the full one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bench.report import print_table, results, write_json
from bench.sections import ORDER, run_section

BENCH = Path(__file__).resolve().parent
FULL = {
    "documents": 10_000,
    "memory_documents": 10_000,
    "model_documents": 200,
    "latency": 0.1,
    "concurrencies": [1, 8, 32],
    # Whole processes (bench.model_process): (documents, reply latency) at concurrency 32.
    "process_runs": [(400, 1.0), (100, 0.2)],
    "prompt_documents": 5,
    "review_claims": 100_000,
    "review_decisions": 100,
    "analysis_documents": 2_000,
    "summary_corpus": True,
    "labelled_stories": True,
    "hostile_memory": True,
}
QUICK = {
    "documents": 200,
    "memory_documents": 200,
    "model_documents": 40,
    "latency": 0.02,
    "concurrencies": [1, 8, 32],
    "process_runs": [(20, 0.02)],
    "process_repeat": 1,
    "prompt_documents": 2,
    "review_claims": 2_000,
    "review_decisions": 20,
    "analysis_documents": 200,
    "summary_corpus": False,
    "labelled_stories": False,
    "hostile_memory": False,
}
_OPTIONS = {
    "documents": ("--documents", int, "documents in the regex pipeline corpus"),
    "memory_documents": ("--memory-documents", int, "documents in the memory batch"),
    "model_documents": ("--model-documents", int, "documents in the model pipeline run"),
    "latency": ("--latency", float, "stub server latency in seconds"),
    "prompt_documents": ("--prompt-documents", int, "requests sampled for prompt overhead"),
    "review_claims": ("--review-claims", int, "claims in the review database"),
    "review_decisions": ("--review-decisions", int, "decisions applied in the review run"),
    "analysis_documents": ("--analysis-documents", int, "documents in the analysis run"),
}


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmarks of summarise against baselines measured in the same run.",
    )
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a check in seconds")
    parser.add_argument(
        "--only",
        action="append",
        choices=ORDER,
        metavar="SECTION",
        help=f"run only this section (repeatable): {', '.join(ORDER)}",
    )
    for key, (flag, kind, text) in _OPTIONS.items():
        parser.add_argument(flag, dest=key, type=kind, default=None, help=text)
    parser.add_argument(
        "--concurrency",
        dest="concurrencies",
        type=int,
        action="append",
        help="a model pipeline concurrency (repeatable; default 1, 8, 32)",
    )
    parser.add_argument(
        "--scale",
        dest="analysis_documents",
        type=int,
        help="documents in the analysis-at-scale run (the same as --analysis-documents)",
    )
    parser.add_argument(
        "--keep",
        metavar="DIR",
        default=None,
        help="run the analysis-at-scale section in DIR (new or empty) and leave its database "
        "there (DIR/a.db); `python -m bench.analysis_scale summary DIR/a.db` reruns a step",
    )
    parser.add_argument("--output", type=Path, default=None, help="where to write the JSON")
    return parser.parse_args(argv)


def sizes_for(args: argparse.Namespace) -> tuple[dict[str, Any], bool]:
    """The sizes to run at, and whether they are the full, committed configuration."""
    sizes = dict(QUICK if args.quick else FULL)
    changed = bool(args.quick)
    for key in [*_OPTIONS, "concurrencies"]:
        value = getattr(args, key)
        if value is not None:
            sizes[key] = value
            changed = changed or value != FULL[key]
    return sizes, not changed


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    sizes, full = sizes_for(args)
    if args.keep:
        sizes["analysis_keep"] = args.keep
    keys = [key for key in ORDER if not args.only or key in args.only]
    output = args.output or (
        BENCH / "results.json" if full and not args.only else BENCH / "results" / "latest.json"
    )
    sections = []
    for key in keys:
        sys.stderr.write(f"bench: {key} ...\n")
        sections.append(run_section(key, sizes))
    command = "python -m bench" + (" " + " ".join(sys.argv[1:] if argv is None else argv))
    data = results(sections, command=command.strip(), sizes=sizes)
    write_json(data, output)
    print_table(data)
    sys.stderr.write(f"bench: results written to {output}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
