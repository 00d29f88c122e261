"""How the review TUI copes with a big database: time to first screen, and key latency.

    python -m bench.review_scale                  # 100,000 claims, 100 decisions
    python -m bench.review_scale --claims 20000 --decisions 50

Builds a database of synthetic claims (through the store, like a batch would), opens the
app headless, and measures: the time from creating the app to its first claim on screen,
then for each of N accept keys, the time from the key to the decision committed and the next
pending claim shown; likewise for cursor moves. `run()` returns the figures as a dict.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from textual import events

from summarise.models import Claim, ClaimKind, Document, Extraction, ExtractionKey, Provenance
from summarise.store import Store
from summarise.tui.app import create_app
from summarise.tui.screens.review import ReviewScreen

CLAIMS_PER_DOCUMENT = 20
PROVENANCE = Provenance(backend="bench", model="synthetic", prompt_version="b1")
KINDS = list(ClaimKind)


def build_database(path: Path, claims: int) -> float:
    """A database of `claims` claims over documents of CLAIMS_PER_DOCUMENT sentences each;
    returns the seconds it took."""
    started = time.perf_counter()
    with Store.open(path) as store:
        batch: list[tuple[Document, Extraction]] = []
        for number in range(0, claims, CLAIMS_PER_DOCUMENT):
            count = min(CLAIMS_PER_DOCUMENT, claims - number)
            sentences = [
                f"Officials said {number + i} people attended meeting {i} of report "
                f"{number // CLAIMS_PER_DOCUMENT}, and talks would resume on day {i % 7}."
                for i in range(count)
            ]
            text = f"Report {number // CLAIMS_PER_DOCUMENT}\n\n" + "\n".join(sentences)
            document = Document(
                id=Document.id_for(text), source=f"bench/report-{number:07d}.txt", text=text
            )
            found: list[Claim] = []
            cursor = 0
            for i, sentence in enumerate(sentences):
                start = text.index(sentence, cursor)
                end = cursor = start + len(sentence)
                found.append(
                    Claim(
                        id=Claim.id_for(document.id, PROVENANCE, start, end, sentence),
                        document_id=document.id,
                        text=sentence,
                        quote=sentence,
                        quote_start=start,
                        quote_end=end,
                        kind=KINDS[i % len(KINDS)],
                        attribution="Officials",
                        provenance=PROVENANCE,
                    )
                )
            batch.append((document, Extraction(document_id=document.id, claims=found)))
        store.save_extractions(
            batch,
            key=ExtractionKey(PROVENANCE.backend, PROVENANCE.model, PROVENANCE.prompt_version),
        )
    return time.perf_counter() - started


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def _until(predicate, limit: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.perf_counter() + limit
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not respond in time")
        await asyncio.sleep(0.0005)


async def _measure(path: Path, decisions: int, size: tuple[int, int]) -> dict[str, Any]:
    started = time.perf_counter()
    app = create_app(str(path), "bench")
    async with app.run_test(size=size) as pilot:

        def screen() -> ReviewScreen | None:
            stack = app.screen_stack
            return stack[-1] if isinstance(stack[-1], ReviewScreen) else None

        await _until(lambda: screen() is not None and screen().claim is not None)  # type: ignore[union-attr]
        first_screen = time.perf_counter() - started
        review = screen()
        assert review is not None

        def send(key: str) -> None:
            event = events.Key(key, key)
            event.set_sender(app)
            assert app._driver is not None
            app._driver.send_message(event)

        async def timed(key: str, done) -> float:  # type: ignore[no-untyped-def]
            began = time.perf_counter()
            send(key)
            await _until(done)
            return time.perf_counter() - began

        moves: list[float] = []
        for _ in range(decisions):
            before = review.claim_list.cursor
            moves.append(
                await timed(
                    "j",
                    lambda b=before: (
                        review.claim is not None
                        and review.claim_list.cursor == b + 1
                        and review.claim.id == review.session.claim_at(b + 1).id
                    ),
                )
            )
        await timed("home", lambda: review.claim_list.cursor == 0)
        commits: list[float] = []
        reviews_before = len(review.session.reader.reviews())
        for made in range(1, decisions + 1):
            commits.append(
                await timed(
                    "a",
                    lambda n=made: (
                        not review.saving
                        and not review._lock.locked()
                        and review.session.reader.db.execute(
                            "SELECT count(*) FROM reviews"
                        ).fetchone()[0]
                        == reviews_before + n
                    ),
                )
            )
        await pilot.pause()
    ms = 1000.0
    return {
        "first_screen_s": round(first_screen, 3),
        "decision_p50_ms": round(statistics.median(commits) * ms, 1),
        "decision_p95_ms": round(_percentile(commits, 0.95) * ms, 1),
        "decision_max_ms": round(max(commits) * ms, 1),
        "move_p50_ms": round(statistics.median(moves) * ms, 1),
        "move_p95_ms": round(_percentile(moves, 0.95) * ms, 1),
    }


def run(claims: int = 100_000, decisions: int = 100, size: tuple[int, int] = (80, 24)) -> dict:
    """Build a `claims`-claim database, then time the first screen and `decisions` keys."""
    with tempfile.TemporaryDirectory(prefix="review-scale-") as folder:
        path = Path(folder) / "review.db"
        build_seconds = build_database(path, claims)
        figures = asyncio.run(_measure(path, decisions, size))
    return {
        "benchmark": "review_scale",
        "claims": claims,
        "decisions": decisions,
        "terminal": f"{size[0]}x{size[1]}",
        "build_db_s": round(build_seconds, 2),
        **figures,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--decisions", type=int, default=100)
    options = parser.parse_args()
    print(json.dumps(run(options.claims, options.decisions), indent=2))


if __name__ == "__main__":
    main()
