"""Section 2: the model pipeline against a local stub server with a fixed latency.

The measuring code is `bench.model_pipeline.run(documents, latency, concurrencies) -> dict`
(with `bench/stub_server.py`). This module only turns its result into figures: wall time
per concurrency, its ratio to the ideal (documents x latency / concurrency), the client's CPU
time per request, and the requests a second run of the same batch made.

Result shape read (the contract with `bench.model_pipeline.run`):
    {"documents": 200, "latency": 0.1,
     "runs": {32: {"seconds": 0.8, "cpu_seconds": 0.9, "requests": 200,
                   "max_in_flight": 32, "exit_code": 0}, ...},
     "rerun_requests": 0, "rerun_exit_code": 0,
     "forced_rerun_requests": 0, "forced_rerun_exit_code": 0, ...}
"""

from __future__ import annotations

import math
from typing import Any

from bench.report import Figure, Section, Target, not_measured

MODEL = "model_pipeline"
TARGET_RATIO_AT_MAX = 0.85
# Against a plain AsyncOpenAI loop sending the same bodies beside it (issue 14).
TARGET_PLAIN_RATIO_AT_MAX = 0.9
TARGET_PLAIN_CPU_RATIO = 1.3
TARGET_SECOND_RUN_REQUESTS = 0
_RUN_KEYS = ("seconds", "cpu_seconds", "requests", "max_in_flight", "exit_code")


class UnexpectedResult(ValueError):
    """bench.model_pipeline returned something this harness cannot read."""


def build(sizes: dict[str, Any], title: str) -> Section:
    from bench.sections import require

    module = require("bench.model_pipeline", "issue: model backend stub-server benchmark")
    documents, latency = sizes["model_documents"], sizes["latency"]
    concurrencies = list(sizes["concurrencies"])
    raw = module.run(documents, latency, concurrencies)
    try:
        runs = read_runs(raw, concurrencies)
        rerun = _count(raw, "rerun_requests")
        forced = _count(raw, "forced_rerun_requests")
    except UnexpectedResult as exc:
        return not_measured(MODEL, title, str(exc))
    section = Section(MODEL, title, details={"raw": raw, "latency": latency})
    top = max(concurrencies)
    for concurrency in concurrencies:
        run = runs[concurrency]
        seconds = run["seconds"]
        ideal = documents * latency / concurrency
        # With `documents` not a multiple of the concurrency the last wave is partly idle:
        # the best any client can do is ceil(documents / concurrency) waves.
        best = math.ceil(documents / concurrency) / (documents / concurrency)
        broken = _broken(run, documents)
        section.figures.append(
            Figure(f"wall time, {documents} docs at concurrency {concurrency}", seconds, "s")
        )
        section.figures.append(
            Figure(
                f"ideal / wall at concurrency {concurrency}",
                round(ideal / seconds, 3) if not broken else 0.0,
                "of ideal",
                Target(">=", TARGET_RATIO_AT_MAX) if concurrency == top else None,
                broken
                or (
                    f"ideal {ideal:.2f} s at {latency * 1000:.0f} ms latency; whole waves cap "
                    f"it at {1 / best:.3f}; up to {run['max_in_flight']} in flight"
                ),
            )
        )
    for concurrency in concurrencies:
        raw_run = _raw_run(raw, concurrency)
        if "ratio" not in raw_run:
            continue
        plain = raw_run["plain"]
        section.figures.append(
            Figure(
                f"batch / plain AsyncOpenAI requests a second at concurrency {concurrency}",
                raw_run["ratio"],
                "of plain",
                Target(">=", TARGET_PLAIN_RATIO_AT_MAX) if concurrency == top else None,
                f"the same bodies through a plain client beside it: {plain['seconds']} s",
            )
        )
        section.figures.append(
            Figure(
                f"batch / plain CPU per request at concurrency {concurrency}",
                raw_run["cpu_ratio"],
                "x",
                Target("<=", TARGET_PLAIN_CPU_RATIO) if concurrency == top else None,
                f"plain client {1000 * plain['cpu_seconds'] / max(1, plain['requests']):.1f} ms "
                "a request",
            )
        )
    _whole_processes(section, sizes)
    busiest = runs[top]
    section.figures.append(
        Figure(
            f"client CPU per request at concurrency {top}",
            round(1000 * busiest["cpu_seconds"] / max(1, busiest["requests"]), 2),
            "ms",
            None,
            "the whole batch in-process: ingest, prompt, instructor, openai, httpx, SQLite; "
            "one event loop can drive at most 1000 / this requests a second",
        )
    )
    section.figures.append(
        Figure(
            "requests made by a second run",
            rerun,
            "requests",
            Target("<=", TARGET_SECOND_RUN_REQUESTS),
            f"and {forced} with --force (answered from the response cache)",
        )
    )
    return section


def _whole_processes(section: Section, sizes: dict[str, Any]) -> None:
    """`summarise batch` and the plain script, each timed as a whole process
    (bench.model_process): script time / summarise time, start-ups reported beside it."""
    runs = sizes.get("process_runs")
    if not runs:
        return
    from bench import model_process

    repeat = sizes.get("process_repeat", 3)
    raw = model_process.run(tuple(tuple(run) for run in runs), repeat=repeat)
    section.details["whole_processes"] = raw
    for run in raw["runs"]:
        ours, plain = run["summarise"], run["script"]
        section.figures.append(
            Figure(
                f"whole processes: script / summarise time, {run['documents']} docs at "
                f"{run['latency'] * 1000:.0f} ms, concurrency {raw['concurrency']}",
                run["ratio"],
                "of summarise",
                Target(">=", model_process.TARGET_RATIO),
                run["broken"]
                or (
                    f"summarise {ours['seconds']} s (start-up {ours['startup_seconds']} s), "
                    f"script {plain['seconds']} s (start-up {plain['startup_seconds']} s); "
                    f"after start-up {run['ratio_after_startup']}; pairs {run['ratios']}"
                ),
            )
        )


def read_runs(raw: dict[str, Any], concurrencies: list[int]) -> dict[int, dict[str, float]]:
    """Concurrency -> that run's figures, each one checked to be there and numeric."""
    runs = raw.get("runs")
    if not isinstance(runs, dict):
        raise UnexpectedResult(f"bench.model_pipeline.run gave no runs (keys: {sorted(raw)})")
    by_concurrency = {int(key): value for key, value in runs.items()}
    read: dict[int, dict[str, float]] = {}
    for concurrency in concurrencies:
        run = by_concurrency.get(concurrency)
        if not isinstance(run, dict):
            raise UnexpectedResult(f"bench.model_pipeline.run: no run at concurrency {concurrency}")
        missing = [k for k in _RUN_KEYS if not isinstance(run.get(k), int | float)]
        if missing:
            raise UnexpectedResult(
                f"bench.model_pipeline.run: the run at concurrency {concurrency} lacks "
                f"{', '.join(missing)}"
            )
        read[concurrency] = {k: run[k] for k in _RUN_KEYS}
    return read


def _raw_run(raw: dict[str, Any], concurrency: int) -> dict[str, Any]:
    runs = {int(key): value for key, value in raw.get("runs", {}).items()}
    return dict(runs.get(concurrency) or {})


def _count(raw: dict[str, Any], key: str) -> int:
    value = raw.get(key)
    if not isinstance(value, int):
        raise UnexpectedResult(f"bench.model_pipeline.run: {key} is {value!r}")
    return value


def _broken(run: dict[str, float], documents: int) -> str:
    """Why a run's time means nothing (it failed, or did not send one request a document)."""
    if run["exit_code"] != 0:
        return f"the batch exited {run['exit_code']:.0f}: not a valid timing"
    if run["requests"] != documents:
        return f"{run['requests']:.0f} requests for {documents} documents: not a valid timing"
    return ""
