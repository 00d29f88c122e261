"""The summary bench section at its quick size: the seeds only (the shared corpus is never
read by the test suite), with the figures an editor checks."""

from __future__ import annotations

import pytest

from bench.sections import SUMMARY, run_section


@pytest.mark.slow
def test_summary_section_measures_the_seeds_and_skips_the_corpus_when_quick() -> None:
    section = run_section(SUMMARY, {"summary_corpus": False})
    names = [f.name for f in section.figures]
    assert "seeds: worst story words / source words" in names
    seeds = section.details["seeds"]
    assert seeds["documents"] == 5 and seeds["accepted_claims"] > 0
    # The third-of-the-words cap holds for long stories; a short one keeps its headline and
    # top three key points written out even past a third of its few words (issue 22).
    long_stories = [s for s in seeds["stories"] if s["source_words"] >= 1000]
    assert long_stories and max(s["ratio"] for s in long_stories) <= 1 / 3 + 1e-9
    assert section.details["corpus"] is None
    assert section.figures[-1].note == "skipped: --quick"
