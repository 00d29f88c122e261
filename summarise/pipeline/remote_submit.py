"""`batch --via batch-api | batch-file`: ingest, build one request per chunk, hand them over.

Documents already extracted (live or by an earlier batch) and documents with requests still
out are not sent again; chunks whose answer is in the response cache are not sent at all.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from summarise.backends.base import Backend, Span
from summarise.ingest.reader import (
    STDIN,
    Outcome,
    expand_inputs,
    read_input,
)
from summarise.models import Document, RemoteBatch
from summarise.pipeline.options import VIA_BATCH_API, VIA_BATCH_FILE, BatchOptions
from summarise.pipeline.remote import RemoteJobError, RemoteJobs, Settled, new_request
from summarise.pipeline.runner import RunObserver, SilentObserver
from summarise.store import RunCounts, Store
from summarise.store.remote_batches import NewRequest

if TYPE_CHECKING:
    from summarise.backends.openai.batch_codec import RequestLine


@dataclass
class SubmitReport:
    documents: int = 0
    unchanged: int = 0
    in_flight: int = 0
    unreadable: int = 0
    requests: int = 0
    cached: int = 0
    estimated_tokens: int = 0
    files: int = 0
    batches: list[RemoteBatch] = field(default_factory=list)
    resumed: list[RemoteBatch] = field(default_factory=list)
    settled: Settled = field(default_factory=Settled)
    errors: list[dict[str, str]] = field(default_factory=list)


@dataclass
class _Planned:
    """A document to send, remembered by where it came from: its text is read again when
    its requests are built, so planning 100,000 articles does not hold them all."""

    source: str
    document_id: str
    chunks: list[tuple[Span, str]]  # (span, part) not in the cache
    cached: list[tuple[Span, str]]  # (span, cache key) answered by the cache
    document: Document | None = None  # kept only for standard input, which reads once


def submit(
    store: Store,
    backend: Backend,
    inputs: Sequence[str],
    options: BatchOptions,
    observer: RunObserver | None = None,
) -> SubmitReport:
    """Plan, record and send (or write) the request files for `inputs`."""
    if not options.remote:
        raise ValueError(f"submit is for a remote job, not --via {options.via}")
    from summarise.backends.openai import batch_files

    observer = observer or SilentObserver()
    session = RemoteJobs(store, backend)
    report = SubmitReport()
    try:
        if options.via == VIA_BATCH_API and not options.dry_run:
            report.resumed = resume_unsent(session)
        planned = _plan(session, inputs, options, report, observer)
        limits = {
            "max_requests": options.max_requests_per_file or batch_files.MAX_REQUESTS,
            "max_bytes": options.max_bytes_per_file or batch_files.MAX_BYTES,
        }
        if options.dry_run:
            builder = _Builder(session, planned, options.max_bytes, record=False)
            report.files = sum(1 for _ in batch_files.split(builder.bundles(), **limits))
            return report
        if options.max_tokens is not None and report.estimated_tokens > options.max_tokens:
            raise RemoteJobError(
                f"the set needs ~{report.estimated_tokens:,} tokens, over --max-tokens "
                f"{options.max_tokens:,}; nothing was submitted"
            )
        run_id = store.start_run(key=session.key, inputs=[f"--via {options.via}", *inputs])
        try:
            builder = _Builder(session, planned, options.max_bytes, record=True)
            groups = batch_files.split(builder.bundles(), **limits)
            for number, lines in enumerate(groups, 1):
                path = None
                if options.via == VIA_BATCH_FILE:
                    assert options.output is not None
                    path = batch_files.numbered(options.output, number)
                documents, cached = builder.take([line.document_id for line in lines])
                batch = session.record(
                    lines,
                    via=options.via,
                    round=0,
                    file_path=str(path) if path else None,
                    documents=documents,
                    cached=cached,
                )
                assert batch is not None  # new lines, nothing adopted
                if path is not None:
                    session.write(batch, lines, path)
                else:
                    batch = session.send(batch, lines)
                report.batches.append(batch)
                report.files += 1
            report.settled = session.settle_ready(run_id)
        finally:
            store.finish_run(
                run_id,
                RunCounts(
                    documents_read=report.settled.extracted,
                    documents_failed=report.unreadable + report.settled.failed,
                    documents_unchanged=report.unchanged + report.in_flight,
                    claims_stored=report.settled.claims_stored,
                    claims_dropped=report.settled.claims_dropped,
                ),
                status="submitted",
                errors=report.errors,
            )
    finally:
        session.close()
    return report


def resume_unsent(session: RemoteJobs) -> list[RemoteBatch]:
    """Batches recorded but not yet uploaded or created (the process died between)."""
    resumed = []
    for batch in session.remote.batches(statuses=("uploading", "uploaded")):
        # Rebuilt bodies must match the batch's mode and server: only this backend's.
        if (
            batch.via == VIA_BATCH_API
            and batch.key == session.key
            and batch.mode == session.codec.mode
            and batch.base_url == session.backend.settings.base_url
        ):
            resumed.append(session.send(batch))
    return resumed


def _plan(
    session: RemoteJobs,
    inputs: Sequence[str],
    options: BatchOptions,
    report: SubmitReport,
    observer: RunObserver,
) -> list[_Planned]:
    key = session.key
    in_flight = session.remote.in_flight_documents(key)
    seen: set[str] = set()
    planned: list[_Planned] = []
    files = list(expand_inputs(inputs, follow_symlinks=options.follow_symlinks))
    observer.started(len(files), session.backend.describe())
    for source in files:
        result = read_input(source, max_bytes=options.max_bytes)
        for warning in result.warnings:
            observer.warning(warning)
        document = result.document
        if document is None:
            report.unreadable += 1
            report.errors.append(
                {
                    "source": result.source,
                    "outcome": result.outcome.value,
                    "message": result.message,
                }
            )
            observer.file_done(result.source, result.outcome.value, result.message)
            continue
        status = session.store.extraction_status(document.id, key)
        if document.id in seen or options.already_done(status):
            report.unchanged += 1
            observer.file_done(source, "unchanged", "already extracted")
            continue
        if document.id in in_flight:
            report.in_flight += 1
            observer.file_done(source, "unchanged", "already submitted, waiting for its batch")
            continue
        seen.add(document.id)
        chunks = []
        cached = []
        for span, part in session.codec.spans(document):
            cache_key = session.codec.cache_key(document, span)
            if session.recorder.cached_response(cache_key) is not None:
                cached.append((span, cache_key))
            else:
                chunks.append((span, part))
                report.estimated_tokens += session.backend.request_tokens(document, span)
        report.documents += 1
        report.requests += len(chunks)
        report.cached += len(cached)
        planned.append(
            _Planned(
                source,
                document.id,
                chunks,
                cached,
                document if source == STDIN else None,
            )
        )
        observer.file_done(source, Outcome.READ.value, f"{len(chunks)} request(s)")
    return planned


class _Builder:
    """Each planned document's request lines, one document at a time (a document's lines
    are never split between files: a file recorded before a crash then holds whole
    documents, and no document is stored from some of its chunks)."""

    def __init__(
        self, session: RemoteJobs, planned: list[_Planned], max_bytes: int, *, record: bool
    ) -> None:
        self.session = session
        self.planned = planned
        self.max_bytes = max_bytes
        self.record = record
        self.documents: dict[str, Document] = {}
        self.cached: dict[str, list[NewRequest]] = {}

    def bundles(self) -> Iterator[list[RequestLine]]:
        from summarise.backends.openai.batch_codec import custom_id

        for item in self.planned:
            document = item.document or self._read_again(item)
            cached = [
                NewRequest(
                    custom_id=custom_id(document.id, span, 0, 0) + ".cached",
                    document_id=document.id,
                    chunk_start=span.start,
                    chunk_end=span.end,
                    cache_key=cache_key,
                    status="cached",
                )
                for span, cache_key in item.cached
            ]
            if not item.chunks:
                if self.record:  # wholly answered by the cache: complete on its own
                    self.session.remote.record_cached(
                        self.session.key, cached, documents=[document]
                    )
                continue
            self.documents[document.id] = document
            self.cached[document.id] = cached
            yield [self.session.codec.request(document, span, part) for span, part in item.chunks]

    def take(self, document_ids: Sequence[str]) -> tuple[list[Document], list[NewRequest]]:
        """The documents of one file and their cached chunks, let go of once recorded."""
        documents, cached = [], []
        for document_id in dict.fromkeys(document_ids):
            documents.append(self.documents.pop(document_id))
            cached += self.cached.pop(document_id)
        return documents, cached

    def _read_again(self, item: _Planned) -> Document:
        document = read_input(item.source, max_bytes=self.max_bytes).document
        if document is None or document.id != item.document_id:
            raise RemoteJobError(
                f"{item.source} changed while it was being submitted; files recorded so "
                "far are kept: run the same command again to send the rest"
            )
        return document


__all__ = ["SubmitReport", "new_request", "submit"]
