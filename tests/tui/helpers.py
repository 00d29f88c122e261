"""Shared set-up for the TUI tests: a database built from the seeds, and a pilot that waits
for decisions to be committed before a test looks at the database."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import events
from textual.pilot import Pilot

from summarise.backends.regex import RegexBackend
from summarise.pipeline import run_batch
from summarise.store import Store
from summarise.tui.screens.review import ReviewScreen
from tests.conftest import REPO


def seed_database(path: Path) -> Path:
    with Store.open(path) as store:
        run_batch(store, RegexBackend(), [str(REPO / "seeds")])
    return path


def review_screen(pilot: Pilot) -> ReviewScreen:  # type: ignore[type-arg]
    screen = pilot.app.screen_stack[1]
    assert isinstance(screen, ReviewScreen)
    return screen


async def settle(pilot: Pilot) -> None:  # type: ignore[type-arg]
    """Wait until every key pressed so far has been acted on and committed."""
    await pilot.pause()
    screen = review_screen(pilot)
    for _ in range(500):
        if not screen.saving and not screen._lock.locked():
            break
        await asyncio.sleep(0.005)
    await pilot.pause()


async def press(pilot: Pilot, *keys: str) -> None:  # type: ignore[type-arg]
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def type_ahead(pilot: Pilot, keys: str) -> None:  # type: ignore[type-arg]
    """Send keys as fast as a quick typist (no waiting between them), then settle: each
    must still act on the claim shown when its turn comes."""
    driver = pilot.app._driver
    assert driver is not None
    for key in keys:
        event = events.Key(key, key)
        event.set_sender(pilot.app)
        driver.send_message(event)
        await asyncio.sleep(0)
    await settle(pilot)
