"""Section 4: the review screen on a large database (headless pilot).

The measuring code is `bench.review_scale.run(claims, decisions) -> dict`, from the review
TUI's issue. This module turns its result into figures against the targets.

Result keys read (the contract with `bench.review_scale`): the time to the first screen in
seconds under `first_screen_seconds` (or in ms under `first_screen_ms`), and the 95th
percentile decision commit in ms under `p95_commit_ms` (or `p95_decision_commit_ms`, or in
seconds under `p95_commit_seconds`).
"""

from __future__ import annotations

from typing import Any

from bench.report import Figure, Section, Target, not_measured

REVIEW = "review_scale"
TARGET_FIRST_SCREEN_SECONDS = 1.5
TARGET_P95_COMMIT_MS = 30.0


def build(sizes: dict[str, Any], title: str) -> Section:
    from bench.sections import require

    module = require("bench.review_scale", "issue: review TUI at scale")
    claims, decisions = sizes["review_claims"], sizes["review_decisions"]
    raw = module.run(claims, decisions)
    first = _seconds(raw, "first_screen_seconds", "first_screen_ms")
    p95 = _milliseconds(raw, ("p95_commit_ms", "p95_decision_commit_ms"), "p95_commit_seconds")
    if first is None or p95 is None:
        return not_measured(
            REVIEW, title, f"bench.review_scale.run gave unreadable keys: {sorted(raw)}"
        )
    section = Section(REVIEW, title, details={"raw": raw})
    section.figures = [
        Figure(
            "time to first screen",
            round(first, 3),
            "s",
            Target("<=", TARGET_FIRST_SCREEN_SECONDS),
            f"{claims:,} claims",
        ),
        Figure(
            "p95 decision commit",
            round(p95, 2),
            "ms",
            Target("<=", TARGET_P95_COMMIT_MS),
            f"{decisions} decisions",
        ),
    ]
    return section


def _seconds(raw: dict[str, Any], seconds_key: str, ms_key: str) -> float | None:
    if isinstance(raw.get(seconds_key), int | float):
        return float(raw[seconds_key])
    if isinstance(raw.get(ms_key), int | float):
        return float(raw[ms_key]) / 1000
    return None


def _milliseconds(raw: dict[str, Any], ms_keys: tuple[str, ...], seconds_key: str) -> float | None:
    for key in ms_keys:
        if isinstance(raw.get(key), int | float):
            return float(raw[key])
    if isinstance(raw.get(seconds_key), int | float):
        return float(raw[seconds_key]) * 1000
    return None
