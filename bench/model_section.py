"""Section 2: the model pipeline against a local stub server with a fixed latency.

The measuring code is `bench.model_pipeline.run(documents, latency, concurrencies) -> dict`
(with `bench/stub_server.py`). This module only turns its result into figures: wall time
per concurrency, its ratio to the ideal (documents x latency / concurrency), and the
requests a second run of the same batch made.

Result shape read (the contract with `bench.model_pipeline`):
    {"runs": [{"concurrency": 32, "seconds": 0.71, ...}, ...]        (or a mapping
              {"32": {"seconds": ...}} keyed by concurrency; "wall_seconds" also read),
     "second_run_requests": 0, ...}
"""

from __future__ import annotations

import math
from typing import Any

from bench.report import Figure, Section, Target

MODEL = "model_pipeline"
TARGET_RATIO_AT_MAX = 0.85
TARGET_SECOND_RUN_REQUESTS = 0
_TIME_KEYS = ("seconds", "wall_seconds", "wall_time", "wall")
_RERUN_KEYS = ("second_run_requests", "rerun_requests", "requests_second_run")


class UnexpectedResult(ValueError):
    """bench.model_pipeline returned something this harness cannot read."""


def build(sizes: dict[str, Any], title: str) -> Section:
    from bench.sections import require

    module = require("bench.model_pipeline", "issue: model backend stub-server benchmark")
    documents, latency = sizes["model_documents"], sizes["latency"]
    concurrencies = list(sizes["concurrencies"])
    raw = module.run(documents, latency, concurrencies)
    try:
        walls = wall_times(raw)
        rerun = _first(raw, _RERUN_KEYS)
    except UnexpectedResult as exc:
        from bench.report import not_measured

        return not_measured(MODEL, title, str(exc))
    section = Section(MODEL, title, details={"raw": raw, "latency": latency})
    top = max(concurrencies)
    for concurrency in concurrencies:
        if concurrency not in walls:
            continue
        seconds = walls[concurrency]
        ideal = documents * latency / concurrency
        # With `documents` not a multiple of the concurrency the last wave is partly idle:
        # the best any client can do is ceil(documents / concurrency) waves.
        best = math.ceil(documents / concurrency) / (documents / concurrency)
        section.figures.append(
            Figure(f"wall time, {documents} docs at concurrency {concurrency}", seconds, "s")
        )
        section.figures.append(
            Figure(
                f"ideal / wall at concurrency {concurrency}",
                round(ideal / seconds, 3),
                "of ideal",
                Target(">=", TARGET_RATIO_AT_MAX) if concurrency == top else None,
                f"ideal {ideal:.2f} s at {latency * 1000:.0f} ms latency; "
                f"whole waves cap it at {1 / best:.3f}",
            )
        )
    if rerun is not None:
        section.figures.append(
            Figure(
                "requests made by a second run",
                rerun,
                "requests",
                Target("<=", TARGET_SECOND_RUN_REQUESTS),
            )
        )
    return section


def wall_times(raw: dict[str, Any]) -> dict[int, float]:
    """Concurrency -> wall seconds, from a list or a mapping of runs."""
    runs = raw.get("runs", raw.get("concurrency"))
    items: list[tuple[Any, Any]]
    if isinstance(runs, dict):
        items = list(runs.items())
    elif isinstance(runs, list):
        items = [(run.get("concurrency") if isinstance(run, dict) else None, run) for run in runs]
    else:
        raise UnexpectedResult(f"bench.model_pipeline.run gave no runs (keys: {sorted(raw)})")
    walls: dict[int, float] = {}
    for concurrency, run in items:
        seconds = _first(run, _TIME_KEYS) if isinstance(run, dict) else run
        if concurrency is None or not isinstance(seconds, int | float):
            raise UnexpectedResult(f"bench.model_pipeline.run: unreadable run {run!r}")
        walls[int(concurrency)] = float(seconds)
    return walls


def _first(mapping: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if key in mapping:
            return mapping[key]
    return None
