"""Shared set-up for the TUI tests: a database built from the seeds, and a pilot that waits
for decisions to be committed before a test looks at the database."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from textual import events
from textual.app import App
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot

from summarise.analysis import refresh as analysis
from summarise.backends.regex.backend import RegexBackend
from summarise.pipeline.runner import run_batch
from summarise.store import Store
from summarise.tui.screens.review import ReviewScreen
from tests.conftest import REPO

_SEEDED: list[Path] = []


def seed_database(path: Path) -> Path:
    """The seeds extracted and analysed (stories, links, conflicts), as `summarise stats` or
    any command that needs them leaves a database. Built once per test process and copied:
    the extraction and grouping are the same every time."""
    if not _SEEDED:
        folder = Path(tempfile.mkdtemp(prefix="seeded-"))
        template = folder / "seeded.db"
        with Store.open(template) as store:
            run_batch(store, RegexBackend(), [str(REPO / "seeds")])
            analysis.refresh(store)
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        _SEEDED.append(template)
    shutil.copyfile(_SEEDED[0], path)
    return path


_POSTED: WeakKeyDictionary[App[Any], list[Message]] = WeakKeyDictionary()


def start(app: App[Any], **options: Any) -> Any:
    """app.run_test, recording every message the app's parts post (tests assert on those,
    not on private attributes)."""
    log: list[Message] = []
    _POSTED[app] = log
    return app.run_test(message_hook=log.append, **options)


def posted(app: App[Any], kind: type[Message]) -> list[Any]:
    return [m for m in _POSTED.get(app, []) if isinstance(m, kind)]


def notices(app: App[Any]) -> str:
    """Every notification shown so far, joined."""
    return " ".join(str(m.notification.message) for m in posted(app, Notify))


def review_screen(pilot: Pilot) -> ReviewScreen:  # type: ignore[type-arg]
    screen = pilot.app.screen_stack[1]
    assert isinstance(screen, ReviewScreen)
    return screen


async def settle(pilot: Pilot) -> None:  # type: ignore[type-arg]
    """Wait until every key pressed so far has been acted on and committed (pilot.press has
    already waited for the app to go idle; only a decision still being written remains)."""
    for _ in range(200):
        if len(pilot.app.screen_stack) > 1:
            shown = review_screen(pilot)
            if shown.claim is not None or shown.session.count() == 0:
                break
        await pilot.pause()
    screen = review_screen(pilot)

    def idle() -> bool:
        # A dialog open on top is waiting for keys, not for the database.
        return pilot.app.screen is not screen or not screen.busy

    if idle():
        return
    for _ in range(2000):
        if idle():
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
    for key in keys:
        event = events.Key(key, key)
        event.set_sender(pilot.app)
        pilot.app.post_message(event)
        await asyncio.sleep(0)
    await pilot.pause()
    await settle(pilot)


async def send_until(pilot: Pilot, key: str, until: Callable[[], bool]) -> None:  # type: ignore[type-arg]
    """Send one key with no idle-wait, then wait only as long as `until` takes to hold."""
    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(pilot.app)
    pilot.app.post_message(event)
    for _ in range(5000):
        if until():
            return
        await asyncio.sleep(0.002)
    raise AssertionError(f"the app did not react to {key!r}")
