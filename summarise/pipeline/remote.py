"""Extraction through remote jobs (a provider's Batch API, or a batch file run by vLLM):
what submit, collect, import and resubmit share.

The steps and their order are what makes this durable. A batch's request lines are recorded
(with their documents) before its file is uploaded; the file id is recorded before the batch
is created; a reply is stored with its request's new status in one transaction; a document is
settled (its claims or its failure stored) once none of its requests waits, in one
transaction. Whatever step the process dies in, the next command finds the state in the
database and carries on without sending or storing anything twice.
"""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarise.backends import registry
from summarise.backends.base import Backend, BackendOptions, Span
from summarise.grounding import keep_grounded
from summarise.models import Document, ExtractionKey, RemoteBatch, RemoteRequest
from summarise.store import Store
from summarise.store.remote_batches import NewRequest

if TYPE_CHECKING:
    from summarise.backends.openai.batch_api import BatchService
    from summarise.backends.openai.batch_codec import BatchCodec, RequestLine


# Documents kept in memory while their replies are read.
DOCUMENTS_KEPT = 2048
# Documents stored in one transaction.
SETTLED_TOGETHER = 200


class RemoteJobError(Exception):
    """A remote-job step that cannot go on (the message is one line for the user)."""


@dataclass
class Settled:
    extracted: int = 0
    failed: int = 0
    claims_stored: int = 0
    claims_dropped: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)


class RemoteJobs:
    """The remote jobs made with one model backend's settings: recording, sending (or
    writing) their request files, and settling their documents once answered."""

    def __init__(self, store: Store, backend: Backend, service: BatchService | None = None):
        from summarise.backends.openai.backend import OpenAIBackend
        from summarise.backends.openai.batch_codec import BatchCodec

        if not isinstance(backend, OpenAIBackend):
            raise RemoteJobError("--via batch-api and batch-file need the model backend (openai)")
        self.store = store
        self.backend = backend
        self.codec: BatchCodec = BatchCodec(backend)
        self.remote = store.remote_batches
        self.recorder = store.call_recorder(None)
        backend.attach(self.recorder)
        self._service = service
        self._documents: dict[str, Document] = {}

    @property
    def key(self) -> ExtractionKey:
        return self.codec.key

    @property
    def service(self) -> BatchService:
        if self._service is None:
            from summarise.backends.openai.batch_api import BatchService

            self._service = BatchService(self.backend.settings)
        return self._service

    def close(self) -> None:
        """Release the Batch API client and the model backend's (live) client."""
        if self._service is not None:
            self._service.close()
        asyncio.run(self.backend.aclose())

    def document(self, document_id: str) -> Document:
        found = self._documents.get(document_id) or self.store.get_document(document_id)
        if found is None:
            raise RemoteJobError(f"document {document_id} is not in the database")
        if len(self._documents) >= DOCUMENTS_KEPT:
            # Replies come in the order they were asked, a document's chunks together:
            # keeping a window of recent documents is enough, and a 50,000-line file then
            # costs no more memory than a small one.
            self._documents.clear()
        self._documents[document_id] = found
        return found

    # -- sending -------------------------------------------------------------------------

    def lines_of(self, batch: RemoteBatch) -> list[RequestLine]:
        """A recorded batch's request lines, rebuilt from the database."""
        return [self.line_for(request) for request in self.remote.requests(batch.id)]

    def line_for(self, request: RemoteRequest, custom_id: str | None = None) -> RequestLine:
        """The request line of a recorded request (a re-ask keeps its stored body)."""
        from summarise.backends.openai.batch_codec import RequestLine

        document = self.document(request.document_id)
        span = Span(request.chunk_start, request.chunk_end)
        if request.body is not None:
            body = json.loads(request.body)
            tokens = self.backend.request_tokens(document, span)
        else:
            spans = dict(self.codec.spans(document))
            if span not in spans:
                raise RemoteJobError(
                    f"document {document.id}: chunk {span.start}-{span.end} is not one the "
                    "current --chunk-tokens makes; collect with the settings it was sent with"
                )
            line = self.codec.request(document, span, spans[span])
            body, tokens = line.body, line.estimated_tokens
        return RequestLine(
            custom_id=custom_id or request.custom_id,
            document_id=document.id,
            span=span,
            cache_key=request.cache_key,
            round=request.round,
            body=body,
            estimated_tokens=tokens,
        )

    def send(self, batch: RemoteBatch, lines: list[RequestLine] | None = None) -> RemoteBatch:
        """Upload a recorded batch's file and create the batch, from whichever step it
        reached before (a create whose answer was lost is found, not repeated)."""
        from summarise.backends.openai import batch_files

        file_id = batch.input_file_id
        if batch.status == "uploading" or file_id is None:
            content = batch_files.content(lines if lines is not None else self.lines_of(batch))
            file_id = self.service.upload(f"summarise-batch-{batch.id}.jsonl", content)
            self.remote.uploaded(batch.id, file_id)
        else:
            found = self.service.find(file_id)
            if found is not None:
                self.remote.created(batch.id, *found)
                return self._reload(batch)
        batch_id, status = self.service.create(file_id, {"summarise_batch": str(batch.id)})
        self.remote.created(batch.id, batch_id, status)
        return self._reload(batch)

    def record(
        self,
        lines: list[RequestLine],
        *,
        via: str,
        round: int,
        file_path: str | None = None,
        supersedes: list[str] | None = None,
        adopt: list[str] | None = None,
        documents: list[Document] | None = None,
        cached: list[NewRequest] | None = None,
    ) -> RemoteBatch | None:
        """Record a batch of lines (and their documents) before anything is sent; None when
        the follow-ups to adopt were all taken by another collector."""
        if documents is None:
            documents = [self.document(d) for d in sorted({line.document_id for line in lines})]
        row_id = self.remote.plan(
            via=via,
            key=self.key,
            mode=self.codec.mode,
            base_url=self.backend.settings.base_url,
            round=round,
            documents=documents,
            requests=[] if adopt else [_recorded(line) for line in lines],
            estimated_tokens=sum(line.estimated_tokens for line in lines),
            file_path=file_path,
            supersedes=supersedes or [],
            adopt=adopt or [],
            cached=cached or [],
        )
        if row_id is None:
            return None
        found = self.remote.batch(str(row_id))
        assert found is not None
        return found

    def write(self, batch: RemoteBatch, lines: list[RequestLine], path: Path) -> None:
        """A --via batch-file request file, replaced atomically (never half-written)."""
        from summarise.backends.openai import batch_files

        # mkstemp in the target folder: a name nobody can guess or plant a symlink at (a
        # PID-named file could be pre-created to redirect the write), created exclusively.
        temporary: Path | None = None
        try:
            descriptor, name = tempfile.mkstemp(
                dir=path.parent, prefix=f".{path.name}.", suffix=".partial"
            )
            temporary = Path(name)
            with open(descriptor, "wb") as handle:
                handle.write(batch_files.content(lines))
            current = os.umask(0)
            os.umask(current)
            os.chmod(temporary, 0o666 & ~current)  # mkstemp makes it 0600
            os.replace(temporary, path)
        except OSError as exc:
            if temporary is not None:
                temporary.unlink(missing_ok=True)
            raise RemoteJobError(f"{path}: cannot write the request file ({exc.strerror})") from exc

    def _reload(self, batch: RemoteBatch) -> RemoteBatch:
        found = self.remote.batch(str(batch.id))
        assert found is not None
        return found

    # -- settling ------------------------------------------------------------------------

    def settle_ready(self, run_id: int | None) -> Settled:
        """Store every document whose requests have all been answered (or failed), a group
        at a time in one transaction (a crash rolls back the group; the next command
        settles it)."""
        outcome = Settled()
        ready = self.remote.ready_documents(self.key)
        for start in range(0, len(ready), SETTLED_TOGETHER):
            with self.remote.together():
                for document_id in ready[start : start + SETTLED_TOGETHER]:
                    self._settle(document_id, outcome, run_id)
        return outcome

    def _settle(self, document_id: str, outcome: Settled, run_id: int | None) -> None:
        """Store one document from its requests' answers (or its failure)."""

        document = self.document(document_id)
        latest: dict[tuple[int, int], RemoteRequest] = {}
        for request in self.remote.document_requests(document_id, self.key):
            latest[(request.chunk_start, request.chunk_end)] = request  # rounds ascend
        reasons = [r.error or "failed" for r in latest.values() if r.status == "failed"]
        parts = []
        for request in latest.values():
            if request.status not in ("ok", "cached"):
                continue
            cached = self.recorder.cached_response(request.cache_key)
            if cached is None:
                reasons.append(f"the answer for chunk {request.chunk_start} is missing")
                continue
            span = Span(request.chunk_start, request.chunk_end)
            parts.append(self.codec.ground(document, span, cached.payload))
        if reasons:
            failed = self.remote.settle(
                document, self.key, extraction=None, failure=reasons[0], run_id=run_id
            )
            if failed is not None:  # None: another collector settled it first
                outcome.failed += 1
                outcome.failures.append((document.source, reasons[0]))
            return
        prompt, completion, calls = self.remote.document_tokens(document_id, self.key)
        extraction = keep_grounded(
            self.codec.assemble(
                document, parts, prompt_tokens=prompt, completion_tokens=completion, calls=calls
            ),
            document.text,
        )
        added = self.remote.settle(
            document, self.key, extraction=extraction, failure=None, run_id=run_id
        )
        if added is not None:
            outcome.claims_stored += added
            outcome.claims_dropped += extraction.dropped_ungrounded
            outcome.extracted += 1


def new_request(
    line: RequestLine, *, status: str = "pending", body: str | None = None
) -> NewRequest:
    return NewRequest(
        custom_id=line.custom_id,
        document_id=line.document_id,
        chunk_start=line.span.start,
        chunk_end=line.span.end,
        cache_key=line.cache_key,
        round=line.round,
        status=status,
        body=body,
    )


def _recorded(line: RequestLine) -> NewRequest:
    # A re-ask's body holds the conversation so far: it cannot be rebuilt, so it is kept.
    return new_request(line, body=json.dumps(line.body, ensure_ascii=False) if line.round else None)


def backend_for(batch: RemoteBatch, extra: dict[str, Any] | None = None) -> Backend:
    """The model backend a batch was made with (its model, mode and server)."""
    return registry.create(
        "openai",
        BackendOptions(
            model=batch.key.model,
            base_url=batch.base_url or os.environ.get("OPENAI_BASE_URL"),
            # A request file's replies are read, not fetched: no key is needed to collect them.
            api_key=os.environ.get("OPENAI_API_KEY")
            or ("not-needed" if batch.via == "batch-file" else None),
            mode=batch.mode,
            extra=dict(extra or {}),
        ),
    )
