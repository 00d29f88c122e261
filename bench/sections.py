"""The sections: each runs its measurement and turns the raw numbers into figures.

Sections whose code lives in modules other issues provide (the model pipeline, the prompts,
the review screen) import them lazily: when one is missing the section is reported as
"not measured" with the reason, never estimated.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from importlib import import_module
from typing import Any

from bench.report import Figure, Section, Target, not_measured

REGEX = "regex_pipeline"
MODEL = "model_pipeline"
PROMPT = "prompt_overhead"
REVIEW = "review_scale"
MEMORY = "memory"
ANALYSIS = "analysis"
SUMMARY = "summary"
ORDER = (REGEX, MODEL, PROMPT, REVIEW, MEMORY, ANALYSIS, SUMMARY)
TITLES = {
    REGEX: "1. Regex pipeline",
    MODEL: "2. Model pipeline",
    PROMPT: "3. Prompt overhead",
    REVIEW: "4. Review at scale",
    MEMORY: "5. Memory",
    ANALYSIS: "6. Analysis",
    SUMMARY: "7. Summary quality",
}


def run_section(key: str, sizes: dict[str, Any]) -> Section:
    started = time.perf_counter()
    section = _RUNNERS[key](sizes)
    section.seconds = time.perf_counter() - started
    return section


def regex_pipeline(sizes: dict[str, Any]) -> Section:
    from bench import regex_pipeline as bench_regex

    raw = bench_regex.run(sizes["documents"])
    section = Section(REGEX, TITLES[REGEX], details=raw)
    section.figures = [
        Figure("pipeline throughput", raw["pipeline_documents_per_second"], "docs/s"),
        Figure("pipeline throughput", raw["pipeline_mb_per_second"], "MB/s"),
        Figure("floor (read + sqlite3 executemany)", raw["floor_documents_per_second"], "docs/s"),
        Figure(
            "pipeline time / floor time",
            raw["ratio_to_floor"],
            "x",
            Target("<=", bench_regex.TARGET_RATIO),
            f"{raw['documents']:,} docs, {raw['megabytes']} MB, {raw['claims']:,} claims",
        ),
    ]
    return section


def model_pipeline(sizes: dict[str, Any]) -> Section:
    from bench import model_section

    return _lazily(MODEL, lambda: model_section.build(sizes, TITLES[MODEL]))


def prompt_overhead(sizes: dict[str, Any]) -> Section:
    from bench import prompt_overhead as bench_prompt

    return _lazily(PROMPT, lambda: bench_prompt.build(sizes, TITLES[PROMPT]))


def review_scale(sizes: dict[str, Any]) -> Section:
    from bench import review_section

    return _lazily(REVIEW, lambda: review_section.build(sizes, TITLES[REVIEW]))


def memory(sizes: dict[str, Any]) -> Section:
    from bench import memory as bench_memory

    raw = bench_memory.run(sizes["memory_documents"])
    section = Section(MEMORY, TITLES[MEMORY], details=raw)
    section.figures = [
        Figure(
            "peak RSS of a regex batch",
            raw["peak_rss_mb"],
            "MB",
            Target("<=", bench_memory.TARGET_MB),
            f"{raw['documents']:,} docs; imports alone {raw['imports_only_peak_rss_mb']} MB",
        )
    ]
    return section


def analysis(sizes: dict[str, Any]) -> Section:
    from bench import analysis_scale

    raw = analysis_scale.run(sizes["analysis_documents"])
    section = Section(ANALYSIS, TITLES[ANALYSIS], details=raw)
    section.figures = [
        Figure("batch (regex)", raw["batch_seconds"], "s"),
        Figure("analysis refresh", raw["analysis_seconds"], "s"),
        Figure(
            "analysis time / batch time",
            raw["ratio_to_batch"],
            "x",
            Target("<=", analysis_scale.TARGET_RATIO),
            f"{raw['documents']:,} templated docs, {raw['claims']:,} claims, "
            f"{raw['stories']:,} stories, {raw['links']:,} links, {raw['conflicts']:,} conflicts",
        ),
    ]
    return section


def summary(sizes: dict[str, Any]) -> Section:
    from bench import summary_quality

    return summary_quality.build(sizes, TITLES[SUMMARY])


def _lazily(key: str, build: Callable[[], Section]) -> Section:
    """Run a section whose measuring code may not be on this branch yet."""
    try:
        return build()
    except MissingPart as missing:
        return not_measured(key, TITLES[key], str(missing))


class MissingPart(Exception):
    """A module a section needs is not there: the section is not measured, and says why."""


def require(module: str, why: str) -> Any:
    try:
        return import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name is not None and (exc.name == module or module.startswith(exc.name + ".")):
            raise MissingPart(f"{module} is not on this branch ({why})") from exc
        raise  # the module is there but broken: that is a bug to see, not to hide


_RUNNERS: dict[str, Callable[[dict[str, Any]], Section]] = {
    REGEX: regex_pipeline,
    MODEL: model_pipeline,
    PROMPT: prompt_overhead,
    REVIEW: review_scale,
    MEMORY: memory,
    ANALYSIS: analysis,
    SUMMARY: summary,
}
