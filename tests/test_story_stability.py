"""Stories that hold on any archive: a story depends on the documents sharing its event only,
and incremental analysis gives what a rebuild gives."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bench.corpus import article
from summarise.analysis import refresh as analysis
from summarise.analysis.grouping import StoryDocument, group, similarities
from summarise.backends.regex.backend import RegexBackend
from summarise.models import Document
from summarise.pipeline.runner import run_batch
from summarise.store import Store
from tests.conftest import SEEDS
from tests.factories import store_claims

FERRY = [
    StoryDocument(
        "ferry-1",
        "Ferry capsizes off Quillon Point\nA passenger ferry capsized off Quillon Point near "
        "Quillby harbour on Sunday; the Quillby coastguard said 14 people were missing.",
        date(2031, 5, 4),
        "Ferry capsizes off Quillon Point",
    ),
    StoryDocument(
        "ferry-2",
        "Coastguard searches for missing after Quillon Point ferry sinking\nDivers from the "
        "Quillby coastguard searched the wreck of the ferry off Quillon Point; 14 passengers "
        "are still missing.",
        date(2031, 5, 5),
        "Coastguard searches for missing after Quillon Point ferry sinking",
    ),
    StoryDocument(
        "ferry-3",
        "Quillon Point ferry was overloaded, survivors say\nSurvivors of the ferry that "
        "capsized off Quillon Point told the Quillby coastguard the vessel was overloaded.",
        date(2031, 5, 6),
        "Quillon Point ferry was overloaded, survivors say",
    ),
]
# The same harbour and coastguard, another event: a near-miss neighbour.
REGATTA = StoryDocument(
    "regatta",
    "Yachts race in annual bay regatta\nThe annual Quillby harbour regatta drew 80 yachts "
    "and dinghies; crews raced twice round the bay buoys in a stiff breeze. The coastguard "
    "patrolled the course, and the mayor handed out trophies and champagne to the winning "
    "skippers on the quay, where a brass band played until dusk.",
    date(2031, 5, 5),
    "Yachts race in annual bay regatta",
)
# An agency copy of the first report, with the agency's dateline.
AGENCY = StoryDocument(
    "ferry-agency",
    "TARROW (Wirenews) - " + FERRY[0].text,
    date(2031, 5, 4),
    FERRY[0].title,
)


# Two events a few days apart at one harbour, told by the same official: near-miss neighbours
# sharing names and places, each with three reports far closer to one another.
HARBOUR = "Port Harnby harbour master Idris Comane"
CRANE = [
    (
        "Crane collapse shuts Port Harnby ferry terminal",
        f"{HARBOUR} closed the Harnby ferry terminal on Monday after a gantry crane "
        f"collapsed onto the loading ramp. Comane said no one was hurt but the ramp was "
        f"crushed and ferries to Inchley were cancelled.",
    ),
    (
        "Harnby ferries cancelled after gantry crane falls",
        f"Ferries to Inchley were cancelled on Monday when a gantry crane collapsed onto "
        f"the loading ramp at the Harnby terminal, {HARBOUR} said. Comane said engineers "
        f"would inspect the crushed ramp.",
    ),
    (
        "Engineers inspect crushed ramp at Harnby terminal",
        f"Engineers inspected the crushed loading ramp at the Harnby ferry terminal, where "
        f"a gantry crane collapsed on Monday. {HARBOUR} said ferries to Inchley would stay "
        f"cancelled until the ramp was repaired.",
    ),
]
MARKET = [
    (
        "New fish market opens on Port Harnby quay",
        f"{HARBOUR} opened the new Harnby fish market on Wednesday. Comane said the "
        f"covered hall would give forty trawler crews a place to sell their catch straight "
        f"from the quay.",
    ),
    (
        "Trawler crews sell catch at new Harnby fish market",
        f"Forty trawler crews sold their catch in the new covered fish market on the "
        f"Harnby quay, opened on Wednesday by {HARBOUR}. Comane said the hall had cost the "
        f"harbour board two years of savings.",
    ),
    (
        "Covered fish hall welcomes first buyers in Harnby",
        f"Buyers crowded the covered fish hall on the Harnby quay on Wednesday as trawler "
        f"crews sold their catch, {HARBOUR} said. Comane opened the market after two years "
        f"of saving by the harbour board.",
    ),
]


def _reports(name: str, event: list[tuple[str, str]], day: int) -> list[StoryDocument]:
    return [
        StoryDocument(f"{name}-{i}", f"{title}\n{body}", date(2031, 3, day + i), title)
        for i, (title, body) in enumerate(event)
    ]


def test_neighbouring_events_at_one_place_stay_apart_and_a_reprint_joins_its_story() -> None:
    crane, market = _reports("crane", CRANE, 3), _reports("market", MARKET, 5)
    reprint = StoryDocument(
        "crane-reprint", "VELLIN (Wirenews) - " + crane[0].text, crane[0].published, crane[0].title
    )
    groups = {tuple(g.documents) for g in group([*crane, *market, reprint])}
    assert groups == {
        ("crane-0", "crane-1", "crane-2", "crane-reprint"),
        ("market-0", "market-1", "market-2"),
    }
    # They share enough to pass the similarity threshold: the groups' closeness keeps them apart.
    merged = group([*crane, *market], cohesion_ratio=0, event_ratio=0)
    assert [g.documents for g in merged] == [sorted(d.id for d in [*crane, *market])]


def _archive(n: int) -> list[StoryDocument]:
    return [
        StoryDocument(f"gen-{i:05d}", article(i), date(2031, 1 + i % 12, 1 + i % 28))
        for i in range(n)
    ]


def _story_of(groups: list, doc_id: str) -> list[str]:  # type: ignore[type-arg]
    return next(g.documents for g in groups if doc_id in g.documents)


@pytest.mark.slow
def test_a_story_of_three_short_reports_groups_the_same_alone_and_in_a_large_archive() -> None:
    own = [*FERRY, REGATTA, AGENCY]
    alone = group(own)
    inside = group(own + _archive(400))
    expected = sorted(["ferry-1", "ferry-2", "ferry-3", "ferry-agency"])
    assert _story_of(alone, "ferry-1") == expected  # the agency copy joins its original
    assert _story_of(inside, "ferry-1") == expected
    assert _story_of(alone, "regatta") == ["regatta"]  # the near miss stays apart
    assert _story_of(inside, "regatta") == ["regatta"]


def test_the_same_issue_weeks_apart_is_another_story() -> None:
    later = StoryDocument(
        "ferry-later",
        FERRY[0].text.replace("Sunday", "Monday"),
        date(2031, 7, 20),
        "Ferry capsizes off Quillon Point again",
    )
    groups = group([*FERRY, later])
    assert "ferry-later" not in _story_of(groups, "ferry-1")
    assert groups[-1].follows is not None  # marked as a later development instead


def test_adding_a_document_never_changes_a_story_it_is_not_linked_to() -> None:
    base = [*FERRY, REGATTA, *_archive(120)]
    before = {tuple(g.documents) for g in group(base)}
    for extra in (_archive(121)[-1], StoryDocument("readme", "How to use this folder.")):
        linked = {d for pair in similarities([*base, extra]) if extra.id in pair for d in pair}
        after = {tuple(g.documents) for g in group([*base, extra])}
        # A story none of whose reports the new document resembles stays as it was.
        unrelated = {g for g in before if not linked & set(g)}
        assert unrelated <= after
        assert tuple(sorted(d.id for d in FERRY)) in after
    readme = StoryDocument("readme", "How to use this folder.")
    assert {tuple(g.documents) for g in group([*base, readme])} == before | {("readme",)}


def _add(store: Store, index: int, *, dated: bool = True) -> None:
    day = date(2031, 1 + index % 12, 1 + index % 28) if dated else None
    text = (f"date {day.isoformat()}\n" if day else "") + article(index)
    doc = Document(
        id=Document.id_for(text),
        source=f"gen-{index:04d}.txt",
        text=text,
        published=day,
        title=article(index).split("\n", 1)[0],
    )
    quotes = [line for line in article(index).split("\n") if len(line) > 40][:3]
    store_claims(store, doc, *quotes)


def _analysis(store: Store) -> tuple[object, ...]:
    stories = {}
    for doc, (story, _) in store.stories.assignments().items():
        stories.setdefault(story, []).append(doc)
    titles = {s.id: (s.title, s.follows is not None) for s in store.stories.list()}
    partition = sorted((sorted(docs), titles[story]) for story, docs in stories.items())
    links = sorted((k.first, k.second, round(k.score, 9)) for k in store.stories.links())
    conflicts = sorted((c.key, c.status) for c in store.conflicts.list(status=None))
    return partition, links, conflicts


@pytest.mark.slow
def test_incremental_analysis_matches_a_rebuild_on_a_growing_archive(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "grow.db")
    rebuilt = Store.open(tmp_path / "rebuilt.db")
    try:
        added = 0
        for step in (40, 7, 1, 15):
            for index in range(added, added + step):
                _add(store, index)
                _add(rebuilt, index)
            added += step
            report = analysis.refresh(store)
            assert report.recomputed
            analysis.refresh(rebuilt, rebuild=True)
            assert _analysis(store) == _analysis(rebuilt)
        assert store.stories.list()  # something was grouped and compared
    finally:
        store.close()
        rebuilt.close()


@pytest.mark.slow
def test_incremental_analysis_matches_a_rebuild_when_undated_reports_link_every_month(
    tmp_path: Path,
) -> None:
    # A third of the reports undated: they link stories of any month together, so new
    # reports reach stories well beyond their own (analysis/regrouping.py).
    store = Store.open(tmp_path / "grow.db")
    rebuilt = Store.open(tmp_path / "rebuilt.db")
    try:
        added = 0
        for step in (150, 1, 4, 30):
            for index in range(added, added + step):
                _add(store, index, dated=index % 3 != 0)
                _add(rebuilt, index, dated=index % 3 != 0)
            added += step
            analysis.refresh(store)
            analysis.refresh(rebuilt, rebuild=True)
            assert _analysis(store) == _analysis(rebuilt)
    finally:
        store.close()
        rebuilt.close()


def test_stories_rebuild_lists_the_same_stories(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from summarise.cli import cli

    path = tmp_path / "cli.db"
    with Store.open(path) as store:
        for index in range(12):
            _add(store, index)
    runner = CliRunner()
    first = runner.invoke(cli, ["stories", "--db", str(path)])
    rebuilt = runner.invoke(cli, ["stories", "--db", str(path), "--rebuild"])
    assert first.exit_code == 0 and rebuilt.exit_code == 0, rebuilt.output
    assert "Story " in first.output and rebuilt.output == first.output
    with Store.open(path) as store:
        indexed = store.db.execute("SELECT count(*) FROM story_index_documents").fetchone()[0]
    assert indexed == 12
    refused = runner.invoke(cli, ["stories", "--db", str(path), "--rebuild", "--read-only"])
    assert refused.exit_code != 0 and "read-only" in refused.output


def test_an_analysis_stopped_half_way_is_redone_whole_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stores = [Store.open(tmp_path / "stopped.db"), Store.open(tmp_path / "rebuilt.db")]
    store, rebuilt = stores
    try:
        for each in stores:
            run_batch(each, RegexBackend(), [str(SEEDS)])
        analysis.refresh(store)
        analysis.refresh(rebuilt, rebuild=True)
        expected = _analysis(rebuilt)
        assert expected[1]  # the seeds' stories have corroboration links
        # A forced re-analysis stops after its first write of links (it clears them first).
        writes: list[object] = []
        replace = store.stories.replace_links

        def stop_after_one(*args: Any, **kwargs: Any) -> int:
            if writes:
                raise KeyboardInterrupt
            writes.append(args)
            return replace(*args, **kwargs)

        monkeypatch.setattr(store.stories, "replace_links", stop_after_one)
        with pytest.raises(KeyboardInterrupt):
            analysis.refresh(store, force=True)
        monkeypatch.undo()
        assert _analysis(store) != expected  # links half written...
        assert analysis.refresh(store).recomputed  # ...so nothing is taken as current
        assert _analysis(store) == expected
    finally:
        store.close()
        rebuilt.close()
