"""The review screen's writes, in the order the keys were pressed, off the UI thread.

Each job carries the claim it was typed for (captured when the key was pressed, with the
version the reviewer saw), so a key never lands on a claim it was not meant for. A job the
database refuses (someone else decided the claim) is dropped with every job queued behind
it for the same claim. A job that finds the database locked stays at the head of the queue
and is retried until it is saved or the reviewer explicitly discards it: nothing is dropped
silently. Widget-free, so tests and benchmarks can drive it without a terminal.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count

from summarise.store import StoreBusy, StoreError

# Waits between attempts while another process holds the lock: quick at first, then calm.
RETRY_SECONDS = (0.2, 0.5, 1.0, 2.0)

_numbers = count(1)


@dataclass(frozen=True)
class Job:
    """One write. `claim_id` is the claim it was typed for (None: the undo stack's top)."""

    describe: str
    run: Callable[[], object]
    claim_id: str | None = None
    kind: str = "write"  # "undo", "story" ...: what the screen does once it is saved
    number: int = field(default_factory=lambda: next(_numbers))


@dataclass(frozen=True)
class Outcome:
    job: Job
    result: object = None
    error: StoreError | None = None
    dropped: tuple[Job, ...] = ()  # queued jobs for the same claim, dropped after a refusal


class WriteQueue:
    """Runs jobs one at a time in a thread; reports each outcome through `done`, and each
    wait for the lock through `waiting` (attempt number, the error)."""

    def __init__(
        self,
        done: Callable[[Outcome], None],
        waiting: Callable[[Job, int, StoreBusy], None],
    ) -> None:
        self.jobs: deque[Job] = deque()
        self.done = done
        self.waiting = waiting
        self.blocked: Job | None = None  # the head job, while it waits for the lock
        self._discard = asyncio.Event()

    def __len__(self) -> int:
        return len(self.jobs)

    def claims(self) -> set[str]:
        return {job.claim_id for job in self.jobs if job.claim_id}

    def add(self, job: Job) -> None:
        self.jobs.append(job)

    def discard_blocked(self) -> Job | None:
        """Drop the job waiting for the lock (the reviewer asked to): returns it."""
        if self.blocked is None:
            return None
        self._discard.set()
        return self.blocked

    async def drain(self) -> None:
        """Run queued jobs until none is left (the screen starts one drain at a time)."""
        while self.jobs:
            job = self.jobs[0]
            outcome = await self._attempt(job)
            self.jobs.popleft()
            if outcome.error is not None and not isinstance(outcome.error, StoreBusy):
                dropped = tuple(j for j in self.jobs if job.claim_id and j.claim_id == job.claim_id)
                for stale in dropped:
                    self.jobs.remove(stale)
                outcome = Outcome(job, None, outcome.error, dropped)
            self.done(outcome)

    async def _attempt(self, job: Job) -> Outcome:
        attempt = 0
        self._discard.clear()
        while True:
            try:
                result = await asyncio.to_thread(job.run)
            except StoreBusy as exc:
                attempt += 1
                self.blocked = job
                self.waiting(job, attempt, exc)
                pause = RETRY_SECONDS[min(attempt - 1, len(RETRY_SECONDS) - 1)]
                # A discard asked for while an attempt was running is still set here.
                try:
                    await asyncio.wait_for(self._discard.wait(), pause)
                except TimeoutError:
                    continue
                self._discard.clear()
                self.blocked = None
                return Outcome(job, None, exc)
            except StoreError as exc:
                self.blocked = None
                return Outcome(job, None, exc)
            self.blocked = None
            return Outcome(job, result)
