"""`jobs collect`, `jobs import`, `jobs resubmit`: replies in, follow-ups and retries out.

Each reply goes through the live path's validation and grounding (BatchCodec.read). A reply
that fails validation is re-asked in a follow-up batch (or live, with --reask live) until the
configured rounds are spent. Requests of an expired, failed or cancelled batch that got no
reply are marked unfinished; `jobs resubmit` sends them again under new custom_ids.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from summarise.backends.base import Span
from summarise.models import RemoteBatch, RemoteRequest
from summarise.pipeline.remote import RemoteJobError, RemoteJobs, Settled, new_request
from summarise.store import RunCounts
from summarise.store.remote_batches import ACTIVE, ENDED, NewRequest, ReplyRecord

# Replies stored in one transaction.
GROUP = 200


@dataclass
class CollectReport:
    refreshed: list[RemoteBatch] = field(default_factory=list)
    collected: list[RemoteBatch] = field(default_factory=list)
    replies: int = 0
    ok: int = 0
    reasked: int = 0
    failed: int = 0
    already: int = 0
    unknown: int = 0
    malformed: list[str] = field(default_factory=list)  # "line N: why", of an imported file
    unfinished: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    follow_ups: list[RemoteBatch] = field(default_factory=list)
    settled: Settled = field(default_factory=Settled)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (custom_id, reason)

    @property
    def stored(self) -> int:
        """Writes this collection made: 0 means it found nothing new."""
        return self.ok + self.reasked + self.failed + self.settled.extracted + self.settled.failed


# A results file line holds one reply (a few kB to a few MB); a whole file, one job's
# replies. Past these a file is not a results file (or /dev/zero): refused, not read.
MAX_LINE_BYTES = 16_000_000
MAX_RESULTS_BYTES = 4_000_000_000


@contextmanager
def _open_results(path: Path) -> Iterator[BinaryIO]:
    """The results file, opened without blocking (a FIFO cannot hang the import) and only
    if it is a regular file of a sane size."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise RemoteJobError(f"{path}: not a results file (not a regular file)")
        if info.st_size > MAX_RESULTS_BYTES:
            raise RemoteJobError(
                f"{path}: not a results file (larger than {MAX_RESULTS_BYTES // 1_000_000_000} GB)"
            )
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with handle:
        yield handle


class Collector:
    def __init__(self, session: RemoteJobs, *, reask: str = "batch") -> None:
        self.session = session
        self.reask = reask
        self.report = CollectReport()
        self._run_id: int | None = None
        self._live: list[tuple[RemoteRequest, ReplyRecord]] = []
        self._modes: dict[int, str] = {}

    # -- Batch API -----------------------------------------------------------------------

    def refresh(self) -> None:
        """Ask the provider how each of this backend's running batches is doing."""
        remote = self.session.remote
        for batch in remote.uncollected():
            if not self._ours(batch):
                continue
            if batch.status in ("uploading", "uploaded"):
                batch = self.session.send(batch)
            if batch.status in ACTIVE and batch.batch_id:
                state = self.session.service.retrieve(batch.batch_id)
                remote.refreshed(
                    batch.id,
                    status=state.status,
                    completed=state.completed,
                    failed=state.failed,
                    output_file_id=state.output_file_id,
                    error_file_id=state.error_file_id,
                    errors=state.errors,
                )
                found = remote.batch(str(batch.id))
                assert found is not None
                self.report.refreshed.append(found)

    def collect(self) -> CollectReport:
        """Download and store the replies of every ended, uncollected batch."""
        self.refresh()
        remote = self.session.remote
        for batch in remote.uncollected():
            if not self._ours(batch) or batch.status not in ENDED:
                continue
            for file_id in (batch.output_file_id, batch.error_file_id):
                if file_id:
                    self.store_lines(self.session.service.lines(file_id))
            self._reask_live()
            if batch.status != "completed":
                self.report.unfinished += remote.mark_unfinished(batch.id)
            remote.collected(batch.id)
            self.report.collected.append(batch)
        self.send_follow_ups()
        return self.finish()

    def _ours(self, batch: RemoteBatch) -> bool:
        """A Batch API batch made with this backend's model, prompt and mode."""
        settings = self.session.backend.settings
        return (
            batch.via == "batch-api"
            and batch.key == self.session.key
            and batch.mode == self.session.codec.mode
            and (batch.base_url or None) == (settings.base_url or None)
        )

    # -- files ---------------------------------------------------------------------------

    def import_file(self, path: Path) -> CollectReport:
        """Store a results file written elsewhere (vLLM's run_batch, a provider console)."""
        from summarise.backends.openai.batch_api import parse_line

        try:
            with _open_results(path) as handle:
                self.store_lines(self._read_lines(handle, parse_line))
        except (OSError, UnicodeDecodeError) as exc:
            raise RemoteJobError(f"{path}: cannot read the results file ({exc})") from exc
        self._reask_live()
        for batch in self.session.remote.uncollected():
            if batch.via == "batch-file" and not self.session.remote.requests(batch.id):
                self.session.remote.collected(batch.id)
                self.report.collected.append(batch)
        self.send_follow_ups(written_next_to=path)
        return self.finish()

    def _read_lines(
        self, handle: BinaryIO, parse: Callable[[str], dict[str, Any]]
    ) -> Iterator[dict[str, Any]]:
        """Each reply line, read at most MAX_LINE_BYTES at a time: a line that is too long,
        not UTF-8 or not a JSON object is reported by number, never stored or guessed at."""
        number = 0
        while raw := handle.readline(MAX_LINE_BYTES + 1):
            number += 1
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                while (rest := handle.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                    pass  # skip to the end of the over-long line
                self.report.malformed.append(
                    f"line {number}: longer than {MAX_LINE_BYTES // 1_000_000} MB"
                )
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                self.report.malformed.append(f"line {number}: not UTF-8")
                continue
            if not text.strip():
                continue
            line = parse(text)
            if "unreadable" in line:
                self.report.malformed.append(f"line {number}: not a JSON object")
                continue
            yield line

    # -- replies -------------------------------------------------------------------------

    def store_lines(self, lines: Iterable[dict[str, Any]]) -> None:
        """Store each reply line, GROUP at a time in one transaction."""
        remote = self.session.remote
        iterator = iter(lines)
        while batch := list(itertools.islice(iterator, GROUP)):
            with remote.together():
                for line in batch:
                    self._store_line(line)

    def _store_line(self, line: dict[str, Any]) -> None:
        self.report.replies += 1
        identifier = line.get("custom_id")
        # Only this backend's requests: a file may mix models (each is read by its own).
        request = (
            self.session.remote.request(str(identifier), self.session.key) if identifier else None
        )
        if request is None:
            self.report.unknown += 1
            return
        if request.status not in ("pending", "unfinished") or request.batch is None:
            self.report.already += 1
            return
        if not self._same_mode(request.batch):
            self.report.unknown += 1  # asked in another mode: its own collector reads it
            return
        self._store_reply(request, line)

    def _same_mode(self, row_id: int) -> bool:
        if row_id not in self._modes:
            batch = self.session.remote.batch(str(row_id))
            self._modes[row_id] = batch.mode if batch else ""
        return self._modes[row_id] == self.session.codec.mode

    def _store_reply(self, request: RemoteRequest, line: dict[str, Any]) -> None:
        from summarise.backends.openai.batch_codec import custom_id

        session = self.session
        codec = session.codec
        document = session.document(request.document_id)
        span = Span(request.chunk_start, request.chunk_end)
        request_line = session.line_for(request)
        body_text = json.dumps(request_line.body, ensure_ascii=False)
        reply = codec.read(
            line,
            text=document.text[span.start : span.end],
            body=request_line.body,
            round=request.round,
        )
        record = ReplyRecord(
            custom_id=request.custom_id,
            status=reply.status,
            error=reply.error,
            prompt_tokens=reply.prompt_tokens,
            completion_tokens=reply.completion_tokens,
            call=codec.call(document.id, span, request.round, body_text, reply),
        )
        if reply.status == "ok":
            record.cache = codec.cache_entry(request.cache_key, document.id, span, reply)
        elif reply.status == "invalid" and self.reask == "live":
            self._live.append((request, record))
            return
        elif reply.status == "invalid":
            assert reply.follow_up is not None
            record.status = "reasked"
            record.follow_up = NewRequest(
                custom_id=custom_id(document.id, span, request.round + 1, 0),
                document_id=document.id,
                chunk_start=span.start,
                chunk_end=span.end,
                cache_key=request.cache_key,
                round=request.round + 1,
                body=json.dumps(reply.follow_up, ensure_ascii=False),
            )
        self._count(request, record)

    def _reask_live(self) -> None:
        """Ask the live path for each chunk whose reply failed validation, `concurrency` at a
        time (each has its own validation retries; the live path fills the cache), then
        store each reply line with the outcome. Every failure is that request's, with its
        reason; an unexpected one stops the collection (TaskGroup loses none), and the
        replies not yet stored are simply collected again next time."""
        queued, self._live = self._live, []
        if not queued:
            return

        backend = self.session.backend
        backend.attach(self.session.store.call_recorder(self.run_id()))
        slots = asyncio.Semaphore(max(1, backend.concurrency))

        async def one(request: RemoteRequest, record: ReplyRecord) -> None:
            document = self.session.document(request.document_id)
            span = Span(request.chunk_start, request.chunk_end)
            part = dict(self.session.codec.spans(document)).get(span, "the whole article")
            async with slots:
                try:
                    await backend.extract_span(document, span, part)
                except Exception as exc:  # this request's failure, kept with its reason
                    record.status = "failed"
                    record.error = f"re-asked live: {getattr(exc, 'reason', None) or exc}"
                else:
                    record.status = "ok"
                    record.error = "answered by a live re-ask"

        async def all_of_them() -> None:
            try:
                async with asyncio.TaskGroup() as group:
                    for request, record in queued:
                        group.create_task(one(request, record))
            finally:
                await backend.aclose()

        try:
            asyncio.run(all_of_them())
        finally:
            backend.attach(self.session.recorder)
        for request, record in queued:
            self._count(request, record)

    def _count(self, request: RemoteRequest, record: ReplyRecord) -> None:
        if self.session.remote.store_reply(record, run_id=self.run_id()):
            self.report.prompt_tokens += record.prompt_tokens
            self.report.completion_tokens += record.completion_tokens
            counter = {"ok": "ok", "reasked": "reasked"}.get(record.status, "failed")
            setattr(self.report, counter, getattr(self.report, counter) + 1)
            if record.status == "failed":
                self.report.failures.append((request.custom_id, record.error or "failed"))

    # -- follow-ups and resubmission -----------------------------------------------------

    def send_follow_ups(self, written_next_to: Path | None = None) -> None:
        """Put re-asks recorded with their replies into a batch of their own."""
        session = self.session
        waiting = session.remote.unassigned(session.key)
        if not waiting:
            return
        lines = [session.line_for(r) for r in waiting]
        round = max(r.round for r in waiting)
        via = "batch-api" if written_next_to is None else "batch-file"
        path = None
        if written_next_to is not None:
            path = written_next_to.with_name(f"{written_next_to.stem}.reask-{round}.jsonl")
        batch = session.record(
            lines,
            via=via,
            round=round,
            file_path=str(path) if path else None,
            adopt=[r.custom_id for r in waiting],
        )
        if batch is None:
            return
        # Rebuilt from the database: only the follow-ups this batch took.
        lines = session.lines_of(batch)
        if path is not None:
            session.write(batch, lines, path)
        else:
            batch = session.send(batch, lines)
        self.report.follow_ups.append(batch)

    def run_id(self) -> int:
        """A run for this collection, made at its first write (an idle collect makes none)."""
        if self._run_id is None:
            self._run_id = self.session.remote.start_run(self.session.key, ["collect"])
            self.session.remote.mark_run_batch_priced(self._run_id)
        return self._run_id

    def finish(self) -> CollectReport:
        report = self.report
        if (
            report.stored
            or self._run_id is not None
            or self.session.remote.ready_documents(self.session.key)
        ):
            run_id = self.run_id()
            report.settled = self.session.settle_ready(run_id)
            self.session.store.finish_run(
                run_id,
                RunCounts(
                    documents_read=report.settled.extracted,
                    documents_failed=report.settled.failed,
                    claims_stored=report.settled.claims_stored,
                    claims_dropped=report.settled.claims_dropped,
                    prompt_tokens=report.prompt_tokens,
                    completion_tokens=report.completion_tokens,
                ),
                status="completed",
                errors=[
                    {"source": source, "outcome": "failed", "message": reason}
                    for source, reason in report.settled.failures
                ],
            )
        return report


def resubmit(session: RemoteJobs, references: list[str] | None = None) -> list[RemoteBatch]:
    """Send again the requests an expired, failed or cancelled batch left unanswered."""
    from summarise.backends.openai.batch_codec import custom_id, parse_custom_id

    remote = session.remote
    rows = None
    if references:
        rows = []
        for reference in references:
            batch = remote.batch(reference)
            if batch is None:
                raise RemoteJobError(f"no batch {reference!r}; `summarise jobs` lists them")
            rows.append(batch.id)
    waiting = remote.unfinished(session.key, rows)
    if not waiting:
        return []
    lines = []
    for request in waiting:
        document_id, span, round, resubmission = parse_custom_id(request.custom_id)
        lines.append(
            session.line_for(request, custom_id(document_id, span, round, resubmission + 1))
        )
    batch = session.record(
        lines,
        via="batch-api",
        round=max(r.round for r in waiting),
        supersedes=[r.custom_id for r in waiting],
    )
    # The new lines keep a re-ask's stored body.
    return [session.send(batch, lines)]


__all__ = ["CollectReport", "Collector", "new_request", "resubmit"]
