"""The written synthesis (offline default): sentences composed from a story's facts by fixed
templates, every number and date in the points each sentence cites (checked by the same
validator a model's synthesis is), on stories written for these tests (invented places)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from click.testing import CliRunner

from summarise.backends.synthesis import SynthesisPoint, check
from summarise.cli import cli
from summarise.output.summary.markdown import story_lines
from summarise.output.summary.model import (
    ConflictSummary,
    ConflictValue,
    FigureReport,
    KeyFigure,
    Point,
    StorySummary,
    Summary,
    Synthesis,
)
from summarise.output.summary.synthesis import with_extractive
from summarise.output.summary.written import MAX_SENTENCES, written
from summarise.store import Store
from tests.summary_stories import article, figure, save, summarise

BACKGROUND = (
    " The Wraxby quarry collapsed in heavy rain and buried the lower workings. "
    "Engineers from Wraxby are checking the remaining terraces of the quarry."
)
# Three days of reports of one accident: the toll rises, one report dates it differently.
REPORTS = [
    (
        "vale-post.txt",
        date(2025, 2, 3),
        "The Wraxby quarry collapse on February 2 killed 5 workers, the mine board said.",
        5,
        "the mine board",
    ),
    (
        "ridge-echo.txt",
        date(2025, 2, 4),
        "Rescuers said the Wraxby quarry collapse on February 2 had killed 9 workers.",
        9,
        "Rescuers",
    ),
    (
        "dale-times.txt",
        date(2025, 2, 6),
        "The Wraxby quarry collapse on February 1 has now killed 12 workers, the union said.",
        12,
        "the union",
    ),
]


def _quarry_story(store: Store) -> StorySummary:
    for source, day, sentence, value, who in REPORTS:
        doc = article(source, sentence + BACKGROUND, published=day)
        save(store, doc, (sentence, [figure(value, str(value), "workers")], who))
    (story,) = summarise(store)
    return story


def _valid(story: StorySummary, synthesis: Synthesis) -> list[str]:
    points = [SynthesisPoint(p.ref, p.text, p.sources) for p in story.points()]
    return check([(s.text, s.point_refs) for s in synthesis.sentences], points)


def _by_text(story: StorySummary, words: str) -> Point:
    (point,) = [p for p in story.points() if words in p.text]
    return point


def test_the_offline_synthesis_is_written_and_passes_the_model_check(store: Store) -> None:
    story = _quarry_story(store)
    synthesis = story.synthesis
    assert synthesis is not None and synthesis.method == "written"
    assert 2 <= len(synthesis.sentences) <= MAX_SENTENCES
    assert _valid(story, synthesis) == []
    # Led by the headline point (the event), then what the figures and disputes add.
    (headline,) = [p for p in story.points() if p.id == story.headline_claim_id]
    assert synthesis.sentences[0].point_refs == [headline.ref]
    for conflict in story.conflicts:
        assert any(
            s.text.startswith(f"Sources differ on {conflict.subject}") for s in synthesis.sentences
        )


def test_a_figure_that_changed_is_told_from_first_to_latest_cited_to_both(store: Store) -> None:
    story = _quarry_story(store)
    five, nine, twelve = (_by_text(story, f" {n} workers") for n in (5, 9, 12))
    story.conflicts, story.differing = [], []
    story.figures = [
        KeyFigure(
            subject="workers killed",
            latest="12",
            status="updated",
            history=[
                FigureReport(
                    value=str(n),
                    number=n,
                    reported=None,
                    sources=1,
                    documents=1,
                    claim_ids=p.claim_ids,
                )
                for n, p in ((5, five), (9, nine), (12, twelve))
            ],
        )
    ]
    synthesis = written(story)
    assert synthesis is not None and _valid(story, synthesis) == []
    (told,) = [s for s in synthesis.sentences if s.text.startswith("Workers killed")]
    assert told.text == "Workers killed: up from 5 to 12."
    assert set(told.point_refs) == {five.ref, twelve.ref}
    # Falling values read as down; undated values are no obstacle.
    story.figures[0].latest = "5"
    story.figures[0].history.reverse()
    falling = written(story)
    assert falling is not None
    assert any(s.text == "Workers killed: down from 12 to 5." for s in falling.sentences)


def test_each_dispute_says_who_says_what(store: Store) -> None:
    story = _quarry_story(store)
    first, second = _by_text(story, "February 1"), _by_text(story, "9 workers")
    story.figures, story.differing = [], []
    story.conflicts = [
        ConflictSummary(
            id=1,
            kind="date",
            subject="the day of the collapse",
            values=[
                ConflictValue(value="February 2", sources=1, citations=second.citations),
                ConflictValue(value="February 1", sources=1, citations=first.citations),
            ],
            pending_claims=0,
        )
    ]
    synthesis = written(story)
    assert synthesis is not None and _valid(story, synthesis) == []
    (sentence,) = [s for s in synthesis.sentences if s.text.startswith("Sources differ")]
    assert sentence.text == (
        "Sources differ on the day of the collapse: February 2 according to Rescuers; "
        "February 1 according to the union."
    )
    assert sentence.point_refs == [second.ref, first.ref]


def test_what_happened_last_closes_the_paragraph(store: Store) -> None:
    story = _quarry_story(store)
    story.figures, story.conflicts, story.differing = [], [], []
    assert len(story.timeline) >= 2
    # The event is the earliest report of it: what came after is "most recently".
    first = story.timeline[0].point_ref
    (event,) = [p for p in story.points() if p.ref == first]
    story.headline, story.headline_claim_id = event.text, event.id
    synthesis = written(story)
    assert synthesis is not None and _valid(story, synthesis) == []
    # The best-ranked point of the latest date, which is after the event's.
    rank = {p.ref: int(p.ref[1:]) for p in story.points()}
    day = story.timeline[-1].when
    latest = min((e for e in story.timeline if e.when == day), key=lambda e: rank[e.point_ref])
    (last,) = [s for s in synthesis.sentences if s.text.startswith("Most recently: ")]
    assert last.point_refs == [latest.point_ref] and latest.text in last.text
    # Nothing later than the event: no "most recently".
    story.timeline = [e for e in story.timeline if e.when == story.timeline[0].when]
    quiet = written(story)
    assert quiet is not None
    assert not any(s.text.startswith("Most recently") for s in quiet.sentences)


def test_a_dispute_without_names_lists_its_values(store: Store) -> None:
    story = _quarry_story(store)
    five, nine = _by_text(story, " 5 workers"), _by_text(story, " 9 workers")
    story.figures, story.differing = [], []
    story.conflicts = [
        ConflictSummary(
            id=2,
            kind="quantity",
            subject="workers killed",
            values=[
                ConflictValue(
                    value=v,
                    sources=1,
                    citations=[
                        c.model_copy(update={"attribution": None, "label": "2025_02_report"})
                        for c in p.citations
                    ],
                )
                for v, p in (("9 workers", nine), ("5 workers", five))
            ],
            pending_claims=0,
        )
    ]
    synthesis = written(story)
    assert synthesis is not None and _valid(story, synthesis) == []
    (sentence,) = [s for s in synthesis.sentences if "differ" in s.text]
    # A file name with digits is never given as who: it would read as an uncited number.
    assert sentence.text == "Reports differ on workers killed: 9 workers or 5 workers."
    assert sentence.point_refs == [nine.ref, five.ref]


def test_the_same_story_gives_the_same_synthesis(store: Store) -> None:
    story = _quarry_story(store)
    assert written(story) == written(story.model_copy(deep=True)) == story.synthesis


def test_a_number_no_cited_point_states_is_never_written(store: Store) -> None:
    story = _quarry_story(store)
    altered = story.model_copy(deep=True)
    altered.figures[0].latest = "77"  # a value no point states (as a buggy tracker might give)
    for report in altered.figures[0].history:
        report.value = "77" if report.value == "12" else report.value
    synthesis = written(altered)
    assert synthesis is not None and _valid(altered, synthesis) == []
    assert all("77" not in s.text for s in synthesis.sentences)


def test_a_story_without_figures_or_dates_still_gets_a_checked_paragraph(store: Store) -> None:
    text = (
        "The Fennick ferry service will stop at dusk from next week, the operator said. "
        "Passengers on the Fennick route complained about the change at a public meeting. "
        "The operator blamed a shortage of crew for the Fennick timetable cut."
    )
    sentences = [s + "." for s in text.rstrip(".").split(". ")]
    save(store, article("isle-news.txt", text), *sentences)
    (story,) = summarise(store)
    assert not story.figures and not story.timeline
    synthesis = story.synthesis
    assert synthesis is not None and synthesis.method == "written"
    assert 1 <= len(synthesis.sentences) <= len(story.points())
    assert _valid(story, synthesis) == []
    assert all(
        not s.text.startswith(("Sources differ", "Most recently")) for s in synthesis.sentences
    )


def test_one_figure_value_is_stated_not_called_a_change(store: Store) -> None:
    sentence = "The Brackwater dam release flooded 40 homes in the lower valley."
    doc = article("valley.txt", sentence + BACKGROUND, published=date(2025, 3, 1))
    save(store, doc, (sentence, [figure(40, "40", "homes")]))
    (story,) = summarise(store)
    assert story.synthesis is not None and _valid(story, story.synthesis) == []
    texts = [s.text for s in story.synthesis.sentences]
    assert not any(" up from " in t or " down from " in t for t in texts)


def test_markdown_escapes_the_written_sentences(store: Store) -> None:
    sentence = "The *Gantry* [crane](http://x.invalid) fell on the Orlo pier, killing 2 dockers."
    doc = article("pier.txt", sentence + BACKGROUND, published=date(2025, 4, 1))
    save(store, doc, (sentence, [figure(2, "2", "dockers")]))
    (story,) = summarise(store)
    line = next(x for x in story_lines(story, "full") if x.startswith("**Synthesis** (written)"))
    assert "[crane](http" not in line and "*Gantry*" not in line


def test_the_cli_keeps_the_extractive_synthesis_on_request(store: Store, db_path: Path) -> None:
    story = _quarry_story(store)
    summary = Summary(
        generated_at=datetime(2025, 1, 1, tzinfo=UTC),
        database="x",
        counts=story.counts,
        stories=[story.model_copy(deep=True)],
    )
    quoted = with_extractive(summary).stories[0].synthesis
    assert quoted is not None and quoted.method == "extractive"
    for mode in ("auto", "written", "extractive"):
        result = CliRunner(env={"OPENAI_API_KEY": None, "OPENAI_BASE_URL": None}).invoke(
            cli, ["summary", "--db", str(db_path), "--synthesis", mode, "--detail", "full"]
        )
        assert result.exit_code == 0, result.output
        label = "extractive" if mode == "extractive" else "written"
        assert f"**Synthesis** ({label})" in result.output
