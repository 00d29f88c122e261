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
from summarise.output.summary.model import StorySummary, Summary, Synthesis
from summarise.output.summary.synthesis import with_extractive
from summarise.output.summary.written import MAX_SENTENCES, written
from summarise.store import Store
from tests.summary_stories import article, figure, save, summarise

BACKGROUND = (
    " The Merrow quarry collapsed in heavy rain and buried the lower workings. "
    "Engineers from Merrow are checking the remaining terraces of the quarry."
)
# Three days of reports of one accident: the toll rises, one report dates it differently.
REPORTS = [
    (
        "vale-post.txt",
        date(2025, 2, 3),
        "The Merrow quarry collapse on February 2 killed 5 workers, the mine board said.",
        5,
        "the mine board",
    ),
    (
        "ridge-echo.txt",
        date(2025, 2, 4),
        "Rescuers said the Merrow quarry collapse on February 2 had killed 9 workers.",
        9,
        "Rescuers",
    ),
    (
        "dale-times.txt",
        date(2025, 2, 6),
        "The Merrow quarry collapse on February 1 has now killed 12 workers, the union said.",
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


def test_the_offline_synthesis_is_written_from_the_story_facts_and_passes_the_check(
    store: Store,
) -> None:
    story = _quarry_story(store)
    synthesis = story.synthesis
    assert synthesis is not None and synthesis.method == "written"
    assert 3 <= len(synthesis.sentences) <= MAX_SENTENCES
    assert _valid(story, synthesis) == []
    text = " ".join(s.text for s in synthesis.sentences)
    # Not the points quoted: the figure's change is told, cited to the first and last report.
    (toll,) = story.figures
    changed = [s for s in synthesis.sentences if "up from 5 to 12" in s.text]
    assert len(changed) == 1, text
    by_ref = {p.ref: p for p in story.points()}
    stated = {r: by_ref[r].text for r in changed[0].point_refs}
    assert any("5 workers" in t for t in stated.values())
    assert any("12 workers" in t for t in stated.values())
    assert changed[0].text.startswith(toll.subject[:1].upper() + toll.subject[1:])


def test_each_dispute_says_who_says_what(store: Store) -> None:
    story = _quarry_story(store)
    assert story.synthesis is not None
    disputes = [c for c in [*story.conflicts, *story.differing] if c.kind == "date"]
    assert disputes, "the story has a date dispute to tell"
    (sentence,) = [s for s in story.synthesis.sentences if s.text.startswith("Sources differ")]
    assert "February 2 according to" in sentence.text
    assert "February 1 according to" in sentence.text
    cited = " ".join(p.text for p in story.points() if p.ref in sentence.point_refs)
    assert "February 1" in cited and "February 2" in cited


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
        result = CliRunner().invoke(cli, ["summary", "--db", str(db_path), "--synthesis", mode])
        assert result.exit_code == 0, result.output
        label = "extractive" if mode == "extractive" else "written"
        assert f"**Synthesis** ({label})" in result.output
