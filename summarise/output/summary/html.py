"""The HTML format: one self-contained page (inline CSS and SVG, no scripts, no external
assets), rendered by Jinja2 with autoescape: every piece of document or model text is escaped
by the template engine, never by hand.

Each key figure's history is drawn as a small chart (one dot per report, by date, labelled
with its value and source count); the timeline as a strip of dated ticks, disputed dates in
red. "More detail" (every point with its quotes) is collapsed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

from summarise.output.summary.draft import DRAFT_LABEL, NOT_REVIEWED
from summarise.output.summary.figures import KEY_FIGURES, shown_figures
from summarise.output.summary.markdown import plural
from summarise.output.summary.model import Citation, KeyFigure, StorySummary, Summary

CHART_WIDTH = 240
CHART_HEIGHT = 90
STRIP_WIDTH = 840


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    value: str
    sources: str
    when: str
    leads: bool
    anchor: str = "middle"
    who: str = ""  # who gives the value (FigureReport.said_by): a dispute shows who says what


@dataclass(frozen=True)
class Chart:
    figure: KeyFigure
    dots: list[Dot]
    path: str
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    left: int = 8
    base: int = CHART_HEIGHT - 18


@dataclass(frozen=True)
class Tick:
    x: float
    r: float
    when: str
    label: str
    refs: str
    disputed: bool
    anchor: str = "middle"


@dataclass(frozen=True)
class Strip:
    ticks: list[Tick]
    width: int = STRIP_WIDTH
    height: int = 64


@dataclass
class StoryView:
    story: StorySummary
    figures: list[Chart] = field(default_factory=list)
    strip: Strip | None = None
    number: dict[str, int] = field(default_factory=dict)

    def cites(self, citations: list[Citation]) -> list[int]:
        return sorted({self.number[c.document_id] for c in citations})


def render_html(summary: Summary, detail: str = "brief") -> str:
    head, tail = html_frame(
        summary,
        story_count=len(summary.stories),
        first_title=summary.stories[0].title if summary.stories else None,
    )
    return head + "".join(story_html(story, detail) for story in summary.stories) + tail


# Where the stories go in the page's frame: a string no escaped text can contain.
_SLOT = "\x00stories\x00"


def html_frame(summary: Summary, *, story_count: int, first_title: str | None) -> tuple[str, str]:
    """The page before its stories and after them (so stories can be written one at a time
    in between): `summary`'s counts, draft flag and origin; its stories are not read."""
    page = _template("summary.html.j2").render(
        summary=summary,
        story_count=story_count,
        first_title=first_title,
        stories_slot=_SLOT,
        css=_css(),
        plural=plural,
        draft_label=DRAFT_LABEL,
        not_reviewed=NOT_REVIEWED,
    )
    head, _, tail = page.partition(_SLOT)
    return head, tail


def story_html(story: StorySummary, detail: str = "brief") -> str:
    """One story's section of the page."""
    rendered = _template("story.html.j2").render(
        story=story,
        view=_view(story, detail),
        plural=plural,
        detail=detail,
        not_reviewed=NOT_REVIEWED,
    )
    return rendered + "\n"


@cache
def _template(name: str) -> Any:
    # Imported here: only `summary --format html` pays for Jinja2.
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(
        loader=PackageLoader("summarise.output.summary", "templates"),
        autoescape=select_autoescape(["html", "html.j2"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment.get_template(name)


@cache
def _css() -> str:
    return (files("summarise.output.summary") / "templates" / "summary.css").read_text("utf-8")


def _view(story: StorySummary, detail: str = "brief") -> StoryView:
    shown = shown_figures(story.figures, None if detail == "full" else KEY_FIGURES)
    return StoryView(
        story=story,
        figures=[_chart(f) for f in shown],
        strip=_strip(story),
        number={d.document_id: d.number for d in story.documents},
    )


def _chart(figure: KeyFigure) -> Chart:
    history = figure.history
    low = min(r.number for r in history)
    high = max(r.number for r in history)
    top, base = 22, CHART_HEIGHT - 22
    span_x = CHART_WIDTH - 40
    dots = []
    for index, report in enumerate(history):
        x = 20 + (span_x * index / (len(history) - 1) if len(history) > 1 else span_x / 2)
        y = base - ((report.number - low) / (high - low) * (base - top) if high > low else 0)
        if high == low:
            y = (top + base) / 2
        dots.append(
            Dot(
                x=round(x, 1),
                y=round(y, 1),
                r=min(3 + report.sources, 8),
                value=report.value,
                sources=plural(report.sources, "src", "srcs"),
                when=str(report.reported or "undated"),
                leads=report.leads,
                who=", ".join(report.said_by),
                anchor=_anchor(index, len(history)),
            )
        )
    path = " ".join(f"{d.x},{d.y}" for d in dots) if len(dots) > 1 else ""
    return Chart(figure=figure, dots=dots, path=path)


def _strip(story: StorySummary) -> Strip | None:
    entries = story.timeline
    if not entries:
        return None
    by_day: dict[Any, list] = {}  # type: ignore[type-arg]
    for entry in entries:
        by_day.setdefault(entry.when, []).append(entry)
    days = sorted(by_day)
    first, last = days[0], days[-1]
    span = (last - first).days or 1
    ticks = []
    for day in days:
        here = by_day[day]
        x = 20 + (STRIP_WIDTH - 40) * ((day - first).days / span if len(days) > 1 else 0.5)
        ticks.append(
            Tick(
                x=round(x, 1),
                r=min(3 + len(here), 9),
                when=str(day),
                label=day.strftime("%d %b %Y"),
                refs=", ".join(e.point_ref for e in here),
                disputed=any(e.disputed for e in here),
                anchor=_anchor(days.index(day), len(days)),
            )
        )
    return Strip(ticks=ticks)


def _anchor(index: int, count: int) -> str:
    """Labels at the ends of a chart grow inwards, so none is cut off."""
    if count < 2:
        return "middle"
    return "start" if index == 0 else "end" if index == count - 1 else "middle"
