"""The circuit breaker: when the server stops answering, stop asking it.

Connection failures and timeouts are counted across the whole batch; any answer from the
server (even an error status) resets the count. At `threshold` in a row no new request is
sent: one probe task asks the server for a sign of life a few times, with backoff, while every
request waits for its verdict. If the server answers, requests resume; if not, the breaker
stays open and every request (waiting or new) is refused with one reason, so the batch stops
once instead of running each remaining document through the whole retry ladder.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence

from summarise.backends.openai.settings import Sleep


class ServerDown(Exception):
    """The server stopped answering and did not come back when probed."""


class CircuitBreaker:
    def __init__(
        self,
        *,
        threshold: int,
        probe: Callable[[], Awaitable[bool]],
        delays: Sequence[float],
        sleep: Sleep,
        server: str,
    ) -> None:
        self.threshold = threshold
        self.probe = probe
        self.delays = tuple(delays)
        self.sleep = sleep
        self.server = server
        self.failures = 0
        self.last_failure = ""
        self.down: str | None = None
        self._probing: asyncio.Task[None] | None = None

    async def admit(self) -> None:
        """Wait while the server is being probed; refuse once it is known to be down."""
        if self._probing is not None:
            await asyncio.shield(self._probing)
        if self.down is not None:
            raise ServerDown(self.down)

    def answered(self) -> None:
        """The server sent a reply (of any status): it is up."""
        self.failures = 0

    async def failed(self, reason: str) -> None:
        """A connection failure or timeout; may open the breaker (and then waits for the
        probe's verdict, raising ServerDown if the server stays down)."""
        self.failures += 1
        self.last_failure = reason
        if self.failures >= self.threshold and self._probing is None and self.down is None:
            self._probing = asyncio.create_task(self._probe())
        await self.admit()

    async def _probe(self) -> None:
        try:
            for delay in self.delays:
                await self.sleep(delay)
                if await self.probe():
                    self.failures = 0
                    return
            tries = len(self.delays)
            self.down = (
                f"the server at {self.server} stopped answering: {self.last_failure} "
                f"({self.threshold} failures in a row, then no answer to {tries} probe(s))"
            )
        finally:
            self._probing = None
