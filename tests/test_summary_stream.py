"""A summary written story by story is byte for byte the summary rendered whole."""

from __future__ import annotations

import io
import tracemalloc
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from summarise.analysis import refresh as analysis
from summarise.models import ClaimStatus, Document, ReviewAction
from summarise.output.summary import (
    RENDERERS,
    build_summary,
    render_json,
    render_markdown,
    summarise_store,
)
from summarise.output.summary.load import load_links, load_stories
from summarise.output.summary.stream import write_summary
from summarise.output.summary.synthesis import with_extractive
from summarise.store import ClaimFilter, Store
from tests.factories import store_claims
from tests.story_fixtures import accept_all, seeds_db, seeds_db_template, seeds_store

__all__ = ["seeds_db", "seeds_db_template", "seeds_store"]

WHEN = datetime(2031, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.mark.parametrize(("fmt", "render"), [("md", render_markdown), ("json", render_json)])
@pytest.mark.parametrize("detail", ["brief", "full"])
def test_streamed_summary_matches_the_whole_one(
    seeds_store: Store, fmt: str, render: object, detail: str
) -> None:
    accept_all(seeds_store)
    stories = load_stories(seeds_store)
    assert len(stories) > 1
    whole = build_summary(
        stories, load_links(seeds_store, stories), database=seeds_store.path, generated_at=WHEN
    )
    out = io.StringIO()
    write_summary(seeds_store, out, fmt, detail=detail, generated_at=WHEN, paths="absolute")
    assert out.getvalue() == render(whole, detail)  # type: ignore[operator]
    one = stories[0].story.id
    single = build_summary(
        [stories[0]],
        load_links(seeds_store, [stories[0]]),
        database=seeds_store.path,
        generated_at=WHEN,
    )
    out = io.StringIO()
    write_summary(
        seeds_store, out, fmt, detail=detail, generated_at=WHEN, story_id=one, paths="absolute"
    )
    assert out.getvalue() == render(single, detail)  # type: ignore[operator]


@pytest.mark.parametrize(("kept", "remembered"), [(40_000, 32), (0, 32), (0, 0)])
def test_a_follow_up_reads_the_reports_kept_from_the_story_it_follows(
    seeds_store: Store, monkeypatch: pytest.MonkeyPatch, kept: int, remembered: int
) -> None:
    """The story a follow-up follows is built first: its figure reports are kept from that
    build, so the follow-up neither loads it nor works them out again; with no room to keep
    or remember them it works them out as before. Either way the bytes are the whole
    render's."""
    from summarise.output.summary import build, stream

    accept_all(seeds_store)
    assert seeds_store.story_index.follows(), "the seeds hold a follow-up story"
    monkeypatch.setattr(stream, "KEPT_REPORTS", kept)
    monkeypatch.setattr(stream, "EARLIER_KEPT", remembered)
    worked_out = []
    original = build._earlier_reports
    monkeypatch.setattr(build, "_earlier_reports", lambda *a: worked_out.append(1) or original(*a))
    stories = load_stories(seeds_store)
    whole = build_summary(
        stories, load_links(seeds_store, stories), database=seeds_store.path, generated_at=WHEN
    )
    worked_out.clear()
    for fmt, render in (("md", render_markdown), ("json", render_json)):
        out = io.StringIO()
        write_summary(seeds_store, out, fmt, detail="full", generated_at=WHEN, paths="absolute")
        assert out.getvalue() == render(whole, "full")
    # Worked out again only with no room at all: once for each of the two summaries.
    assert len(worked_out) == (2 if not (kept or remembered) else 0)


@pytest.mark.parametrize("fmt", ["md", "json", "html"])
def test_every_kind_of_summary_streams_byte_for_byte(seeds_store: Store, fmt: str) -> None:
    # Half accepted: drafts then have pending claims to mark, the rest has accepted ones.
    pending = list(seeds_store.claims(ClaimFilter(status=ClaimStatus.PENDING.value)))
    for claim in pending[::2]:
        seeds_store.decide(
            claim.id, ReviewAction.ACCEPT, reviewer="t", expected_version=claim.version
        )
    for draft, synthesis in ((False, None), (True, None), (False, "extractive")):
        whole = summarise_store(seeds_store, draft=draft, paths="absolute")
        whole.generated_at = WHEN
        if synthesis == "extractive":
            whole = with_extractive(whole)
        out = io.StringIO()
        write_summary(
            seeds_store,
            out,
            fmt,
            detail="brief",
            generated_at=WHEN,
            paths="absolute",
            draft=draft,
            synthesis=synthesis,
        )
        assert out.getvalue() == RENDERERS[fmt](whole, "brief"), (draft, synthesis)


def _archive(path: Path, stories: int) -> Store:
    """`stories` stories of two reports each, every story about its own invented town."""
    store = Store.open(path)
    for index in range(stories):
        town = "Dun" + "".join(chr(ord("a") + int(d)) for d in f"{index:04d}") + "ford"
        for report in range(2):
            day = date(2031, 1 + index % 12, 1 + report + index % 20)
            lines = [
                f"Storm floods {town} harbour",
                f"Floodwater reached the {town} harbour wall on Tuesday, officials said.",
                f"The {town} council said {100 + index} homes were evacuated overnight.",
                f"Rescue crews from {town} pumped water from the market square.",
                f"Report {report + 1} from the {town} Courier.",
            ]
            text = f"date {day.isoformat()}\n" + "\n\n".join(lines)
            doc = Document(
                id=Document.id_for(text),
                source=f"{index}-{report}.txt",
                text=text,
                published=day,
                title=lines[0],
            )
            store_claims(store, doc, *lines[1:4])
    analysis.refresh(store)
    with store.db.conn:
        store.db.execute("UPDATE claims SET status = 'accepted'")
    return store


def _peak(store: Store, fmt: str, path: Path) -> tuple[int, int]:
    """(peak bytes Python allocated, bytes written) while writing the whole summary."""
    tracemalloc.start()
    try:
        with path.open("w", encoding="utf-8") as handle:
            write_summary(store, handle, fmt, detail="full", generated_at=WHEN)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak, path.stat().st_size


@pytest.mark.slow  # builds two archives per format: CI runs it
@pytest.mark.parametrize("fmt", ["md", "json", "html"])
def test_summary_memory_does_not_grow_with_the_archive(tmp_path: Path, fmt: str) -> None:
    small, large = _archive(tmp_path / "small.db", 10), _archive(tmp_path / "large.db", 60)
    try:
        assert small.reports.story_count() == 10 and large.reports.story_count() == 60
        # Warm both first: compiled patterns, templates and the bounded word caches fill on
        # first use, and the larger archive reaches more of them; growth is what remains.
        _peak(small, fmt, tmp_path / "warm")
        _peak(large, fmt, tmp_path / "warm")
        small_peak, small_size = _peak(small, fmt, tmp_path / "small.out")
        large_peak, large_size = _peak(large, fmt, tmp_path / "large.out")
    finally:
        small.close()
        large.close()
    assert large_size > 5 * small_size  # six times the stories written...
    # ...in about the memory of one: holding every story would take about six times as much;
    # 2x leaves room for the allocator's noise on peaks this small (about 200 KB).
    assert large_peak < 2 * small_peak


def test_markdown_counts_words_as_runs_of_non_space() -> None:
    """The word budget counts `\\S+` runs; `words` splits instead, which must agree on
    every kind of space (no-break, ideographic, line separators, controls)."""
    import re
    import sys

    from summarise.output.summary.markdown import words

    runs = re.compile(r"\S+")
    for code in range(sys.maxunicode + 1):
        text = f"a{chr(code)}b c"
        assert words(text) == len(runs.findall(text)), hex(code)
