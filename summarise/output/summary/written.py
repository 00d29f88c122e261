"""The written synthesis: a short paragraph composed offline from the story's structured facts.

Deterministic templates over the summary model, never free text: the event (the headline
point), the latest key figures and how they changed, each dispute with who says what, and
what happened last on the timeline. Every sentence cites the points it rests on and is put
through the same check a model's synthesis is (`backends.synthesis.check`): a sentence that
would state a number or date its points do not is dropped, never shown. Figures are read only
through `StorySummary.figures` (their history), so however figure tracking changes, what it
reports flows in here; no figures, one value or undated values simply give fewer sentences.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from summarise.backends.synthesis import MAX_WORDS, SynthesisPoint, check
from summarise.output.summary.model import (
    ConflictSummary,
    ConflictValue,
    KeyFigure,
    Point,
    StorySummary,
    Synthesis,
    SynthesisSentence,
)

RefsOf = Callable[[Iterable[str]], list[str]]

WRITTEN_NOTE = (
    "Written offline from the story's reviewed (accepted) points, figures, disputes and "
    "timeline by fixed templates; every number is in the points it cites."
)
MIN_SENTENCES = 3
MAX_SENTENCES = 6
FIGURE_SENTENCES = 2
DISPUTE_SENTENCES = 2
DISPUTE_VALUES = 3


def written(story: StorySummary, *, reason: str | None = None) -> Synthesis | None:
    """The story's written synthesis (None when it has no accepted points). It may cite any
    accepted point of the story: a dispute or a figure is often stated only by points below
    the key ten (the conflicts section flags them by the same refs)."""
    points = story.points() or story.key_points
    if not points:
        return None
    writer = _Writer(story, points)
    lead_text, lead_refs = _event(story, points)
    writer.add(lead_text, lead_refs)
    disputes = [*story.conflicts, *story.differing]
    disputed = {c.subject.strip().lower() for c in disputes}
    # A disputed figure is told by its dispute's sentence (who says what), not twice.
    told = [f for f in story.figures if f.status != "disputed" or f.subject.lower() not in disputed]
    writer.add_some(
        FIGURE_SENTENCES,
        (_figure_sentence(f, writer.refs_of, writer.cited) for f in told),
    )
    writer.add_some(DISPUTE_SENTENCES, (_dispute_sentence(c, writer.refs_of) for c in disputes))
    lead = next((p for p in points if p.ref in lead_refs), None)
    writer.add(*_latest(story, writer.cited, writer.rank, lead))
    for point in story.key_points:
        if len(writer.sentences) >= MIN_SENTENCES:
            break
        if point.ref not in writer.cited:
            writer.add(point.text, [point.ref])
    return Synthesis(
        method="written", sentences=writer.sentences, note=WRITTEN_NOTE, fallback_reason=reason
    )


class _Writer:
    """Collects sentences that pass the synthesis check, within the length limits."""

    def __init__(self, story: StorySummary, points: Sequence[Point]) -> None:
        self.allowed = [SynthesisPoint(p.ref, p.text, p.sources) for p in points]
        self.point_of_claim = {c: p.ref for p in points for c in p.claim_ids}
        self.rank = {p.ref: int(p.ref[1:]) for p in points}
        self.sentences: list[SynthesisSentence] = []
        self.cited: set[str] = set()
        self.words = 0

    def refs_of(self, claim_ids: Iterable[str]) -> list[str]:
        """The points stating these claims, best-ranked first."""
        refs = {self.point_of_claim[c] for c in claim_ids if c in self.point_of_claim}
        return sorted(refs, key=self.rank.__getitem__)

    def add(self, text: str | None = None, refs: Sequence[str] = ()) -> bool:
        """Add the sentence if it passes the check and fits; whether it was added."""
        if not text or not refs or len(self.sentences) >= MAX_SENTENCES:
            return False
        length = len(text.split())
        if self.words + length > MAX_WORDS or check([(text, refs)], self.allowed):
            return False
        self.sentences.append(SynthesisSentence(text=text, point_refs=list(refs)))
        self.cited |= set(refs)
        self.words += length
        return True

    def add_some(self, most: int, candidates: Iterable[tuple[str | None, list[str]]]) -> None:
        """The first `most` candidates that can be said (lazily: each sees what is cited)."""
        added = 0
        for text, refs in candidates:
            if added == most:
                return
            added += self.add(text, refs)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", '"', "”", "’", "'")) else text + "."


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _event(story: StorySummary, points: Sequence[Point]) -> tuple[str | None, list[str]]:
    """The news: the headline point (or the best-ranked one under a user's story name)."""
    lead = next((p for p in points if p.id == story.headline_claim_id), None)
    lead = lead or (story.key_points[0] if story.key_points else None)
    if lead is None:
        return None, []
    # Its date, when stated, is in its own words; a date taken from publication is not in any
    # point, so it cannot be cited here (the story's published span is shown beside it).
    return _sentence(lead.text), [lead.ref]


def _figure_sentence(
    figure: KeyFigure, refs_of: RefsOf, cited: set[str]
) -> tuple[str | None, list[str]]:
    """'Deaths: up from 5 to 12.' — values of this story only, each cited to its points."""
    mine = [r for r in figure.history if r.story_id is None and refs_of(r.claim_ids)]
    lead = figure.leading().value
    latest = next((r for r in reversed(mine) if r.value == lead), None)
    if latest is None:
        return None, []
    subject = _upper_first(figure.subject.strip()) or "A figure"
    earlier = [r for r in mine if r.value != lead]
    if figure.status == "disputed" and earlier:
        others = list(dict.fromkeys(r.value for r in earlier))[:2]
        text = f"{subject}: {figure.latest} in most reports, {' or '.join(others)} in others."
        refs = refs_of(latest.claim_ids)[:2]
        for other in others:
            stating = [c for r in earlier if r.value == other for c in r.claim_ids]
            refs += [r for r in refs_of(stating)[:1] if r not in refs]
        return text, refs
    if earlier and figure.status == "updated":
        first = earlier[0]
        direction = (
            "up"
            if latest.number > first.number
            else "down"
            if latest.number < first.number
            else "restated"
        )
        text = f"{subject}: {direction} from {first.value} to {figure.latest}."
        refs = list(dict.fromkeys([*refs_of(first.claim_ids)[:2], *refs_of(latest.claim_ids)[:2]]))
        return text, refs
    refs = refs_of(latest.claim_ids)[:2]
    if set(refs) <= cited:
        return None, []  # one value its cited points already say: nothing new
    return f"{subject}: {figure.latest}.", refs


def _who(value: ConflictValue) -> str | None:
    """Who states a value: a speaker its quotes name, else its outlet; never a name that
    carries digits (a file name's date would read as an uncited number)."""
    names = [c.attribution for c in value.citations] + [c.label for c in value.citations]
    for name in names:
        if name and name.strip() and not any(ch.isdigit() for ch in name):
            return name.strip()
    return None


def _dispute_sentence(conflict: ConflictSummary, refs_of: RefsOf) -> tuple[str | None, list[str]]:
    """'Sources differ on the date: October 7 according to Reuters; October 9 according to
    the ministry.' Who says what, the best-sourced value first; without a name to give,
    the values alone ('Reports differ on hostages released: 100, 105 or 110.')."""
    said: list[tuple[str, str | None]] = []
    refs: list[str] = []
    for value in conflict.values[:DISPUTE_VALUES]:
        cited = refs_of(c.claim_id for c in value.citations)[:2]
        if not cited:
            continue
        said.append((value.value, _who(value)))
        refs += [r for r in cited if r not in refs]
    if len(said) < 2:
        return None, []
    subject = conflict.subject.strip() or "a value"
    if any(who is None for _, who in said):
        values = [v for v, _ in said]
        listed = ", ".join(values[:-1]) + " or " + values[-1]
        return f"Reports differ on {subject}: {listed}.", refs
    parts = "; ".join(f"{v} according to {who}" for v, who in said)
    return f"Sources differ on {subject}: {parts}.", refs


def _latest(
    story: StorySummary, cited: set[str], rank: dict[str, int], lead: Point | None
) -> tuple[str | None, list[str]]:
    """What happened next: the best-ranked point of the latest date on the timeline, when
    that date is after the event's (or the story's first date) and it is not said yet."""
    dated = [e for e in story.timeline if e.point_ref in rank and not e.disputed]
    if len(dated) < 2:
        return None, []
    last = dated[-1].when
    since = lead.event_date if lead is not None and lead.event_date else dated[0].when
    if last <= since:
        return None, []
    entry = min((e for e in dated if e.when == last), key=lambda e: rank[e.point_ref])
    if entry.point_ref in cited:
        return None, []
    return f"Most recently: {_sentence(entry.text)}", [entry.point_ref]
