"""Section 4: the review screen on a large database (headless pilot).

The measuring code is `bench.review_scale.run(claims, decisions) -> dict`, from the review
TUI's issue. This module turns its result into figures against the targets.

Result keys read (the contract with `bench.review_scale`): `first_screen_s`, the time to the
first screen in seconds, and `decision_p95_ms`, the 95th percentile from a decision key to
the decision committed and the next claim shown.
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
    first, p95 = raw.get("first_screen_s"), raw.get("decision_p95_ms")
    if not isinstance(first, int | float) or not isinstance(p95, int | float):
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
