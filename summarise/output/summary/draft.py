"""`summary --draft`: a summary of pending claims as well as accepted ones, for an editor who
wants to see where a story is going before review. The loader reads pending claims as
accepted (and notes their ids); this marks every point resting on one as not reviewed,
counts those claims as pending again, and marks the whole summary a draft, which every
format says on its first line."""

from __future__ import annotations

from collections.abc import Sequence

from summarise.output.summary.build import StoryData
from summarise.output.summary.model import Point, StorySummary, Summary

DRAFT_LABEL = "DRAFT: includes claims not reviewed yet; not for publication."
NOT_REVIEWED = "not reviewed"
DRAFT_SYNTHESIS_NOTE = (
    "Draft: written from the top key points, some resting on claims not reviewed yet."
)


def as_draft(summary: Summary, stories: Sequence[StoryData], unreviewed: set[str]) -> Summary:
    """`summary` built with the `unreviewed` claims read as accepted, marked as a draft."""
    pending_of = {
        data.story.id: sum(1 for c in data.claims if c.id in unreviewed) for data in stories
    }
    built = [_story(story, pending_of.get(story.id, 0), unreviewed) for story in summary.stories]
    moved = sum(pending_of.get(story.id, 0) for story in summary.stories)
    counts = summary.counts.model_copy(
        update={
            "accepted": summary.counts.accepted - moved,
            "pending": summary.counts.pending + moved,
        }
    )
    return summary.model_copy(update={"draft": True, "stories": built, "counts": counts})


def draft_story(story: StorySummary, data: StoryData, unreviewed: set[str]) -> StorySummary:
    """One story of `as_draft`, from its own data: so a draft can be written story by story."""
    return _story(story, sum(1 for c in data.claims if c.id in unreviewed), unreviewed)


def _story(story: StorySummary, pending: int, unreviewed: set[str]) -> StorySummary:
    counts = story.counts.model_copy(
        update={
            "accepted": story.counts.accepted - pending,
            "pending": story.counts.pending + pending,
        }
    )
    synthesis = story.synthesis
    if synthesis is not None:
        # Its usual note says "reviewed claims only", which a draft's is not.
        synthesis = synthesis.model_copy(update={"note": DRAFT_SYNTHESIS_NOTE})
    return story.model_copy(
        update={
            "counts": counts,
            "synthesis": synthesis,
            "key_points": [_marked(p, unreviewed) for p in story.key_points],
            "detail": [
                topic.model_copy(update={"points": [_marked(p, unreviewed) for p in topic.points]})
                for topic in story.detail
            ],
        }
    )


def _marked(point: Point, unreviewed: set[str]) -> Point:
    return point.model_copy(update={"reviewed": not unreviewed.intersection(point.claim_ids)})
