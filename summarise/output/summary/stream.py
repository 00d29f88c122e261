"""Writing a summary story by story, so memory holds a few stories however large the archive.

Every format and every kind of summary is written this way: Markdown, JSON and HTML, drafts,
and syntheses (written, extractive, or by a model, a slice of stories at a time). Each story is
loaded, built, rendered into a spool file on disk and dropped; the header (which counts every
story) is written first once all are done. The output is byte for byte what rendering the
whole summary at once gives (`render_markdown`, `render_json`, `render_html`; tests compare).
"""

from __future__ import annotations

import shutil
import tempfile
from collections import OrderedDict
from collections.abc import Iterator
from datetime import datetime
from typing import TextIO

from summarise.analysis.figure_tracking import StatedFigure
from summarise.output.summary.build import build_one
from summarise.output.summary.draft import draft_story
from summarise.output.summary.html import html_frame, story_html
from summarise.output.summary.load import iter_stories, links_of
from summarise.output.summary.markdown import render_markdown, story_lines
from summarise.output.summary.model import ReviewCounts, StorySummary, Summary
from summarise.output.summary.paths import PathStyle, with_paths
from summarise.output.summary.synthesis import extractive
from summarise.store import Store

STREAMED = ("md", "json", "html")
SLICE = 16  # stories a model synthesis is asked for at once
EARLIER_KEPT = 32  # earlier stories whose reports are kept for the stories following them
KEPT_REPORTS = 40_000  # figure reports held for follow-ups at most (about 1 KB each: `_Followed`)
_JSON_STORY_INDENT = "    "  # a story's lines sit two levels deep in the summary's JSON
_COPY_CHUNK = 8192  # characters copied from the spool at once
_COUNTS = ("documents", "claims", "accepted", "pending", "rejected")


def built_stories(
    store: Store,
    story_id: int | None = None,
    *,
    draft: bool = False,
    paths: PathStyle = "relative",
    synthesis: str | None = None,
) -> Iterator[StorySummary]:
    """Each story (or just `story_id`) as `summarise_store` builds it, one at a time; with
    `synthesis` "extractive", its synthesis the top key points quoted (`with_extractive`)."""
    # For a draft, the pending claims of the story being built (and of the one it follows):
    # emptied after each story, so it never holds the archive's.
    unreviewed: set[str] | None = set() if draft else None
    # What a story reported is kept from its own build for the stories following it
    # (`_Followed`), so they neither load nor read it again.
    ids = [story_id] if story_id is not None else store.story_index.stories_in_order()
    earlier = _Followed(ids, store.story_index.follows() if story_id is None else {})
    stories = iter_stories(store, story_id, unreviewed=unreviewed, ids=ids, reported=earlier.has)
    for data in stories:
        keep = data.story.id in earlier.later
        story = build_one(data, links_of(store, data), earlier, keep=keep)
        earlier.built(data.story.id)
        if unreviewed is not None:
            story = draft_story(story, data, unreviewed)
            unreviewed.clear()
        story = with_paths(story, paths)
        if synthesis == "extractive" and story.key_points:
            story.synthesis = extractive(story.key_points, skip=story.headline_claim_id)
        yield story


class SummaryWriter:
    """Writes stories to `handle` as `fmt` as they come (`add`), then the header (`close`)."""

    def __init__(
        self,
        handle: TextIO,
        fmt: str,
        *,
        detail: str,
        database: str,
        generated_at: datetime,
        draft: bool = False,
    ) -> None:
        self.handle, self.fmt, self.detail = handle, fmt, detail
        self.database, self.generated_at, self.draft = database, generated_at, draft
        self.totals = dict.fromkeys(_COUNTS, 0)
        self.stories = 0
        self.first_title: str | None = None
        # Closed by __exit__: the writer is used as a context manager.
        self._spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n")  # noqa: SIM115

    def __enter__(self) -> SummaryWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self._spool.close()

    def add(self, story: StorySummary) -> None:
        for key in self.totals:
            self.totals[key] += getattr(story.counts, key)
        if self.first_title is None:
            self.first_title = story.title
        if self.fmt == "md":
            self._spool.write("\n\n" + "\n".join(story_lines(story, self.detail)))
        elif self.fmt == "json":
            body = story.model_dump_json(indent=2).replace("\n", "\n" + _JSON_STORY_INDENT)
            self._spool.write((",\n" if self.stories else "\n") + _JSON_STORY_INDENT + body)
        else:
            self._spool.write(story_html(story, self.detail))
        self.stories += 1

    def close(self) -> None:
        """Write the header (counting every story added), the stories, then the end."""
        empty = Summary(
            generated_at=self.generated_at,
            database=self.database,
            counts=ReviewCounts(**self.totals),
            stories=[],
            draft=self.draft,
        )
        self._spool.seek(0)
        handle = self.handle
        if self.fmt == "md":
            # The header as render_markdown writes it, with the story count it would see.
            header = render_markdown(empty, self.detail).rstrip("\n")
            before, marker, after = header.rpartition(": 0 stories, ")
            header = before + f": {_stories(self.stories)}, " + after if marker else header
            handle.write(header)
            shutil.copyfileobj(self._spool, handle, _COPY_CHUNK)
            handle.write("\n")
        elif self.fmt == "json":
            head, tail = empty.model_dump_json(indent=2).rsplit('"stories": []', 1)
            handle.write(head + '"stories": [')
            shutil.copyfileobj(self._spool, handle, _COPY_CHUNK)
            handle.write(("\n  ]" if self.stories else "]") + tail + "\n")
        else:
            head, tail = html_frame(empty, story_count=self.stories, first_title=self.first_title)
            handle.write(head)
            shutil.copyfileobj(self._spool, handle, _COPY_CHUNK)
            handle.write(tail)


def write_summary(
    store: Store,
    handle: TextIO,
    fmt: str,
    *,
    detail: str,
    generated_at: datetime,
    story_id: int | None = None,
    paths: PathStyle = "relative",
    draft: bool = False,
    synthesis: str | None = None,
) -> None:
    """Write the summary of every story (or `story_id`) to `handle` as `fmt`, story by story
    (see `built_stories` for `draft` and `synthesis`)."""
    with SummaryWriter(
        handle, fmt, detail=detail, database=store.path, generated_at=generated_at, draft=draft
    ) as writer:
        for story in built_stories(store, story_id, draft=draft, paths=paths, synthesis=synthesis):
            writer.add(story)
        writer.close()


class _Followed(dict[int, list[StatedFigure]]):
    """The figure reports of stories a story later in the summary follows, kept from their
    own build (`build_one(keep=True)`) until the last story following them is built: so a
    follow-up never loads or reads the story it follows again. At most `KEPT_REPORTS`
    reports are held; past that a story's are not kept, and its follow-ups work them out
    (as they always did, the last `EARLIER_KEPT` kept), so memory stays bounded however
    the archive chains. So does a story following one written after it (stories run by
    their first date, undated ones last)."""

    def __init__(self, order: list[int], follows: dict[int, int]) -> None:
        super().__init__()
        place = {story: index for index, story in enumerate(order)}
        last: dict[int, int] = {}
        for later, earlier in follows.items():
            if later in place and earlier in place:
                last[earlier] = max(last.get(earlier, -1), place[later])
        # Stories built before a story following them: only their reports are worth keeping.
        self.later = {story for story, end in last.items() if place[story] < end}
        self._last_follower: dict[int, list[int]] = {}
        for story in self.later:
            self._last_follower.setdefault(order[last[story]], []).append(story)
        self._held = 0
        self._recent = _Recent(EARLIER_KEPT)

    def has(self, story: int) -> bool:
        """Whether `story`'s reports are at hand (kept, or among the last worked out): read
        just before the follow-up asking is built, so they are still there when it is."""
        return story in self or story in self._recent

    def get(self, story: int, default: object = None) -> list[StatedFigure] | None:  # type: ignore[override]
        kept = super().get(story)
        return kept if kept is not None else self._recent.get(story)

    def __setitem__(self, story: int, reports: list[StatedFigure]) -> None:
        if story in self.later and self._held + len(reports) <= KEPT_REPORTS:
            super().__setitem__(story, reports)
            self._held += len(reports)
        else:
            self._recent[story] = reports  # no room, or worked out by a follow-up: as before

    def built(self, story: int) -> None:
        """`story` is written: drop what only it still needed."""
        for earlier in self._last_follower.pop(story, []):
            reports = self.pop(earlier, None)
            if reports is not None:
                self._held -= len(reports)


class _Recent(OrderedDict[int, list[StatedFigure]]):
    """At most `size` entries: the oldest go first."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def __setitem__(self, key: int, value: list[StatedFigure]) -> None:
        super().__setitem__(key, value)
        while len(self) > self.size:
            self.popitem(last=False)


def _stories(count: int) -> str:
    return f"{count} story" if count == 1 else f"{count} stories"
