"""Waiting for a condition instead of sleeping a fixed time: as fast as the machine allows,
and a clear failure (not a flaky assertion later) when it never comes."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


def wait_until(
    predicate: Callable[[], object], what: str, *, timeout: float = 30.0, every: float = 0.05
) -> None:
    """Return once `predicate()` is true; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for {what}")
        time.sleep(every)


async def wait_until_async(
    predicate: Callable[[], object], what: str, *, timeout: float = 30.0, every: float = 0.01
) -> None:
    """wait_until for code running on an event loop (a Textual app under test)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for {what}")
        await asyncio.sleep(every)
