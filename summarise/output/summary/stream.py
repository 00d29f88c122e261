"""Writing a summary story by story, so memory holds one story however large the archive.

Markdown and JSON are written exactly as `render_markdown` and `render_json` write a whole
summary (a test compares them byte for byte): each story is loaded, built, rendered into a
spool file on disk and dropped, and the header (which counts every story) is written first
once all are done. HTML (one template over every story) and model syntheses (which read
the whole summary) take the whole-summary path.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime
from typing import TextIO

from summarise.output.summary.build import build_one
from summarise.output.summary.load import iter_stories, links_of
from summarise.output.summary.markdown import render_markdown, story_lines
from summarise.output.summary.model import ReviewCounts, Summary
from summarise.output.summary.paths import PathStyle, with_paths
from summarise.store import Store

STREAMED = ("md", "json")
_JSON_STORY_INDENT = "    "  # a story's lines sit two levels deep in the summary's JSON


def write_summary(
    store: Store,
    handle: TextIO,
    fmt: str,
    *,
    detail: str,
    generated_at: datetime,
    story_id: int | None = None,
    paths: PathStyle = "relative",
) -> None:
    """Write the summary of every story (or `story_id`) to `handle` as `fmt` (md or json)."""
    totals = dict.fromkeys(("documents", "claims", "accepted", "pending", "rejected"), 0)
    stories = 0
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n") as spool:
        for data in iter_stories(store, story_id):
            story = with_paths(build_one(data, links_of(store, data)), paths)
            for key in totals:
                totals[key] += getattr(story.counts, key)
            if fmt == "md":
                spool.write("\n\n" + "\n".join(story_lines(story, detail)))
            else:
                body = story.model_dump_json(indent=2).replace("\n", "\n" + _JSON_STORY_INDENT)
                spool.write((",\n" if stories else "\n") + _JSON_STORY_INDENT + body)
            stories += 1
        empty = Summary(
            generated_at=generated_at,
            database=store.path,
            counts=ReviewCounts(**totals),
            stories=[],
        )
        spool.seek(0)
        if fmt == "md":
            # The header as render_markdown writes it, with the story count it would see.
            header = render_markdown(empty, detail).rstrip("\n")
            before, marker, after = header.rpartition(": 0 stories, ")
            header = before + f": {_stories(stories)}, " + after if marker else header
            handle.write(header)
            shutil.copyfileobj(spool, handle)
            handle.write("\n")
        else:
            head, tail = empty.model_dump_json(indent=2).rsplit('"stories": []', 1)
            handle.write(head + '"stories": [')
            shutil.copyfileobj(spool, handle)
            handle.write(("\n  ]" if stories else "]") + tail + "\n")


def _stories(count: int) -> str:
    return f"{count} story" if count == 1 else f"{count} stories"
