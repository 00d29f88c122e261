from __future__ import annotations

from datetime import date
from pathlib import Path

from click.testing import CliRunner

from summarise.analysis import refresh as analysis
from summarise.analysis.grouping import StoryDocument, group
from summarise.cli import cli
from summarise.store import ClaimFilter, Store
from tests.factories import document, store_claims
from tests.story_fixtures import seed_document_id, seeds_db, seeds_db_template, seeds_store

__all__ = ["seeds_db", "seeds_db_template", "seeds_store"]


def _story_docs(store: Store) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for doc, (story, _) in store.stories.assignments().items():
        out.setdefault(story, set()).add(Path(store.get_document(doc).source).name[:3])
    return out


def test_seeds_group_into_the_december_story_and_a_february_follow_up(
    seeds_store: Store,
) -> None:
    groups = sorted(_story_docs(seeds_store).values(), key=len)
    assert groups == [{"003"}, {"000", "001", "002", "004"}]
    stories = seeds_store.stories.list()
    december, february = stories  # ordered by first publication date
    assert december.first_published == "2023-12-20" and december.documents == 4
    assert february.first_published == "2024-02-21"
    assert february.follows == december.id  # a later development, kept apart


def test_grouping_is_deterministic_and_order_free() -> None:
    docs = [
        StoryDocument("a", "Rebels seized Kidal in northern Mali on Monday, the army said."),
        StoryDocument("b", "The Mali army said rebels seized the northern town of Kidal."),
        StoryDocument("c", "Heavy snow closed schools across Ontario and Quebec."),
    ]
    first = [g.documents for g in group(docs, threshold=0.1)]
    second = [g.documents for g in group(list(reversed(docs)), threshold=0.1)]
    assert first == second
    assert ["a", "b"] in first and ["c"] in first


def test_dates_too_far_apart_keep_similar_documents_apart() -> None:
    text = "Rebels seized Kidal in northern Mali, the army said on Monday."
    docs = [
        StoryDocument("a", text, date(2024, 1, 1)),
        StoryDocument("b", text + " Again.", date(2024, 1, 3)),
        StoryDocument("c", text + " Once more.", date(2024, 4, 1)),
    ]
    groups = group(docs)
    assert [g.documents for g in groups] == [["a", "b"], ["c"]]
    assert groups[1].follows == 0


def test_corrections_persist_across_regrouping(seeds_store: Store) -> None:
    d001 = seed_document_id(seeds_store, "001")
    d003 = seed_document_id(seeds_store, "003")
    december = seeds_store.stories.story_of(seed_document_id(seeds_store, "000"))
    assert december is not None
    # Move the February article into the December story; split 001 off on its own.
    seeds_store.stories.move_document(d003, december)
    alone = seeds_store.stories.move_document(d001, None)
    seeds_store.stories.name_story(december, "Truce talks, Dec 2023 - Feb 2024")
    for _ in range(2):  # regrouping, twice, changes none of it
        analysis.refresh(seeds_store, force=True)
        assert seeds_store.stories.story_of(d003) == december
        assert seeds_store.stories.story_of(d001) == alone
        assert seeds_store.stories.get(december).label == "Truce talks, Dec 2023 - Feb 2024"
    assert _story_docs(seeds_store)[december] == {"000", "002", "003", "004"}
    assert seeds_store.stories.assignments()[d003] == (december, "user")


def test_new_documents_join_existing_story_ids(seeds_store: Store) -> None:
    before = {d: s for d, (s, _) in seeds_store.stories.assignments().items()}
    doc = document("Snowstorm closes every school in Ontario on Monday.", "snow.txt")
    store_claims(seeds_store, doc, "Snowstorm closes every school in Ontario on Monday.")
    analysis.refresh(seeds_store)
    after = {d: s for d, (s, _) in seeds_store.stories.assignments().items()}
    assert all(after[d] == s for d, s in before.items())  # ids kept
    assert after[doc.id] not in before.values()


def test_stories_command_lists_moves_and_names(seeds_db: Path) -> None:
    runner = CliRunner()
    listing = runner.invoke(cli, ["stories", "--db", str(seeds_db)])
    assert listing.exit_code == 0, listing.output
    assert "later development of story" in listing.output
    moved = runner.invoke(
        cli, ["stories", "--db", str(seeds_db), "move", "003_049e19facae810fa", "1"]
    )
    assert moved.exit_code == 0, moved.output
    named = runner.invoke(cli, ["stories", "--db", str(seeds_db), "name", "1", "Gaza truce"])
    assert named.exit_code == 0
    listing = runner.invoke(cli, ["stories", "--db", str(seeds_db)])
    assert "Story 1 (named): Gaza truce" in listing.output
    assert "003_049e19facae810fa 2024-02-21 [placed by user]" in listing.output
    bad = runner.invoke(cli, ["stories", "--db", str(seeds_db), "move", "003", "99"])
    assert bad.exit_code == 1 and "no story 99" in bad.output
    both = runner.invoke(cli, ["stories", "--db", str(seeds_db), "move", "003", "1", "--new"])
    assert both.exit_code == 2


def test_stats_shows_stories(seeds_db: Path) -> None:
    result = CliRunner().invoke(cli, ["stats", "--db", str(seeds_db)])
    assert result.exit_code == 0, result.output
    assert "Stories:    2" in result.output
    assert "2 open conflict(s)" in result.output and "follows story" in result.output


def test_claims_filtered_by_story_page_and_count_like_any_filter(seeds_store: Store) -> None:
    february = seed_document_id(seeds_store, "003")
    story = seeds_store.stories.story_of(february)
    assert story is not None
    members = set(seeds_store.stories.documents_of(story))
    expected = [c.id for c in seeds_store.claims() if c.document_id in members]
    where = ClaimFilter(story_id=story)
    assert 0 < len(expected) < seeds_store.count_claims()
    assert seeds_store.count_claims(where) == len(expected)
    assert [c.id for c in seeds_store.claims(where, offset=1, limit=3)] == expected[1:4]
    assert seeds_store.position_of(expected[-1], where) == len(expected) - 1
    pending = ClaimFilter(story_id=story, status="pending")
    assert seeds_store.count_claims(pending) == len(expected)
    # A story nobody has: nothing, not everything.
    assert seeds_store.count_claims(ClaimFilter(story_id=10_000)) == 0


def test_accepting_or_rejecting_does_not_make_analysis_recompute(seeds_store: Store) -> None:
    from summarise.models import ReviewAction

    first, second, third = seeds_store.claims(ClaimFilter(status="pending"), limit=3)
    seeds_store.decide(first.id, ReviewAction.ACCEPT, reviewer="t", expected_version=0)
    seeds_store.decide(second.id, ReviewAction.REJECT, reviewer="t", expected_version=0)
    assert analysis.refresh(seeds_store).recomputed is False
    seeds_store.decide(
        third.id, ReviewAction.EDIT, reviewer="t", expected_version=0, text=third.text + " (edited)"
    )
    assert analysis.refresh(seeds_store).recomputed is True
    assert analysis.refresh(seeds_store).recomputed is False
