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
HOSTILE = "hostile_input"
STORIES = "labelled_stories"
ORDER = (REGEX, MODEL, PROMPT, REVIEW, MEMORY, ANALYSIS, SUMMARY, HOSTILE, STORIES)
TITLES = {
    REGEX: "1. Regex pipeline",
    MODEL: "2. Model pipeline",
    PROMPT: "3. Prompt overhead",
    REVIEW: "4. Review at scale",
    MEMORY: "5. Memory",
    ANALYSIS: "6. Analysis",
    SUMMARY: "7. Summary quality",
    HOSTILE: "8. Hostile input",
    STORIES: "9. Labelled multi-report stories (../shared, bench/stories)",
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
            "pipeline CPU per document",
            raw["pipeline_cpu_ms_per_document"],
            "ms",
            Target("<=", bench_regex.TARGET_CPU_MS_PER_DOCUMENT),
            f"user + system; floor {raw['floor_cpu_ms_per_document']} ms, "
            f"CPU ratio to floor {raw['cpu_ratio_to_floor']}x (wall ratio below)",
        ),
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

    raw = analysis_scale.run(sizes["analysis_documents"], keep=sizes.get("analysis_keep"))
    section = Section(ANALYSIS, TITLES[ANALYSIS], details=raw)
    added = raw["added_documents"]
    section.figures = [
        Figure("batch (regex)", raw["batch_seconds"], "s"),
        Figure("batch: peak memory", raw["batch_peak_mb"], "MB"),
        Figure("first analysis", raw["analysis_seconds"], "s"),
        Figure("first analysis: peak memory", raw["analysis_peak_mb"], "MB"),
        Figure(
            "analysis time / batch time",
            raw["ratio_to_batch"],
            "x",
            Target("<=", analysis_scale.TARGET_RATIO),
            f"{raw['documents']:,} templated docs, {raw['claims']:,} claims, "
            f"{raw['stories']:,} stories, {raw['links']:,} links, {raw['conflicts']:,} conflicts",
        ),
        Figure(f"+{added} documents: their batch", raw["added_batch_seconds"], "s"),
        Figure(f"+{added} documents: analysis", raw["incremental_seconds"], "s"),
        Figure(f"+{added} documents: analysis peak memory", raw["incremental_peak_mb"], "MB"),
        Figure(
            f"+{added} documents: analysis / first analysis",
            raw["incremental_ratio"],
            "x",
            Target("<=", analysis_scale.INCREMENTAL_TARGET),
        ),
        Figure(
            f"+{added} documents: analysis / first analysis, in CPU time",
            round(raw["incremental_cpu_seconds"] / raw["analysis_cpu_seconds"], 4)
            if raw["analysis_cpu_seconds"]
            else 0.0,
            "x",
            None,
            f"CPU {raw['incremental_cpu_seconds']} s / {raw['analysis_cpu_seconds']} s: "
            "steadier than wall time on a shared machine",
        ),
        Figure(
            "incremental identical to a rebuild (1 = yes)",
            1.0 if raw["identical_to_rebuild"] else 0.0,
            "",
            Target(">=", 1.0),
        ),
        Figure("rebuild", raw["rebuild_seconds"], "s"),
        Figure("rebuild: peak memory", raw["rebuild_peak_mb"], "MB"),
        Figure("summary of every story", raw["summary_seconds"], "s"),
        Figure("summary of every story: CPU", raw["summary_cpu_seconds"], "s"),
        Figure(
            "summary of every story: peak memory",
            raw["summary_peak_mb"],
            "MB",
            Target("<=", analysis_scale.SUMMARY_PEAK_MB),
        ),
    ]
    return section


def summary(sizes: dict[str, Any]) -> Section:
    from bench import summary_quality

    return summary_quality.build(sizes, TITLES[SUMMARY])


def hostile_input(sizes: dict[str, Any]) -> Section:
    from bench import hostile_input as bench_hostile

    raw = bench_hostile.run(with_memory=sizes.get("hostile_memory", True))
    section = Section(HOSTILE, TITLES[HOSTILE], details=raw)
    for name, timing in raw["timings"].items():
        commit = raw["pre_fix_commit"]
        if timing["pre_fix_cut_off"]:
            was = f"pre-fix ({commit}): cut off after {bench_hostile.PRE_FIX_TIMEOUT:g} s wall"
        elif timing["pre_fix_cpu_seconds"] is not None:
            was = f"pre-fix ({commit}): {timing['pre_fix_cpu_seconds']:.2f} s CPU"
        else:
            was = "pre-fix not measured (no git history)"
        section.figures.append(
            Figure(
                f"batch of {name} (CPU time)",
                round(timing["cpu_seconds"], 2),
                "s",
                Target("<=", bench_hostile.TARGET_SECONDS),
                f"{was}; wall now {timing['seconds']:.2f} s",
            )
        )
    for name, memory_use in raw["memory"].items():
        section.figures.append(
            Figure(
                f"peak RSS, 10 MiB of {name}",
                memory_use["peak_rss_mb"],
                "MB",
                Target("<=", bench_hostile.TARGET_MB),
                f"{memory_use['seconds']:.1f} s" if memory_use["seconds"] else "cut off",
            )
        )
    return section


def labelled_stories(sizes: dict[str, Any]) -> Section:
    from bench import labelled_stories as scored

    if not sizes.get("labelled_stories", True):
        return not_measured(STORIES, TITLES[STORIES], "skipped: --quick")
    scores = scored.run()
    if scores is None:
        return not_measured(STORIES, TITLES[STORIES], "../shared/stories is not on this machine")
    overall = scores["shared"]
    section = Section(STORIES, TITLES[STORIES], details=scores)
    for name, target in scored.TARGETS.items():
        section.figures.append(
            Figure(name.replace("_", " "), scored.percent(overall[name]), "%", Target(">=", target))
        )
    section.figures.append(
        Figure(
            "not-comparable pairs kept apart",
            scored.percent(overall["not_comparable_kept_apart"]),
            "%",
            None,
            f"both sides tracked in {overall['nc_ok_both_tracked']} of {overall['nc']}",
        )
    )
    section.figures.append(
        Figure("same-fact pairs merged", scored.percent(overall["same_fact_merged"]), "%", None)
    )
    exact, stories = (int(n) for n in overall["grouping_exact"].split("/"))
    section.figures.append(
        Figure("stories grouped exactly", exact, f"of {stories}", Target(">=", stories))
    )
    # The project's own stories (bench/stories): tuned on, so shown beside, without targets.
    own = scores.get("own")
    for name in scored.TARGETS if own else ():
        section.figures.append(
            Figure(f"own stories: {name.replace('_', ' ')}", scored.percent(own[name]), "%", None)
        )
    fresh = scores.get("fresh")
    for name in scored.TARGETS if fresh else ():
        section.figures.append(
            Figure(
                f"newest own stories ({', '.join(scored.FRESH)}): {name.replace('_', ' ')}",
                scored.percent(fresh[name]),
                "%",
                None,
            )
        )
    return section


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
    HOSTILE: hostile_input,
    STORIES: labelled_stories,
}
