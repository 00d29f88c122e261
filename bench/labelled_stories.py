"""Labelled multi-report stories, scored by the shared scorer
(`../shared/tools/score_stories.py`): grouping, each figure's latest value, kind
(update / dispute / correction), history, corrections, values found, not-comparable pairs
kept apart and same-fact sentences merged.

Two sets, reported apart: the shared stories (`../shared/stories`: measured, never fitted;
they live outside the project and are only read when they are there) and the project's own
(`bench/stories/t*`: written by the team in the same label format, invented from scratch,
and tuned on; `FRESH`, the newest of them, also apart). The scorer is read from
`../shared/tools`; with `--quick`, or without it, the section says it was skipped.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
OWN_STORIES = REPO / "bench" / "stories"
SHARED_CANDIDATES = (REPO.parent / "shared", Path("/work/shared"))
# Our newest stories (session 5), written by a colleague who had not read the rules: scored
# before any change was made for them, then tuned on. Reported apart from the older own
# stories so what they teach shows; still part of the own set.
FRESH = ("t11", "t12", "t13")
TARGETS = {  # issue 20's must-show, in percent
    "latest_right": 90,
    "kind_right": 90,
    "history_complete": 80,
    "correction_applied": 100,
    "values_found": 85,
}


def shared_dir() -> Path | None:
    for candidate in SHARED_CANDIDATES:
        if (candidate / "stories").is_dir() and (
            candidate / "tools" / "score_stories.py"
        ).is_file():
            return candidate
    return None


def run() -> dict[str, dict[str, Any]] | None:
    """The scorer's `overall` figures for the regex backend, per set ("shared", "own": see
    the module docstring), or None without ../shared."""
    shared = shared_dir()
    if shared is None:
        return None
    scorer = shared / "tools" / "score_stories.py"
    out = {"shared": score(scorer, shared / "stories")}
    if any(OWN_STORIES.glob("*/story.json")):
        out["own"] = score(scorer, OWN_STORIES)
    fresh = [OWN_STORIES / name for name in FRESH if (OWN_STORIES / name / "story.json").is_file()]
    if fresh:
        with tempfile.TemporaryDirectory() as folder:
            for story in fresh:
                (Path(folder) / story.name).symlink_to(story, target_is_directory=True)
            out["fresh"] = score(scorer, Path(folder))
    return out


def score(scorer: Path, stories: Path) -> dict[str, Any]:
    """One scorer run over a folder of story folders: its `overall` figures."""
    summarise = Path(sys.executable).with_name("summarise")
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "scores.json"
        subprocess.run(
            [
                sys.executable,
                str(scorer),
                str(stories),
                "--summarise",
                str(summarise),
                "--json",
                str(out),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(out.read_text(encoding="utf-8"))["overall"]


def percent(value: str) -> float:
    return float(value.rstrip("%"))
