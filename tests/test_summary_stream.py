"""A summary written story by story is byte for byte the summary rendered whole."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from summarise.output.summary import build_summary, render_json, render_markdown
from summarise.output.summary.load import load_links, load_stories
from summarise.output.summary.stream import write_summary
from summarise.store import Store
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
