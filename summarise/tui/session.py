"""The review session: what the reviewer is looking at and what they decided.

It knows nothing of widgets (the screens ask it for rows and tell it decisions), so it can be
driven from tests and benchmarks without a terminal. Rows are read a page at a time, so a
database of 100,000 claims costs a few pages of memory, not 100,000 objects.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import OrderedDict
from collections.abc import Collection
from dataclasses import dataclass, replace

from summarise.models import (
    Claim,
    ClaimStatus,
    ConflictRecord,
    Document,
    Review,
    StoryRecord,
)
from summarise.store import ClaimFilter, Store, StoreError
from summarise.store.undo import UndoUnit
from summarise.tui.edit_checks import find_span
from summarise.tui.session_writes import UNDO_DEPTH, Decision, SessionWrites

PAGE_SIZE = 100
# Pages kept in memory: enough for a screenful either side of the cursor and a jump back.
PAGES_KEPT = 8
DOCUMENTS_KEPT = 16


@dataclass(frozen=True)
class Progress:
    total: int
    accepted: int
    rejected: int
    document_total: int = 0
    document_reviewed: int = 0
    # With `review --split K/N` the counts above are the reviewer's share (K, N) of the
    # documents; `all_total` and `all_reviewed` count every share.
    split: tuple[int, int] | None = None
    all_total: int = 0
    all_reviewed: int = 0

    @property
    def reviewed(self) -> int:
        return self.accepted + self.rejected

    @property
    def pending(self) -> int:
        return self.total - self.reviewed


# A lease write must never hold anything up: it waits this long for a lock, then gives up.
LEASE_BUSY_SECONDS = 0.25


class ReviewSession(SessionWrites):
    """Paged, filtered access to the claims, and the reviewer's decisions and undo stack.

    Reads use one connection on the UI thread; decisions use a second one (they may wait for
    another process's lock, and run off the UI thread), so a slow write never stalls a read.
    """

    def __init__(
        self,
        path: str,
        reviewer: str,
        *,
        page_size: int = PAGE_SIZE,
        busy_timeout: float | None = None,
        split: tuple[int, int] | None = None,
    ) -> None:
        self.path = path
        self.reviewer = reviewer
        self.page_size = page_size
        # `create=False`: the review screen never makes or upgrades a database (only `batch`
        # and `init` do); a missing, foreign or older file is refused unchanged.
        self.reader = Store.open(path, create=False)
        self.writer = Store.open(path, busy_timeout=busy_timeout, create=False)
        self.leaser = Store.open(path, busy_timeout=LEASE_BUSY_SECONDS, create=False)
        self._write_lock = threading.Lock()
        self._lease_lock = threading.Lock()
        self.base_filter = ClaimFilter(split=split)
        self.filter = self.base_filter
        self.started = time.monotonic()
        self.decided = 0
        self._pages: OrderedDict[int, list[Claim]] = OrderedDict()
        self._count: int | None = None
        self._documents: OrderedDict[str, Document] = OrderedDict()
        self._labels: dict[str, tuple[str, str]] = {}
        self._holders: dict[str, str] = {}
        self._choices: list[tuple[str, str]] | None = None
        self._totals: dict[str, int] | None = None
        self._share_totals: dict[str, int] | None = None
        self._stories: dict[int, StoryRecord] | None = None
        self._data_version = self.reader.data_version()
        self.undo_stack: list[UndoUnit] = list(
            reversed(self.reader.review_log.undoable_units(reviewer, UNDO_DEPTH))
        )

    def close(self) -> None:
        try:
            self.release_lease()
        finally:
            self.reader.close()
            self.writer.close()
            self.leaser.close()

    # -- the filtered list ---------------------------------------------------------------

    def set_filter(self, where: ClaimFilter) -> None:
        # The team split always applies: a filter narrows within this reviewer's share.
        self.filter = replace(where, split=self.base_filter.split)
        self.refresh()

    def refresh(self) -> None:
        """Forget cached rows: the database changed (a decision here, or another writer)."""
        self._pages.clear()
        self._holders.clear()
        self._count = None
        self._totals = None
        self._share_totals = None
        self._stories = None
        self._data_version = self.reader.data_version()

    def changed_elsewhere(self) -> bool:
        """Whether another connection (a reviewer, a batch) committed since the last refresh."""
        return self.reader.data_version() != self._data_version

    def count(self) -> int:
        if self._count is None:
            self._count = self.reader.count_claims(self.filter)
        return self._count

    def claim_at(self, index: int) -> Claim | None:
        if index < 0 or index >= self.count():
            return None
        number, within = divmod(index, self.page_size)
        page = self._pages.get(number)
        if page is None:
            before = self._pages.get(number - 1)
            if before and len(before) == self.page_size:
                # The page after one in memory: start after its last claim (an index seek)
                # instead of OFFSET, which reads every row before it.
                page = self.reader.claims(self.filter, limit=self.page_size, after=before[-1].id)
            else:
                page = self.reader.claims(
                    self.filter, offset=number * self.page_size, limit=self.page_size
                )
            self._pages[number] = page
            self._holders.update(self.lease_holders([c.id for c in page]))
            while len(self._pages) > PAGES_KEPT:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page[within] if within < len(page) else None

    def index_of(self, claim_id: str) -> int | None:
        return self.reader.position_of(claim_id, self.filter)

    def next_pending_index(
        self, after_claim_id: str | None, skip: Collection[str] = ()
    ) -> int | None:
        """Where the next pending claim (in this filter, wrapping round) sits in the list,
        passing over `skip` (claims with a decision queued) and claims another reviewer
        holds a lease on."""
        where = replace(self.filter, free_for=self.reviewer)
        after = after_claim_id
        for _ in range(len(skip) + 1):
            claim = self.reader.next_pending(after, where)
            if claim is None or (self.filter.status and self.filter.status != claim.status):
                return None
            if claim.id not in skip:
                return self.index_of(claim.id)
            after = claim.id
        return None

    def next_pending_near(self, index: int, skip: Collection[str] = ()) -> int | None:
        """next_pending_index from list position `index`, looking first at the rows already
        in memory and the page after them (the common case: it is a row or two down), and
        asking the database only when none of those is free."""
        end = min(self.count(), index + 1 + 2 * self.page_size)
        candidates: list[tuple[int, str]] = []
        for position in range(index + 1, end):
            claim = self.claim_at(position)
            if claim is None:
                break
            if claim.status is ClaimStatus.PENDING and claim.id not in skip:
                candidates.append((position, claim.id))
        # Leases change by the second: ask afresh about the first few candidates at a time.
        for start in range(0, len(candidates), 8):
            batch = candidates[start : start + 8]
            held = self.lease_holders([claim_id for _, claim_id in batch])
            self._holders.update(held)
            for position, claim_id in batch:
                if claim_id not in held:
                    return position
        here = self.claim_at(index)
        return self.next_pending_index(here.id if here else None, skip)

    def note_own_decision(self, review: Review) -> int | None:
        """Bring the cached rows up to date after this session's own decision without
        re-reading everything. When a status filter drops the claim from the list, returns
        the position it had (rows after it move up one); None when the list kept it."""
        # A decision made here is on a claim of the list, so of this reviewer's share.
        for totals in (self._totals, self._share_totals):
            if totals is not None:
                totals[review.status_before.value] -= 1
                totals[review.status_after.value] += 1
        # Our own commit is not news from elsewhere (another's commit still is next time).
        self._data_version = self.reader.data_version()
        if self.filter.status and review.status_after.value != self.filter.status:
            return self._drop_from_pages(review.claim_id)
        for number, page in list(self._pages.items()):
            for within, claim in enumerate(page):
                if claim.id == review.claim_id:
                    fresh = self.reader.get_claim(claim.id)
                    if fresh is None:
                        del self._pages[number]
                    else:
                        page[within] = fresh
        return None

    def _drop_from_pages(self, claim_id: str) -> int:
        """Take a claim out of the rows in memory, moving the rows after it up by one:
        the run of consecutive pages holding it is re-cut; any other page is forgotten."""
        numbers = sorted(self._pages)
        found = next((n for n in numbers if any(c.id == claim_id for c in self._pages[n])), None)
        if found is None:
            self.refresh()
            return -1
        run = [found]
        while run[0] - 1 in self._pages:
            run.insert(0, run[0] - 1)
        while run[-1] + 1 in self._pages:
            run.append(run[-1] + 1)
        rows = [c for n in run for c in self._pages[n]]
        position = run[0] * self.page_size + next(i for i, c in enumerate(rows) if c.id == claim_id)
        rows = [c for c in rows if c.id != claim_id]
        self._pages.clear()
        for offset, number in enumerate(run):
            page = rows[offset * self.page_size : (offset + 1) * self.page_size]
            # The last page of the run is a row short now: it is read again when needed.
            if len(page) == self.page_size:
                self._pages[number] = page
        if self._count is not None:
            self._count -= 1
        return position

    def leased_by_others(self) -> int:
        return self.reader.leases.held_by_others(self.reviewer)

    def lease_holders(self, claim_ids: list[str]) -> dict[str, str]:
        return self.reader.leases.holders(claim_ids, self.reviewer)

    def holder_of(self, claim_id: str) -> str | None:
        """The colleague with a live lease on this claim, as of the last page read."""
        return self._holders.get(claim_id)

    def lease(self, claim_id: str) -> str | None:
        """Take (or renew) this reviewer's lease on the claim shown; returns the colleague
        who holds it instead, if any. Advisory: a busy database just skips the renewal."""
        with self._lease_lock:
            try:
                return self.leaser.leases.take(claim_id, self.reviewer)
            except StoreError:
                return None

    def release_lease(self) -> None:
        # A lease left behind expires by itself within LEASE_SECONDS.
        with self._lease_lock, contextlib.suppress(StoreError):
            self.leaser.leases.release(self.reviewer)

    def resume_index(self) -> int | None:
        """Where this reviewer stopped: the claim they decided last, if still in view."""
        claim_id = self.reader.review_log.last_claim_of(self.reviewer)
        return self.index_of(claim_id) if claim_id else None

    def last_decision(self, claim_id: str) -> tuple[str, str, str] | None:
        return self.reader.review_log.last_decision(claim_id)

    def pending_claims(self, document_id: str | None) -> list[tuple[str, int]]:
        """(id, version) of the pending claims of a document, or of the filtered list."""
        if document_id is not None:
            return self.reader.review_log.pending_of_document(document_id)
        where = replace(self.filter, status=ClaimStatus.PENDING.value)
        return [(c.id, c.version) for c in self.reader.iter_claims(where)]

    def current(self, claim_id: str) -> Claim | None:
        """The claim as the database has it now (not as a cached page remembers it)."""
        return self.reader.get_claim(claim_id)

    # -- documents -----------------------------------------------------------------------

    def document(self, document_id: str) -> Document | None:
        cached = self._documents.get(document_id)
        if cached is not None:
            self._documents.move_to_end(document_id)
            return cached
        loaded = self.reader.get_document(document_id)
        if loaded is not None:
            self._documents[document_id] = loaded
            while len(self._documents) > DOCUMENTS_KEPT:
                self._documents.popitem(last=False)
        return loaded

    def label(self, document_id: str) -> str:
        """ "Title (date)" of a document, for the detail pane and dialogs."""
        name, date = self.name(document_id)
        return f"{name} ({date})" if date else name

    def name(self, document_id: str) -> tuple[str, str]:
        """(title or headline, date) of a document; the list shows the name."""
        if document_id not in self._labels:
            # One query for every document of the cached pages, not one per row drawn.
            wanted = {c.document_id for page in self._pages.values() for c in page}
            wanted.add(document_id)
            missing = sorted(wanted - set(self._labels))
            self._labels.update(self.reader.review_log.document_names(missing))
        return self._labels.get(document_id, (document_id, ""))

    def document_choices(self) -> list[tuple[str, str]]:
        """(label, id) of every document, for the filter picker: read once, and again only
        when a batch has added documents (thousands of labels cost a noticeable pause)."""
        documents = self.reader.reports.document_count()
        if self._choices is None or documents != len(self._choices):
            ids = list(self.reader.document_labels())
            self._labels.update(self.reader.review_log.document_names(ids))
            self._choices = [(self.label(document_id), document_id) for document_id in ids]
        return self._choices

    # -- stories and conflicts -------------------------------------------------------------

    def stories(self) -> dict[int, StoryRecord]:
        """Every story by id, for the pickers (read once per refresh: one grouped query)."""
        if self._stories is None:
            self._stories = {story.id: story for story in self.reader.stories.list()}
        return self._stories

    def forget_stories(self) -> None:
        self._stories = None

    def story(self, story_id: int) -> StoryRecord | None:
        return self.reader.stories.get(story_id)

    def story_of(self, document_id: str) -> StoryRecord | None:
        """The document's story: two indexed lookups, cheap enough for every cursor move."""
        story_id = self.reader.stories.story_of(document_id)
        return self.reader.stories.get(story_id) if story_id is not None else None

    def open_conflicts(self, claim_id: str | None = None) -> list[ConflictRecord]:
        """Open conflicts, all of them or those the claim is part of."""
        return self.reader.conflicts.list(status="open", claim_id=claim_id)

    def conflict(self, conflict_id: int) -> ConflictRecord | None:
        return self.reader.conflicts.get(conflict_id)

    # -- progress ------------------------------------------------------------------------

    def progress(self, document_id: str | None = None) -> Progress:
        """How far the review has got: over the reviewer's share under `--split` (with every
        share's total beside it), else over every claim; and in `document_id`."""
        if self._totals is None:
            self._totals = self.reader.status_counts()
        everything = self._totals
        split = self.base_filter.split
        counts = everything
        if split is not None:
            if self._share_totals is None:
                self._share_totals = self.reader.status_counts(where=ClaimFilter(split=split))
            counts = self._share_totals
        document_total = document_reviewed = 0
        if document_id:
            per_document = self.reader.status_counts(document_id)
            document_total = sum(per_document.values())
            document_reviewed = document_total - per_document[ClaimStatus.PENDING.value]
        return Progress(
            total=sum(counts.values()),
            accepted=counts[ClaimStatus.ACCEPTED.value],
            rejected=counts[ClaimStatus.REJECTED.value],
            document_total=document_total,
            document_reviewed=document_reviewed,
            split=split,
            all_total=sum(everything.values()),
            all_reviewed=sum(everything.values()) - everything[ClaimStatus.PENDING.value],
        )


def with_search(where: ClaimFilter, search: str | None) -> ClaimFilter:
    return replace(where, search=search or None)


__all__ = ["Decision", "Progress", "ReviewSession", "find_span", "with_search"]
