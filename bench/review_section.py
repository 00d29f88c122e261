"""Section 4: the review screen on a large database.

The measuring code is `bench.review_scale.run(claims, decisions) -> dict`. This module turns
its result into figures against the targets of the review issue (first usable screen in a
real terminal, decision commit, list keys, search and filter).

Result keys read (the contract with `bench.review_scale`): `first_screen_terminal_s`,
`decision_p50_ms`, `decision_p95_ms`, `decision_end_of_filter_p95_ms`, `move_p95_ms`,
`search_ms`, `filter_open_ms`, `filter_ms`.
"""

from __future__ import annotations

from typing import Any

from bench.report import Figure, Section, Target, not_measured

REVIEW = "review_scale"
# (result key, figure name, unit, target or None)
FIGURES: list[tuple[str, str, str, float | None]] = [
    ("first_screen_terminal_s", "first usable screen, real terminal", "s", 1.0),
    ("decision_p50_ms", "decision commit p50", "ms", None),
    ("decision_p95_ms", "decision commit p95", "ms", 30.0),
    ("decision_end_of_filter_p95_ms", "decision p95 at the end of a filtered list", "ms", 30.0),
    ("move_p95_ms", "list key p95", "ms", 50.0),
    ("search_ms", "search", "ms", 200.0),
    ("filter_open_ms", "filter dialog open", "ms", 200.0),
    ("filter_ms", "filter applied", "ms", 200.0),
]


def build(sizes: dict[str, Any], title: str) -> Section:
    from bench.sections import require

    module = require("bench.review_scale", "issue: review TUI at scale")
    claims, decisions = sizes["review_claims"], sizes["review_decisions"]
    raw = module.run(claims, decisions)
    missing = [key for key, *_ in FIGURES if not isinstance(raw.get(key), int | float)]
    if missing:
        return not_measured(
            REVIEW, title, f"bench.review_scale.run gave unreadable keys: {sorted(missing)}"
        )
    section = Section(REVIEW, title, details={"raw": raw})
    section.figures = [
        Figure(
            name,
            round(float(raw[key]), 3),
            unit,
            Target("<=", target) if target is not None else None,
            f"{claims:,} claims, {decisions} decisions",
        )
        for key, name, unit, target in FIGURES
    ]
    return section
