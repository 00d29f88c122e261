"""The Markdown format (documented in the README under `summarise summary`).

Document text is escaped so that a quote can never turn into markup (a heading, a link, raw
HTML) in whatever renders the file.
"""

from __future__ import annotations

import re

from summarise.output.summary.model import Citation, ConflictSummary, Point, StorySummary, Summary

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def render_markdown(summary: Summary) -> str:
    counts = summary.counts
    lines = [
        "# Summary",
        "",
        f"Generated {summary.generated_at.isoformat()} from {escape(summary.database)}: "
        f"{plural(len(summary.stories), 'story', 'stories')}, "
        f"{plural(counts.documents, 'document')}, {plural(counts.claims, 'claim')} "
        f"({counts.accepted} accepted, "
        f"{counts.pending} pending, {counts.rejected} rejected). Only accepted claims are "
        "summarised.",
    ]
    for story in summary.stories:
        lines += ["", *_story(story)]
    return "\n".join(lines) + "\n"


def _story(story: StorySummary) -> list[str]:
    lines = [f"## Story {story.id}: {escape(story.title)}", ""]
    lines.append(f"**{escape(story.headline)}**")
    lines.append("")
    meta = []
    if story.published_span():
        meta.append(f"Published {story.published_span()}")
    meta.append(plural(story.counts.documents, "document"))
    if story.follows is not None:
        meta.append(f"a later development of story {story.follows}")
    lines.append(" · ".join(meta))
    lines += ["", "### Key points", ""]
    if not story.topics:
        lines += ["No accepted claims yet.", ""]
    for topic in story.topics:
        lines += [f"#### {escape(topic.title)}", ""]
        for point in topic.points:
            lines += _point(point)
        lines.append("")
    lines += ["### Unresolved conflicts", ""]
    if story.conflicts:
        for conflict in story.conflicts:
            lines += _conflict(conflict)
    else:
        lines += ["None among accepted claims.", ""]
    if story.differing:
        lines += ["### Sources differ (kept with attribution)", ""]
        for conflict in story.differing:
            lines += _conflict(conflict)
    lines += ["### Review status", ""]
    counts = story.counts
    lines.append(
        f"- {counts.accepted} claims accepted, {counts.pending} pending, "
        f"{counts.rejected} rejected (of {counts.claims})."
    )
    if story.conflicts_awaiting_review:
        lines.append(
            f"- {story.conflicts_awaiting_review} more conflict(s) involve claims still pending."
        )
    lines += ["", "### Documents", ""]
    for document in story.documents:
        parts = [f"`{escape(document.label)}`"]
        if document.title:
            parts.append(escape(document.title))
        if document.published:
            parts.append(str(document.published))
        if document.agencies:
            parts.append("agency copy: " + ", ".join(escape(a) for a in document.agencies))
        parts.append(escape(document.source))
        lines.append("- " + " — ".join(parts))
    return lines


def _point(point: Point) -> list[str]:
    when = f"{point.event_date} · " if point.event_date and point.date_basis == "stated" else ""
    support = f"{plural(point.sources, 'source')}, {plural(point.documents, 'document')}"
    lines = [f"- {when}{escape(point.text)} ({support})"]
    if point.conflict_ids:
        ids = ", ".join(str(i) for i in point.conflict_ids)
        lines.append(f"  - **Disputed:** see conflict {ids} below.")
    lines += [f"  - {_citation(c)}" for c in point.citations]
    return lines


def _citation(citation: Citation) -> str:
    who = f" ({escape(citation.attribution)})" if citation.attribution else ""
    return (
        f"{escape(citation.label)}{who}: “{escape(citation.quote)}” (claim `{citation.claim_id}`)"
    )


def _conflict(conflict: ConflictSummary) -> list[str]:
    lines = [f"#### Conflict {conflict.id}: {escape(conflict.subject)} ({conflict.kind})", ""]
    for value in conflict.values:
        lines.append(f"- **{escape(value.value)}**")
        lines += [f"  - {_citation(c)}" for c in value.citations]
    if conflict.pending_claims:
        lines.append(f"- ({conflict.pending_claims} claim(s) of this conflict still pending)")
    lines.append("")
    return lines
