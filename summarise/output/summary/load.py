"""Reading what a summary needs from the store (the only part of `summary/` that does)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime

from summarise.models import Claim, ClaimStatus, FigureCorrection, LinkRecord, StoryRecord
from summarise.output.summary.build import StoryData, build_summary
from summarise.output.summary.draft import as_draft
from summarise.output.summary.model import Summary
from summarise.output.summary.paths import PathStyle, with_paths
from summarise.store import ClaimFilter, Store, UnknownStory


def load_stories(
    store: Store, story_id: int | None = None, *, unreviewed: set[str] | None = None
) -> list[StoryData]:
    """Each story (or just `story_id`) with its documents, claims and conflicts. For a draft,
    pass a set as `unreviewed`: pending claims are read as accepted and their ids added."""
    return list(iter_stories(store, story_id, unreviewed=unreviewed))


def iter_stories(
    store: Store,
    story_id: int | None = None,
    *,
    unreviewed: set[str] | None = None,
    ids: Sequence[int] | None = None,
    reported: Callable[[int], bool] | None = None,
) -> Iterator[StoryData]:
    """`load_stories` one story at a time: only the story being built is in memory (and
    every story's id; `ids`: those ids, when the caller read them already). When
    `reported(earlier)` says the builder has the figure reports of the story a story follows
    already, that story is attached by its record alone (no documents, no claims): the
    reports are all a build reads of it besides its id."""
    if story_id is not None:
        if store.stories.get(story_id) is None:
            raise UnknownStory(f"no story {story_id} (see `summarise stories`)")
        ids = [story_id]
    elif ids is None:
        ids = store.story_index.stories_in_order()
    for each in ids:
        record = store.stories.get(each)
        if record is None:
            continue
        data = _story_data(store, record, unreviewed)
        # A follow-up reads the story it follows, so its figures carry their history.
        earlier = store.stories.get(record.follows) if record.follows is not None else None
        if earlier is not None and reported is not None and reported(earlier.id):
            data.earlier = StoryData(earlier, [], [])
        elif earlier is not None:
            data.earlier = _story_data(store, earlier, unreviewed)
        yield data


def links_of(store: Store, data: StoryData) -> list[LinkRecord]:
    """The links of one story's claims and of the claims of the story it follows."""
    documents = [d.id for d in data.documents]
    if data.earlier is not None:
        documents += [d.id for d in data.earlier.documents]
    return store.stories.links_of_documents(documents)


def _story_data(store: Store, record: StoryRecord, unreviewed: set[str] | None = None) -> StoryData:
    documents = [
        document
        for doc_id in store.stories.documents_of(record.id)
        if (document := store.get_document(doc_id)) is not None
    ]
    claims = corrected(
        store,
        [
            claim
            for document in documents
            for claim in store.iter_claims(ClaimFilter(document_id=document.id))
        ],
    )
    if unreviewed is not None:
        unreviewed.update(c.id for c in claims if c.status is ClaimStatus.PENDING)
        claims = [_as_accepted(c) if c.id in unreviewed else c for c in claims]
    return StoryData(
        record,
        documents,
        claims,
        store.conflicts.list(story_id=record.id),
        decisions=store.point_decisions.in_force([c.id for c in claims]),
        figure_decisions=store.figure_decisions.in_force([c.id for c in claims]),
    )


def _as_accepted(claim: Claim) -> Claim:
    # Only in a draft, which marks every point resting on it (`as_draft`).
    return claim.model_copy(update={"status": ClaimStatus.ACCEPTED})


def corrected(store: Store, claims: list[Claim]) -> list[Claim]:
    """Claims kept by a conflict settlement with one figure marked wrong state the picked
    value instead (issue 15: the review's figure corrections)."""
    fixes: dict[str, list[FigureCorrection]] = {}
    for fix in store.conflicts.corrections([c.id for c in claims]):
        fixes.setdefault(fix.claim_id, []).append(fix)
    out = []
    for claim in claims:
        text = claim.text
        for fix in fixes.get(claim.id, []):
            text = text.replace(fix.wrong_value, fix.right_value)
        out.append(claim if text == claim.text else claim.model_copy(update={"text": text}))
    return out


def load_links(store: Store, stories: Sequence[StoryData]) -> list[LinkRecord]:
    wanted = {c.id for data in stories for c in data.claims}
    wanted |= {c.id for data in stories if data.earlier for c in data.earlier.claims}
    return [link for link in store.stories.links() if link.first in wanted]


def summarise_store(
    store: Store,
    story_id: int | None = None,
    *,
    draft: bool = False,
    paths: PathStyle = "relative",
) -> Summary:
    """The summary of accepted claims; with `draft`, of pending claims too, each of their
    points marked not reviewed and the summary marked a draft (`summary --draft`)."""
    unreviewed: set[str] | None = set() if draft else None
    stories = load_stories(store, story_id, unreviewed=unreviewed)
    built = build_summary(
        stories,
        load_links(store, stories),
        database=store.path,
        generated_at=datetime.now(UTC).replace(microsecond=0),
    )
    if unreviewed is not None:
        built = as_draft(built, stories, unreviewed)
    for story in built.stories:
        with_paths(story, paths)
    return built
