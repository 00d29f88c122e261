"""A live run: ingest -> extract -> store, with bounded concurrency and a run record.

Documents stream through: at most a few per extraction slot are in memory at once, so a run
over tens of thousands of files costs no more memory than a run over ten.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from summarise.backends.base import Backend, ExtractionFailed, RunAborted, StreamedExtraction
from summarise.ingest.reader import (
    IngestResult,
    Outcome,
    expand_inputs,
    read_input,
)
from summarise.models import Claim, Document, Extraction
from summarise.pipeline.options import BatchOptions
from summarise.store import RunCounts, Store

# The outcome a front end hears for a document the run stopped before finishing.
NOT_STARTED = "not_started"
# New claims reach the search index every this many stored documents and at the run's end,
# in one statement each (FTS5 costs a segment per transaction; per document it cost more
# than the claims' own inserts), so a reviewer searching during a long run is this far behind.
INDEX_EVERY = 500


class RunObserver(Protocol):
    """What a front end (progress bar, log, test) hears about a run as it goes."""

    def started(self, total_files: int, backend: str) -> None: ...
    def file_done(self, source: str, outcome: str, message: str) -> None: ...
    def warning(self, message: str) -> None: ...


class SilentObserver:
    def started(self, total_files: int, backend: str) -> None:
        return None

    def file_done(self, source: str, outcome: str, message: str) -> None:
        return None

    def warning(self, message: str) -> None:
        return None


@dataclass
class RunReport:
    run_id: int
    backend: str
    read: int = 0
    skipped: int = 0
    failed: int = 0
    unchanged: int = 0
    claims_stored: int = 0
    claims_dropped: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    status: str = "completed"
    errors: list[dict[str, str]] = field(default_factory=list)
    # Why the run stopped early (the budget, the server down, a refused mode), if it did.
    stopped: str | None = None
    not_started: int = 0
    # Documents a backend returned no claims at all for: (source, characters).
    no_claims: list[tuple[str, int]] = field(default_factory=list)
    # Chunks per document a chunking backend split the documents it read into.
    chunks: list[int] = field(default_factory=list)

    def chunks_summary(self) -> str:
        """The chunks per document, as "1" or "1-13, 1.4 on average"."""
        if not self.chunks:
            return ""
        low, high = min(self.chunks), max(self.chunks)
        if low == high:
            return str(low)
        return f"{low}-{high}, {sum(self.chunks) / len(self.chunks):.1f} on average"

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def counts(self) -> RunCounts:
        return RunCounts(
            documents_read=self.read,
            documents_skipped=self.skipped,
            documents_failed=self.failed,
            documents_unchanged=self.unchanged,
            claims_stored=self.claims_stored,
            claims_dropped=self.claims_dropped,
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
        )


def _leaves(error: BaseException) -> list[BaseException]:
    """The exceptions inside a (nested) exception group, or the exception itself."""
    if isinstance(error, BaseExceptionGroup):
        return [leaf for inner in error.exceptions for leaf in _leaves(inner)]
    return [error]


def run_batch(
    store: Store,
    backend: Backend,
    inputs: Sequence[str],
    options: BatchOptions | None = None,
    observer: RunObserver | None = None,
) -> RunReport:
    """Do a whole live run to completion (or a clean stop) and return what happened."""
    options = options or BatchOptions()
    files = list(expand_inputs(inputs, follow_symlinks=options.follow_symlinks))
    observer = observer or SilentObserver()
    # Stories, links and conflicts are not recomputed here: that is whole-database work that
    # would grow with every batch; `summary`, `stories`, `conflicts` and `review` bring them up
    # to date when they are next needed (see analysis.refresh).
    live = _LiveRun(store, backend, options, observer)
    try:
        return asyncio.run(live.run(files, inputs))
    except KeyboardInterrupt:
        # Ctrl-C: the run is recorded interrupted (in `run`'s finally); hand back what was
        # done, so the front end can say so and how to resume.
        if live.report is None:
            raise
        live.report.status = "interrupted"
        return live.report


class _LiveRun:
    def __init__(
        self, store: Store, backend: Backend, options: BatchOptions, observer: RunObserver
    ) -> None:
        self.store = store
        self.backend = backend
        self.key = backend.key
        self.options = options
        self.observer = observer
        self.seen_in_batch: set[str] = set()
        self.aborted: str | None = None
        self.report: RunReport | None = None
        self.unindexed = 0  # documents stored since the search index was last brought up

    async def run(self, files: list[str], inputs: Sequence[str]) -> RunReport:
        started = time.perf_counter()
        run_id = self.store.start_run(
            key=self.key,
            inputs=inputs,
        )
        report = self.report = RunReport(run_id=run_id, backend=self.backend.describe())
        self.backend.attach(self.store.call_recorder(run_id))
        self.observer.started(len(files), report.backend)
        self.store.index_new_claims()  # what a run killed before its end left unindexed
        try:
            await self._extract_all(files)
            if self.aborted:
                report.status = "aborted"
                report.stopped = self.aborted
        except (KeyboardInterrupt, asyncio.CancelledError):
            report.status = "interrupted"
            raise
        except BaseException as exc:
            # Stopped by something other than the user (the database locked for too long,
            # the disk full): the run did not complete, and its record must not say so. A
            # task group raises every failure of its tasks together: each is recorded, the
            # first is raised.
            report.status = "interrupted"
            failures = _leaves(exc)
            for failure in failures:
                report.errors.append(
                    {
                        "source": "",
                        "outcome": Outcome.FAILED.value,
                        "message": f"batch stopped: {failure}",
                    }
                )
            if isinstance(exc, BaseExceptionGroup):
                raise failures[0] from exc
            raise
        finally:
            self.store.index_new_claims()
            self.report.seconds = time.perf_counter() - started
            self.store.finish_run(
                run_id, self.report.counts(), status=self.report.status, errors=self.report.errors
            )
            await self.backend.aclose()
        return self.report

    async def _extract_all(self, files: Iterable[str]) -> None:
        """Extract with at most `concurrency` documents in flight. A task group holds them:
        an exception in any one (a save that fails) cancels the rest and is raised, never
        dropped; the semaphore is taken before a document is read, so documents stream."""
        slots = asyncio.Semaphore(max(1, self.backend.concurrency))
        async with asyncio.TaskGroup() as group:
            for source in files:
                await slots.acquire()
                if self.aborted:
                    slots.release()
                    self._not_started(source)
                    continue
                try:
                    document = self._ingest(source)
                except BaseException:
                    slots.release()
                    raise
                if document is None:
                    slots.release()
                    continue
                # The first document to extract: the backend's slow set-up (the model stack's
                # imports) starts now, in the background, while the next files are read.
                self.backend.prepare()
                group.create_task(self._extract_in_slot(document, slots))

    async def _extract_in_slot(self, document: Document, slots: asyncio.Semaphore) -> None:
        try:
            await self._extract_one(document)
        finally:
            slots.release()

    def _not_started(self, source: str, verb: str = "not started") -> None:
        """A document the run stopped before (or while) extracting: kept in the run's
        errors, counted, and said once in the closing line rather than once a document."""
        assert self.report is not None
        self.report.errors.append(
            {
                "source": source,
                "outcome": Outcome.SKIPPED.value,
                "message": f"{verb}: {self.aborted}",
            }
        )
        self.observer.file_done(source, NOT_STARTED, verb)
        self.report.skipped += 1
        self.report.not_started += 1

    def _ingest(self, source: str) -> Document | None:
        result: IngestResult = read_input(source, max_bytes=self.options.max_bytes)
        for warning in result.warnings:
            self.observer.warning(warning)
        if result.document is None:
            if result.outcome is Outcome.FAILED:
                self.report.failed += 1
            else:
                self.report.skipped += 1
            self._record(result.source, result.outcome, result.message)
            return None
        document = result.document
        status = self.store.extraction_status(document.id, self.key)
        if document.id in self.seen_in_batch or self.options.already_done(status):
            self.report.unchanged += 1
            self.observer.file_done(
                source,
                "unchanged",
                "already extracted" if status != "empty" else "no claims last time (--retry-empty)",
            )
            return None
        self.seen_in_batch.add(document.id)
        if self.options.max_tokens is not None:
            estimate = self.backend.estimate_tokens(document)
            if self.report.tokens + estimate > self.options.max_tokens:
                self.aborted = (
                    f"the token budget of {self.options.max_tokens} would be "
                    f"exceeded ({self.report.tokens} spent, next needs ~{estimate})"
                )
                self.observer.warning(f"stopping: {self.aborted}")
                self._not_started(source)
                return None
        return document

    async def _extract_one(self, document: Document) -> None:
        try:
            streamed = await self._streamed(document)
            # The claims are made while the store writes them, slice by slice, in the
            # document's one transaction: a failure while making them rolls it all back.
            grounded = _GroundedSlices(streamed.slices, document.text)
            made, added = self.store.save_streamed(
                document,
                grounded,
                lambda: grounded.totals(streamed.totals),
                key=self.key,
                run_id=self.report.run_id,
                replace=self.options.force,
                index=False,
            )
            self.unindexed += 1
            if self.unindexed >= INDEX_EVERY:
                self.store.index_new_claims()
                self.unindexed = 0
        except ExtractionFailed as failure:
            self._fail(document, failure.reason, failure)
            return
        except RunAborted as stop:
            self.aborted = self.aborted or str(stop)
            self._not_started(document.source, "not finished")
            self.report.prompt_tokens += stop.prompt_tokens
            self.report.completion_tokens += stop.completion_tokens
            return
        except _BackendError as error:  # a bug in one document must not sink the run
            exc = error.cause
            self._fail(document, f"{type(exc).__name__}: {exc}", None)
            return
        extraction = grounded.totals(streamed.totals)
        if not made:
            # Nothing to review from a document with text in it, whatever was dropped: worth
            # a look (a model that answered with an empty list or quotes not in the text, an
            # article the rules do not fit); stored as "empty", retried with --retry-empty.
            self.report.no_claims.append((document.source, len(document.text)))
        if extraction.chunks:
            self.report.chunks.append(extraction.chunks)
        if extraction.capped:
            self.report.errors.append(
                {"source": document.source, "outcome": "capped", "message": extraction.capped}
            )
            self.observer.warning(f"{document.source}: {extraction.capped}")
        self.report.read += 1
        self.report.claims_stored += added
        self.report.claims_dropped += extraction.dropped_ungrounded
        self.report.prompt_tokens += extraction.prompt_tokens
        self.report.completion_tokens += extraction.completion_tokens
        self.observer.file_done(
            document.source,
            Outcome.READ,
            f"{added} claims"
            + (
                f", {extraction.dropped_ungrounded} ungrounded dropped"
                if extraction.dropped_ungrounded
                else ""
            ),
        )

    async def _streamed(self, document: Document) -> StreamedExtraction:
        try:
            return await self.backend.extract_streamed(document)
        except (ExtractionFailed, RunAborted):
            raise
        except Exception as exc:
            raise _BackendError(exc) from exc

    def _fail(self, document: Document, reason: str, failure: ExtractionFailed | None) -> None:
        tokens = (failure.prompt_tokens, failure.completion_tokens) if failure else (0, 0)
        self.store.save_failure(
            document,
            reason,
            key=self.key,
            run_id=self.report.run_id,
            prompt_tokens=tokens[0],
            completion_tokens=tokens[1],
            calls=failure.calls if failure else 0,
        )
        self.report.failed += 1
        self.report.prompt_tokens += tokens[0]
        self.report.completion_tokens += tokens[1]
        self._record(document.source, Outcome.FAILED, reason)

    def _record(self, source: str, outcome: Outcome, message: str) -> None:
        if outcome is not Outcome.READ:
            self.report.errors.append(
                {"source": source, "outcome": outcome.value, "message": message}
            )
        self.observer.file_done(source, outcome.value, message)


class _BackendError(Exception):
    """An unexpected exception raised while a backend made a document's claims (a bug), told
    apart from the store's own errors, which stop the run."""

    def __init__(self, cause: Exception) -> None:
        super().__init__(str(cause))
        self.cause = cause


class _GroundedSlices:
    """A backend's claim slices with every claim whose quote is not the document's text at
    its offsets dropped and counted: the pipeline's last guard, whatever the backend."""

    def __init__(self, slices: Iterable[list[Claim]], text: str) -> None:
        self.slices = slices
        self.text = text
        self.dropped = 0

    def __iter__(self) -> Iterator[list[Claim]]:
        made = iter(self.slices)
        while True:
            try:
                claims = next(made)
            except StopIteration:
                return
            except (ExtractionFailed, RunAborted):
                raise
            except Exception as exc:
                raise _BackendError(exc) from exc
            grounded = [c for c in claims if c.is_grounded_in(self.text)]
            self.dropped += len(claims) - len(grounded)
            if grounded:
                yield grounded

    def totals(self, totals: Extraction) -> Extraction:
        """The backend's totals with the claims dropped here added."""
        if not self.dropped:
            return totals
        return totals.model_copy(
            update={"dropped_ungrounded": totals.dropped_ungrounded + self.dropped}
        )
