"""A live run starts the model stack's slow imports in the background as soon as it knows a
document needs extracting (not on the first request, inside the event loop), and never when
nothing needs extracting."""

from __future__ import annotations

import threading
from pathlib import Path

from summarise.backends.base import Backend
from summarise.backends.openai import preload
from summarise.models import Document, Extraction, ExtractionKey
from summarise.pipeline.runner import run_batch
from summarise.store import Store


class CountingBackend(Backend):
    """Extracts nothing, and counts when the run asks it to get ready and to extract."""

    name = "counting"

    def __init__(self) -> None:
        self.events: list[str] = []

    @property
    def key(self) -> ExtractionKey:
        return ExtractionKey("counting", "none", "v1")

    def prepare(self) -> None:
        self.events.append("prepare")

    async def extract(self, document: Document) -> Extraction:
        self.events.append("extract")
        return Extraction(document_id=document.id)


def test_a_run_prepares_the_backend_before_its_first_extraction_and_not_when_nothing_is_new(
    tmp_path: Path, store: Store
) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(f"Report {name}: the ferry sailed late.\n")
    first = CountingBackend()
    run_batch(store, first, [str(tmp_path)])
    assert first.events[0] == "prepare" and first.events.count("extract") == 3
    again = CountingBackend()
    run_batch(store, again, [str(tmp_path)])
    assert again.events == []  # every document already done: nothing to import for


def test_the_model_backend_preloads_its_stack_in_one_background_thread() -> None:
    from tests.test_openai_backend import backend

    started = []
    real_start = threading.Thread.start

    def spy(thread: threading.Thread) -> None:
        started.append(thread.name)
        real_start(thread)

    chosen = backend()
    threading.Thread.start = spy  # type: ignore[method-assign]
    try:
        preload._thread = None  # this process may have preloaded already
        chosen.prepare()
        chosen.prepare()
        preload.wait()
    finally:
        threading.Thread.start = real_start  # type: ignore[method-assign]
    assert started == ["summarise-preload"]
    assert preload._thread is not None and not preload._thread.is_alive()
