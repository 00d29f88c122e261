"""The Markdown format (described in docs/summary.md).

Document text is escaped so that a quote can never turn into markup (a heading, a link, raw
HTML) in whatever renders the file. By default a story takes at most a third of the words of
its documents: lower-ranked timeline entries, key points and figures give way first, in that
order (the JSON and `--detail full` keep everything). The cap never takes a story below its
whole headline and its top three key points, each written out: a short story keeps its point
even when that is longer than a third of its few words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from summarise.output.summary.draft import DRAFT_LABEL, NOT_REVIEWED
from summarise.output.summary.figures import shown_figures
from summarise.output.summary.model import (
    Citation,
    ConflictSummary,
    KeyFigure,
    Point,
    SourceDocument,
    StorySummary,
    Summary,
)

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
WORD_SHARE = 1 / 3  # a story's Markdown is at most this share of its documents' words
TIMELINE_WORDS = 12  # a timeline entry quotes this much of its point
HEADLINE_FLOOR = 15  # a long headline is cut to no fewer words than this, last of all


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def words(text: str) -> int:
    # str.split() splits on exactly the characters `\s` matches (str.isspace): the count of
    # `\S+` runs, without building a match object per word.
    return len(text.split())


@dataclass(frozen=True)
class Limits:
    key_points: int = 10
    figures: int = 6
    timeline: int = 12
    synthesis: int = 6
    conflict_values: int = 4
    headline_words: int = 1000


def render_markdown(summary: Summary, detail: str = "brief") -> str:
    counts = summary.counts
    lines = [
        *([f"**{DRAFT_LABEL}**", ""] if summary.draft else []),
        "# Summary",
        "",
        f"Generated {summary.generated_at.isoformat()} from {escape(summary.database)}: "
        f"{plural(len(summary.stories), 'story', 'stories')}, "
        f"{plural(counts.documents, 'document')}, {plural(counts.claims, 'claim')} "
        f"({counts.accepted} accepted, "
        f"{counts.pending} pending, {counts.rejected} rejected). "
        + (
            f"Pending claims are included, their points marked *{NOT_REVIEWED}*."
            if summary.draft
            else "Only accepted claims are summarised."
        ),
    ]
    for story in summary.stories:
        lines += ["", *story_lines(story, detail)]
    return "\n".join(lines) + "\n"


def story_lines(story: StorySummary, detail: str = "brief") -> list[str]:
    """The story's section: within its word budget unless `detail` is "full"."""
    if detail == "full":
        return _story(story, Limits(), full=True)
    budget = int(story.source_words * WORD_SHARE)
    limits = Limits()
    # Giving way renders the story again and again: each line is written and counted once.
    memo = _Memo()
    lines = _story(story, limits, memo=memo)
    # Give way in order: timeline, key points (down to 3), figures, synthesis, the rest.
    for name, floor in (
        ("timeline", 0),
        ("key_points", 3),
        ("figures", 1),
        ("synthesis", 1),
        ("conflict_values", 2),
        ("figures", 0),
        ("synthesis", 0),
    ):
        if words("\n".join(lines)) <= budget or getattr(limits, name) <= floor:
            continue
        # Far over: if even the floor does not fit, go straight there (one render, not one
        # per step); otherwise give way one step at a time.
        lowest = replace(limits, **{name: floor})
        lowest_lines = _story(story, lowest, memo=memo)
        if words("\n".join(lowest_lines)) > budget:
            limits, lines = lowest, lowest_lines
            continue
        while words("\n".join(lines)) > budget and getattr(limits, name) > floor:
            value = getattr(limits, name)
            limits = replace(limits, **{name: value - 1})
            lines = _story(story, limits, memo=memo)
    return lines


class _Memo:
    """One story's lines as written, kept while its budget is worked out: every render of it
    gives the same line for the same point, figure, conflict or document."""

    def __init__(self) -> None:
        self.made: dict[tuple[object, ...], str] = {}

    def line(self, key: tuple[object, ...], make: Callable[[], str]) -> str:
        found = self.made.get(key)
        if found is None:
            found = self.made[key] = make()
        return found


def _story(
    story: StorySummary, limits: Limits, *, full: bool = False, memo: _Memo | None = None
) -> list[str]:
    memo = memo or _Memo()
    lines = [f"## Story {story.id}: {escape(_clip(story.title, limits.headline_words))}", ""]
    by_ref = {p.ref: p for p in story.points()}
    numbers = {d.document_id: d.number for d in story.documents}
    headline = _clip(story.headline, limits.headline_words)
    if story.headline_claim_id:
        lines += [f"**{escape(headline)}** ({plural(story.headline_sources, 'source')})", ""]
    else:
        lines += [f"**{escape(headline)}**", ""]
    meta = []
    if story.published_span():
        meta.append(f"Published {story.published_span()}")
    meta.append(f"{plural(story.counts.documents, 'document')}, {story.sources} independent")
    if story.follows is not None:
        meta.append(f"follows story {story.follows}")
    lines += [" · ".join(meta), ""]
    for change in story.changes:
        lines.append(f"- Since story {story.follows}: {escape(change)}")
    if story.changes:
        lines.append("")
    synthesis = story.synthesis
    if synthesis and synthesis.sentences and limits.synthesis:
        shown = synthesis.sentences
        if synthesis.method != "model":  # a model's paragraph is shown whole or not at all
            shown = shown[: limits.synthesis]
        text = " ".join(f"{escape(s.text)} [{', '.join(s.point_refs)}]" for s in shown)
        who = synthesis.model if synthesis.method == "model" else synthesis.method
        lines += [f"**Synthesis** ({who}): {text}", "", f"*{escape(synthesis.note)}*", ""]
    lines += ["### Key points", ""]
    if not story.key_points:
        lines += ["No accepted claims yet.", ""]
    for number, point in enumerate(story.key_points[: limits.key_points], start=1):
        line = memo.line(("point", number), lambda p=point: _point_line(p, numbers))
        lines.append(f"{number}. {line}")
    lines.append("")
    # Every figure that changed or is disputed stays, whatever the budget (see shown_figures).
    shown = shown_figures(story.figures, None if full else limits.figures)
    if shown:
        lines += ["### Key figures", ""]
        lines += [memo.line(("figure", id(f)), lambda f=f: figure_line(f)) for f in shown]
        lines.append("")
    if story.conflicts:
        lines += ["### Conflicts", ""]
        lines += [
            memo.line(
                ("conflict", id(c), limits.conflict_values),
                lambda c=c: _conflict_line(c, numbers, by_ref, limits),
            )
            for c in story.conflicts
        ]
        lines.append("")
    if story.differing:
        lines += ["### Sources differ (kept with attribution)", ""]
        lines += [
            memo.line(
                ("differing", id(c), limits.conflict_values),
                lambda c=c: _conflict_line(c, numbers, by_ref, limits),
            )
            for c in story.differing
        ]
        lines.append("")
    if story.timeline and limits.timeline:
        lines += ["### Timeline", ""]
        for entry in story.timeline[: limits.timeline]:
            mark = " **(disputed date)**" if entry.disputed else ""
            text = memo.line(("timeline", id(entry)), lambda e=entry: escape(_clip(e.text)))
            lines.append(f"- {entry.when}{mark}: {text} ({entry.point_ref})")
        lines.append("")
    if full:
        lines += ["### More detail", ""]
        for topic in story.detail:
            lines += [f"#### {escape(topic.title)}", ""]
            for point in topic.points:
                lines += _full_point(point, numbers)
            lines.append("")
    lines += ["### Documents", ""]
    lines += [
        memo.line(("document", index), lambda d=document: _document_line(d))
        for index, document in enumerate(story.documents)
    ]
    counts = story.counts
    lines += [
        "",
        f"Review: {counts.accepted} accepted, {counts.pending} pending, {counts.rejected} "
        f"rejected; {plural(len(story.points()), 'point')}"
        + ("." if full else ", all quoted with `--detail full`."),
    ]
    if story.conflicts_awaiting_review:
        lines.append(
            f"{story.conflicts_awaiting_review} more conflict(s) involve claims still pending."
        )
    return lines


def _document_line(document: SourceDocument) -> str:
    # Title, outlet and date say which report it is; the file's name is only its path.
    parts = [f"[{document.number}] " + escape(document.heading or document.label)]
    if document.outlet:
        parts.append(escape(document.outlet))
    parts.append(str(document.published) if document.published else "undated")
    if document.agencies:
        parts.append("agency copy: " + ", ".join(escape(a) for a in document.agencies))
    if document.copy_of:
        parts.append(f"reprints [{document.copy_of}]")
    parts.append(escape(document.source))
    return "- " + " — ".join(parts)


def _cites(citations: list[Citation], numbers: dict[str, int]) -> str:
    return "".join(f"[{n}]" for n in sorted({numbers[c.document_id] for c in citations}))


def _point_line(point: Point, numbers: dict[str, int]) -> str:
    """A key point written out, always: never a pointer to the headline or the synthesis."""
    support = f"{plural(point.sources, 'source')} {_cites(point.citations, numbers)}"
    flag = " **disputed**" if point.conflict_ids else ""
    when = f"{point.event_date}: " if point.event_date and point.date_basis == "stated" else ""
    return f"{point.ref}: {when}{escape(point.text)} — {support}{flag}{_unreviewed(point)}"


def _unreviewed(point: Point) -> str:
    return "" if point.reviewed else f" *({NOT_REVIEWED})*"


def figure_line(figure: KeyFigure) -> str:
    sources = max(r.sources for r in figure.history)
    refs = f" ({', '.join(figure.point_refs[:3])})" if figure.point_refs else ""
    history = "; ".join(
        f"{escape(r.value)} ({r.reported or 'undated'}, {plural(r.sources, 'source')})"
        for r in figure.history
    )
    if figure.status == "disputed":
        # Who says what: each value with the speakers (or outlets) giving it.
        history = "; ".join(
            f"{escape(r.value)} ("
            + (f"{escape(', '.join(r.said_by))}, " if r.said_by else "")
            + f"{r.reported or 'undated'}, {plural(r.sources, 'source')})"
            for r in figure.history
        )
        return f"- {escape(figure.subject)}: **disputed** — {history}{refs}"
    if len(figure.history) > 1:
        return f"- {escape(figure.line())} — {history}{refs}"
    return f"- {escape(figure.line())}, {plural(sources, 'source')}{refs}"


def _conflict_line(
    conflict: ConflictSummary, numbers: dict[str, int], by_ref: dict[str, Point], limits: Limits
) -> str:
    values = conflict.values[: limits.conflict_values]
    parts = []
    for value in values:
        dates = ", ".join(str(d) for d in value.dates)
        lead = "**" if value.majority else ""
        parts.append(
            f"{lead}{escape(value.value)}{lead}: {plural(value.sources, 'source')} "
            f"{_cites(value.citations, numbers)}" + (f" ({dates})" if dates else "")
        )
    more = len(conflict.values) - len(values)
    tail = f" · {more} more value(s)" if more > 0 else ""
    flagged = sorted(
        {p.ref for p in by_ref.values() if conflict.id in p.conflict_ids},
        key=lambda r: int(r[1:]),
    )
    note = f" — flagged: {', '.join(flagged)}" if flagged else ""
    subject = conflict.subject[:1].upper() + conflict.subject[1:]
    return f"- {escape(subject)} (conflict {conflict.id}): " + " · ".join(parts) + tail + note


def _full_point(point: Point, numbers: dict[str, int]) -> list[str]:
    when = f"{point.event_date} · " if point.event_date and point.date_basis == "stated" else ""
    flag = " **disputed**" if point.conflict_ids else ""
    lines = [
        f"- {point.ref}: {when}{escape(point.text)} ({plural(point.sources, 'source')}, "
        f"{plural(point.documents, 'document')}){flag}{_unreviewed(point)}"
    ]
    for citation in point.citations:
        who = f" ({escape(citation.attribution)})" if citation.attribution else ""
        lines.append(
            f"  - [{numbers[citation.document_id]}]{who}: “{escape(citation.quote)}” "
            f"(claim `{citation.claim_id}`)"
        )
    return lines


def _clip(text: str, limit: int = TIMELINE_WORDS) -> str:
    parts = text.split()
    return text if len(parts) <= limit else " ".join(parts[:limit]) + "…"
