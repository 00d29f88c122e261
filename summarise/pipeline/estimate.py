"""`batch --dry-run`: what a live run would cost, without calling a model or writing anything."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summarise.backends.base import Backend
from summarise.ingest.reader import expand_inputs, read_input
from summarise.pipeline.options import BatchOptions
from summarise.store import Store

# Requests per chunk assumed (re-asks, resends) while the call log has no history to go by.
REASK_ALLOWANCE = 1.25


@dataclass
class RunEstimate:
    backend: str
    documents: int = 0
    unchanged: int = 0
    unreadable: int = 0
    tokens: int = 0
    calls: int = 0
    worst_calls: int = 0
    # Requests per chunk seen in the call log (re-asks and resends), and over how many chunks.
    observed: tuple[float, int] | None = None

    @property
    def factor(self) -> float:
        return self.observed[0] if self.observed else REASK_ALLOWANCE

    @property
    def expected_tokens(self) -> int:
        return round(self.tokens * self.factor)

    def describe(self) -> str:
        line = (
            f"Dry run with {self.backend}: {self.documents} document(s) to extract"
            + (f", {self.unchanged} already extracted" if self.unchanged else "")
            + (f", {self.unreadable} unreadable or empty" if self.unreadable else "")
            + "."
        )
        if self.calls:
            if self.observed:
                why = (
                    f"{self.observed[0]:.2f} requests per chunk, as observed over "
                    f"{self.observed[1]:,} chunk(s) in the call log"
                )
            else:
                why = (
                    f"an allowance of {REASK_ALLOWANCE - 1:.0%} for re-asks and resends, "
                    "until the call log has some"
                )
            line += (
                f" Expected ~{self.expected_tokens:,} tokens in ~"
                f"{round(self.calls * self.factor):,} request(s) ({self.tokens:,} for "
                f"{self.calls} first request(s), plus {why}); at most {self.worst_calls} "
                "requests if every retry is needed."
            )
        else:
            line += " No model requests needed."
        return line + " Nothing was sent or stored."


def estimate_run(
    store: Store | None,
    backend: Backend,
    inputs: Sequence[str],
    options: BatchOptions | None = None,
) -> RunEstimate:
    """Read the inputs as a live run would, and add up the backend's estimates for what it would
    extract. With a store, documents already extracted (unless `options.force`) and spans already in
    the response cache cost nothing, as they would in the real run."""
    estimate = RunEstimate(backend=backend.describe())
    key = backend.key
    if store is not None:
        recorder = store.call_recorder(None)
        backend.attach(recorder)
        if key.backend != "regex":
            estimate.observed = recorder.requests_per_chunk(key.model)
    seen: set[str] = set()
    options = options or BatchOptions()
    for source in expand_inputs(inputs, follow_symlinks=options.follow_symlinks):
        document = read_input(source, max_bytes=options.max_bytes).document
        if document is None:
            estimate.unreadable += 1
            continue
        status = store.extraction_status(document.id, key) if store is not None else None
        if document.id in seen or options.already_done(status):
            estimate.unchanged += 1
            continue
        seen.add(document.id)
        estimate.documents += 1
        estimate.tokens += backend.estimate_tokens(document)
        calls, worst = backend.estimate_calls(document)
        estimate.calls += calls
        estimate.worst_calls += worst
    return estimate
