"""The HTML format: one self-contained page (inline CSS, no scripts, no external assets).

Unresolved conflicts come first, right under the headline, in red-edged boxes, so a reader
meets them before the points they dispute. Every citation number links to the quoted passage
in the story's "Quotes" list, and each quote links back. All document text is escaped.
"""

from __future__ import annotations

from html import escape

from summarise.output.summary.markdown import plural
from summarise.output.summary.model import Citation, ConflictSummary, Point, StorySummary, Summary

CSS = """
:root { --ink: #1d1d1f; --muted: #5f6368; --rule: #e3e3e8; --accent: #1a56db;
        --warn: #b42318; --warn-bg: #fef3f2; --ok-bg: #f0f5ff; }
* { box-sizing: border-box; }
body { margin: 0; background: #fafafa; color: var(--ink);
       font: 16px/1.55 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 900px; margin: 0 auto; padding: 32px 24px 64px; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 22px; margin: 40px 0 4px; padding-top: 24px; border-top: 3px solid var(--ink); }
h3 { font-size: 17px; margin: 28px 0 8px; text-transform: uppercase; letter-spacing: .04em;
     color: var(--muted); }
h4 { font-size: 16px; margin: 18px 0 6px; }
.meta { color: var(--muted); font-size: 14px; }
.headline { font-size: 19px; font-weight: 600; margin: 12px 0; padding: 12px 16px;
            background: var(--ok-bg); border-left: 4px solid var(--accent); }
ul.points { list-style: none; padding: 0; margin: 0; }
ul.points li { padding: 8px 0; border-bottom: 1px solid var(--rule); }
.when { font-size: 13px; color: var(--muted); margin-right: 6px; white-space: nowrap; }
.badge { display: inline-block; font-size: 12px; padding: 1px 7px; border-radius: 10px;
         background: #eef0f3; color: var(--muted); margin-left: 4px; white-space: nowrap; }
.badge.strong { background: #e1effe; color: var(--accent); }
.badge.disputed { background: var(--warn-bg); color: var(--warn); text-decoration: none;
                  font-weight: 600; }
sup a { color: var(--accent); text-decoration: none; font-size: 12px; margin-left: 1px; }
.conflict { border: 1px solid #fda29b; border-left: 6px solid var(--warn);
            background: var(--warn-bg); padding: 10px 16px; margin: 12px 0; border-radius: 4px; }
.conflict h4 { color: var(--warn); margin-top: 6px; }
.conflict.kept { border-color: #c3ddfd; border-left-color: var(--accent);
                 background: var(--ok-bg); }
.conflict.kept h4 { color: var(--accent); }
.value { margin: 6px 0; }
.value strong { font-size: 17px; }
.value .who { color: var(--muted); font-size: 14px; }
ol.quotes { padding-left: 28px; font-size: 14px; }
ol.quotes li { margin: 8px 0; }
ol.quotes li:target { background: #fff8c5; }
blockquote { margin: 4px 0; padding: 2px 10px; border-left: 3px solid var(--rule);
             color: #333; }
code { font-size: 12px; color: var(--muted); }
.status { font-size: 14px; }
table.docs { border-collapse: collapse; font-size: 14px; width: 100%; }
table.docs td, table.docs th { text-align: left; padding: 4px 8px;
                               border-bottom: 1px solid var(--rule); vertical-align: top; }
a.back { text-decoration: none; color: var(--accent); }
"""


def render_html(summary: Summary) -> str:
    counts = summary.counts
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Summary — {escape(summary.stories[0].title) if summary.stories else 'empty'}"
        "</title>",
        f"<style>{CSS}</style></head><body><main>",
        "<h1>Summary</h1>",
        f'<p class="meta">Generated {escape(summary.generated_at.isoformat())} from '
        f"{escape(summary.database)}: {plural(len(summary.stories), 'story', 'stories')}, "
        f"{plural(counts.documents, 'document')}, {plural(counts.claims, 'claim')} "
        f"({counts.accepted} accepted, {counts.pending} pending, {counts.rejected} rejected). "
        "Only accepted claims are summarised.</p>",
    ]
    for story in summary.stories:
        parts.append(_story(story))
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


class _Notes:
    """Numbers each cited claim once per story, in order of first citation."""

    def __init__(self, story_id: int) -> None:
        self.story_id = story_id
        self.order: dict[str, int] = {}
        self.citations: dict[str, Citation] = {}

    def ref(self, citation: Citation) -> str:
        first = citation.claim_id not in self.order
        number = self.order.setdefault(citation.claim_id, len(self.order) + 1)
        self.citations.setdefault(citation.claim_id, citation)
        # The quote links back to where it was first cited.
        target = f' id="{self.back(citation.claim_id)}"' if first else ""
        return (
            f'<sup><a href="#{self.anchor(citation.claim_id)}"{target} '
            f'title="{escape(citation.label)}">[{number}]</a></sup>'
        )

    def anchor(self, claim_id: str) -> str:
        return f"s{self.story_id}-q-{claim_id}"

    def back(self, claim_id: str) -> str:
        return f"s{self.story_id}-r-{claim_id}"


def _story(story: StorySummary) -> str:
    notes = _Notes(story.id)
    out = [f'<section class="story" id="story-{story.id}">']
    out.append(f"<h2>Story {story.id}: {escape(story.title)}</h2>")
    meta = []
    if story.published_span():
        meta.append(f"Published {story.published_span()}")
    meta.append(plural(story.counts.documents, "document"))
    if story.follows is not None:
        meta.append(
            f'a later development of <a href="#story-{story.follows}">story {story.follows}</a>'
        )
    out.append(f'<p class="meta">{" · ".join(meta)}</p>')
    out.append(f'<p class="headline">{escape(story.headline)}</p>')
    out.append(f'<h3 id="s{story.id}-conflicts">Unresolved conflicts</h3>')
    if story.conflicts:
        out += [_conflict(c, notes, story.id, kept=False) for c in story.conflicts]
    else:
        out.append("<p>None among accepted claims.</p>")
    if story.differing:
        out.append("<h3>Sources differ (kept with attribution)</h3>")
        out += [_conflict(c, notes, story.id, kept=True) for c in story.differing]
    out.append("<h3>Key points</h3>")
    if not story.topics:
        out.append("<p>No accepted claims yet.</p>")
    for topic in story.topics:
        out.append(f'<h4>{escape(topic.title)}</h4><ul class="points">')
        out += [_point(point, notes) for point in topic.points]
        out.append("</ul>")
    counts = story.counts
    out.append("<h3>Review status</h3>")
    status = (
        f"{counts.accepted} claims accepted, {counts.pending} pending, {counts.rejected} "
        f"rejected (of {counts.claims})."
    )
    if story.conflicts_awaiting_review:
        status += (
            f" {story.conflicts_awaiting_review} more conflict(s) involve claims still pending."
        )
    out.append(f'<p class="status">{status}</p>')
    out.append('<h3>Quotes</h3><ol class="quotes">')
    for claim_id, number in notes.order.items():
        citation = notes.citations[claim_id]
        who = f" ({escape(citation.attribution)})" if citation.attribution else ""
        out.append(
            f'<li id="{notes.anchor(claim_id)}" value="{number}"><strong>'
            f"{escape(citation.label)}</strong>{who} "
            f'<a class="back" href="#{notes.back(claim_id)}" title="back">↩</a>'
            f"<blockquote>{escape(citation.quote)}</blockquote>"
            f"<code>claim {escape(claim_id)} · characters {citation.quote_start}–"
            f"{citation.quote_end}</code></li>"
        )
    out.append("</ol>")
    out.append(
        '<h3>Documents</h3><table class="docs"><tr><th>Cited as</th><th>Title</th>'
        "<th>Published</th><th>Agency copy</th></tr>"
    )
    for document in story.documents:
        out.append(
            f"<tr><td>{escape(document.label)}</td><td>{escape(document.title or '')}</td>"
            f"<td>{document.published or ''}</td><td>{escape(', '.join(document.agencies))}"
            "</td></tr>"
        )
    out.append("</table></section>")
    return "\n".join(out)


_SOURCES_HELP = "independent sources: one agency's copy carried by several outlets counts once"


def _point(point: Point, notes: _Notes) -> str:
    when = (
        f'<span class="when">{point.event_date}</span>'
        if point.event_date and point.date_basis == "stated"
        else ""
    )
    strong = " strong" if point.sources > 1 else ""
    label = plural(point.sources, "source")
    if point.documents > point.sources:
        label += f" · {plural(point.documents, 'document')}"
    badge = f'<span class="badge{strong}" title="{_SOURCES_HELP}">{label}</span>'
    disputed = "".join(
        f'<a class="badge disputed" href="#s{notes.story_id}-conflict-{i}">disputed: '
        f"conflict {i}</a>"
        for i in point.conflict_ids
    )
    refs = "".join(notes.ref(c) for c in point.citations)
    return f"<li>{when}{escape(point.text)}{refs} {badge}{disputed}</li>"


def _conflict(conflict: ConflictSummary, notes: _Notes, story_id: int, *, kept: bool) -> str:
    css = "conflict kept" if kept else "conflict"
    out = [
        f'<div class="{css}" id="s{story_id}-conflict-{conflict.id}">',
        f"<h4>Conflict {conflict.id}: {escape(conflict.subject)} "
        f'<span class="badge">{escape(conflict.kind)}</span></h4>',
    ]
    for value in conflict.values:
        sources = ", ".join(
            escape(label) for label in dict.fromkeys(c.label for c in value.citations)
        )
        refs = "".join(notes.ref(c) for c in value.citations)
        out.append(
            f'<div class="value"><strong>{escape(value.value)}</strong>{refs} '
            f'<span class="who">— {sources}</span></div>'
        )
    if conflict.pending_claims:
        out.append(f'<p class="meta">{conflict.pending_claims} claim(s) still pending.</p>')
    out.append("</div>")
    return "\n".join(out)
