"""How the review TUI copes with a big database, against the issue's targets.

    python -m bench.review_scale                  # 100,000 claims, 100 decisions
    python -m bench.review_scale --claims 20000 --decisions 50

Builds a database of synthetic claims (through the store, like a batch would), then measures:
- `first_screen_terminal_s`: `summarise review` started in a real pseudo-terminal, from the
  process starting (imports included) to its status bar drawn (target <= 1.0 s);
- `first_screen_s`: headless, from creating the app to its first claim shown;
- `decision_p50_ms`/`decision_p95_ms`: from an `a` key to the decision committed in the
  database (target p95 <= 30 ms), and the same at the end of a filtered list;
- `move_p95_ms`: from a `j` key to the next claim shown (target <= 50 ms);
- `search_ms`, `filter_ms`: from enter in the search / filter dialog to the narrowed list
  shown (target <= 200 ms), and `filter_open_ms`: from `f` to the dialog on screen.
`run()` returns the figures as a dict (read by bench.review_section).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from textual import events

from summarise.models import Claim, ClaimKind, Document, Extraction, ExtractionKey, Provenance
from summarise.store import Store
from summarise.tui.app import create_app
from summarise.tui.screens.filter import FilterScreen
from summarise.tui.screens.review import ReviewScreen
from summarise.tui.screens.search import SearchScreen

CLAIMS_PER_DOCUMENT = 20
PROVENANCE = Provenance(backend="bench", model="synthetic", prompt_version="b1")
KINDS = list(ClaimKind)
TARGETS = {
    "first_screen_terminal_s": 1.0,
    "decision_p95_ms": 30.0,
    "decision_end_of_filter_p95_ms": 30.0,
    "move_p95_ms": 50.0,
    "search_ms": 200.0,
    "filter_ms": 200.0,
    "filter_open_ms": 200.0,
}


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
                id=Document.id_for(text),
                source=f"bench/report-{number:07d}.txt",
                title=f"Daily Report {number // CLAIMS_PER_DOCUMENT}",
                text=text,
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


def first_screen_in_a_terminal(path: Path, limit: float = 30.0) -> float:
    """Start `summarise review` in a pseudo-terminal (80x24) and time until its status bar
    ("reviewed") has been written to the terminal; then quit it."""
    leader, follower = pty.openpty()
    os.set_blocking(leader, False)
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "summarise", "review", "--db", str(path), "--reviewer", "bench"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        start_new_session=True,
    )
    os.close(follower)
    seen = b""
    try:
        while b"reviewed" not in seen:
            if time.perf_counter() - started > limit:
                raise TimeoutError(f"no first screen in {limit} s: {seen[-300:]!r}")
            ready, _, _ = select.select([leader], [], [], 0.01)
            if ready:
                try:
                    seen += os.read(leader, 65536)
                except OSError:
                    break
        elapsed = time.perf_counter() - started
        os.write(leader, b"q")
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        os.close(leader)
    return elapsed


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
    app = create_app(str(path), "bench", analyse=False)
    async with app.run_test(size=size) as pilot:

        def screen() -> ReviewScreen | None:
            stack = app.screen_stack
            return stack[-1] if isinstance(stack[-1], ReviewScreen) else None

        await _until(lambda: screen() is not None and screen().claim is not None)  # type: ignore[union-attr]
        first_screen = time.perf_counter() - started
        review = screen()
        assert review is not None
        db = review.session.reader.db

        def reviews() -> int:  # a cheap count: the loop polls it every half millisecond
            return int(db.execute("SELECT count(*) FROM reviews").fetchone()[0])

        def send(key: str, character: str | None = None) -> None:
            event = events.Key(key, character if character is not None else key)
            event.set_sender(app)
            app.post_message(event)

        async def timed(key: str, done, character: str | None = None) -> float:  # type: ignore[no-untyped-def]
            began = time.perf_counter()
            send(key, character)
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
                        and review.claim.id == review.session.claim_at(b + 1).id  # type: ignore[union-attr]
                    ),
                )
            )
        await timed("home", lambda: review.claim_list.cursor == 0)

        async def decide(count: int) -> list[float]:
            times: list[float] = []
            for _ in range(count):
                made = reviews()
                times.append(
                    await timed("a", lambda n=made: not review.busy and reviews() == n + 1)
                )
            return times

        commits = await decide(decisions)

        # Search, then filter: enter in the dialog to the narrowed list shown.
        await pilot.press("slash")
        await _until(lambda: isinstance(app.screen, SearchScreen))
        await pilot.press(*"meeting 7 of report 4")
        searched = await timed(
            "enter",
            lambda: (
                app.screen is review
                and review.session.filter.search is not None
                and review.claim is not None
            ),
            "\r",
        )
        await pilot.press("slash")
        await _until(lambda: isinstance(app.screen, SearchScreen))
        await pilot.press("ctrl+u", "backspace")
        await timed(
            "enter", lambda: app.screen is review and not review.session.filter.search, "\r"
        )
        opened = await timed("f", lambda: isinstance(app.screen, FilterScreen))
        await pilot.press("down")  # status: pending
        filtered = await timed(
            "enter",
            lambda: app.screen is review and review.session.filter.status == "pending",
            "\r",
        )
        # Decisions at the end of a filtered list (the issue saw 200-330 ms there).
        await timed("end", lambda: review.claim_list.cursor == review.session.count() - 1)
        for _ in range(3):
            await timed("k", lambda: True)
        at_end = await decide(max(3, decisions // 5))
        await pilot.pause()
    ms = 1000.0
    return {
        "first_screen_s": round(first_screen, 3),
        "decision_p50_ms": round(statistics.median(commits) * ms, 1),
        "decision_p95_ms": round(_percentile(commits, 0.95) * ms, 1),
        "decision_max_ms": round(max(commits) * ms, 1),
        "decision_end_of_filter_p95_ms": round(_percentile(at_end, 0.95) * ms, 1),
        "move_p50_ms": round(statistics.median(moves) * ms, 1),
        "move_p95_ms": round(_percentile(moves, 0.95) * ms, 1),
        "search_ms": round(searched * ms, 1),
        "filter_open_ms": round(opened * ms, 1),
        "filter_ms": round(filtered * ms, 1),
    }


def run(claims: int = 100_000, decisions: int = 100, size: tuple[int, int] = (80, 24)) -> dict:
    """Build a `claims`-claim database, then time the first screens, keys and dialogs."""
    with tempfile.TemporaryDirectory(prefix="review-scale-") as folder:
        path = Path(folder) / "review.db"
        build_seconds = build_database(path, claims)
        terminal = first_screen_in_a_terminal(path)
        figures = asyncio.run(_measure(path, decisions, size))
    figures["first_screen_terminal_s"] = round(terminal, 3)
    verdicts = {
        name: f"{figures[name]} <= {target}: {'met' if figures[name] <= target else 'MISSED'}"
        for name, target in TARGETS.items()
    }
    return {
        "benchmark": "review_scale",
        "claims": claims,
        "decisions": decisions,
        "terminal": f"{size[0]}x{size[1]}",
        "build_db_s": round(build_seconds, 2),
        **figures,
        "targets": verdicts,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--decisions", type=int, default=100)
    options = parser.parse_args()
    print(json.dumps(run(options.claims, options.decisions), indent=2))


if __name__ == "__main__":
    main()
